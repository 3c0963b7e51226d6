"""DW202: a name that may be read before it is assigned (definite assignment, flow-sensitive).

For each function body (and the top level of a code-mode script) the pass tracks the set of
names *definitely* assigned at each point, following CPython's control flow: both branches of an
``if`` must assign a name for it to count, a loop body may run zero times, ``break`` carries its
state to the loop exit, handlers of a ``try`` start from the state before the ``try``. A read of
a tracked name that is not definitely assigned is reported once per name and scope.

State ``None`` means "unreachable" (after ``return``/``raise``/``break``/``continue``); it is the
neutral element when paths join. Statement nesting is visited recursively (bounded by block
depth); expressions with :func:`~dataway.checker.symbols.expr_nodes` (no recursion).
"""
from __future__ import annotations

from typing import Optional

from dataway.checker.names import predefined_names
from dataway.checker.report import Report
from dataway.checker.symbols import Scope, Use, expr_nodes
from dataway.checker.treewalk import children
from dataway.syntax import ast as A

__all__ = ["check_flow"]

State = Optional[frozenset]


def _join(*states: State) -> State:
    live = [s for s in states if s is not None]
    if not live:
        return None
    out = live[0]
    for s in live[1:]:
        out = out & s
    return out


def check_flow(root: Scope, mode: str, report: Report) -> None:
    """Report DW202 for every function scope and, in code mode, the top level."""
    for scope in root.walk():
        if scope.kind == "function" and isinstance(scope.node, A.FunctionDef):
            tracked = frozenset(n for n in scope.bindings if scope.is_local(n))
            start = frozenset(scope.params)
            _Flow(tracked, report, "local variable", root.reads).block(scope.node.body, start)
        elif scope.kind == "module" and mode == "code" and isinstance(root.node, A.Module):
            declared_elsewhere = {n for s in root.walk() if s is not root for n in s.globals}
            # A read of a predefined name before the script binds it finds the builtin.
            skip = declared_elsewhere | predefined_names(mode)
            tracked = frozenset(n for n in root.bindings if n not in skip)
            _Flow(tracked, report, "name", root.reads).block(root.node.body, frozenset())


class _Flow:
    def __init__(self, tracked: frozenset, report: Report, noun: str,
                 reads: Optional[dict[int, list[Use]]] = None) -> None:
        self.tracked = tracked
        self.reads = reads or {}
        self.report = report
        self.noun = noun
        self.reported: set[str] = set()
        self.loops: list[list[State]] = []  # break states of the enclosing loops

    # ---- reads and writes ----------------------------------------------------------------------

    def read(self, expr: Optional[A.Node], state: State) -> None:
        """Check every name read by ``expr`` against ``state``."""
        if state is None or expr is None:
            return
        if self.tracked - state <= self.reported:
            return  # every name this read could report is assigned or reported already
        known = self.reads.get(id(expr))
        if known is not None:
            # The scope builder walked this expression already: its reads, in walk order.
            for use in known:
                self.check(use.name, use.node, state)
            return
        for node in expr_nodes(expr):
            if isinstance(node, A.Name) and node.ctx == "load":
                self.check(node.id, node, state)

    def check(self, name: str, node: A.Node, state: frozenset) -> None:
        """Report ``name`` once if it is tracked and not definitely assigned."""
        if name in self.tracked and name not in state and name not in self.reported:
            self.reported.add(name)
            self.report.add("DW202", f"{self.noun} '{name}' may be used before assignment",
                            node)

    def assign(self, target: Optional[A.Node], state: State) -> State:
        """Read the non-name parts of a target (``a[i]``), then add its names."""
        if state is None or target is None:
            return state
        names = set()
        for node in expr_nodes(target):
            if isinstance(node, A.Name):
                if node.ctx == "load":
                    self.check(node.id, node, state)
                else:
                    names.add(node.id)
        return state | names

    # ---- statements --------------------------------------------------------------------------

    def block(self, body: tuple, state: State) -> State:
        """The state after a statement list (None once control cannot reach its end)."""
        for stmt in body:
            if state is None:
                return None  # the rest is unreachable (DW212)
            state = self.stmt(stmt, state)
        return state

    def stmt(self, s: A.Node, state: frozenset) -> State:  # noqa: C901 - one case per kind
        """The state after one statement."""
        if isinstance(s, A.Assign):
            self.read(s.value, state)
            for t in s.targets:
                state = self.assign(t, state)
            return state
        if isinstance(s, A.AugAssign):
            self.read(s.value, state)
            if isinstance(s.target, A.Name):
                self.check(s.target.id, s.target, state)
            return self.assign(s.target, state)
        if isinstance(s, A.AnnAssign):
            if s.value is None:
                return state
            self.read(s.value, state)
            return self.assign(s.target, state)
        if isinstance(s, A.Delete):
            for t in s.targets:
                if isinstance(t, A.Name):
                    self.check(t.id, t, state)
                    state = state - {t.id}
                else:
                    self.read(t, state)
            return state
        if isinstance(s, (A.Return, A.Raise)):
            for child in children(s):
                self.read(child, state)
            return None
        if isinstance(s, A.Break):
            if self.loops:
                self.loops[-1].append(state)
            return None
        if isinstance(s, A.Continue):
            return None
        if isinstance(s, A.If):
            self.read(s.test, state)
            return _join(self.block(s.body, state), self.block(s.orelse, state))
        if isinstance(s, A.While):
            return self.loop(s, state, None)
        if isinstance(s, A.For):
            self.read(s.iter, state)
            return self.loop(s, state, s.target)
        if isinstance(s, A.Try):
            return self.try_(s, state)
        if isinstance(s, A.With):
            for item in s.items:
                self.read(item.context_expr, state)
                state = self.assign(item.optional_vars, state)
            return self.block(s.body, state)
        if isinstance(s, A.FunctionDef):
            args = s.args
            defaults = () if args is None else (*args.defaults, *args.kw_defaults)
            for e in (*s.decorator_list, *defaults):
                self.read(e, state)
            return state | {s.name}
        if isinstance(s, A.ClassDef):
            return state | {s.name}
        if isinstance(s, A.Import):
            return state | {a.asname or a.name.split(".")[0] for a in s.names}
        if isinstance(s, A.ImportFrom):
            return state | {a.asname or a.name for a in s.names if a.name != "*"}
        for child in children(s):
            self.read(child, state)
        return state

    def loop(self, s: A.Node, state: frozenset, target: Optional[A.Node]) -> State:
        """The state after a while/for loop: zero iterations, the else clause, or a break."""
        if isinstance(s, A.While):
            self.read(s.test, state)
        self.loops.append([])
        entry = self.assign(target, state) if target is not None else state
        self.block(s.body, entry)
        breaks = self.loops.pop()
        forever = isinstance(s, A.While) and isinstance(s.test, A.Constant) and bool(s.test.value)
        normal_exit = None if forever else self.block(s.orelse, state)
        return _join(normal_exit, *breaks)

    def try_(self, s: A.Try, state: frozenset) -> State:
        """The state after try/except/else/finally."""
        body_end = self.block(s.body, state)
        ends = [self.block(s.orelse, body_end) if body_end is not None else None]
        for h in s.handlers:
            self.read(h.type, state)
            entry = state | {h.name} if h.name else state
            end = self.block(h.body, entry)
            if end is not None and h.name:
                end = end - {h.name}  # CPython deletes the 'as' name when the handler ends
            ends.append(end)
        after = _join(*ends)
        if not s.finalbody:
            return after
        fin_end = self.block(s.finalbody, state)
        if fin_end is None or after is None:
            return None
        return after | (fin_end - state)

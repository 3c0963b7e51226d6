"""Statements in their context: DW110-DW112, DW206, DW210-DW212.

Blocks are visited recursively, which block nesting (``parse_depth``) bounds; expressions with an
explicit stack that carries the context (function, lambda, comprehension) of each node, and
only in a tree that has a ``yield`` (the one expression whose legality depends on where it is).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from dataway.checker.report import Report
from dataway.checker.symbols import PLAIN_EXPRS
from dataway.checker.treewalk import child_getter, children, select, walk
from dataway.syntax import ast as A

__all__ = ["check_context", "check_entry_point", "terminates"]

_COMPS = {A.ListComp: "list comprehension", A.SetComp: "set comprehension",
          A.DictComp: "dict comprehension", A.GeneratorExp: "generator expression"}
_JUMPS = (A.Return, A.Raise, A.Break, A.Continue)
#: Expression classes that are not yields, calls or scopes (exact types).
_PLAIN = (PLAIN_EXPRS - {A.Call}) | {A.Name}


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a statement runs: inside a function? inside a loop (of that same function)?"""

    function: bool
    loop: bool


def check_context(tree: A.Node, mode: str, report: Report,
                  nodes: Optional[list[A.Node]] = None) -> None:
    """DW110-DW112, DW206 and DW212 for the whole tree (``nodes``: its nodes, if at hand)."""
    if nodes is None:
        nodes = list(walk(tree))
    # Lambda parameters and call keywords are checked wherever they are; only yields depend
    # on where they are, so expressions are walked with their context only when one exists.
    checker = _Context(mode, report, bool(select(nodes, (A.Yield, A.YieldFrom))))
    for node in select(nodes, (A.Lambda, A.Call)):
        if isinstance(node, A.Lambda):
            checker.arguments(node.args, node)
        else:
            checker.call(node)
    if isinstance(tree, A.Module):
        checker.block(tree.body, _Where(False, False))
    elif isinstance(tree, A.Expression):
        checker.expr(tree.body, None)
    elif isinstance(tree, A.Template):
        for part in tree.parts:
            if isinstance(part, A.TemplateExpr):
                checker.expr(part.body, None)


class _Context:
    def __init__(self, mode: str, report: Report, has_yield: bool) -> None:
        self.mode = mode
        self.report = report
        self.has_yield = has_yield

    # ---- blocks ------------------------------------------------------------------------------

    def block(self, body: tuple, where: _Where) -> None:
        """Check a statement list: unreachable code, redefinitions, then each statement."""
        dead_reported = False
        defs: dict[str, A.FunctionDef] = {}
        for i, stmt in enumerate(body):
            if not dead_reported and i and terminates(body[i - 1]):
                self.report.add("DW212", "unreachable code", stmt, header=True)
                dead_reported = True
            if isinstance(stmt, A.FunctionDef):
                earlier = defs.get(stmt.name)
                if earlier is not None and not _mentions(body, earlier, stmt, stmt.name):
                    self.report.add("DW206", f"redefinition of function '{stmt.name}' from line "
                                             f"{earlier.line}", stmt, header=True)
                defs[stmt.name] = stmt
            self.stmt(stmt, where)

    def stmt(self, s: A.Node, where: _Where) -> None:  # noqa: C901 - one case per kind
        """Check one statement in its context and recurse into its blocks."""
        report = self.report
        if isinstance(s, A.Return) and not where.function:
            report.add("DW110", "'return' outside function", s)
        elif isinstance(s, A.Break) and not where.loop:
            report.add("DW110", "'break' outside loop", s)
        elif isinstance(s, A.Continue) and not where.loop:
            report.add("DW110", "'continue' not properly in loop", s)
        elif isinstance(s, A.Nonlocal) and not where.function:
            report.add("DW110", "nonlocal declaration not allowed at module level", s)
        if isinstance(s, A.FunctionDef):
            self.arguments(s.args, s)
            for e in (*s.decorator_list, *_defaults(s.args)):
                self.expr(e, where)
            self.block(s.body, _Where(True, False))
            return
        if isinstance(s, A.ClassDef):
            return  # refused (DW301); its body is not analysed further
        if isinstance(s, (A.Assign, A.AugAssign, A.AnnAssign, A.Delete, A.For)):
            self.targets(s)
        if isinstance(s, (A.While, A.For)):
            for child in (s.test,) if isinstance(s, A.While) else (s.target, s.iter):
                self.expr(child, where)
            self.block(s.body, _Where(where.function, True))
            self.block(s.orelse, where)
            return
        for child in children(s):
            if isinstance(child, A.Stmt):
                continue
            if isinstance(child, A.ExceptHandler):
                self.expr(child.type, where)
                self.block(child.body, where)
            elif isinstance(child, A.WithItem):
                self.expr(child.context_expr, where)
                self.expr(child.optional_vars, where)
            else:
                self.expr(child, where)
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(s, field, None)
            if isinstance(stmts, tuple):
                self.block(stmts, where)

    # ---- expressions -------------------------------------------------------------------------

    def expr(self, expr: Optional[A.Node], where: Optional[_Where]) -> None:
        """Check yields; ``where`` None means expression or text mode."""
        if expr is None or not self.has_yield:
            return
        # Each entry: (node, context) with context 'top', 'function' or a comprehension name.
        top = "top" if where is None or not where.function else "function"
        stack: list[tuple[A.Node, str]] = [(expr, top)]
        pop, extend = stack.pop, stack.extend
        children_of = child_getter()
        while stack:
            node, ctx = pop()
            if type(node) in _PLAIN:
                # Most nodes (names, constants, operators...) only pass their context on.
                extend([(child, ctx) for child in children_of(node)])
                continue
            if isinstance(node, (A.Yield, A.YieldFrom)):
                self.yield_(node, ctx)
            if isinstance(node, A.Lambda):
                stack.extend((d, ctx) for d in _defaults(node.args))
                stack.append((node.body, "function"))
                continue
            if type(node) in _COMPS:
                inner = _COMPS[type(node)]
                for child in children(node):
                    if node.generators and child is node.generators[0]:
                        gen = node.generators[0]
                        stack.append((gen.iter, ctx))
                        stack.extend((c, inner) for c in (gen.target, *gen.ifs))
                    else:
                        stack.append((child, inner))
                continue
            stack.extend((child, ctx) for child in children(node))

    def yield_(self, node: A.Node, ctx: str) -> None:
        """DW110 for a yield outside a function, in a comprehension or outside code mode."""
        word = "yield" if isinstance(node, A.Yield) else "yield from"
        if ctx == "function" and self.mode == "code":
            return
        if ctx in ("top", "function"):
            where = "outside function" if self.mode == "code" else \
                f"is not allowed in {self.mode} mode"
            self.report.add("DW110", f"'{word}' {where}", node)
        else:
            self.report.add("DW110", f"'{word}' inside {ctx}", node)

    # ---- targets, parameters, arguments ------------------------------------------------------

    def targets(self, s: A.Node) -> None:
        """DW111 for the targets of an assignment, deletion or loop."""
        if isinstance(s, A.Assign):
            for t in s.targets:
                self.target(t, "assign to")
        elif isinstance(s, A.For):
            self.target(s.target, "assign to")
        elif isinstance(s, A.Delete):
            for t in s.targets:
                self.target(t, "delete")
        elif isinstance(s, (A.AugAssign, A.AnnAssign)):
            t = s.target
            if t is not None and not isinstance(t, (A.Name, A.Attribute, A.Subscript)):
                kind = "augmented assignment" if isinstance(s, A.AugAssign) else \
                    "annotated assignment"
                self.report.add("DW111", f"'{_describe(t)}' is an illegal expression for "
                                         f"{kind}", t)

    def target(self, target: A.Node, verb: str) -> None:
        """DW111 for one target, walking tuple/list/starred parts iteratively."""
        stack = [target]
        while stack:
            t = stack.pop()
            if t is None or isinstance(t, (A.Name, A.Attribute, A.Subscript)):
                continue
            if isinstance(t, (A.Tuple, A.List)):
                starred = [e for e in t.elts if isinstance(e, A.Starred)]
                if len(starred) > 1 and verb != "delete":
                    self.report.add("DW111", "multiple starred expressions in assignment",
                                    starred[1])
                stack.extend(t.elts)
            elif isinstance(t, A.Starred) and verb != "delete":
                stack.append(t.value)
            else:
                self.report.add("DW111", f"cannot {verb} {_describe(t)}", t)

    def arguments(self, args: Optional[A.Arguments], owner: A.Node) -> None:
        """DW112 for duplicate parameters and surplus defaults."""
        if args is None:
            return
        seen: set[str] = set()
        params = [*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg]
        for arg in params:
            if arg is None:
                continue
            if arg.arg in seen:
                self.report.add("DW112", f"duplicate argument '{arg.arg}' in function "
                                         "definition", arg)
            seen.add(arg.arg)
        positional = [*args.posonlyargs, *args.args]
        first_default = len(positional) - len(args.defaults)
        if first_default < 0:
            self.report.add("DW112", "more defaults than parameters", owner, header=True)

    def call(self, node: A.Call) -> None:
        """DW112 for a keyword repeated in one call."""
        seen: set[str] = set()
        for kw in node.keywords:
            if kw.arg is None:
                continue
            if kw.arg in seen:
                self.report.add("DW112", f"keyword argument repeated: {kw.arg}", kw)
            seen.add(kw.arg)


def _defaults(args: Optional[A.Arguments]) -> list[A.Node]:
    if args is None:
        return []
    return [d for d in (*args.defaults, *args.kw_defaults) if d is not None]


def _describe(node: A.Node) -> str:
    names = {A.Call: "function call", A.Constant: "literal", A.BinOp: "expression",
             A.BoolOp: "expression", A.Compare: "comparison", A.UnaryOp: "expression",
             A.Lambda: "lambda", A.IfExp: "conditional expression", A.Dict: "dict literal",
             A.Set: "set display", A.ListComp: "list comprehension",
             A.SetComp: "set comprehension", A.DictComp: "dict comprehension",
             A.GeneratorExp: "generator expression", A.Yield: "yield expression",
             A.YieldFrom: "yield expression", A.Await: "await expression",
             A.JoinedStr: "f-string expression", A.NamedExpr: "named expression",
             A.Starred: "starred", A.Tuple: "tuple", A.List: "list"}
    return names.get(type(node), "expression")


def terminates(stmt: A.Node) -> bool:
    """True when control never falls through ``stmt`` (so the next statement is unreachable)."""
    if isinstance(stmt, _JUMPS):
        return True
    if isinstance(stmt, A.If):
        return bool(stmt.orelse) and _block_terminates(stmt.body) and \
            _block_terminates(stmt.orelse)
    return False


def _block_terminates(body: tuple) -> bool:
    return any(terminates(s) for s in body)


def _mentions(body: tuple, first: A.Node, second: A.Node, name: str) -> bool:
    """True when a statement between ``first`` and ``second`` in ``body`` reads ``name``."""
    start = body.index(first)
    end = body.index(second)
    for stmt in body[start + 1:end]:
        for node in walk(stmt):
            if isinstance(node, A.Name) and node.id == name and node.ctx == "load":
                return True
    return False


def check_entry_point(tree: A.Node, report: Report) -> None:
    """DW210/DW211: a code-mode script defines ``def dw_process(msg):`` at top level."""
    if not isinstance(tree, A.Module):
        return
    found: Optional[A.FunctionDef] = None
    for stmt in tree.body:
        if isinstance(stmt, A.FunctionDef) and stmt.name == "dw_process":
            found = stmt
    if found is None:
        report.add("DW210", "code mode needs a top-level function 'def dw_process(msg):'",
                   span=(1, 1, 1, 1))
        return
    a = found.args
    plain = (a is not None and not a.posonlyargs and len(a.args) == 1 and a.vararg is None
             and not a.kwonlyargs and a.kwarg is None and not a.defaults and not a.bare_star)
    if not plain:
        report.add("DW211", "dw_process must take exactly one positional parameter, "
                            "without default: 'def dw_process(msg):'", found, header=True)

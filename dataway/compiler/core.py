"""The compile-time context: dispatch from node kinds to the functions that compile them.

Each ``compile_*`` module registers its node kinds in :data:`EXPR` or :data:`STMT`. A compile
function receives the :class:`Compiler` and the node and returns a closure ``fn(L)`` (see
``state.py`` for the frame layout). Everything known at compile time (slot indexes, constants,
operator functions, positions) is captured in the closure.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..checker.scopes import RefKind, Resolution, Scope
from ..syntax import ast as A
from .state import SLOT0

__all__ = ["Compiler", "EXPR", "STMT", "contains_yield", "expr_cost"]

Closure = Callable[[list], Any]
EXPR: dict[type, Callable[["Compiler", Any], Closure]] = {}
STMT: dict[type, Callable[["Compiler", Any], Closure]] = {}
GEN_STMT: dict[type, Callable[["Compiler", Any], Closure]] = {}


class Compiler:
    """State of one compilation: the resolution, the scope being compiled, names in reach."""

    def __init__(self, resolution: Resolution, *, script: str, mode: str, builtins: dict,
                 dynamic_globals: frozenset[str], importable: dict) -> None:
        self.res = resolution
        self.script = script
        self.mode = mode
        self.builtins = builtins
        self.dynamic_globals = dynamic_globals
        self.importable = importable
        self.scope: Scope = resolution.module
        self.gen = False            # compiling a generator function's body
        self.frame_name = "<module>"
        self.recursive = False      # the program defines functions or lambdas
        # First line of the statement being compiled when it spans several lines: operations
        # starting on a later line record their own line, as CPython 3.11's tracebacks show.
        self.stmt_line: Optional[int] = None
        self.constants: dict[tuple, Any] = {}  # literal merging, see expressions.merged_constant

    # -- dispatch ----------------------------------------------------------------------------
    def expr(self, node: A.Expr, outer: Optional[A.Expr] = None) -> Closure:
        """Compile an expression to ``fn(L) -> value``.

        ``outer`` is given for the leftmost operand of an operation compiled by this same
        frame (a chain's base, a BinOp's or Compare's left side): when both start at the same
        position, an exception from ``node`` reaches ``outer``'s line wrapper with nothing in
        between, and that wrapper records the very same position, so ``node`` needs none of
        its own (W2's multi-line dict display had one such redundant wrapper per operand).
        """
        fn = EXPR.get(type(node))
        if fn is None:
            raise NotImplementedError(f"expression {type(node).__name__}")
        closure = fn(self, node)
        if self.stmt_line is not None and node.line != self.stmt_line and \
                type(node) in _OPERATIONS:
            if outer is not None and type(outer) in _OPERATIONS and \
                    outer.line == node.line and outer.column == node.column:
                return closure
            return _at_line(closure, node.line, node.column)
        return closure

    def stmt(self, node: A.Stmt) -> Closure:
        """Compile a statement to ``fn(L) -> signal``."""
        saved = self.stmt_line
        self.stmt_line = node.line if node.end_line > node.line else None
        try:
            return self._stmt(node)
        finally:
            self.stmt_line = saved

    def _stmt(self, node: A.Stmt) -> Closure:
        if self.gen and contains_yield(node):
            fn = GEN_STMT.get(type(node))
            if fn is None:
                raise NotImplementedError(f"yield inside {type(node).__name__}")
            return fn(self, node)
        fn = STMT.get(type(node))
        if fn is None:
            raise NotImplementedError(f"statement {type(node).__name__}")
        return fn(self, node)

    def optional(self, node: Optional[A.Expr]) -> Optional[Closure]:
        """Compile ``node`` when present."""
        return None if node is None else self.expr(node)

    # -- names -------------------------------------------------------------------------------
    def slot_of(self, node: A.Node) -> tuple[RefKind, int]:
        """(kind, frame index) of a name-carrying node that resolved to a slot."""
        ref = self.res.refs[node]
        if ref.slot is None:
            return ref.kind, -1
        return ref.kind, ref.slot + SLOT0

    def in_scope(self, scope: Scope, gen: bool, frame_name: str) -> "_ScopeSwitch":
        """Context manager compiling a nested scope's body."""
        return _ScopeSwitch(self, scope, gen, frame_name)


class _ScopeSwitch:
    def __init__(self, cx: Compiler, scope: Scope, gen: bool, name: str) -> None:
        self.cx, self.scope, self.gen, self.name = cx, scope, gen, name

    def __enter__(self) -> Compiler:
        cx = self.cx
        self.saved = (cx.scope, cx.gen, cx.frame_name)
        cx.scope, cx.gen, cx.frame_name = self.scope, self.gen, self.name
        return cx

    def __exit__(self, *exc: Any) -> None:
        self.cx.scope, self.cx.gen, self.cx.frame_name = self.saved


_OPERATIONS = frozenset({A.BinOp, A.UnaryOp, A.Compare, A.Subscript, A.Attribute, A.Call,
                         A.Name, A.FormattedValue, A.ListComp, A.SetComp, A.DictComp,
                         A.Dict, A.Set})


def _at_line(fn: Closure, line: int, column: int) -> Closure:
    """``fn`` recording (line, column) on an exception that starts inside it."""
    from .state import note

    def at_line(L: list) -> Any:
        try:
            return fn(L)
        except BaseException as exc:
            raise note(exc, L[0], line, column)
    return at_line


_SCOPE_KINDS = (A.FunctionDef, A.Lambda, A.ListComp, A.SetComp, A.DictComp, A.GeneratorExp,
                A.ClassDef)


def contains_yield(node: A.Node) -> bool:
    """True when ``node`` contains ``yield``/``yield from`` outside nested scopes."""
    if isinstance(node, (A.Yield, A.YieldFrom)):
        return True
    stack = list(node.children())
    while stack:
        n = stack.pop()
        if isinstance(n, (A.Yield, A.YieldFrom)):
            return True
        if isinstance(n, _SCOPE_KINDS):
            # The first iterable of a comprehension belongs to the enclosing scope.
            gens = getattr(n, "generators", None)
            if gens:
                stack.append(gens[0].iter)
            if isinstance(n, (A.FunctionDef, A.Lambda)):
                stack.extend(d for d in n.args.defaults)
                stack.extend(d for d in n.args.kw_defaults if d is not None)
            continue
        stack.extend(n.children())
    return False


def expr_cost(node: Optional[A.Node]) -> int:
    """Steps one evaluation of ``node`` costs: its nodes outside nested scopes and blocks."""
    if node is None:
        return 0
    count = 0
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (A.Keyword, A.Arguments, A.Arg, A.Comprehension, A.Alias)):
            stack.extend(n.children())
            continue
        count += 1
        if isinstance(n, (A.Lambda, A.ListComp, A.SetComp, A.DictComp, A.GeneratorExp)):
            gens = getattr(n, "generators", None)
            if gens:
                stack.append(gens[0].iter)
            if isinstance(n, A.Lambda):
                stack.extend(n.args.defaults)
                stack.extend(d for d in n.args.kw_defaults if d is not None)
            continue
        stack.extend(n.children())
    return count

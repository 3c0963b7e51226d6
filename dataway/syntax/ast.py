"""Typed, immutable syntax tree of Dataway scripts.

The node set follows CPython's ``ast`` module (same names and fields where they overlap) so that
readers who know Python's AST know this one. Differences:

* every node carries ``line``, ``column``, ``end_line``, ``end_column``: 1-based, columns counted
  in Unicode code points, end exclusive (spec §15.2/§16);
* operators are plain strings (``'+'``, ``'not in'``, ``'**'``) instead of operator node classes;
* expression contexts are strings ``'load'``, ``'store'``, ``'del'``;
* constructs Dataway refuses (``class``, ``with``, ``async``, decorators, ``:=``, ``/`` ...) still
  have nodes, so the checker can report them precisely (DW301-DW311) instead of a syntax error;
* text mode has :class:`Template`.

Nodes compare by identity (``eq=False``), which lets later passes key side tables by node. Nothing
here knows about Lark: the parser module is the only place Lark trees exist.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Iterator, Optional, Union

__all__ = [name for name in dir() if not name.startswith("_")]  # refreshed at the end of the module

_node = dataclass(frozen=True, slots=True, eq=False, kw_only=True)


@_node
class Node:
    """Base of all nodes: a source span (1-based, code points, end exclusive)."""

    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0

    def children(self) -> Iterator["Node"]:
        """Yield the direct child nodes in source order (lists flattened, None skipped)."""
        return iter(_child_list(self))


_POSITION_FIELDS = frozenset({"line", "column", "end_line", "end_column"})


# --------------------------------------------------------------------------------------------
# Expressions
# --------------------------------------------------------------------------------------------

@_node
class Expr(Node):
    """Base of expression nodes."""


@_node
class Constant(Expr):
    """A literal: None, True, False, int, float, str, bytes or Ellipsis (``...``).

    Implicitly concatenated string literals are folded into one Constant (unless an f-string
    takes part, see :class:`JoinedStr`). ``kind`` is ``'u'`` for a ``u''`` literal, else None.
    """

    value: Any = None
    kind: Optional[str] = None


@_node
class FormattedValue(Expr):
    """One ``{value!conversion:format_spec}`` field of an f-string.

    ``conversion`` is ``'r'``, ``'s'``, ``'a'`` or None; ``format_spec`` is a JoinedStr (format
    specs may themselves contain fields) or None.
    """

    value: Expr = None  # type: ignore[assignment]
    conversion: Optional[str] = None
    format_spec: Optional["JoinedStr"] = None


@_node
class JoinedStr(Expr):
    """An f-string (after implicit concatenation): Constant(str) and FormattedValue parts."""

    values: tuple[Expr, ...] = ()


@_node
class Name(Expr):
    """An identifier (NFKC-normalised). ``ctx`` is ``'load'``, ``'store'`` or ``'del'``."""

    id: str = ""
    ctx: str = "load"


@_node
class Starred(Expr):
    """``*value`` in a display, call or assignment target."""

    value: Expr = None  # type: ignore[assignment]
    ctx: str = "load"


@_node
class Tuple(Expr):
    """``a, b`` or ``(a, b)``; also the target of ``a, b = ...``."""

    elts: tuple[Expr, ...] = ()
    ctx: str = "load"


@_node
class List(Expr):
    """``[a, b]`` (also as an assignment target)."""

    elts: tuple[Expr, ...] = ()
    ctx: str = "load"


@_node
class Set(Expr):
    """``{a, b}``."""

    elts: tuple[Expr, ...] = ()


@_node
class Dict(Expr):
    """``{k: v, **m}``: ``keys[i]`` is None for a ``**`` unpacking of ``values[i]``."""

    keys: tuple[Optional[Expr], ...] = ()
    values: tuple[Expr, ...] = ()


@_node
class BinOp(Expr):
    """``left op right``; ``op`` is one of ``+ - * / // % ** @ << >> & | ^``."""

    left: Expr = None  # type: ignore[assignment]
    op: str = ""
    right: Expr = None  # type: ignore[assignment]


@_node
class UnaryOp(Expr):
    """``op operand``; ``op`` is ``'-'``, ``'+'``, ``'~'`` or ``'not'``."""

    op: str = ""
    operand: Expr = None  # type: ignore[assignment]


@_node
class BoolOp(Expr):
    """``a and b and c`` (one node for the whole chain); ``op`` is ``'and'`` or ``'or'``."""

    op: str = ""
    values: tuple[Expr, ...] = ()


@_node
class Compare(Expr):
    """A comparison chain ``left op1 c1 op2 c2 ...``.

    ``ops`` items: ``== != < <= > >= is`` ``'is not'`` ``in`` ``'not in'``.
    """

    left: Expr = None  # type: ignore[assignment]
    ops: tuple[str, ...] = ()
    comparators: tuple[Expr, ...] = ()


@_node
class IfExp(Expr):
    """``body if test else orelse``."""

    test: Expr = None  # type: ignore[assignment]
    body: Expr = None  # type: ignore[assignment]
    orelse: Expr = None  # type: ignore[assignment]


@_node
class Attribute(Expr):
    """``value.attr``."""

    value: Expr = None  # type: ignore[assignment]
    attr: str = ""
    ctx: str = "load"


@_node
class Slice(Expr):
    """``lower:upper:step`` inside a subscript (any part may be None)."""

    lower: Optional[Expr] = None
    upper: Optional[Expr] = None
    step: Optional[Expr] = None


@_node
class Subscript(Expr):
    """``value[slice]``; an extended subscript ``a[1:2, 3]`` has a Tuple slice."""

    value: Expr = None  # type: ignore[assignment]
    slice: Expr = None  # type: ignore[assignment]
    ctx: str = "load"


@_node
class Keyword(Node):
    """``arg=value`` in a call, or ``**value`` when ``arg`` is None."""

    arg: Optional[str] = None
    value: Expr = None  # type: ignore[assignment]


@_node
class Call(Expr):
    """``func(args..., keywords...)``; ``args`` may contain Starred nodes."""

    func: Expr = None  # type: ignore[assignment]
    args: tuple[Expr, ...] = ()
    keywords: tuple[Keyword, ...] = ()


@_node
class Arg(Node):
    """One parameter name; ``annotation`` is parsed and never evaluated."""

    arg: str = ""
    annotation: Optional[Expr] = None


@_node
class Arguments(Node):
    """A parameter list, CPython layout.

    ``defaults`` align with the *last* ``len(defaults)`` of ``posonlyargs + args``;
    ``kw_defaults[i]`` is the default of ``kwonlyargs[i]`` or None. ``posonlyargs`` is only
    non-empty when the script used ``/`` (DW306). ``bare_star`` marks a lone ``*`` separator.
    """

    posonlyargs: tuple[Arg, ...] = ()
    args: tuple[Arg, ...] = ()
    vararg: Optional[Arg] = None
    kwonlyargs: tuple[Arg, ...] = ()
    kw_defaults: tuple[Optional[Expr], ...] = ()
    kwarg: Optional[Arg] = None
    defaults: tuple[Expr, ...] = ()
    bare_star: bool = False


@_node
class Lambda(Expr):
    """``lambda args: body``."""

    args: Arguments = None  # type: ignore[assignment]
    body: Expr = None  # type: ignore[assignment]


@_node
class Comprehension(Node):
    """One ``for target in iter if ...`` clause of a comprehension."""

    target: Expr = None  # type: ignore[assignment]
    iter: Expr = None  # type: ignore[assignment]
    ifs: tuple[Expr, ...] = ()
    is_async: bool = False


@_node
class ListComp(Expr):
    """``[elt for ...]``."""

    elt: Expr = None  # type: ignore[assignment]
    generators: tuple[Comprehension, ...] = ()


@_node
class SetComp(Expr):
    """``{elt for ...}``."""

    elt: Expr = None  # type: ignore[assignment]
    generators: tuple[Comprehension, ...] = ()


@_node
class GeneratorExp(Expr):
    """``(elt for ...)``."""

    elt: Expr = None  # type: ignore[assignment]
    generators: tuple[Comprehension, ...] = ()


@_node
class DictComp(Expr):
    """``{key: value for ...}``."""

    key: Expr = None  # type: ignore[assignment]
    value: Expr = None  # type: ignore[assignment]
    generators: tuple[Comprehension, ...] = ()


@_node
class Yield(Expr):
    """``yield [value]``."""

    value: Optional[Expr] = None


@_node
class YieldFrom(Expr):
    """``yield from value``."""

    value: Expr = None  # type: ignore[assignment]


@_node
class Await(Expr):
    """``await value`` (unsupported: DW303)."""

    value: Expr = None  # type: ignore[assignment]


@_node
class NamedExpr(Expr):
    """``target := value`` (unsupported: DW305)."""

    target: Expr = None  # type: ignore[assignment]
    value: Expr = None  # type: ignore[assignment]


# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------

@_node
class Stmt(Node):
    """Base of statement nodes."""


@_node
class ExprStmt(Stmt):
    """An expression used as a statement (CPython's ``Expr``)."""

    value: Expr = None  # type: ignore[assignment]


@_node
class Assign(Stmt):
    """``t1 = t2 = value``: ``targets`` in source order."""

    targets: tuple[Expr, ...] = ()
    value: Expr = None  # type: ignore[assignment]


@_node
class AugAssign(Stmt):
    """``target op= value``; ``op`` is the binary operator (``'+'`` for ``+=``)."""

    target: Expr = None  # type: ignore[assignment]
    op: str = ""
    value: Expr = None  # type: ignore[assignment]


@_node
class AnnAssign(Stmt):
    """``target: annotation [= value]``; the annotation is never evaluated."""

    target: Expr = None  # type: ignore[assignment]
    annotation: Expr = None  # type: ignore[assignment]
    value: Optional[Expr] = None
    simple: bool = True


@_node
class Delete(Stmt):
    """``del t1, t2``."""

    targets: tuple[Expr, ...] = ()


@_node
class Pass(Stmt):
    """``pass``."""


@_node
class Break(Stmt):
    """``break``."""


@_node
class Continue(Stmt):
    """``continue``."""


@_node
class Return(Stmt):
    """``return [value]``."""

    value: Optional[Expr] = None


@_node
class Raise(Stmt):
    """``raise [exc [from cause]]``."""

    exc: Optional[Expr] = None
    cause: Optional[Expr] = None


@_node
class Assert(Stmt):
    """``assert test[, msg]`` (always enabled)."""

    test: Expr = None  # type: ignore[assignment]
    msg: Optional[Expr] = None


@_node
class Global(Stmt):
    """``global a, b``."""

    names: tuple[str, ...] = ()


@_node
class Nonlocal(Stmt):
    """``nonlocal a, b``."""

    names: tuple[str, ...] = ()


@_node
class Alias(Node):
    """``name [as asname]`` in an import; ``name`` may be dotted (``urllib.parse``) or ``*``."""

    name: str = ""
    asname: Optional[str] = None


@_node
class Import(Stmt):
    """``import a.b as c, d``."""

    names: tuple[Alias, ...] = ()


@_node
class ImportFrom(Stmt):
    """``from module import names``; ``level`` counts leading dots (relative import: DW308)."""

    module: Optional[str] = None
    names: tuple[Alias, ...] = ()
    level: int = 0


@_node
class If(Stmt):
    """``if test: body [elif ...] [else: orelse]`` (elif is a nested If in ``orelse``)."""

    test: Expr = None  # type: ignore[assignment]
    body: tuple[Stmt, ...] = ()
    orelse: tuple[Stmt, ...] = ()


@_node
class While(Stmt):
    """``while test: body [else: orelse]``."""

    test: Expr = None  # type: ignore[assignment]
    body: tuple[Stmt, ...] = ()
    orelse: tuple[Stmt, ...] = ()


@_node
class For(Stmt):
    """``for target in iter: body [else: orelse]``; ``is_async`` for ``async for`` (DW303)."""

    target: Expr = None  # type: ignore[assignment]
    iter: Expr = None  # type: ignore[assignment]
    body: tuple[Stmt, ...] = ()
    orelse: tuple[Stmt, ...] = ()
    is_async: bool = False


@_node
class ExceptHandler(Node):
    """``except [type [as name]]: body``."""

    type: Optional[Expr] = None
    name: Optional[str] = None
    body: tuple[Stmt, ...] = ()


@_node
class Try(Stmt):
    """``try/except/else/finally``; ``is_star`` marks ``except*`` (DW311)."""

    body: tuple[Stmt, ...] = ()
    handlers: tuple[ExceptHandler, ...] = ()
    orelse: tuple[Stmt, ...] = ()
    finalbody: tuple[Stmt, ...] = ()
    is_star: bool = False


@_node
class FunctionDef(Stmt):
    """``def name(args) -> returns: body``; decorators (DW304) and ``async`` (DW303) kept."""

    name: str = ""
    args: Arguments = None  # type: ignore[assignment]
    body: tuple[Stmt, ...] = ()
    decorator_list: tuple[Expr, ...] = ()
    returns: Optional[Expr] = None
    is_async: bool = False


@_node
class ClassDef(Stmt):
    """``class name(bases): body`` (unsupported: DW301; kept for precise reporting)."""

    name: str = ""
    bases: tuple[Expr, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    body: tuple[Stmt, ...] = ()
    decorator_list: tuple[Expr, ...] = ()


@_node
class WithItem(Node):
    """``context_expr [as optional_vars]``."""

    context_expr: Expr = None  # type: ignore[assignment]
    optional_vars: Optional[Expr] = None


@_node
class With(Stmt):
    """``with items: body`` (unsupported: DW302)."""

    items: tuple[WithItem, ...] = ()
    body: tuple[Stmt, ...] = ()
    is_async: bool = False


@_node
class Unsupported(Stmt):
    """Syntax from later Python versions that parses only to be refused (DW311).

    ``construct`` names it (``'match statement'``, ``'type parameters'``, ...).
    """

    construct: str = ""


# --------------------------------------------------------------------------------------------
# Roots
# --------------------------------------------------------------------------------------------

@_node
class Module(Node):
    """A code-mode script: its top-level statements."""

    body: tuple[Stmt, ...] = ()


@_node
class Expression(Node):
    """An expression-mode script."""

    body: Expr = None  # type: ignore[assignment]


@_node
class TemplateText(Node):
    """A literal run of a text-mode template, escapes (``$${``) already applied."""

    value: str = ""


@_node
class TemplateExpr(Node):
    """One ``${expression}`` of a text-mode template; positions are in the whole text."""

    body: Expr = None  # type: ignore[assignment]


@_node
class Template(Node):
    """A text-mode script: literal and interpolation parts in order."""

    parts: tuple[Union[TemplateText, TemplateExpr], ...] = ()


Root = Union[Module, Expression, Template]


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and all its descendants, iteratively (no host recursion), pre-order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(_child_list(current)))


def dump(node: Node, *, positions: bool = False) -> str:
    """A compact, deterministic text form of a tree, for tests and debugging."""
    parts: list[str] = []

    def fmt(value: Any) -> None:
        if isinstance(value, Node):
            parts.append(type(value).__name__ + "(")
            first = True
            for f in fields(value):
                if f.name in _POSITION_FIELDS and not positions:
                    continue
                v = getattr(value, f.name)
                if f.name not in _POSITION_FIELDS and v == f.default and not isinstance(v, Node):
                    continue
                if not first:
                    parts.append(", ")
                first = False
                parts.append(f.name + "=")
                fmt(v)
            parts.append(")")
        elif isinstance(value, tuple):
            parts.append("[")
            for i, item in enumerate(value):
                if i:
                    parts.append(", ")
                fmt(item)
            parts.append("]")
        else:
            parts.append(repr(value))

    fmt(node)
    return "".join(parts)


__all__ = [name for name, value in list(globals().items())
           if not name.startswith("_") and (isinstance(value, type) or callable(value))
           and getattr(value, "__module__", None) == __name__]


# Imported last: the children plans need the node classes above.
from dataway.syntax.children import child_list as _child_list  # noqa: E402

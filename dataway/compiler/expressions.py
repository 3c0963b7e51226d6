"""Compilation of expressions other than calls, trailers and nested scopes.

Long operator chains (``a + b + c ...``, ``x and y and ...``, ``a < b < c ...``) compile into one
closure that loops over the operands, so neither compilation nor evaluation recurses in
proportion to a chain's length.
"""
from __future__ import annotations

import operator as _op
from typing import Any, Callable, Optional

from ..checker.scopes import RefKind
from ..runtime.exceptions import ScriptRaise
from ..syntax import ast as A
from .core import EXPR, Compiler
from .links import BINARY, COMPARE, UNARY, format_value
from .state import UNBOUND, script_error

__all__ = ["load_name", "build_sequence", "dynamic_global"]

Closure = Callable[[list], Any]


def _constant(cx: Compiler, node: A.Constant) -> Closure:
    value = merged_constant(cx, node.value)
    return lambda L: value


def merged_constant(cx: Compiler, value: Any) -> Any:
    """One object per equal literal of a program, as CPython's constant merging gives
    (``2.5 is 2.5`` is True); ``0.0`` and ``-0.0`` stay apart."""
    kind = type(value)
    if kind not in (int, float, str, bytes):
        return value
    key = (kind, repr(value)) if kind is float else (kind, value)
    return cx.constants.setdefault(key, value)


def _unbound_local(name: str) -> ScriptRaise:
    return script_error("UnboundLocalError",
                        f"cannot access local variable '{name}' where it is not associated "
                        f"with a value")


def _unbound_free(name: str) -> ScriptRaise:
    return script_error("NameError",
                        f"cannot access free variable '{name}' where it is not associated with "
                        f"a value in enclosing scope")


def _not_defined(name: str) -> ScriptRaise:
    return script_error("NameError", f"name '{name}' is not defined")


def load_name(cx: Compiler, node: A.Node, name: str) -> Closure:
    """A closure reading ``name`` as resolved for ``node``."""
    kind, i = cx.slot_of(node)
    if kind is RefKind.LOCAL:
        def local(L: list) -> Any:
            v = L[i]
            if v is UNBOUND:
                raise _unbound_local(name)
            return v
        return local
    if kind is RefKind.CELL or kind is RefKind.FREE:
        raise_unbound = _unbound_local if kind is RefKind.CELL else _unbound_free

        def cell(L: list) -> Any:
            v = L[i].v
            if v is UNBOUND:
                raise raise_unbound(name)
            return v
        return cell
    builtins = cx.builtins
    if name in cx.dynamic_globals:
        def global_(L: list) -> Any:
            try:
                return L[0].g[name]
            except KeyError:
                pass
            try:
                return builtins[name]
            except KeyError:
                raise _not_defined(name) from None
        return global_
    if name in builtins:
        value = builtins[name]
        return lambda L: value

    def undefined(L: list) -> Any:
        raise _not_defined(name)
    return undefined


def dynamic_global(cx: Compiler, node: A.Expr) -> Optional[str]:
    """The name when ``node`` reads a global of the evaluation's namespace (``msg`` in
    expression mode, a module-level variable in code mode), which closures may read inline
    as ``L[0].g[name]`` before falling back to :func:`load_name`'s closure."""
    if isinstance(node, A.Name) and node.id in cx.dynamic_globals:
        kind, _ = cx.slot_of(node)
        if kind is not RefKind.LOCAL and kind is not RefKind.CELL and kind is not RefKind.FREE:
            return node.id
    return None


def _name(cx: Compiler, node: A.Name) -> Closure:
    return load_name(cx, node, node.id)


# Operators whose runtime entry only renames host class names in TypeErrors: closures call the
# C function directly and fall back to the runtime entry (for its message) on a TypeError.
_RAW = {"-": _op.sub, "/": _op.truediv, "//": _op.floordiv, ">>": _op.rshift, "&": _op.and_,
        "|": _op.or_, "^": _op.xor, "<": _op.lt, "<=": _op.le, ">": _op.gt, ">=": _op.ge,
        "==": _op.eq, "!=": _op.ne, "is": _op.is_, "is not": _op.is_not}


def _gt_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def gt_const(L: list) -> Any:
        a = left(L)
        try:
            return a > c
        except TypeError:
            return op(a, c)
    return gt_const


def _ge_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def ge_const(L: list) -> Any:
        a = left(L)
        try:
            return a >= c
        except TypeError:
            return op(a, c)
    return ge_const


def _lt_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def lt_const(L: list) -> Any:
        a = left(L)
        try:
            return a < c
        except TypeError:
            return op(a, c)
    return lt_const


def _le_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def le_const(L: list) -> Any:
        a = left(L)
        try:
            return a <= c
        except TypeError:
            return op(a, c)
    return le_const


def _eq_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def eq_const(L: list) -> Any:
        a = left(L)
        try:
            return a == c
        except TypeError:
            return op(a, c)
    return eq_const


def _ne_const(left: Closure, c: Any, op: Callable[[Any, Any], Any]) -> Closure:
    def ne_const(L: list) -> Any:
        a = left(L)
        try:
            return a != c
        except TypeError:
            return op(a, c)
    return ne_const


# ``x > 100``, ``x == 'eu'``: the comparison written out in the closure saves calling the
# operator module's function (flow conditions, W1); a TypeError still goes to the runtime entry
# for CPython's message with script type names.
_CONST_COMPARE = {">": _gt_const, ">=": _ge_const, "<": _lt_const, "<=": _le_const,
                  "==": _eq_const, "!=": _ne_const}


def local_slot(cx: Compiler, node: A.Expr) -> Optional[int]:
    """The frame index of ``node`` when it is a plain local variable (inlined by closures)."""
    if isinstance(node, A.Name):
        kind, i = cx.slot_of(node)
        if kind is RefKind.LOCAL:
            return i
    return None


def _pair(symbol: str, op: Callable[[Any, Any], Any], left: Closure, right: A.Expr,
          right_fn: Closure, cx: Optional[Compiler] = None,
          left_node: Optional[A.Expr] = None) -> Closure:
    """``left op right`` specialised for local and constant operands and C-level operators."""
    raw = _RAW.get(symbol)
    i = local_slot(cx, left_node) if cx is not None and left_node is not None else None
    if i is not None:
        fast = _local_pair(symbol, op, raw, i, left_node.id, right, right_fn, cx)  # type: ignore
        if fast is not None:
            return fast
    if isinstance(right, A.Constant):
        c = merged_constant(cx, right.value) if cx is not None else right.value
        inline = _CONST_COMPARE.get(symbol)
        if inline is not None:
            return inline(left, c, op)
        if raw is not None:
            def raw_const(L: list) -> Any:
                a = left(L)
                try:
                    return raw(a, c)
                except TypeError:
                    return op(a, c)
            return raw_const
        if symbol == "+" and type(c) is int:
            def add_int(L: list) -> Any:
                a = left(L)
                if type(a) is int:
                    return a + c
                return op(a, c)
            return add_int
        return lambda L: op(left(L), c)
    if raw is not None:
        def raw_pair(L: list) -> Any:
            a = left(L)
            b = right_fn(L)
            try:
                return raw(a, b)
            except TypeError:
                return op(a, b)
        return raw_pair
    if symbol == "+":
        def add(L: list) -> Any:
            a = left(L)
            b = right_fn(L)
            if type(a) is int and type(b) is int:
                return a + b
            return op(a, b)
        return add
    return lambda L: op(left(L), right_fn(L))


def _local_pair(symbol: str, op: Callable[[Any, Any], Any], raw: Any, i: int, name: str,
                right: A.Expr, right_fn: Closure, cx: Compiler) -> Optional[Closure]:
    """Closures for ``local op constant`` and ``local op local`` (the hot loop shapes)."""
    if isinstance(right, A.Constant):
        c = merged_constant(cx, right.value)
        if symbol == "+" and type(c) is int:
            def local_add_int(L: list) -> Any:
                a = L[i]
                if type(a) is int:
                    return a + c
                if a is UNBOUND:
                    raise _unbound_local(name)
                return op(a, c)
            return local_add_int
        if raw is not None:
            def local_raw_const(L: list) -> Any:
                a = L[i]
                if a is UNBOUND:
                    raise _unbound_local(name)
                try:
                    return raw(a, c)
                except TypeError:
                    return op(a, c)
            return local_raw_const
        return None
    j = local_slot(cx, right)
    if j is None:
        return None
    rname = right.id  # type: ignore[attr-defined]
    if raw is None and symbol != "+":
        return None

    def local_local(L: list) -> Any:
        a = L[i]
        b = L[j]
        if a is UNBOUND:
            raise _unbound_local(name)
        if b is UNBOUND:
            raise _unbound_local(rname)
        if raw is not None:
            try:
                return raw(a, b)
            except TypeError:
                return op(a, b)
        if type(a) is int and type(b) is int:
            return a + b
        return op(a, b)
    return local_local


def _binop(cx: Compiler, node: A.BinOp) -> Closure:
    # Collect the left-nested chain iteratively: ((a + b) - c) * d ...
    steps: list[tuple[Callable[[Any, Any], Any], Closure]] = []
    current: A.Expr = node
    while isinstance(current, A.BinOp):
        steps.append((BINARY[current.op], current.right))  # type: ignore[arg-type]
        current = current.left
    steps.reverse()
    first = cx.expr(current, node)
    ops = [(fn, cx.expr(right)) for fn, right in steps]  # type: ignore[arg-type]
    if len(ops) == 1:
        (op, right), = ops
        return _pair(node.op, op, first, node.right, right, cx, node.left)
    if len(ops) == 2:
        (op1, r1), (op2, r2) = ops
        return lambda L: op2(op1(first(L), r1(L)), r2(L))
    chain = tuple(ops)

    def binop_chain(L: list) -> Any:
        v = first(L)
        for op, right in chain:
            v = op(v, right(L))
        return v
    return binop_chain


def _unary(cx: Compiler, node: A.UnaryOp) -> Closure:
    operand = cx.expr(node.operand)
    if node.op == "not":
        return lambda L: not operand(L)
    op = UNARY[node.op]
    return lambda L: op(operand(L))


def _boolop(cx: Compiler, node: A.BoolOp) -> Closure:
    values = tuple(cx.expr(v) for v in node.values)
    if node.op == "and":
        if len(values) == 2:
            a, b = values
            return lambda L: a(L) and b(L)

        def and_chain(L: list) -> Any:
            v = None
            for fn in values:
                v = fn(L)
                if not v:
                    return v
            return v
        return and_chain
    if len(values) == 2:
        a, b = values
        return lambda L: a(L) or b(L)

    def or_chain(L: list) -> Any:
        v = None
        for fn in values:
            v = fn(L)
            if v:
                return v
        return v
    return or_chain


def _compare(cx: Compiler, node: A.Compare) -> Closure:
    left = cx.expr(node.left, node)
    pairs = tuple((COMPARE[op], cx.expr(c)) for op, c in zip(node.ops, node.comparators))
    if len(pairs) == 1:
        (op, right), = pairs
        return _pair(node.ops[0], op, left, node.comparators[0], right, cx, node.left)

    def compare_chain(L: list) -> Any:
        a = left(L)
        result: Any = True
        for op, right in pairs:
            b = right(L)
            result = op(a, b)
            if not result:
                return result
            a = b
        return result
    return compare_chain


def _ifexp(cx: Compiler, node: A.IfExp) -> Closure:
    test, body, orelse = cx.expr(node.test), cx.expr(node.body), cx.expr(node.orelse)
    return lambda L: body(L) if test(L) else orelse(L)


def _slice(cx: Compiler, node: A.Slice) -> Closure:
    lo, hi, st = cx.optional(node.lower), cx.optional(node.upper), cx.optional(node.step)
    if st is None:
        if lo is None and hi is None:
            return lambda L: slice(None, None)
        if hi is None:
            return lambda L: slice(lo(L), None)  # type: ignore[misc]
        if lo is None:
            return lambda L: slice(None, hi(L))
        return lambda L: slice(lo(L), hi(L))
    return lambda L: slice(lo(L) if lo else None, hi(L) if hi else None, st(L))


def build_sequence(cx: Compiler, elts: tuple[A.Expr, ...]) -> Callable[[list], list]:
    """A closure building a list from display elements, ``*iterable`` unpacked."""
    if not any(isinstance(e, A.Starred) for e in elts):
        fns = tuple(cx.expr(e) for e in elts)
        if len(fns) == 1:
            f0, = fns
            return lambda L: [f0(L)]
        if len(fns) == 2:
            f0, f1 = fns
            return lambda L: [f0(L), f1(L)]
        return lambda L: [f(L) for f in fns]
    parts = tuple((isinstance(e, A.Starred), cx.expr(e.value if isinstance(e, A.Starred) else e))
                  for e in elts)

    def build(L: list) -> list:
        out: list = []
        for starred, fn in parts:
            if starred:
                v = fn(L)
                try:
                    out.extend(v)
                except TypeError:
                    if not hasattr(v, "__iter__"):
                        raise script_error("TypeError", f"Value after * must be an iterable, "
                                           f"not {_tname(v)}") from None
                    raise
            else:
                out.append(fn(L))
        return out
    return build


def _tname(v: Any) -> str:
    from ..runtime.values import DWObject
    return v.dw_type_name if isinstance(v, DWObject) else type(v).__name__


def _list(cx: Compiler, node: A.List) -> Closure:
    return build_sequence(cx, node.elts)


def _tuple(cx: Compiler, node: A.Tuple) -> Closure:
    if not node.elts:
        return lambda L: ()
    if not any(isinstance(e, A.Starred) for e in node.elts):
        fns = tuple(cx.expr(e) for e in node.elts)
        if len(fns) == 2:
            f0, f1 = fns
            return lambda L: (f0(L), f1(L))
        return lambda L: tuple([f(L) for f in fns])
    build = build_sequence(cx, node.elts)
    return lambda L: tuple(build(L))


_NO_CONSTANT = object()


def folded_constant(node: A.Expr) -> Any:
    """The value CPython's constant folding gives ``node`` (a literal or a signed number)."""
    if isinstance(node, A.Constant):
        return node.value
    if isinstance(node, A.UnaryOp) and node.op in ("-", "+", "~") and \
            isinstance(node.operand, A.Constant):
        v = node.operand.value
        if type(v) in (int, float) or (type(v) is bool and node.op != "~"):
            return UNARY[node.op](v)
    return _NO_CONSTANT


def _set(cx: Compiler, node: A.Set) -> Closure:
    values = [folded_constant(e) for e in node.elts]
    if len(values) > 2 and all(v is not _NO_CONSTANT for v in values):
        # CPython compiles such a display to ``set().update(frozenset(constants))``; building
        # it the same way keeps the iteration order of colliding hashes identical.
        # The compiler's constant merging rebuilds that frozenset from its own iteration.
        try:
            frozen = frozenset(tuple(frozenset(values)))
        except TypeError:
            pass
        else:
            def constant_set(L: list) -> set:
                result: set = set()
                result.update(frozen)
                return result
            return constant_set
    build = build_sequence(cx, node.elts)
    return lambda L: set(build(L))


def _dict(cx: Compiler, node: A.Dict) -> Closure:
    items = tuple((None if k is None else cx.expr(k), cx.expr(v))
                  for k, v in zip(node.keys, node.values))
    if all(k is not None for k, _ in items):
        def plain_dict(L: list) -> dict:
            d = {}
            for k, v in items:
                key = k(L)  # type: ignore[misc]
                d[key] = v(L)
            return d
        return plain_dict

    def dict_display(L: list) -> dict:
        d: dict = {}
        for k, v in items:
            if k is None:
                m = v(L)
                if not hasattr(m, "keys"):
                    raise script_error("TypeError", f"'{_tname(m)}' object is not a mapping")
                d.update(m)
            else:
                key = k(L)
                d[key] = v(L)
        return d
    return dict_display


def _joined(cx: Compiler, node: A.JoinedStr) -> Closure:
    parts: list[Closure] = []
    for part in node.values:
        if isinstance(part, A.Constant):
            text = part.value
            parts.append(lambda L, text=text: text)
        else:
            parts.append(cx.expr(part))
    if len(parts) == 1:
        return parts[0]
    fns = tuple(parts)
    return lambda L: "".join([f(L) for f in fns])


def _formatted(cx: Compiler, node: A.FormattedValue) -> Closure:
    value = cx.expr(node.value)
    conversion = node.conversion
    spec = None if node.format_spec is None else cx.expr(node.format_spec)
    if spec is None:
        if conversion is None:
            def plain(L: list) -> str:
                v = value(L)
                if type(v) is str:
                    return v
                return format_value(v, None, "")
            return plain
        return lambda L: format_value(value(L), conversion, "")
    return lambda L: format_value(value(L), conversion, spec(L))  # type: ignore[misc]


def _starred(cx: Compiler, node: A.Starred) -> Closure:
    # Only reached in invalid positions the checker refuses; CPython's message.
    def starred(L: list) -> Any:
        raise script_error("SyntaxError", "can't use starred expression here")
    return starred


def _refused(cx: Compiler, node: A.Expr) -> Closure:
    # yield outside a function, await, := : refused by the checker; never reached through the API.
    what = type(node).__name__

    def refused(L: list) -> Any:
        raise script_error("SyntaxError", f"{what} is not supported here")
    return refused


EXPR.update({
    A.Yield: _refused, A.YieldFrom: _refused, A.Await: _refused, A.NamedExpr: _refused,
    A.Constant: _constant, A.Name: _name, A.BinOp: _binop, A.UnaryOp: _unary,
    A.BoolOp: _boolop, A.Compare: _compare, A.IfExp: _ifexp, A.Slice: _slice, A.List: _list,
    A.Tuple: _tuple, A.Set: _set, A.Dict: _dict, A.JoinedStr: _joined,
    A.FormattedValue: _formatted, A.Starred: _starred,
})

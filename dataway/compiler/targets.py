"""Assignment targets: binding names, unpacking, subscript stores and deletion.

A compiled target is ``store(L, value)``. Unpacking follows CPython, including its messages
(``not enough values to unpack (expected 3, got 2)``, ``too many values to unpack (expected
2)``) and starred targets.
"""
from __future__ import annotations

from typing import Any, Callable

from ..checker.scopes import RefKind
from ..syntax import ast as A
from .core import Compiler
from .expressions import load_name
from .state import UNBOUND, Cell, script_error

__all__ = ["store_target", "store_name", "delete_target"]

Store = Callable[[list, Any], None]


def store_name(cx: Compiler, node: A.Node, name: str) -> Store:
    """A closure binding ``name`` (resolved for ``node``) to a value."""
    kind, i = cx.slot_of(node)
    if kind is RefKind.LOCAL:
        def local(L: list, v: Any) -> None:
            L[i] = v
        return local
    if kind is RefKind.CELL or kind is RefKind.FREE:
        def cell(L: list, v: Any) -> None:
            L[i].v = v
        return cell

    def global_(L: list, v: Any) -> None:
        L[0].g[name] = v
    return global_


def store_target(cx: Compiler, node: A.Expr) -> Store:
    """Compile an assignment target."""
    if isinstance(node, A.Name):
        return store_name(cx, node, node.id)
    if isinstance(node, (A.Tuple, A.List)):
        return _unpack(cx, node.elts)
    if isinstance(node, A.Subscript):
        obj, key = cx.expr(node.value), cx.expr(node.slice)

        def subscript(L: list, v: Any) -> None:
            o = obj(L)
            o[key(L)] = v
        return subscript
    if isinstance(node, A.Starred):
        return store_target(cx, node.value)

    def refused(L: list, v: Any) -> None:  # attribute assignment: DW310 at check time
        raise script_error("AttributeError", "attribute assignment is not supported")
    return refused


def _unpack(cx: Compiler, elts: tuple[A.Expr, ...]) -> Store:
    stores = tuple(store_target(cx, e) for e in elts)
    star = next((i for i, e in enumerate(elts) if isinstance(e, A.Starred)), None)
    n = len(stores)
    if star is None:
        if n == 2:
            s0, s1 = stores

            def unpack2(L: list, v: Any) -> None:
                if type(v) is tuple and len(v) == 2:
                    a, b = v
                else:
                    a, b = _exact(v, 2)
                s0(L, a)
                s1(L, b)
            return unpack2

        def unpack(L: list, v: Any) -> None:
            items = _exact(v, n)
            for s, item in zip(stores, items):
                s(L, item)
        return unpack
    before, after = star, n - star - 1

    def unpack_star(L: list, v: Any) -> None:
        items = _iterate(v)
        if len(items) < before + after:
            raise script_error("ValueError", f"not enough values to unpack (expected at least "
                                             f"{before + after}, got {len(items)})")
        for s, item in zip(stores[:before], items[:before]):
            s(L, item)
        middle = items[before:len(items) - after]
        stores[before](L, middle)
        for s, item in zip(stores[before + 1:], items[len(items) - after:]):
            s(L, item)
    return unpack_star


def _iterate(v: Any) -> list:
    try:
        it = iter(v)
    except TypeError:
        raise script_error("TypeError", f"cannot unpack non-iterable {_tname(v)} object") \
            from None
    return list(it)


def _exact(v: Any, n: int) -> list:
    try:
        it = iter(v)
    except TypeError:
        raise script_error("TypeError", f"cannot unpack non-iterable {_tname(v)} object") \
            from None
    items = []
    for item in it:
        items.append(item)
        if len(items) > n:
            raise script_error("ValueError", f"too many values to unpack (expected {n})")
    if len(items) < n:
        raise script_error("ValueError", f"not enough values to unpack (expected {n}, got "
                                         f"{len(items)})")
    return items


def _tname(v: Any) -> str:
    from ..runtime.values import DWObject
    return v.dw_type_name if isinstance(v, DWObject) else type(v).__name__


def delete_target(cx: Compiler, node: A.Expr) -> Callable[[list], None]:
    """Compile one ``del`` target."""
    if isinstance(node, A.Name):
        name = node.id
        kind, i = cx.slot_of(node)
        if kind is RefKind.LOCAL:
            def del_local(L: list) -> None:
                if L[i] is UNBOUND:
                    raise script_error("UnboundLocalError",
                                       f"cannot access local variable '{name}' where it is not "
                                       f"associated with a value")
                L[i] = UNBOUND
            return del_local
        if kind is RefKind.CELL or kind is RefKind.FREE:
            def del_cell(L: list) -> None:
                cell: Cell = L[i]
                if cell.v is UNBOUND:
                    raise script_error("NameError", f"cannot access free variable '{name}' "
                                                    f"where it is not associated with a value "
                                                    f"in enclosing scope")
                cell.v = UNBOUND
            return del_cell

        def del_global(L: list) -> None:
            try:
                del L[0].g[name]
            except KeyError:
                raise script_error("NameError", f"name '{name}' is not defined") from None
        return del_global
    if isinstance(node, (A.Tuple, A.List)):
        parts = tuple(delete_target(cx, e) for e in node.elts)

        def del_all(L: list) -> None:
            for p in parts:
                p(L)
        return del_all
    if isinstance(node, A.Subscript):
        obj, key = cx.expr(node.value), cx.expr(node.slice)

        def del_item(L: list) -> None:
            o = obj(L)
            del o[key(L)]
        return del_item

    def refused(L: list) -> None:
        raise script_error("AttributeError", "attribute deletion is not supported")
    return refused


def load_for_aug(cx: Compiler, node: A.Name) -> Callable[[list], Any]:
    """The read half of ``name op= value``."""
    return load_name(cx, node, node.id)



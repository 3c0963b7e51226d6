"""Simple statements and loops/conditionals (``try``/``raise`` live in ``handlers.py``).

A compiled statement is ``fn(L) -> signal``: None to continue, or BREAK/CONTINUE/RETURN.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..syntax import ast as A
from .blocks import block
from .core import STMT, Compiler, expr_cost
from .links import INPLACE
from .state import BREAK, CONTINUE, RETURN, script_error
from .expressions import local_slot
from .targets import delete_target, store_name, store_target

__all__: list[str] = []

Closure = Callable[[list], Any]


def _expr_stmt(cx: Compiler, node: A.ExprStmt) -> Closure:
    value = cx.expr(node.value)

    def expr_stmt(L: list) -> None:
        value(L)
    return expr_stmt


def _parallel_assign(cx: Compiler, node: A.Assign) -> Optional[Closure]:
    """``a, b = x, y``: no tuple is built and unpacked (the right side is evaluated first)."""
    if len(node.targets) != 1:
        return None
    target, value = node.targets[0], node.value
    if not (isinstance(target, (A.Tuple, A.List)) and isinstance(value, (A.Tuple, A.List))):
        return None
    if len(target.elts) != len(value.elts) or len(value.elts) < 2 or any(
            isinstance(e, A.Starred) for e in target.elts + value.elts):
        return None
    values = tuple(cx.expr(v) for v in value.elts)
    slots = [local_slot(cx, t) for t in target.elts]
    if len(values) == 2 and all(i is not None for i in slots):
        (v0, v1), (i0, i1) = values, slots

        def swap_locals(L: list) -> None:
            a = v0(L)
            b = v1(L)
            L[i0] = a
            L[i1] = b
        return swap_locals
    stores = tuple(store_target(cx, t) for t in target.elts)
    if len(values) == 2:
        (v0, v1), (s0, s1) = values, stores

        def pair_assign(L: list) -> None:
            a = v0(L)
            b = v1(L)
            s0(L, a)
            s1(L, b)
        return pair_assign

    def parallel(L: list) -> None:
        items = [v(L) for v in values]
        for store, item in zip(stores, items):
            store(L, item)
    return parallel


def _assign(cx: Compiler, node: A.Assign) -> Closure:
    parallel = _parallel_assign(cx, node)
    if parallel is not None:
        return parallel
    value = cx.expr(node.value)
    stores = tuple(store_target(cx, t) for t in node.targets)
    if len(stores) == 1:
        store, = stores
        i = local_slot(cx, node.targets[0])
        if i is not None:
            def assign_local(L: list) -> None:
                L[i] = value(L)
            return assign_local

        def assign(L: list) -> None:
            store(L, value(L))
        return assign

    def assign_many(L: list) -> None:
        v = value(L)
        for store in stores:
            store(L, v)
    return assign_many


def _augassign(cx: Compiler, node: A.AugAssign) -> Closure:
    op = INPLACE[node.op]
    value = cx.expr(node.value)
    target = node.target
    if isinstance(target, A.Name):
        from .expressions import load_name
        load = load_name(cx, target, target.id)
        store = store_name(cx, target, target.id)
        i = local_slot(cx, target)
        if i is not None:
            name = target.id
            c = node.value.value if isinstance(node.value, A.Constant) else None
            if node.op in ("+", "-") and type(c) is int:
                delta = c if node.op == "+" else -c

                def aug_local_int(L: list) -> None:
                    v = L[i]
                    if type(v) is int:
                        L[i] = v + delta
                    else:
                        L[i] = op(load(L), c)
                return aug_local_int

            def aug_local(L: list) -> None:
                L[i] = op(load(L), value(L))
            return aug_local

        def aug_name(L: list) -> None:
            store(L, op(load(L), value(L)))
        return aug_name
    if isinstance(target, A.Subscript):
        obj, key = cx.expr(target.value), cx.expr(target.slice)

        def aug_item(L: list) -> None:
            o = obj(L)
            k = key(L)
            o[k] = op(o[k], value(L))
        return aug_item

    def refused(L: list) -> None:
        raise script_error("AttributeError", "attribute assignment is not supported")
    return refused


def _annassign(cx: Compiler, node: A.AnnAssign) -> Closure:
    if node.value is None:
        return lambda L: None
    value = cx.expr(node.value)
    store = store_target(cx, node.target)

    def annassign(L: list) -> None:
        store(L, value(L))
    return annassign


def _delete(cx: Compiler, node: A.Delete) -> Closure:
    parts = tuple(delete_target(cx, t) for t in node.targets)

    def delete(L: list) -> None:
        for p in parts:
            p(L)
    return delete


def _pass(cx: Compiler, node: A.Pass) -> Closure:
    return lambda L: None


def _break(cx: Compiler, node: A.Break) -> Closure:
    return lambda L: BREAK


def _continue(cx: Compiler, node: A.Continue) -> Closure:
    return lambda L: CONTINUE


def _return(cx: Compiler, node: A.Return) -> Closure:
    if node.value is None:
        def return_none(L: list) -> Any:
            L[1] = None
            return RETURN
        return return_none
    value = cx.expr(node.value)

    def return_(L: list) -> Any:
        L[1] = value(L)
        return RETURN
    return return_


def _declaration(cx: Compiler, node: A.Node) -> Closure:
    return lambda L: None


def _if(cx: Compiler, node: A.If) -> Closure:
    # Flatten elif chains so long chains compile without deep recursion.
    branches: list[tuple[Closure, Closure, int]] = []
    orelse: Optional[Closure] = None
    current: A.If = node
    while True:
        branches.append((cx.expr(current.test), block(cx, current.body),
                         expr_cost(current.test)))
        rest = current.orelse
        if len(rest) == 1 and isinstance(rest[0], A.If):
            current = rest[0]
            continue
        orelse = block(cx, rest) if rest else None
        break
    if len(branches) == 1:
        test, body, _ = branches[0]
        if orelse is None:
            def if_(L: list) -> Any:
                if test(L):
                    return body(L)
                return None
            return if_

        def if_else(L: list) -> Any:
            if test(L):
                return body(L)
            return orelse(L)  # type: ignore[misc]
        return if_else
    chain = tuple(branches)

    def if_chain(L: list) -> Any:
        first = True
        for test, body, cost in chain:
            if not first:
                L[0].charge(cost)
            first = False
            if test(L):
                return body(L)
        if orelse is not None:
            return orelse(L)
        return None
    return if_chain


def _while(cx: Compiler, node: A.While) -> Closure:
    test = cx.expr(node.test)
    body = block(cx, node.body, extra_cost=expr_cost(node.test))
    orelse = block(cx, node.orelse) if node.orelse else None

    def while_(L: list) -> Any:
        while test(L):
            r = body(L)
            if r is not None:
                if r is BREAK:
                    return None
                if r is CONTINUE:
                    continue
                return r
        if orelse is not None:
            return orelse(L)
        return None
    return while_


def _for(cx: Compiler, node: A.For) -> Closure:
    iterable = cx.expr(node.iter)
    store = store_target(cx, node.target)
    body = block(cx, node.body, extra_cost=expr_cost(node.target))
    orelse = block(cx, node.orelse) if node.orelse else None
    i = local_slot(cx, node.target)
    if i is not None and orelse is None:
        def for_local(L: list) -> Any:
            for item in iterable(L):
                L[i] = item
                r = body(L)
                if r is not None:
                    if r is BREAK:
                        return None
                    if r is CONTINUE:
                        continue
                    return r
            return None
        return for_local

    def for_(L: list) -> Any:
        for item in iterable(L):
            store(L, item)
            r = body(L)
            if r is not None:
                if r is BREAK:
                    return None
                if r is CONTINUE:
                    continue
                return r
        if orelse is not None:
            return orelse(L)
        return None
    return for_


def _import(cx: Compiler, node: A.Import) -> Closure:
    stores = []
    for alias in node.names:
        if alias.asname is not None:
            bound_name, path = alias.asname, alias.name
        else:
            bound_name, path = alias.name.split(".", 1)[0], alias.name.split(".", 1)[0]
        stores.append((store_name(cx, alias, bound_name), _module(cx, path)))

    def import_(L: list) -> None:
        for store, module in stores:
            store(L, module(L))
    return import_


def _module(cx: Compiler, path: str) -> Closure:
    module = cx.importable.get(path)
    if module is None:
        top = path.split(".", 1)[0]
        module = cx.builtins.get(top) if path == top else None
    if module is None:
        def missing(L: list) -> Any:
            raise script_error("ModuleNotFoundError", f"No module named '{path}'")
        return missing
    return lambda L: module


def _import_from(cx: Compiler, node: A.ImportFrom) -> Closure:
    from .links import get_attr
    path = node.module or ""
    module = _module(cx, path)
    stores = []
    for alias in node.names:
        if alias.name == "*":
            continue
        name = alias.name
        sub = cx.importable.get(f"{path}.{name}")

        def fetch(L: list, name: str = name, sub: Any = sub) -> Any:
            if sub is not None:
                return sub
            m = module(L)
            try:
                return get_attr(m, name)
            except Exception:
                raise script_error("ImportError", f"cannot import name '{name}' from "
                                                  f"'{path}'") from None
        stores.append((store_name(cx, alias, alias.asname or name), fetch))

    def import_from(L: list) -> None:
        for store, fetch in stores:
            store(L, fetch(L))
    return import_from


def _refused(cx: Compiler, node: A.Stmt) -> Closure:
    what = type(node).__name__

    def refused(L: list) -> None:
        raise script_error("SyntaxError", f"{what} is not supported in Dataway")
    return refused


STMT.update({
    A.ExprStmt: _expr_stmt, A.Assign: _assign, A.AugAssign: _augassign,
    A.AnnAssign: _annassign, A.Delete: _delete, A.Pass: _pass, A.Break: _break,
    A.Continue: _continue, A.Return: _return, A.Global: _declaration,
    A.Nonlocal: _declaration, A.If: _if, A.While: _while, A.For: _for, A.Import: _import,
    A.ImportFrom: _import_from, A.ClassDef: _refused, A.With: _refused, A.Unsupported: _refused,
})

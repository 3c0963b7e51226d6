"""Statement sequences: step charging and the position bookkeeping of exceptions.

A block charges its static cost (one step per statement and expression node of its simple
statements and compound-statement headers) with one ``charge`` call on entry, runs its
statements until one returns a signal, and records the position of the statement an exception
crosses first (see ``state.note``). Its ``try`` costs nothing until something is raised.
"""
from __future__ import annotations

from typing import Any, Callable

from ..syntax import ast as A
from .core import Compiler, expr_cost
from .state import note

__all__ = ["block", "stmt_cost"]

Closure = Callable[[list], Any]


def stmt_cost(node: A.Stmt) -> int:
    """Steps charged for ``node`` by its enclosing block (nested blocks charge themselves)."""
    if isinstance(node, A.If):
        return 1 + expr_cost(node.test)
    if isinstance(node, A.While):
        return 1 + expr_cost(node.test)
    if isinstance(node, A.For):
        return 1 + expr_cost(node.iter)
    if isinstance(node, A.Try):
        return 1
    if isinstance(node, A.FunctionDef):
        args = node.args
        return 1 + sum(expr_cost(d) for d in args.defaults) + sum(
            expr_cost(d) for d in args.kw_defaults if d is not None)
    if isinstance(node, A.ClassDef):
        return 1
    total = 1
    for child in node.children():
        total += expr_cost(child)
    return total


def block(cx: Compiler, stmts: tuple[A.Stmt, ...], extra_cost: int = 0) -> Closure:
    """Compile a statement sequence (a non-generator body) into one closure."""
    fns = [cx.stmt(s) for s in stmts]
    cost = extra_cost + sum(stmt_cost(s) for s in stmts)
    positions = {id(fn): (s.line, s.column) for fn, s in zip(fns, stmts)}
    first = (stmts[0].line, stmts[0].column) if stmts else (0, 0)
    if len(fns) == 1:
        s0, = fns
        line, col = first

        def block1(L: list) -> Any:
            run = L[0]
            run.steps += cost
            if run.steps > run.check_at:
                run.flush()
            try:
                return s0(L)
            except BaseException as exc:
                raise note(exc, L[0], line, col)
        return block1
    if len(fns) == 2:
        s0, s1 = fns
        p1 = positions[id(s1)]

        def block2(L: list) -> Any:
            run = L[0]
            run.steps += cost
            if run.steps > run.check_at:
                run.flush()
            try:
                r = s0(L)
            except BaseException as exc:
                raise note(exc, L[0], *first)
            if r is not None:
                return r
            try:
                return s1(L)
            except BaseException as exc:
                raise note(exc, L[0], *p1)
        return block2
    seq = tuple(fns)

    def blockn(L: list) -> Any:
        run = L[0]
        run.steps += cost
        if run.steps > run.check_at:
            run.flush()
        s = None
        try:
            for s in seq:
                r = s(L)
                if r is not None:
                    return r
        except BaseException as exc:
            raise note(exc, L[0], *positions.get(id(s), first))
        return None
    return blockn

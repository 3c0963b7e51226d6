"""``def`` statements and ``lambda`` expressions.

The body compiles once into a :class:`FunctionCode`; the definition's closure evaluates the
defaults (at definition time, as CPython), collects the closure cells from the defining frame
and builds a :class:`ScriptFunction`.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..checker.scopes import Scope
from ..syntax import ast as A
from .blocks import block
from .core import EXPR, STMT, Compiler
from .functions import FunctionCode, ScriptFunction
from .state import SLOT0
from .targets import store_name

__all__ = ["qualname", "function_code", "closure_getter"]

Closure = Callable[[list], Any]


def qualname(scope: Scope) -> str:
    """CPython's ``__qualname__`` for the function or comprehension of ``scope``."""
    parts = [scope.name]
    outer = scope.parent
    while outer is not None and outer.kind != "module":
        parts.append("<locals>")
        parts.append(outer.name)
        outer = outer.parent
    return ".".join(reversed(parts))


def function_code(cx: Compiler, node: A.Node, scope: Scope, body: Closure) -> FunctionCode:
    """The FunctionCode of a def/lambda/comprehension scope with its compiled ``body``."""
    args: A.Arguments = getattr(node, "args", None) or A.Arguments()
    positional = list(args.posonlyargs) + list(args.args)
    npos = len(positional)
    kwonly = tuple(a.arg for a in args.kwonlyargs)
    nfixed = npos + len(kwonly)
    vararg = SLOT0 + nfixed if args.vararg is not None else None
    kwarg = SLOT0 + nfixed + (1 if args.vararg is not None else 0) \
        if args.kwarg is not None else None
    params = set(scope.params)
    cell_params = tuple(SLOT0 + scope.slots[n] for n in scope.cells if n in params)
    new_cells = tuple(SLOT0 + scope.slots[n] for n in scope.cells if n not in params)
    free_slots = tuple(SLOT0 + scope.slots[n] for n in scope.free)
    return FunctionCode(name=scope.name, qualname=qualname(scope), script=cx.script,
                        nslots=len(scope.slots), params=tuple(a.arg for a in positional),
                        npos=npos, kwonly=kwonly, vararg=vararg, kwarg=kwarg,
                        cell_params=tuple(sorted(cell_params)),
                        new_cells=tuple(sorted(new_cells)), free_slots=free_slots, body=body,
                        is_generator=scope.is_generator)


def closure_getter(cx: Compiler, inner: Scope) -> Callable[[list], tuple]:
    """A closure collecting, from the defining frame, the cells ``inner`` uses."""
    outer = cx.scope
    indexes = tuple(SLOT0 + outer.slots[name] for name in inner.free)
    if not indexes:
        return lambda L: ()
    return lambda L: tuple([L[i] for i in indexes])


def _defaults(cx: Compiler, args: A.Arguments) -> tuple[Callable, Callable]:
    defaults = tuple(cx.expr(d) for d in args.defaults)
    kw = tuple((a.arg, cx.expr(d)) for a, d in zip(args.kwonlyargs, args.kw_defaults)
               if d is not None)
    get_defaults = (lambda L: tuple([d(L) for d in defaults])) if defaults else (lambda L: ())
    get_kw = (lambda L: {name: d(L) for name, d in kw}) if kw else (lambda L: {})
    return get_defaults, get_kw


def _function_body(cx: Compiler, node: A.Node, scope: Scope) -> Closure:
    if scope.is_generator:
        from .generators import gen_block
        with cx.in_scope(scope, True, scope.name):
            if isinstance(node, A.Lambda):
                return gen_block(cx, (A.ExprStmt(value=node.body, line=node.body.line,
                                                  column=node.body.column,
                                                  end_line=node.body.end_line,
                                                  end_column=node.body.end_column),))
            return gen_block(cx, node.body)  # type: ignore[attr-defined]
    with cx.in_scope(scope, False, scope.name):
        if isinstance(node, A.Lambda):
            return _lambda_body(cx, node.body, 0)
        body = node.body  # type: ignore[attr-defined]
        if len(body) == 1 and isinstance(body[0], A.Return) and body[0].value is not None:
            # ``def f(...): return expr``: one closure instead of block + return statement.
            ret = body[0]
            saved = cx.stmt_line
            cx.stmt_line = ret.line if ret.end_line > ret.line else None
            try:
                return _lambda_body(cx, ret.value, 1, ret)
            finally:
                cx.stmt_line = saved
        return block(cx, body)


def _lambda_body(cx: Compiler, expr: A.Expr, extra: int, at: Optional[A.Node] = None
                 ) -> Closure:
    """A body that evaluates one expression as the return value."""
    from .core import expr_cost
    from .state import note
    value = cx.expr(expr)
    cost = expr_cost(expr) + extra
    where = at or expr
    line, col = where.line, where.column

    def lambda_body(L: list) -> None:
        run = L[0]
        run.steps += cost
        if run.steps > run.check_at:
            run.flush()
        try:
            L[1] = value(L)
        except BaseException as exc:
            raise note(exc, run, line, col)
    return lambda_body


def _make_function(cx: Compiler, node: A.Node) -> Closure:
    cx.recursive = True
    scope = cx.res.scopes[node]
    code = function_code(cx, node, scope, _function_body(cx, node, scope))
    get_defaults, get_kw = _defaults(cx, node.args)  # type: ignore[attr-defined]
    get_closure = closure_getter(cx, scope)

    def make(L: list) -> ScriptFunction:
        return ScriptFunction(code, L[0], get_defaults(L), get_kw(L), get_closure(L))
    return make


def _def(cx: Compiler, node: A.FunctionDef) -> Closure:
    make = _make_function(cx, node)
    store = store_name(cx, node, node.name)

    def def_(L: list) -> None:
        store(L, make(L))
    return def_


EXPR[A.Lambda] = _make_function
STMT[A.FunctionDef] = _def

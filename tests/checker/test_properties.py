"""Properties of the checker as a whole: it never raises, orders its output, survives long
chains without host recursion, and agrees with the compiler's resolver on every name."""
from __future__ import annotations

import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from dataway.checker import check_tree
from dataway.checker.names import resolve as lint_resolve
from dataway.checker.symbols import build_scopes
from dataway.diagnostics import CODES
from dataway.syntax import ast as A
from tests.checker.helpers import check, codes
from tests.support.pyast import from_source

# ---- generated trees ----------------------------------------------------------------------

_IDS = st.sampled_from(["x", "y", "msg", "steps", "json", "eval", "__x", "_y", "dw_process",
                        "len", "getattr", "print", "urllib", "f"])
_CTX = st.sampled_from(["load", "store", "del"])
_POS = st.fixed_dictionaries({"line": st.integers(0, 5), "column": st.integers(0, 9),
                              "end_line": st.integers(0, 5), "end_column": st.integers(0, 12)})
_CONSTS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8),
                    st.sampled_from(["{0.__class__}", "_x", "{", 1j, b"x", Ellipsis]))


def _node(cls, **fields):
    return st.builds(lambda pos, **kw: cls(**pos, **kw), _POS, **fields)


def _tuple(strategy, max_size=3):
    return st.lists(strategy, max_size=max_size).map(tuple)


_ARG = _node(A.Arg, arg=_IDS)
_ARGS = _node(A.Arguments, posonlyargs=_tuple(_ARG, 1), args=_tuple(_ARG),
              vararg=st.none() | _ARG, kwonlyargs=_tuple(_ARG, 2), kwarg=st.none() | _ARG,
              bare_star=st.booleans())


def _extend(e):
    comp = _node(A.Comprehension, target=e, iter=e, ifs=_tuple(e, 1), is_async=st.booleans())
    return st.one_of(
        _node(A.BinOp, left=e, op=st.just("+"), right=e),
        _node(A.Attribute, value=e, attr=_IDS, ctx=_CTX),
        _node(A.Subscript, value=e, slice=e, ctx=_CTX),
        _node(A.Call, func=e, args=_tuple(e | _node(A.Starred, value=e)),
              keywords=_tuple(_node(A.Keyword, arg=st.none() | _IDS, value=e))),
        _node(A.Lambda, args=_ARGS, body=e),
        _node(A.ListComp, elt=e, generators=_tuple(comp, 2)),
        _node(A.DictComp, key=e, value=e, generators=_tuple(comp, 2)),
        _node(A.Tuple, elts=_tuple(e), ctx=_CTX),
        _node(A.Yield, value=st.none() | e),
        _node(A.NamedExpr, target=e, value=e),
        _node(A.Await, value=e),
        _node(A.Dict, keys=_tuple(st.none() | e), values=_tuple(e)),
        _node(A.JoinedStr, values=_tuple(_node(A.FormattedValue, value=e))),
    )


EXPRS = st.recursive(_node(A.Name, id=_IDS, ctx=_CTX) | _node(A.Constant, value=_CONSTS),
                     _extend, max_leaves=12)
_ALIAS = _node(A.Alias, name=st.sampled_from(["json", "os", "*", "urllib.parse", "nope"]),
               asname=st.none() | _IDS)


def _stmts(s):
    body = _tuple(s)
    return st.one_of(
        _node(A.If, test=EXPRS, body=body, orelse=body),
        _node(A.While, test=EXPRS, body=body, orelse=body),
        _node(A.For, target=EXPRS, iter=EXPRS, body=body, orelse=body, is_async=st.booleans()),
        _node(A.Try, body=body, handlers=_tuple(_node(A.ExceptHandler, type=st.none() | EXPRS,
                                                      name=st.none() | _IDS, body=body), 2),
              orelse=body, finalbody=body, is_star=st.booleans()),
        _node(A.FunctionDef, name=_IDS, args=_ARGS, body=body, decorator_list=_tuple(EXPRS, 1),
              is_async=st.booleans()),
        _node(A.ClassDef, name=_IDS, bases=_tuple(EXPRS, 1), body=body),
        _node(A.With, items=_tuple(_node(A.WithItem, context_expr=EXPRS,
                                         optional_vars=st.none() | EXPRS), 2), body=body),
    )


_SIMPLE = st.one_of(
    _node(A.ExprStmt, value=EXPRS), _node(A.Assign, targets=_tuple(EXPRS, 2), value=EXPRS),
    _node(A.AugAssign, target=EXPRS, op=st.just("+"), value=EXPRS),
    _node(A.AnnAssign, target=EXPRS, annotation=EXPRS, value=st.none() | EXPRS),
    _node(A.Delete, targets=_tuple(EXPRS, 2)), _node(A.Return, value=st.none() | EXPRS),
    _node(A.Raise, exc=st.none() | EXPRS), _node(A.Break), _node(A.Continue), _node(A.Pass),
    _node(A.Global, names=_tuple(_IDS)), _node(A.Nonlocal, names=_tuple(_IDS)),
    _node(A.Import, names=_tuple(_ALIAS)),
    _node(A.ImportFrom, module=st.none() | st.sampled_from(["json", "os", "urllib"]),
          names=_tuple(_ALIAS), level=st.integers(0, 2)),
    _node(A.Unsupported, construct=st.just("match statement")),
)
STMTS = st.recursive(_SIMPLE, _stmts, max_leaves=10)
ROOTS = st.one_of(
    _node(A.Module, body=_tuple(STMTS, 4)),
    _node(A.Expression, body=EXPRS),
    _node(A.Template, parts=_tuple(_node(A.TemplateText, value=st.text(max_size=5))
                                   | _node(A.TemplateExpr, body=EXPRS))),
)


def _sane(diags) -> None:
    keys = [(d.line, d.column, d.code) for d in diags]
    assert keys == sorted(keys)
    for d in diags:
        assert d.code in CODES and d.severity == CODES[d.code].severity
        assert isinstance(d.message, str) and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROOTS, st.sampled_from(["code", "expression", "text"]),
       st.sampled_from(["any", "int", "nope"]))
def test_never_raises_on_generated_trees(tree, mode, output_type):
    _sane(check_tree(tree, mode, "", output_type=output_type))


_LINES = ["x = 1", "return x", "yield y", "import os", "from json import *",
          "class A: pass", "global steps", "for i in y: break", "nonlocal q",
          "f = lambda: (yield)", "getattr(x, '_a')", "msg.vars['a'] = 1", "del msg.attrs['b']",
          "f(1, 2, k=3)", "def f(a, b=1): return a", "try: pass\nexcept E as e: continue",
          "json.nope", "print(file=1)", "[z for z in q if z]", "x += 1", "if x: y = 2",
          "while 1: continue", "with a as b: pass", "async def g(): await h",
          "from . import j", "steps = 0", "del x", "x.y = 2", "raise", "@d\ndef h(): pass"]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), st.sampled_from(_LINES)), min_size=1, max_size=10))
def test_never_raises_on_generated_sources(lines):
    out = []
    for inside, line in lines:
        if inside:
            out.append("def dw_process(msg):")
        out.extend(("    " if inside else "") + part for part in line.split("\n"))
    source = "\n".join(out) + "\n"
    try:
        tree = from_source(source)
    except SyntaxError:
        assume(False)
    _sane(check_tree(tree, "code", source))


# ---- long chains ------------------------------------------------------------------------

def _pos(col: int = 1) -> dict:
    return {"line": 1, "column": col, "end_line": 1, "end_column": col + 1}


@pytest.mark.parametrize("kind", ["binop", "attribute", "call", "subscript", "boolop"])
def test_long_chains_cost_no_host_recursion(kind):
    n = 3 * sys.getrecursionlimit()
    expr: A.Expr = A.Name(id="msg", **_pos())
    for i in range(n):
        if kind == "binop":
            expr = A.BinOp(left=expr, op="+", right=A.Name(id="undefined_x", **_pos()), **_pos())
        elif kind == "attribute":
            expr = A.Attribute(value=expr, attr="_a" if i == n - 1 else "payload", **_pos())
        elif kind == "call":
            expr = A.Call(func=expr, args=(A.Constant(value=1, **_pos()),), **_pos())
        elif kind == "subscript":
            expr = A.Subscript(value=expr, slice=A.Constant(value=i, **_pos()), **_pos())
        else:
            expr = A.BoolOp(op="and", values=(expr, A.Name(id="json", **_pos())), **_pos())
    diags = check_tree(A.Expression(body=expr, **_pos()), "expression", "")
    _sane(diags)
    if kind == "binop":
        assert "DW201" in codes(diags)
    if kind == "attribute":
        assert codes(diags) == ["DW502"]
    body = (A.Return(value=expr, **_pos()),)
    fn = A.FunctionDef(name="dw_process", args=A.Arguments(args=(A.Arg(arg="msg", **_pos()),)),
                       body=body, **_pos())
    _sane(check_tree(A.Module(body=(fn,)), "code", ""))


# ---- ordering and the resolver -----------------------------------------------------------

def test_output_is_ordered_by_position_then_code():
    diags = check("import os\nclass A: pass\nx.__y = eval\n")
    assert [(d.line, d.code) for d in diags] == [
        (1, "DW210"), (1, "DW501"), (2, "DW301"), (3, "DW201"), (3, "DW310"), (3, "DW502"),
        (3, "DW504")]


CORPUS = [
    "x = 1\ndef f():\n    return x\n",
    "def f(a, *b, c=1, **d):\n    e = a\n    return lambda: (a, e, b, c, d)\n",
    "def f():\n    y = 1\n    def g():\n        nonlocal y\n        y += 1\n        return y\n"
    "    return g\n",
    "def f():\n    global z\n    z = 1\n    def g():\n        return z\n    return g\n",
    "def f(xs):\n    return [x * k for x in xs for k in range(x) if x]\n",
    "def f(xs):\n    n = 2\n    return {x: n for x in xs}, (y + n for y in xs)\n",
    "def f():\n    try:\n        pass\n    except E as e:\n        return e\n",
    "def f():\n    import json\n    from urllib import parse as p\n    return json, p, q\n",
    "def f():\n    def g():\n        return h()\n    def h():\n        return g\n    return g\n",
    "def f(a):\n    return [lambda: a + b for b in a]\n",
]


@pytest.mark.parametrize("source", CORPUS)
def test_lint_scopes_agree_with_the_compiler_resolver(source):
    scopes = pytest.importorskip("dataway.checker.scopes")
    tree = from_source(source)
    resolution = scopes.resolve(tree)
    root = build_scopes(tree)
    local_kinds = {scopes.RefKind.LOCAL, scopes.RefKind.CELL, scopes.RefKind.FREE}
    checked = 0
    for scope in root.walk():
        for use in scope.uses:
            ref = resolution.refs.get(use.node)
            if ref is None:
                continue
            mine = lint_resolve(scope, use.name) is not None
            assert mine == (ref.kind in local_kinds), (use.name, use.node.line, ref.kind)
            checked += 1
    assert checked

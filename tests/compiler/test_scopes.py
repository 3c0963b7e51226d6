"""The resolver against CPython's own symbol tables (``symtable``) and by example."""
from __future__ import annotations

import symtable

import pytest

from dataway.checker.scopes import RefKind, resolve
from dataway.syntax import ast as A
from tests.support.pyast import from_source

CORPUS = [
    "x = 1\ndef f():\n    return x\n",
    "def f(a, *b, c=1, **d):\n    e = a\n    return lambda: (a, e, b)\n",
    "def f():\n    y = 1\n    def g():\n        nonlocal y\n        y += 1\n        return y\n    return g\n",
    "def f():\n    global z\n    z = 1\n    def g():\n        return z\n",
    "def f(xs):\n    return [x * k for x in xs for k in range(x) if x]\n",
    "def f(xs):\n    n = 2\n    return {x: n for x in xs}, (y + n for y in xs)\n",
    "def f():\n    try:\n        pass\n    except E as e:\n        return e\n",
    "def f():\n    import json\n    from urllib import parse as p\n    return json, p\n",
    "def f():\n    a = 1\n    def g():\n        def h():\n            return a\n        return h\n    return g\n",
    "def f():\n    x: int\n    return x\n",
    "def f():\n    for i, (j, *k) in q:\n        del i\n    return j\n",
    "def f():\n    a = 1\n    def g():\n        a = 2\n        return [lambda: a for _ in range(3)]\n",
]


def _cpython_tables(src: str) -> dict[tuple[str, int], tuple[set, set]]:
    out = {}
    stack = [symtable.symtable(src, "<s>", "exec")]
    while stack:
        t = stack.pop()
        stack.extend(t.get_children())
        if t.get_type() == "function":
            locals_ = {s.get_name() for s in t.get_symbols() if s.is_local()} - {".0"}
            frees = {s.get_name() for s in t.get_symbols() if s.is_free()}
            out[(t.get_name(), t.get_lineno())] = (locals_, frees)
    return out


def _ours(src: str) -> dict[tuple[str, int], tuple[set, set]]:
    res = resolve(from_source(src))
    out = {}
    for scope in res.scopes.values():
        if scope.kind == "module":
            continue
        name = scope.name.strip("<>")
        out[(name, scope.node.line)] = (set(scope.locals), set(scope.free))
    return out


@pytest.mark.parametrize("src", CORPUS)
def test_locals_and_frees_match_cpython(src: str) -> None:
    assert _ours(src) == _cpython_tables(src)


def test_refs_per_name() -> None:
    tree = from_source("import json\ndef f(a):\n    return a + json.x + len + q\n")
    res = resolve(tree, builtins={"len"})
    kinds = {n.id: res.ref(n).kind for n in A.walk(tree) if isinstance(n, A.Name)}
    assert kinds == {"a": RefKind.LOCAL, "json": RefKind.GLOBAL, "len": RefKind.BUILTIN,
                     "q": RefKind.UNDEFINED}


def test_problems_are_reported_not_raised() -> None:
    res = resolve(from_source("nonlocal a\ndef f():\n    nonlocal b\ndef g(p):\n    global p\n"))
    assert {(p.kind, p.name) for p in res.problems} == {
        ("nonlocal-at-module", "a"), ("nonlocal-unbound", "b"), ("parameter-global", "p")}


def test_long_chain_has_no_host_recursion() -> None:
    tree = A.Expression(body=A.BoolOp(op="and", values=tuple(
        A.Name(id=f"v{i % 7}") for i in range(50_000))))
    left: A.Expr = A.Name(id="a")
    for _ in range(50_000):
        left = A.BinOp(left=left, op="+", right=A.Name(id="b"))
    resolve(tree)
    res = resolve(A.Expression(body=left), predefined={"a"})
    assert res.module_globals == frozenset({"a"})

"""The checker's fast traversal gives exactly what ``Node.children()`` and ``ast.walk`` give.

``treewalk.children`` skips fields by their annotation and trusts tuple fields to hold nodes;
this compares it with the generic definition on every node of the conformance corpus (and the
benchmark script), inside and outside :func:`indexed`.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from dataway.checker.treewalk import children, indexed, select, walk
from dataway.syntax import ast as A
from dataway.syntax.parser import parse

CORPUS = Path(__file__).resolve().parents[1] / "conformance"
SCRIPTS = sorted(CORPUS.rglob("*.dw")) if CORPUS.is_dir() else []

EXTRA = '''
def f(a, *args, b=1, c, **kw):
    d = {**kw, 'x': 1}
    g = lambda y=2, *, z=None: y
    s = x[1:2:3], x[::], {1, 2}
    del s
    return [i async for i in a] if a else (yield from b)
'''


def _trees():
    for path in SCRIPTS:
        text = path.read_text(encoding="utf-8")
        for mode in ("code", "expression", "text"):
            tree = parse(text, mode).tree
            if tree is not None:
                yield tree
    tree = parse(EXTRA).tree
    if tree is not None:
        yield tree


def _same(a, b):
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def test_children_match_node_children():
    count = 0
    for tree in _trees():
        for node in A.walk(tree):
            assert _same(children(node), list(node.children())), type(node).__name__
            count += 1
    assert count > 0


def test_indexed_matches_walk_and_children():
    for tree in _trees():
        with indexed(tree) as nodes:
            assert _same(nodes, list(A.walk(tree)))
            assert _same(list(walk(tree)), nodes)
            for node in nodes:
                assert _same(children(node), list(node.children()))


@pytest.mark.parametrize("lines", [50])
def test_benchmark_script(lines):
    from tests.bench.workloads import w4_script

    tree = parse(w4_script(lines)).tree
    with indexed(tree) as nodes:
        for node in nodes:
            assert _same(children(node), list(node.children()))


def test_select_is_an_isinstance_filter():
    kinds = [A.Call, (A.Assign, A.Delete, A.AugAssign, A.AnnAssign, A.Call), A.Expr, A.Stmt,
             (A.Import, A.ImportFrom), A.Node]
    for tree in _trees():
        nodes = list(A.walk(tree))
        for classes in kinds:
            assert _same(select(nodes, classes), [n for n in nodes if isinstance(n, classes)])

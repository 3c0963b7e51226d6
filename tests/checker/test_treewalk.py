"""The fast traversal gives exactly what the generic definition of children gives.

``Node.children()`` and ``treewalk.children`` skip fields by their annotation and trust tuple
fields to hold nodes; this compares them with the generic definition (every dataclass field's
value tested: a node, or the nodes in a tuple) on every node of the conformance corpus (and the
benchmark script), inside and outside :func:`indexed`.
"""
from __future__ import annotations

from dataclasses import fields
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


def generic_children(node: A.Node) -> list[A.Node]:
    """The reference definition: every non-position field, nodes and tuples of nodes."""
    out: list[A.Node] = []
    for f in fields(node):
        if f.name in ("line", "column", "end_line", "end_column"):
            continue
        value = getattr(node, f.name)
        if isinstance(value, A.Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(item for item in value if isinstance(item, A.Node))
    return out


def _same(a, b):
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def test_children_match_node_children():
    count = 0
    for tree in _trees():
        for node in A.walk(tree):
            assert _same(children(node), generic_children(node)), type(node).__name__
            assert _same(list(node.children()), generic_children(node)), type(node).__name__
            count += 1
    assert count > 0


def test_indexed_matches_walk_and_children():
    for tree in _trees():
        with indexed(tree) as nodes:
            assert _same(nodes, list(A.walk(tree)))
            assert _same(list(walk(tree)), nodes)
            for node in nodes:
                assert _same(children(node), generic_children(node))


@pytest.mark.parametrize("lines", [50])
def test_benchmark_script(lines):
    from tests.bench.workloads import w4_script

    tree = parse(w4_script(lines)).tree
    with indexed(tree) as nodes:
        for node in nodes:
            assert _same(children(node), generic_children(node))


def test_select_is_an_isinstance_filter():
    kinds = [A.Call, (A.Assign, A.Delete, A.AugAssign, A.AnnAssign, A.Call), A.Expr, A.Stmt,
             (A.Import, A.ImportFrom), A.Node]
    for tree in _trees():
        nodes = list(A.walk(tree))
        for classes in kinds:
            assert _same(select(nodes, classes), [n for n in nodes if isinstance(n, classes)])

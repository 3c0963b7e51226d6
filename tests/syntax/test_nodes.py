"""The positional node factories build exactly what the dataclass constructors build."""
from __future__ import annotations

from dataclasses import fields

import pytest

from dataway.syntax import ast, nodes


@pytest.mark.parametrize("name", [n for n in nodes.__all__ if n.isupper()])
def test_factory_matches_constructor(name: str) -> None:
    """Factory matches constructor."""
    make = getattr(nodes, name)
    cls = type(make(*range(len(fields(_class_of(make))))))
    values = {f.name: f"v-{f.name}" for f in fields(cls)}
    fast = make(*values.values())
    slow = cls(**values)
    for f in fields(cls):
        assert getattr(fast, f.name) == getattr(slow, f.name)
    with pytest.raises(Exception):
        fast.line = 5  # still frozen


def _class_of(make) -> type:
    return make.__defaults__[-1] if make.__defaults__ else make.__closure__[-1].cell_contents


def test_generic_arity_factory() -> None:
    """Generic arity factory."""
    make = nodes.factory(ast.FunctionDef)  # more fields than the unrolled arities
    node = make(1, 2, 3, 4, "f", None, (), (), None, False)
    assert (node.name, node.line, node.end_column, node.is_async) == ("f", 1, 4, False)

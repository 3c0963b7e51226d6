"""Fast, iterative traversal for the checker's passes.

``Node.children()`` asks ``dataclasses.fields`` on every call, which dominates the checker's time
on large scripts; here the child-carrying field names are computed once per node class.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Iterator

from dataway.syntax import ast as A

__all__ = ["children", "walk"]

_POSITIONS = frozenset({"line", "column", "end_line", "end_column"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = tuple(f.name for f in fields(cls) if f.name not in _POSITIONS)
        _FIELDS[cls] = names
    return names


def children(node: A.Node) -> list[A.Node]:
    """The direct child nodes of ``node`` in source order (same as ``node.children()``)."""
    out: list[A.Node] = []
    for name in _child_fields(type(node)):
        value = getattr(node, name)
        if isinstance(value, A.Node):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(item for item in value if isinstance(item, A.Node))
    return out


def walk(node: A.Node) -> Iterator[A.Node]:
    """``node`` and its descendants, pre-order, without recursion (same order as ``ast.walk``)."""
    stack = [node]
    pop = stack.pop
    extend = stack.extend
    while stack:
        current = pop()
        yield current
        kids = children(current)
        kids.reverse()
        extend(kids)

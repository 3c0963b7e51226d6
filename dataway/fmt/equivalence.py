"""Do two syntax trees mean the same? Structural equality ignoring source positions."""
from __future__ import annotations

from dataclasses import fields
from typing import Any

from dataway.syntax import ast

__all__ = ["same_tree", "first_difference"]

_POSITIONS = frozenset({"line", "column", "end_line", "end_column"})


def first_difference(a: Any, b: Any, path: str = "tree") -> str | None:
    """Where ``a`` and ``b`` first differ (a field path), or None when they are equivalent.

    Literal values compare by type and ``repr``, so ``1``/``1.0``/``True`` and ``0.0``/``-0.0``
    differ and NaN equals NaN.
    """
    if isinstance(a, ast.Node) or isinstance(b, ast.Node):
        if type(a) is not type(b):
            return f"{path}: {type(a).__name__} != {type(b).__name__}"
        for f in fields(a):
            if f.name in _POSITIONS:
                continue
            found = first_difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
            if found:
                return found
        return None
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    if type(a) is not type(b) or repr(a) != repr(b):
        return f"{path}: {a!r} != {b!r}"
    return None


def same_tree(a: Any, b: Any) -> bool:
    """True when the trees are equal except for positions."""
    return first_difference(a, b) is None

"""Fast JSON writing of *plain* trees: the common case handed to C encoders.

A tree is plain when its containers are exactly dict, list, tuple or MultiMap and its leaves
exactly str, int, float, bool or None. For those, CPython's C encoder writes byte for byte what
the §8.4 writer would (MultiMaps through a ``default`` hook as dicts with repeated keys as
lists, the §8.4 rule), and
orjson does too unless a float needs an exponent below 1e-4 (orjson writes ``1e-5`` as
``0.00001``), a key is not a str, or an int exceeds 64 bits — which orjson refuses, so the
caller falls back to the C encoder.

The scan is breadth-first over containers only, so nesting never becomes host recursion; it
stops at the depth bound (the caller's general writer then reports it) and counts elements,
refusing trees with more elements than the output may have bytes: every element writes at
least one byte, and shared references (``l = [l, l]`` sixty times) would otherwise make the
walk exponential.
"""
from __future__ import annotations

import codecs
from typing import Any, Optional

import orjson

from ...runtime.context import LimitExceeded
from ..multimap import MultiMap
from ..tree import active_limits

__all__ = ["plain_form", "entity_tree", "entity_class", "orjson_exact", "multimap_dict"]

_INF = float("inf")
_CONTAINERS = (dict, list, tuple, MultiMap)


def plain_form(value: Any, depth_limit: int, size_limit: int) -> Optional[tuple[Any, bool]]:
    """``(tree, orjson_safe)`` when ``value`` is plain, else None (other types, too deep):
    the general writer must handle it. Write the tree with ``default=multimap_dict``."""
    if type(value) not in _CONTAINERS:
        return None
    orjson_safe = True
    level = [value]
    depth = 1
    count = 0
    while level:
        if depth > depth_limit:
            return None
        following: list[Any] = []
        push = following.append
        for node in level:
            kind = type(node)
            if kind is dict:
                for key in node:
                    if type(key) is not str:
                        if key is not None and type(key) not in (int, float, bool):
                            return None
                        orjson_safe = False
                items: Any = node.values()
            elif kind is list or kind is tuple:
                items = node
            else:
                items = node.values()
            count += len(items)
            if count > size_limit:
                raise LimitExceeded("value_size", size_limit)
            for item in items:
                item_kind = type(item)
                if item_kind is str or item_kind is int or item_kind is bool or item is None:
                    continue
                if item_kind is float:
                    if not (item == 0.0 or 1e-4 <= abs(item) < _INF):
                        orjson_safe = False  # exponent form, NaN or infinity
                    continue
                if item_kind in _CONTAINERS:
                    push(item)
                    continue
                return None
        level = following
        depth += 1
    return value, orjson_safe


_ENTITY: list[Any] = []


def entity_class() -> type:
    """The Entity class, imported on first use (the entity module imports the formats)."""
    if not _ENTITY:
        from ..entity import Entity

        _ENTITY.append(Entity)
    return _ENTITY[0]


def entity_tree(value: Any) -> Optional[tuple[Any, bool]]:
    """``(plain tree, may hold floats)`` of an Entity whose parsed value is plain by
    construction (MultiMaps included), else None.

    A JSON Entity's parsed value holds only JSON types (no NaN: the reader refuses the
    constants) nested within ``value_depth``; an XML Entity's holds MultiMaps of str/None. Both
    are cached by the Entity and never handed to scripts uncopied, so they cannot have changed:
    writing them needs no scan, which is what makes Entity-to-Entity conversion (``dataway
    convert``, ``Entity.from_value(entity, mime)``) run at the C writers' speed."""
    if type(value) is not entity_class():
        return None
    name = value.format.name
    if name == "json":
        tree = value.parsed()
        return (tree, True) if type(tree) in _CONTAINERS else None
    if name == "xml":
        if not value.is_parsed() and codecs.lookup(value.encoding).name == "utf-8":
            from .xml_tree import json_tree  # lxml: only XML work pays for importing it

            tree = json_tree(value.blob, active_limits().value_depth)
            if tree is not None:
                return tree, False
        return value.parsed(), False
    return None


def multimap_dict(value: Any) -> Any:
    """The ``default`` hook of the C writers: a MultiMap as its §8.4 dict."""
    if type(value) is MultiMap:
        return value.to_dict()
    raise TypeError  # anything else is not plain: orjson reports, the caller falls back


def orjson_exact(tree: Any, may_hold_floats: bool) -> Optional[bytes]:
    """orjson's bytes for a plain tree when they are exactly the §8.4 writer's, else None.

    MultiMaps are written through ``to_dict()`` (the §8.4 rule) from orjson's ``default``
    hook, so the traversal stays in C."""
    try:
        out = orjson.dumps(tree, default=multimap_dict)
    except orjson.JSONEncodeError:
        return None  # ints beyond 64 bits, lone surrogates, non-str keys, orjson's depth bound
    # orjson writes floats below 1e-4 without Python's exponent form ('0.00001', '1e-7').
    if may_hold_floats and (b"e-" in out or b"0.0000" in out):
        return None
    return out

"""Walking parsed data without host recursion: private copies and depth checks.

Parsed Entity values are trees of dict, list and MultiMap with scalar leaves (FormDataParts
copy themselves). Selector results must be fresh copies (spec §8.1), and every walk must work
on values nested ``value_depth`` deep without a host RecursionError, so these helpers use an
explicit stack.
"""
from __future__ import annotations

from typing import Any

from ..limits import Limits
from ..runtime.context import LimitExceeded, current
from ..runtime.values import DWObject
from .multimap import MultiMap

__all__ = ["copy_tree", "check_depth", "active_limits", "decode_text"]


def active_limits(limits: Limits | None = None) -> Limits:
    """``limits`` or those of the evaluation running on this thread."""
    return limits if limits is not None else current().limits


def _shallow(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return value.copy()
    if kind is list:
        return value[:]
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return MultiMap.from_pairs(value._pairs, value.ignore_case)


def _copy_leaf(value: Any) -> Any:
    copier = getattr(value, "copy_parts", None)
    return copier() if copier is not None else value


def copy_tree(value: Any) -> Any:
    """A deep copy of a parsed value (containers are new, scalars and Entities shared).

    Each container is first copied shallowly at C speed; only its container children are
    then replaced by their own copies.
    """
    containers = (dict, list, MultiMap)
    if not isinstance(value, containers):
        return _copy_leaf(value)
    root = _shallow(value)
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, item in node.items():
                if isinstance(item, containers):
                    node[key] = copied = _shallow(item)
                    stack.append(copied)
                elif isinstance(item, DWObject) and hasattr(item, "copy_parts"):
                    node[key] = item.copy_parts()
        elif isinstance(node, list):
            for index, item in enumerate(node):
                if isinstance(item, containers):
                    node[index] = copied = _shallow(item)
                    stack.append(copied)
                elif isinstance(item, DWObject) and hasattr(item, "copy_parts"):
                    node[index] = item.copy_parts()
        else:
            pairs = node._pairs
            for index, (key, item) in enumerate(pairs):
                if isinstance(item, containers):
                    copied = _shallow(item)
                    pairs[index] = (key, copied)
                    stack.append(copied)
                elif isinstance(item, DWObject) and hasattr(item, "copy_parts"):
                    pairs[index] = (key, item.copy_parts())
    return root


def check_depth(value: Any, limit: int) -> None:
    """Raise LimitExceeded('value_depth') when containers nest deeper than ``limit``.

    Breadth-first by levels with exact type tests: this runs over every parsed JSON document
    larger than ``limit`` brackets, so it must cost little per element."""
    level = [value] if type(value) in _NESTING else []
    depth = 1
    while level:
        if depth > limit:
            raise LimitExceeded("value_depth", limit)
        following: list[Any] = []
        extend = following.extend
        for node in level:
            children = node.values() if type(node) is not list else node
            extend([child for child in children if type(child) in _NESTING])
        level = following
        depth += 1


_NESTING = frozenset({dict, list, MultiMap})


def decode_text(blob: bytes, encoding: str) -> str:
    """Strictly decode ``blob``; a leading BOM is dropped. Failures name the byte offset."""
    from .errors import FormatError

    try:
        text = blob.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FormatError(f"invalid {encoding} data at byte {exc.start}: {exc.reason}") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text

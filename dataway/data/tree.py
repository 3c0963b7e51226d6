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
from .multimap import MultiMap

__all__ = ["copy_tree", "check_depth", "active_limits", "decode_text"]


def active_limits(limits: Limits | None = None) -> Limits:
    """``limits`` or those of the evaluation running on this thread."""
    return limits if limits is not None else current().limits


def _shell(value: Any) -> Any:
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    return MultiMap.from_pairs((), value.ignore_case)


def copy_tree(value: Any) -> Any:
    """A deep copy of a parsed value (containers are new, scalars and Entities shared)."""
    if not isinstance(value, (dict, list, MultiMap)):
        copier = getattr(value, "copy_parts", None)
        return copier() if copier is not None else value
    root = _shell(value)
    stack = [(value, root)]
    containers = (dict, list, MultiMap)
    while stack:
        src, dst = stack.pop()
        if isinstance(src, dict):
            items: Any = src.items()
        elif isinstance(src, list):
            items = enumerate(src)
        else:
            items = src.items()
        for key, item in items:
            if isinstance(item, containers):
                item_copy = _shell(item)
                stack.append((item, item_copy))
            else:
                copier = getattr(item, "copy_parts", None)
                item_copy = copier() if copier is not None else item
            if isinstance(dst, dict):
                dst[key] = item_copy
            elif isinstance(dst, list):
                dst.append(item_copy)
            else:
                dst._pairs.append((key, item_copy))
    return root


def check_depth(value: Any, limit: int) -> None:
    """Raise LimitExceeded('value_depth') when containers nest deeper than ``limit``."""
    stack = [(value, 1)]
    containers = (dict, list, MultiMap)
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise LimitExceeded("value_depth", limit)
        children = node.values() if isinstance(node, (dict, MultiMap)) else node
        for child in children:
            if isinstance(child, containers):
                stack.append((child, depth + 1))


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

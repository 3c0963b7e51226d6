"""Boundary normalisation (spec §5.3): what a result or stream item looks like when it leaves.

Tuples (and tuple subclasses such as URL parse results) become lists, bytearray becomes bytes,
selection lists become lists, read-only maps and Parts become dicts, recursively inside lists,
dict values and MultiMap values. Dict keys must be hashable core scalars. Anything else that is
not a core value is a TypeError naming its path (``at result['ids']``) with a hint where one
helps. Depth, cycles and the estimated output size are checked on the way. The walk uses an
explicit stack, so a 1,000-deep value never reaches the host recursion limit.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any, Optional

from ..limits import Limits
from ..runtime.context import LimitExceeded
from .entity import Entity
from .errors import fail, type_name
from .formdata import FormDataParts
from .multimap import MultiMap
from .tree import active_limits

__all__ = ["normalise", "normalise_sized", "estimate_scalar"]

_SCALARS = frozenset({type(None), bool, int, float, str, bytes, Decimal, _dt.datetime, _dt.date,
                      _dt.time})
_KEY_TYPES = _SCALARS
_LIST_HINT = frozenset({"set", "frozenset", "range", "dict_keys", "dict_values", "dict_items",
                        "generator", "map", "filter", "zip", "enumerate", "reversed"})
_NO_HINT = frozenset({"function", "builtin_function_or_method", "method_descriptor", "module",
                      "type"})


def estimate_scalar(value: Any) -> int:
    """The §14 output-size estimate of a scalar: UTF-8 bytes of str, bytes length, else 8."""
    if isinstance(value, str):
        return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    return 8


def _path_text(path: Any) -> str:
    """Render a path stored as nested ``(parent, key)`` pairs."""
    keys = []
    while isinstance(path, tuple):
        path, key = path
        keys.append(key)
    return str(path) + "".join(f"[{k!r}]" for k in reversed(keys))


def _hint(value: Any, name: str) -> str:
    if name in _NO_HINT or _is_type_like(value):
        return ""
    if name in _LIST_HINT or hasattr(type(value), "__next__") or name.endswith("iterator"):
        return "; convert it with list()"
    return ""


def _is_type_like(value: Any) -> bool:
    return isinstance(value, type) or type_name(value) in ("type", "ExcType")


def _is_message(value: Any) -> bool:
    return getattr(type(value), "dw_type_name", None) == "Message"


def _is_stream(value: Any) -> bool:
    return getattr(type(value), "dw_type_name", None) == "Stream"


def _core_map(value: Any) -> Optional[dict]:
    """The dict of a read-only map or Part (duck-typed on ``to_core``)."""
    to_core = getattr(value, "to_core", None)
    if to_core is None or not hasattr(value, "keys"):
        return None
    return to_core()


class _Walker:
    """One normalisation: size budget, depth limit and the cycle guard."""

    def __init__(self, limits: Limits) -> None:
        self.size = 0
        self.max_size = limits.output_size
        self.max_depth = limits.value_depth
        self.stack: list[list[Any]] = []
        self.active: set[int] = set()

    def charge(self, n: int) -> None:
        self.size += n
        if self.size > self.max_size:
            raise LimitExceeded("output_size", self.max_size)

    def reject(self, value: Any, path: Any) -> Any:
        name = type_name(value)
        fail("TypeError", f"cannot return a value of type {name!r} from a Dataway script "
                          f"(at {_path_text(path)}){_hint(value, name)}")

    def visit(self, value: Any, path: Any, top: bool) -> Any:
        """The normalised value; containers are opened (pushed) and filled later."""
        kind = type(value)
        if kind in _SCALARS:
            self.charge(estimate_scalar(value) if kind in (str, bytes) else 8)
            return value
        if isinstance(value, bytearray):
            self.charge(len(value))
            return bytes(value)
        if isinstance(value, (list, tuple)):
            out: Any = []
            self.open(value, out, iter(list(enumerate(value))), path, "list")
            return out
        if isinstance(value, dict):
            out = {}
            self.open(value, out, iter(list(value.items())), path, "dict")
            return out
        if isinstance(value, MultiMap):
            out = MultiMap.from_pairs((), value.ignore_case)
            self.open(value, out, iter(value.items()), path, "multimap")
            return out
        if isinstance(value, Entity):
            self.charge(len(value.blob))
            return value
        if isinstance(value, FormDataParts):
            self.charge(sum(len(p.content.blob) + 64 for p in value.parts()))
            return value
        if _is_message(value):
            return value
        if _is_stream(value) and top:
            return value
        if isinstance(value, (str, int, float)):  # subclasses of core scalars
            self.charge(estimate_scalar(value))
            return value
        core = _core_map(value)
        if core is not None:
            out = {}
            self.open(value, out, iter(list(core.items())), path, "dict")
            return out
        return self.reject(value, path)

    def open(self, source: Any, target: Any, items: Any, path: Any, kind: str) -> None:
        ident = id(source)
        if ident in self.active:
            fail("ValueError", f"circular reference (at {_path_text(path)})")
        if len(self.stack) >= self.max_depth:
            raise LimitExceeded("value_depth", self.max_depth)
        self.active.add(ident)
        self.stack.append([items, target, path, ident, kind])

    def run(self, value: Any, root: str) -> Any:
        result = self.visit(value, root, True)
        stack = self.stack
        scalars = _SCALARS
        while stack:
            frame = stack[-1]
            entry = next(frame[0], None)
            if entry is None:
                self.active.discard(frame[3])
                stack.pop()
                continue
            key, item = entry
            target, kind = frame[1], frame[4]
            item_kind = type(item)
            # Scalars are by far the most common items: size them here, without a call.
            if item_kind is str:
                self.size += 2 + (len(item) if item.isascii() else estimate_scalar(item))
            elif item_kind in scalars:
                self.size += 2 + (len(item) if item_kind is bytes else 8)
            else:
                self.charge(2)
                item = self.visit(item, (frame[2], key), False)
            if self.size > self.max_size:
                raise LimitExceeded("output_size", self.max_size)
            if kind == "dict":
                key_kind = type(key)
                if key_kind not in _KEY_TYPES:
                    fail("TypeError", f"cannot return a dict key of type {type_name(key)!r} from "
                                      f"a Dataway script (at {_path_text(frame[2])})")
                if key_kind is str or key_kind is bytes:
                    self.charge(estimate_scalar(key))
                target[key] = item
            elif kind == "list":
                target.append(item)
            else:
                target._pairs.append((key, item))
        return result


_NUMBERS = frozenset({type(None), bool, int, float, Decimal, _dt.datetime, _dt.date, _dt.time})


def _plain_size(value: Any, limits: Limits) -> Optional[int]:
    """The size estimate of a value that is already in boundary form (dicts and lists of core
    scalars with valid keys, within the depth and size limits), or None when the full walk
    must run (something to convert, an error to report, or a Dataway value)."""
    max_depth, max_size = limits.value_depth, limits.output_size
    numbers, keys = _NUMBERS, _KEY_TYPES
    size = 0
    stack = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        kind = type(node)
        if kind is dict:
            size += 2 * len(node)
            for key in node:
                kind = type(key)
                if kind is str:
                    size += len(key) if key.isascii() else estimate_scalar(key)
                elif kind not in keys:
                    return None
            items: Any = node.values()
        elif kind is list:
            size += 2 * len(node)
            items = node
        else:
            return None
        for item in items:
            kind = type(item)
            if kind is str:
                size += len(item) if item.isascii() else estimate_scalar(item)
            elif kind in numbers:
                size += 8
            elif kind is bytes:
                size += len(item)
            elif (kind is dict or kind is list) and depth < max_depth:
                push((item, depth + 1))
            else:
                return None
        if size > max_size:
            return None
    return size


def normalise_sized(value: Any, limits: Optional[Limits] = None,
                    root: str = "result") -> tuple[Any, int]:
    """:func:`normalise` plus the §14 output-size estimate of the result."""
    limits = active_limits(limits)
    if type(value) in _SCALARS:
        size = estimate_scalar(value)
        if size <= limits.output_size:
            return value, size
    elif type(value) in (dict, list):
        # Cycles never pass: they exceed the depth bound, and the full walk names them.
        size = _plain_size(value, limits)
        if size is not None:
            return value, size
    walker = _Walker(limits)
    result = walker.run(value, root)
    return result, walker.size


def normalise(value: Any, limits: Optional[Limits] = None, root: str = "result") -> Any:
    """The §5.3 boundary form of ``value``; ``root`` names it in errors (``item[3]``).

    A value already in boundary form is returned as is (no copy is needed: nothing of the
    evaluation can change it any more); otherwise a converted copy is built.
    """
    return normalise_sized(value, limits, root)[0]

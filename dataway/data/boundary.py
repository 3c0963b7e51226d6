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
        while stack:
            frame = stack[-1]
            entry = next(frame[0], None)
            if entry is None:
                self.active.discard(frame[3])
                stack.pop()
                continue
            key, item = entry
            target, path, kind = frame[1], frame[2], frame[4]
            child_path = (path, key)
            self.charge(2)
            if kind == "dict":
                if type(key) not in _KEY_TYPES:
                    fail("TypeError", f"cannot return a dict key of type {type_name(key)!r} from "
                                      f"a Dataway script (at {_path_text(path)})")
                if type(key) in (str, bytes):
                    self.charge(estimate_scalar(key))
                target[key] = self.visit(item, child_path, False)
            elif kind == "list":
                target.append(self.visit(item, child_path, False))
            else:
                target._pairs.append((key, self.visit(item, child_path, False)))
        return result


def normalise(value: Any, limits: Optional[Limits] = None, root: str = "result") -> Any:
    """The §5.3 boundary form of ``value``; ``root`` names it in errors (``item[3]``)."""
    return _Walker(active_limits(limits)).run(value, root)


def normalise_sized(value: Any, limits: Optional[Limits] = None,
                    root: str = "result") -> tuple[Any, int]:
    """:func:`normalise` plus the §14 output-size estimate of the result."""
    walker = _Walker(active_limits(limits))
    result = walker.run(value, root)
    return result, walker.size

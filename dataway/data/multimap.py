"""``MultiMap`` (spec §9.1) and selection lists (§9.2).

A MultiMap is an ordered list of ``(key, value)`` pairs with str keys that may repeat. The form
and XML parsers and the connectors (query strings, headers) produce them; scripts build them
with ``MultiMap(...)``. A ``'*key'`` subscript returns a :class:`SelectionList`, a real list
that also answers ``['^value']`` so the reference idiom ``root['*k4']['^value']`` keeps working.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from .errors import fail, type_name
from ..runtime.values import DWObject

__all__ = ["MultiMap", "SelectionList"]

_MISSING = object()


class SelectionList(list):
    """A list of all values selected by ``'*key'``; ``sl['^value']`` is a plain copy."""

    __slots__ = ()

    def __getitem__(self, index: Any) -> Any:  # type: ignore[override]
        if isinstance(index, str) and index == "^value":
            return list(self)
        return list.__getitem__(self, index)


class MultiMap(DWObject):
    """Ordered ``(key, value)`` pairs with repeatable str keys (spec §9.1).

    ``ignore_case=True`` compares keys case-insensitively while keeping their original case
    (HTTP headers).
    """

    __slots__ = ("_pairs", "ignore_case", "__weakref__")
    dw_type_name = "MultiMap"
    dw_attrs = frozenset({"get", "getall", "add", "keys", "values", "items", "to_dict", "copy"})
    __hash__ = None  # type: ignore[assignment]  # mutable, like dict

    def __init__(self, source: Any = None, *, ignore_case: bool = False) -> None:
        self.ignore_case = bool(ignore_case)
        self._pairs: list[tuple[str, Any]] = []
        if source is None:
            return
        for key, value in _pairs_of(source):
            self.add(key, value)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Any]], ignore_case: bool = False) -> "MultiMap":
        """Build from trusted ``(str, value)`` pairs without re-validating them (parsers)."""
        m = cls.__new__(cls)
        m.ignore_case = ignore_case
        m._pairs = list(pairs)
        return m

    # -- key matching -------------------------------------------------------------------------
    def _fold(self, key: Any) -> Any:
        return key.casefold() if self.ignore_case and isinstance(key, str) else key

    def _matches(self, key: Any) -> Any:
        """A predicate true for stored keys equal to ``key`` under this map's rules."""
        if self.ignore_case and isinstance(key, str):
            folded = key.casefold()
            return lambda k: k.casefold() == folded
        return lambda k: k == key

    # -- reading ------------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str) and key.startswith("*"):
            return SelectionList(self.getall(key[1:]))
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        """The first value of ``key``, or ``default``; ``*`` is not interpreted."""
        match = self._matches(key)
        for k, v in self._pairs:
            if match(k):
                return v
        return default

    def getall(self, key: Any) -> list:
        """Every value of ``key`` in order (an empty list when absent)."""
        match = self._matches(key)
        return [v for k, v in self._pairs if match(k)]

    def __contains__(self, key: Any) -> bool:
        match = self._matches(key)
        return any(match(k) for k, _ in self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __iter__(self) -> Iterator[str]:
        return iter([k for k, _ in self._pairs])

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def keys(self) -> list:
        """The key of every pair (repeated keys repeat)."""
        return [k for k, _ in self._pairs]

    def values(self) -> list:
        """The value of every pair."""
        return [v for _, v in self._pairs]

    def items(self) -> list:
        """Every pair as a ``(key, value)`` tuple."""
        return list(self._pairs)

    def to_dict(self) -> dict:
        """A dict: single values as is, repeated keys as a list of their values."""
        if not self.ignore_case:
            out = dict(self._pairs)
            if len(out) == len(self._pairs):
                return out  # no repeated key: built in C (the commonest case by far)
        out = {}
        first_key: dict = {}
        counts: dict = {}
        for k, v in self._pairs:
            folded = self._fold(k)
            if folded not in first_key:
                first_key[folded] = k
                counts[folded] = 1
                out[k] = v
            else:
                name = first_key[folded]
                if counts[folded] == 1:
                    out[name] = [out[name]]
                out[name].append(v)
                counts[folded] += 1
        return out

    def copy(self) -> "MultiMap":
        """A shallow copy with the same pairs and case rule."""
        return MultiMap.from_pairs(self._pairs, self.ignore_case)

    # -- mutation -----------------------------------------------------------------------------
    def add(self, key: Any, value: Any) -> None:
        """Append a pair."""
        if not isinstance(key, str):
            fail("TypeError", f"MultiMap keys must be str, not {type_name(key)}")
        self._pairs.append((key, value))

    def __setitem__(self, key: Any, value: Any) -> None:
        if not isinstance(key, str):
            fail("TypeError", f"MultiMap keys must be str, not {type_name(key)}")
        match = self._matches(key)
        kept: list[tuple[str, Any]] = []
        placed = False
        for k, v in self._pairs:
            if match(k):
                if not placed:
                    kept.append((k, value))
                    placed = True
            else:
                kept.append((k, v))
        if not placed:
            kept.append((key, value))
        self._pairs = kept

    def __delitem__(self, key: Any) -> None:
        match = self._matches(key)
        kept = [(k, v) for k, v in self._pairs if not match(k)]
        if len(kept) == len(self._pairs):
            raise KeyError(key)
        self._pairs = kept

    # -- comparison and display ---------------------------------------------------------------
    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, MultiMap):
            return NotImplemented
        return self._pairs == other._pairs

    def __ne__(self, other: Any) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        text = f"MultiMap({self._pairs!r}"
        return text + (", ignore_case=True)" if self.ignore_case else ")")


def _pairs_of(source: Any) -> Iterator[tuple[Any, Any]]:
    """The pairs of a MultiMap constructor argument (dict, MultiMap, map or iterable of pairs)."""
    if isinstance(source, MultiMap):
        yield from source._pairs
        return
    if isinstance(source, dict) or _is_mapping(source):
        for key in list(source.keys()):
            value = source[key]
            if isinstance(value, (list, tuple)):
                for item in value:
                    yield key, item
            else:
                yield key, value
        return
    if isinstance(source, (str, bytes, bytearray)):
        fail("TypeError", f"MultiMap() needs a dict, MultiMap or pairs, not {type_name(source)}")
    try:
        iterator = iter(source)
    except TypeError:
        fail("TypeError", f"MultiMap() needs a dict, MultiMap or pairs, not {type_name(source)}")
    for index, pair in enumerate(iterator):
        if isinstance(pair, (str, bytes)) or not _is_sized_iterable(pair):
            fail("TypeError", f"MultiMap() element #{index} is a {type_name(pair)}, "
                              "not a (key, value) pair")
        items = list(pair)
        if len(items) != 2:
            fail("ValueError", f"MultiMap() element #{index} has length {len(items)}; "
                               "2 is required")
        yield items[0], items[1]


def _is_mapping(value: Any) -> bool:
    """Duck-typed read-only maps of the runtime (``keys`` plus item access, ``to_core``)."""
    return hasattr(value, "to_core") and hasattr(value, "keys")


def _is_sized_iterable(value: Any) -> bool:
    try:
        iter(value)
    except TypeError:
        return False
    return True



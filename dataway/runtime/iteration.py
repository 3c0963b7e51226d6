"""Bounded iteration for host code that consumes script iterables.

A host loop (``set.update``, ``sum``, ``sorted``, ``list(...)``) over a lazy iterable such as
``range(10**12)`` or ``iter(f, sentinel)`` would run without counting steps or checking time.
Builtins and checked methods therefore pass their iterable arguments through :func:`bounded`
(or :func:`materialize`), which charges one step per element and checks ``value_size`` before
anything is built. Lazy iterators made by builtins (``map``, ``zip``, ``iter`` ...) over
unbounded sources are :class:`ChargedIterator` values that charge as they are pulled.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator

from .context import LimitExceeded, current
from .values import DWObject

__all__ = ["BOUNDED_TYPES", "bounded", "consume", "materialize", "range_length", "ChargedIterator",
           "CallIterator", "charged_iterator", "is_bounded"]

BOUNDED_TYPES: frozenset[type] = frozenset({
    list, tuple, str, bytes, bytearray, dict, set, frozenset,
    type({}.keys()), type({}.values()), type({}.items())})
"""Containers whose iteration cost is bounded by their (already limited) size."""

_BATCH = 1024


def range_length(r: range) -> int:
    """``len(r)`` without the host's OverflowError for lengths beyond ``sys.maxsize``."""
    if r.step > 0:
        return max(0, (r.stop - r.start + r.step - 1) // r.step)
    return max(0, (r.start - r.stop - r.step - 1) // -r.step)


def is_bounded(value: Any) -> bool:
    """True for containers whose iteration is bounded by their size."""
    return type(value) in BOUNDED_TYPES


def _check_elements(n: int) -> None:
    limits = current().limits
    if n > limits.value_size:
        raise LimitExceeded("value_size", limits.value_size)


def bounded(iterable: Any) -> Any:
    """``iterable`` made safe for a host loop: sized values are charged up front (and a range
    checked against ``value_size``); anything lazy is drained into a list with charging."""
    t = type(iterable)
    if t in BOUNDED_TYPES:
        current().charge(len(iterable) + 1)
        return iterable
    if t is range:
        n = range_length(iterable)
        current().charge(n + 1)  # a huge range stops on steps first (spec §14 example)
        _check_elements(n)
        return iterable
    return materialize(iterable)


def consume(iterable: Any) -> Any:
    """``iterable`` for a host loop that builds nothing (``sum``, ``any``, ``max``): sized
    values are charged up front, lazy ones one step per item as they are pulled."""
    t = type(iterable)
    if t in BOUNDED_TYPES:
        current().charge(len(iterable) + 1)
        return iterable
    if t is range:
        current().charge(range_length(iterable) + 1)
        return iterable
    return _charged(iter(iterable))


def _charged(it: Iterator[Any]) -> Iterator[Any]:
    ctx = current()
    n = 0
    for item in it:
        yield item
        n += 1
        if n == _BATCH:
            ctx.charge(_BATCH)
            n = 0
    ctx.charge(n + 1)


def materialize(iterable: Any) -> list:
    """A new list of the items of ``iterable``, one step per item, ``value_size`` enforced."""
    ctx = current()
    t = type(iterable)
    if t in BOUNDED_TYPES or t is range:
        n = range_length(iterable) if t is range else len(iterable)
        ctx.charge(n + 1)
        _check_elements(n)
        return list(iterable)
    limit = ctx.limits.value_size
    out: list = []
    append = out.append
    n = 0
    for item in iterable:
        append(item)
        n += 1
        if not n % _BATCH:
            ctx.charge(_BATCH)
            if n > limit:
                raise LimitExceeded("value_size", limit)
    ctx.charge(n % _BATCH + 1)
    return out


class ChargedIterator(DWObject):
    """A host iterator that charges one step per item; repr without an address."""

    __slots__ = ("_it",)
    dw_type_name = "iterator"

    def __init__(self, it: Iterator[Any]) -> None:
        self._it = it

    def __iter__(self) -> "ChargedIterator":
        return self

    def __next__(self) -> Any:
        current().charge(1)
        return next(self._it)

    def __repr__(self) -> str:
        return f"<{self.dw_type_name} object>"


_ITERATOR_CLASSES: dict[str, type[ChargedIterator]] = {}


def charged_iterator(kind: str, it: Iterator[Any]) -> ChargedIterator:
    """A ChargedIterator whose type name is ``kind`` (``'map'``, ``'zip'``, ``'list_iterator'``)."""
    cls = _ITERATOR_CLASSES.get(kind)
    if cls is None:
        cls = type(f"{kind}_charged", (ChargedIterator,), {"__slots__": (), "dw_type_name": kind})
        _ITERATOR_CLASSES[kind] = cls
    return cls(it)


class CallIterator(DWObject):
    """``iter(callable, sentinel)``: calls until the sentinel, charging each call."""

    __slots__ = ("_fn", "_sentinel", "_done")
    dw_type_name = "callable_iterator"

    def __init__(self, fn: Callable[[], Any], sentinel: Any) -> None:
        self._fn = fn
        self._sentinel = sentinel
        self._done = False

    def __iter__(self) -> "CallIterator":
        return self

    def __next__(self) -> Any:
        if self._done:
            raise StopIteration
        current().charge(1)
        value = self._fn()
        if value == self._sentinel:
            self._done = True
            raise StopIteration
        return value

    def __repr__(self) -> str:
        return "<callable_iterator object>"


def all_bounded(iterables: Iterable[Any]) -> bool:
    """True when every argument is a bounded container."""
    return all(type(x) in BOUNDED_TYPES for x in iterables)

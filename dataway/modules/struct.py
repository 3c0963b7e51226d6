"""The ``struct`` module (spec §12): packing with a ``calcsize`` pre-check against
``value_size``."""
from __future__ import annotations

import struct as _struct
from typing import Any, Iterator

from ..runtime.exceptions import EXC_TYPES
from ..runtime.values import DWObject, ModuleValue
from .callables import builtin, members_of
from .guards import charge, charge_bytes, check_size
from .members import make_module

__all__ = ["MODULE", "UnpackIterator"]


def pack(format: Any, /, *values: Any) -> bytes:  # noqa: A002 - CPython's parameter name
    """Pack ``values`` by ``format``; the size is checked before any bytes are built."""
    size = _struct.calcsize(format)
    check_size(size)
    charge_bytes(size)
    return _struct.pack(format, *values)


def unpack(format: Any, buffer: Any, /) -> tuple[Any, ...]:  # noqa: A002
    """Unpack ``buffer`` (exactly ``calcsize(format)`` bytes)."""
    result = _struct.unpack(format, buffer)
    charge(len(result))
    return result


def unpack_from(format: Any, /, buffer: Any, offset: int = 0) -> tuple[Any, ...]:  # noqa: A002
    """Unpack from ``buffer`` starting at ``offset``."""
    result = _struct.unpack_from(format, buffer, offset)
    charge(len(result))
    return result


class UnpackIterator(DWObject):
    """The iterator ``iter_unpack`` returns; it has no script attributes."""

    __slots__ = ("_host",)
    dw_type_name = "unpack_iterator"

    def __init__(self, host: Iterator[tuple[Any, ...]]) -> None:
        self._host = host

    def __iter__(self) -> "UnpackIterator":
        return self

    def __next__(self) -> tuple[Any, ...]:
        item = next(self._host)
        charge(len(item))
        return item

    def __repr__(self) -> str:
        return "<unpack_iterator object>"


def iter_unpack(format: Any, buffer: Any, /) -> UnpackIterator:  # noqa: A002
    """An iterator unpacking consecutive ``calcsize(format)``-byte chunks of ``buffer``."""
    return UnpackIterator(_struct.iter_unpack(format, buffer))


def _build() -> ModuleValue:
    members: dict[str, Any] = dict(members_of(pack, unpack, unpack_from, iter_unpack))
    members["calcsize"] = builtin(_struct.calcsize, "calcsize")
    members["error"] = EXC_TYPES["struct.error"]
    return make_module("struct", members)


MODULE = _build()

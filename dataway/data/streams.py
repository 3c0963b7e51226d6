"""Streams (spec §10): the payload a generator ``dw_process`` produces.

A Stream wraps the script generator. It can be iterated once; every item is normalised as a
boundary value and a bad item fails the pull naming its index (``at item[3]``). When the
producer's evaluation context is given, it is made current while producer code runs, so the
producer keeps its own step counter, wall-time budget and log across pulls.
"""
from __future__ import annotations

from typing import Any, Optional

from ..limits import Limits
from ..runtime.context import Context, activate, deactivate
from ..runtime.values import DWObject
from .errors import fail

__all__ = ["Stream", "is_script_generator"]


def is_script_generator(value: Any) -> bool:
    """True for the generator object a generator ``dw_process`` returns.

    Duck-typed on the compiler's generator wrapper (``dw_type_name == 'generator'``), and on a
    plain host generator for host-side producers and tests.
    """
    import types

    if isinstance(value, types.GeneratorType):
        return True
    if getattr(type(value), "dw_type_name", None) != "generator":
        return False
    name = getattr(value, "name", None)
    return name is None or name == "dw_process"


class _StreamIterator(DWObject):
    """The one iterator of a Stream: pulls, normalises and numbers items."""

    __slots__ = ("_stream", "_index")
    dw_type_name = "stream_iterator"

    def __init__(self, stream: "Stream") -> None:
        self._stream = stream
        self._index = 0

    def __iter__(self) -> "_StreamIterator":
        return self

    def __next__(self) -> Any:
        stream = self._stream
        previous: Optional[Context] = None
        if stream.context is not None:
            previous = activate(stream.context)
        try:
            item = next(stream.source)
        finally:
            if stream.context is not None:
                deactivate(previous)
        from .boundary import normalise_sized

        index = self._index
        self._index += 1
        limits = stream.limits or (stream.context.limits if stream.context else None)
        value, size = normalise_sized(item, limits, root=f"item[{index}]")
        stream.size += size
        return value

    def __repr__(self) -> str:
        return "<stream_iterator object>"


class Stream(DWObject):
    """A once-consumable sequence of boundary-normalised items (no ``len``)."""

    __slots__ = ("source", "context", "limits", "size", "_consumed")
    dw_type_name = "Stream"

    def __init__(self, source: Any, context: Optional[Context] = None,
                 limits: Optional[Limits] = None) -> None:
        self.source = source
        self.context = context
        self.limits = limits
        self.size = 0  # output-size estimate of the items pulled so far
        self._consumed = False

    @property
    def consumed(self) -> bool:
        """Whether iteration has started."""
        return self._consumed

    def __iter__(self) -> _StreamIterator:
        if self._consumed:
            fail("RuntimeError", "stream already consumed")
        self._consumed = True
        return _StreamIterator(self)

    def drain(self) -> list:
        """All remaining items as a list (engine side), subject to ``output_size``."""
        from ..runtime.context import LimitExceeded

        items = []
        limits = self.limits or (self.context.limits if self.context else None)
        for item in self:
            items.append(item)
            if limits is not None and self.size + 2 * len(items) > limits.output_size:
                raise LimitExceeded("output_size", limits.output_size)
        return items

    def __copy__(self) -> "Stream":
        return self  # one producer, consumed once, whoever holds it

    def __deepcopy__(self, memo: dict) -> "Stream":
        return self

    def __repr__(self) -> str:
        return "<Stream>"

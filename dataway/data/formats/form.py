"""``application/x-www-form-urlencoded`` bodies (spec §8.5)."""
from __future__ import annotations

from typing import Any, Iterator, Optional
from urllib.parse import quote_plus, unquote_to_bytes

from ...limits import Limits
from ..errors import FormatError, fail, type_name
from ..multimap import MultiMap
from .scalars import scalar_text

__all__ = ["encode", "parse", "pairs_of"]


def pairs_of(value: Any, what: str) -> Iterator[tuple[Any, Any]]:
    """The ``(name, value)`` pairs of a dict (list values expand), MultiMap or list of pairs."""
    if isinstance(value, MultiMap):
        yield from value.items()
    elif isinstance(value, dict) or (hasattr(value, "to_core") and hasattr(value, "keys")):
        source = value if isinstance(value, dict) else value.to_core()
        for key, item in list(source.items()):
            if isinstance(item, (list, tuple)):
                for element in item:
                    yield key, element
            else:
                yield key, item
    elif isinstance(value, (list, tuple)):
        for index, pair in enumerate(value):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                fail("TypeError", f"{what} needs (name, value) pairs; item {index} is "
                                  f"{type_name(pair)} {_short(pair)}")
            yield pair[0], pair[1]
    else:
        fail("TypeError", f"{what} needs a dict, MultiMap or list of pairs, got "
                          f"{type_name(value)}")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def encode(value: Any, encoding: str, limits: Optional[Limits] = None) -> bytes:
    """``k=v`` pairs joined with ``&``, quoted like ``quote_plus(s, safe='')``."""
    what = "application/x-www-form-urlencoded"
    pieces = []
    for key, item in pairs_of(value, what):
        if not isinstance(key, str):
            fail("TypeError", f"{what} keys must be str, not {type_name(key)}")
        if isinstance(item, (bytes, bytearray)):
            quoted = quote_plus(bytes(item), safe="")
        else:
            text = scalar_text(item)
            if text is None:
                fail("TypeError", f"{what} cannot encode a value of type {type_name(item)} "
                                  f"(key {key!r})")
            quoted = quote_plus(text, safe="", encoding=encoding, errors="strict")
        pieces.append(quote_plus(key, safe="", encoding=encoding, errors="strict") + "=" + quoted)
    return "&".join(pieces).encode("ascii")


def _decode(raw: bytes, encoding: str, offset: int) -> str:
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FormatError(f"invalid {encoding} data in the pair at byte {offset}: "
                          f"{exc.reason}") from None


def parse(blob: bytes, encoding: str, limits: Optional[Limits] = None) -> MultiMap:
    """A MultiMap of str to str in document order; empty segments are skipped."""
    pairs = []
    offset = 0
    for segment in blob.split(b"&"):
        if segment:
            name, sep, raw = segment.partition(b"=")
            pairs.append((_decode(name, encoding, offset), _decode(raw, encoding, offset)))
        offset += len(segment) + 1
    return MultiMap.from_pairs(pairs)

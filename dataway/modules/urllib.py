"""The ``urllib`` package (spec §12): only ``urllib.parse``, whose results stay CPython's named
tuples (the policy allowlists their fields; they normalise to lists at the boundary)."""
from __future__ import annotations

import urllib.parse as _parse
from typing import Any, Callable

from ..runtime.values import ModuleValue
from ..runtime.functions import Builtin
from .callables import builtin
from .guards import charge, charge_bytes, check_size
from .members import make_module

__all__ = ["MODULE", "PARSE"]

_TEXT_FUNCTIONS = ("quote quote_plus quote_from_bytes unquote unquote_plus unquote_to_bytes "
                   "urlparse urlunparse urlsplit urlunsplit urljoin urldefrag parse_qs "
                   "parse_qsl").split()
# Percent-encoding at most triples the input; the others do not grow it beyond its parts.
_GROWTH = {"quote": 3, "quote_plus": 3, "quote_from_bytes": 3}


def _size(value: Any) -> int:
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if isinstance(value, (tuple, list)):
        return sum(_size(part) for part in value)
    return 0


def _wrap(name: str) -> Builtin:
    host: Callable[..., Any] = getattr(_parse, name)
    growth = _GROWTH.get(name, 1)

    def call(*args: Any, **kwargs: Any) -> Any:
        size = sum(_size(arg) for arg in args[:2])
        charge_bytes(size)
        check_size(size * growth)
        return host(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return Builtin(name, call)


def urlencode(query: Any, doseq: bool = False, safe: Any = "", encoding: Any = None,
              errors: Any = None, quote_via: Any = None) -> str:
    """``application/x-www-form-urlencoded`` text of a mapping or a sequence of pairs."""
    if hasattr(query, "__len__"):
        charge(len(query))
    text = _parse.urlencode(query, doseq, safe, encoding, errors,
                            quote_via if quote_via is not None else _parse.quote_plus)
    check_size(len(text))
    return text


def _build() -> ModuleValue:
    members: dict[str, Any] = {name: _wrap(name) for name in _TEXT_FUNCTIONS}
    members["urlencode"] = builtin(urlencode)
    return make_module("urllib.parse", members)


PARSE = _build()
MODULE = make_module("urllib", {"parse": PARSE})

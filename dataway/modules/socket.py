"""The ``socket`` module (spec §12): only the four byte-order conversions."""
from __future__ import annotations

# The C module the public ``socket`` re-exports these four functions from (the very same
# objects): ``socket.py`` itself builds large IntEnums at import, a cold-start cost.
import _socket

from ..runtime.values import ModuleValue
from .callables import builtin
from .members import make_module

__all__ = ["MODULE"]


def _build() -> ModuleValue:
    names = ("htonl", "ntohl", "htons", "ntohs")
    return make_module("socket", {name: builtin(getattr(_socket, name), name) for name in names})


MODULE = _build()

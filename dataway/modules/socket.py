"""The ``socket`` module (spec §12): only the four byte-order conversions."""
from __future__ import annotations

import socket as _socket

from ..runtime.values import ModuleValue
from .callables import builtin
from .members import make_module

__all__ = ["MODULE"]


def _build() -> ModuleValue:
    names = ("htonl", "ntohl", "htons", "ntohs")
    return make_module("socket", {name: builtin(getattr(_socket, name), name) for name in names})


MODULE = _build()

"""The ``hmac`` module (spec §12): ``new`` (``digestmod`` required), ``digest``,
``compare_digest``."""
from __future__ import annotations

import hmac as _hmac
from typing import Any

from ..runtime.values import ModuleValue
from .callables import builtin, members_of
from .guards import charge_bytes, size_of
from .hashing import HmacObject
from .hashlib import resolve_digest
from .members import make_module

__all__ = ["MODULE"]


def new(key: Any, msg: Any = None, digestmod: Any = "") -> HmacObject:
    """An HMAC object; ``digestmod`` is a hashlib name or constructor and is required."""
    if not digestmod:
        raise TypeError("Missing required parameter 'digestmod'.")
    name = resolve_digest(digestmod)
    charge_bytes(size_of(key) + (size_of(msg) if msg is not None else 0))
    return HmacObject(_hmac.new(key, msg, name))


def digest(key: Any, msg: Any, digest: Any) -> bytes:  # noqa: A002 - CPython's parameter name
    """One-shot HMAC of ``msg`` under ``key``."""
    name = resolve_digest(digest)
    charge_bytes(size_of(key) + size_of(msg))
    return _hmac.digest(key, msg, name)


def _build() -> ModuleValue:
    members: dict[str, Any] = dict(members_of(new, digest))
    members["compare_digest"] = builtin(_hmac.compare_digest, "compare_digest")
    return make_module("hmac", members)


MODULE = _build()

"""The ``hashlib`` module (spec §12): the listed algorithms only, as wrapped hash objects."""
from __future__ import annotations

import hashlib as _hashlib
from typing import Any, Callable

from ..runtime.values import ModuleValue
from ..runtime.functions import Builtin
from ..runtime.prechecks import type_name
from .guards import charge_bytes, size_of
from .hashing import HashObject
from .members import make_module

__all__ = ["MODULE", "ALGORITHMS", "CONSTRUCTORS", "resolve_digest"]

ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b")


def _constructor(name: str) -> Builtin:
    host: Callable[..., Any] = getattr(_hashlib, name)

    def construct(data: Any = b"", **kwargs: Any) -> HashObject:
        kwargs.pop("usedforsecurity", None)  # accepted and ignored (spec §12)
        if "string" in kwargs:  # CPython's legacy alias of ``data``
            data = kwargs.pop("string")
        charge_bytes(size_of(data))
        return HashObject(host(data, **kwargs))

    construct.__name__ = construct.__qualname__ = f"openssl_{name}" if name != "blake2b" else name
    return Builtin(construct.__name__, construct)


CONSTRUCTORS: dict[str, Builtin] = {name: _constructor(name) for name in ALGORITHMS}


def resolve_digest(spec: Any) -> str:
    """The algorithm name for a hashlib name (any case) or one of this module's constructors;
    ``ValueError: unsupported hash type x`` otherwise."""
    if isinstance(spec, str):
        name = spec.lower()
        if name in ALGORITHMS:
            return name
        raise ValueError(f"unsupported hash type {spec}")
    for name, constructor in CONSTRUCTORS.items():
        if spec is constructor:
            return name
    raise TypeError(f"digestmod must be a hashlib name or constructor, not "
                    f"'{type_name(spec)}'")


def new(name: Any, data: Any = b"", **kwargs: Any) -> HashObject:
    """A hash object for one of the listed algorithm names (case-insensitive)."""
    if not isinstance(name, str):
        raise TypeError(f"new() argument 'name' must be str, not {type_name(name)}")
    algorithm = resolve_digest(name)
    return CONSTRUCTORS[algorithm](data, **kwargs)


def _build() -> ModuleValue:
    members: dict[str, Any] = dict(CONSTRUCTORS)
    members["new"] = Builtin("new", new)
    return make_module("hashlib", members)


MODULE = _build()

"""The preloaded modules of spec §12, as Dataway values.

* :data:`PRELOADED`: the top-level names bound in every mode (``json``, ``Crypto``, ...).
* :data:`IMPORTABLE`: every dotted path an ``import`` may name (``urllib.parse``,
  ``Crypto.Cipher.AES``, ...), resolved at check time.
* :func:`member_names`: the members of an importable path, for the checker's DW403.
* :data:`INSTANCE_OVERRIDES`: host methods whose CPython behaviour reads process state (the
  local time zone), with the Dataway versions the attribute policy should bind instead.

Each module lives in its own file; only the members listed in §12 exist.
"""
from __future__ import annotations

from typing import Any, Callable

from ..runtime.values import ModuleValue
from . import base64, crypto, csv, datetime, decimal, hashlib, hmac, json, math, random, socket
from . import struct, time, urllib

__all__ = ["PRELOADED", "IMPORTABLE", "INSTANCE_OVERRIDES", "member_names"]

PRELOADED: dict[str, ModuleValue] = {
    "time": time.MODULE,
    "json": json.MODULE,
    "math": math.MODULE,
    "base64": base64.MODULE,
    "hmac": hmac.MODULE,
    "random": random.MODULE,
    "hashlib": hashlib.MODULE,
    "struct": struct.MODULE,
    "decimal": decimal.MODULE,
    "urllib": urllib.MODULE,
    "csv": csv.MODULE,
    "datetime": datetime.MODULE,
    "socket": socket.MODULE,
    "Crypto": crypto.MODULE,
}

IMPORTABLE: dict[str, ModuleValue] = {
    **PRELOADED,
    "urllib.parse": urllib.PARSE,
    "Crypto.Cipher": crypto.CIPHER,
    "Crypto.Cipher.AES": crypto.AES,
    "Crypto.Util": crypto.UTIL,
    "Crypto.Util.Padding": crypto.PADDING,
}

INSTANCE_OVERRIDES: dict[type, dict[str, Callable[..., Any]]] = dict(datetime.INSTANCE_OVERRIDES)


def member_names(path: str) -> frozenset[str]:
    """The member names of an importable module path; empty for an unknown path."""
    module = IMPORTABLE.get(path)
    return frozenset(module.members) if module is not None else frozenset()

"""Nothing a module hands out leads to a host object: every attribute a script can read on a
module member or on an object a module function returns is a Dataway value (spec §4.5)."""
from __future__ import annotations

import datetime
import decimal
import time
from typing import Any

import pytest

from dataway.modules import IMPORTABLE, PRELOADED
from dataway.runtime.values import DWObject

policy = pytest.importorskip("dataway.runtime.policy")

SCALARS = (type(None), bool, int, float, str, bytes, bytearray, decimal.Decimal,
           datetime.date, datetime.time, datetime.timedelta, datetime.tzinfo, time.struct_time)


def _is_dataway_value(value: Any, depth: int = 0) -> bool:
    if isinstance(value, (SCALARS, DWObject)):
        return True
    if isinstance(value, (tuple, list, frozenset, set)) and depth < 3:
        return all(_is_dataway_value(item, depth + 1) for item in value)
    if isinstance(value, dict) and depth < 3:
        return all(_is_dataway_value(k, depth + 1) and _is_dataway_value(v, depth + 1)
                   for k, v in value.items())
    return False


def _returned_objects() -> list[Any]:
    hashlib, hmac, csv = (PRELOADED[n].members for n in ("hashlib", "hmac", "csv"))
    aes = IMPORTABLE["Crypto.Cipher.AES"].members
    key = bytes(16)
    objects: list[Any] = [hashlib["sha256"](b"x"), hashlib["new"]("md5"),
                          hmac["new"](b"k", b"m", "sha1"), csv["StringIO"]("a,b\n"),
                          csv["reader"](["a"]), csv["writer"]([]), csv["DictReader"](["a"]),
                          csv["DictWriter"]([], ["a"]),
                          PRELOADED["struct"].members["iter_unpack"]("B", b"a")]
    objects += [aes["new"](key, aes[mode]) for mode in ("MODE_ECB", "MODE_CBC", "MODE_CFB",
                                                         "MODE_OFB", "MODE_GCM")]
    objects.append(aes["new"](key, aes["MODE_CTR"], nonce=b"n" * 8))
    return objects


def test_every_reachable_attribute_is_a_dataway_value() -> None:
    for obj in list(IMPORTABLE.values()) + _returned_objects():
        for name in sorted(policy.allowed_names(obj)):
            value = policy.get_attr(obj, name)
            assert _is_dataway_value(value), (obj, name, value)


def test_underscore_names_are_refused_everywhere() -> None:
    for obj in list(IMPORTABLE.values()) + _returned_objects():
        for name in ("__class__", "__dict__", "_host", "_fn", "__init__", "_buffer"):
            assert not policy.has_attr(obj, name), (obj, name)


def test_wrapped_callables_hide_their_host_function() -> None:
    dumps = PRELOADED["json"].members["dumps"]
    assert policy.allowed_names(dumps) == frozenset()
    assert not policy.has_attr(dumps, "fn")
    cipher = _returned_objects()[-1]
    assert not policy.has_attr(cipher, "encrypt_and_digest")  # CTR has no tag

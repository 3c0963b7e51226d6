"""base64, hashlib, hmac, struct, socket: differential against CPython, refusals, limits."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import socket
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.limits import Limits
from dataway.modules import PRELOADED
from dataway.runtime.context import LimitExceeded

from .helpers import member, same

B64 = PRELOADED["base64"].members
CODECS = [("b64", ""), ("standard_b64", ""), ("urlsafe_b64", ""), ("b32", ""), ("b16", ""),
          ("b85", ""), ("a85", "")]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_base64_round_trips_like_cpython(data: bytes) -> None:
    for prefix, _ in CODECS:
        encoded = B64[f"{prefix}encode"](data)
        assert encoded == getattr(base64, f"{prefix}encode")(data)
        assert B64[f"{prefix}decode"](encoded) == data
    assert B64["encodebytes"](data) == base64.encodebytes(data)
    assert B64["decodebytes"](base64.encodebytes(data)) == data


@pytest.mark.parametrize("name,arg", [("b64decode", "abc"), ("b64decode", b"a"),
                                      ("b32decode", b"!!"), ("b16decode", b"zz"),
                                      ("b85decode", b"~~~"), ("b64encode", "text"),
                                      ("a85decode", b"<~zz")])
def test_base64_errors_keep_class_and_message(name: str, arg: object) -> None:
    same(B64[name], getattr(base64, name), arg)


def test_base64_keywords_pass_through() -> None:
    assert B64["b64decode"]("YWJj", validate=True) == b"abc"
    same(B64["b64decode"], base64.b64decode, b"YW=Jj", validate=True)
    assert B64["a85encode"](b"hello", adobe=True) == base64.a85encode(b"hello", adobe=True)
    with pytest.raises(binascii.Error):
        B64["b64decode"](b"YW=Jj", validate=True)


def test_base64_output_size_is_pre_checked(use_context) -> None:
    use_context(limits=Limits(value_size=100))
    with pytest.raises(LimitExceeded) as info:
        B64["b64encode"](b"x" * 60)
    assert info.value.limit == "value_size"


HASHLIB = PRELOADED["hashlib"].members


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=50))
def test_hash_objects_match_cpython(data: bytes, more: bytes) -> None:
    for name in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b"):
        ours = HASHLIB[name](data)
        host = getattr(hashlib, name)(data)
        assert ours.hexdigest() == host.hexdigest()
        copy = ours.copy()
        ours.update(more)
        host.update(more)
        assert ours.digest() == host.digest()
        assert copy.digest() == getattr(hashlib, name)(data).digest()
        assert (ours.name, ours.digest_size, ours.block_size) == \
            (host.name, host.digest_size, host.block_size)
        assert HASHLIB["new"](name.upper(), data).digest() == getattr(hashlib, name)(data).digest()


def test_hash_objects_expose_only_the_allowlist() -> None:
    h = HASHLIB["sha256"](b"x")
    assert type(h).dw_attrs == {"update", "digest", "hexdigest", "copy", "name", "digest_size",
                                "block_size"}
    assert repr(h) == "<sha256 _hashlib.HASH object>"


def test_hashlib_new_refuses_unlisted_names() -> None:
    for name in ("sha3_256", "md4", "shake_128", "x"):
        with pytest.raises(ValueError, match=f"unsupported hash type {name}"):
            HASHLIB["new"](name)
    with pytest.raises(TypeError):
        HASHLIB["new"](5)


def test_hashlib_keywords() -> None:
    assert HASHLIB["sha256"](b"a", usedforsecurity=False).digest() == hashlib.sha256(b"a").digest()
    assert HASHLIB["new"]("md5", b"a", usedforsecurity=False).hexdigest() == \
        hashlib.md5(b"a").hexdigest()
    assert HASHLIB["blake2b"](b"a", digest_size=16, key=b"k").hexdigest() == \
        hashlib.blake2b(b"a", digest_size=16, key=b"k").hexdigest()
    same(HASHLIB["sha256"], hashlib.sha256, "text")


HMAC = PRELOADED["hmac"].members


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=100), st.binary(max_size=200))
def test_hmac_matches_cpython(key: bytes, msg: bytes) -> None:
    for name in ("md5", "sha1", "sha256", "sha512"):
        ours = HMAC["new"](key, msg, digestmod=name)
        host = hmac.new(key, msg, digestmod=name)
        assert ours.hexdigest() == host.hexdigest()
        assert (ours.name, ours.digest_size, ours.block_size) == \
            (host.name, host.digest_size, host.block_size)
        assert HMAC["new"](key, msg, HASHLIB[name]).digest() == host.digest()
        assert HMAC["digest"](key, msg, name) == hmac.digest(key, msg, name)
        copy = ours.copy()
        ours.update(b"more")
        host.update(b"more")
        assert ours.digest() == host.digest() and copy.digest() != ours.digest()


def test_hmac_requires_digestmod() -> None:
    same(HMAC["new"], hmac.new, b"key")
    same(HMAC["new"], hmac.new, b"key", b"msg")
    with pytest.raises(ValueError, match="unsupported hash type"):
        HMAC["new"](b"k", digestmod="sha3_256")
    with pytest.raises(TypeError):
        HMAC["new"](b"k", digestmod=lambda: None)
    same(HMAC["new"], hmac.new, "text", digestmod="sha256")


def test_compare_digest_is_cpythons() -> None:
    for a, b in [(b"a", b"a"), (b"a", b"b"), ("a", "a"), ("é", "é"), (b"a", "a")]:
        same(HMAC["compare_digest"], hmac.compare_digest, a, b)


STRUCT = PRELOADED["struct"].members


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=-2**15, max_value=2**15 - 1),
       st.floats(allow_nan=False), st.binary(max_size=8))
def test_struct_matches_cpython(u: int, h: int, f: float, s: bytes) -> None:
    fmt = ">Ihd8s"
    packed = STRUCT["pack"](fmt, u, h, f, s)
    assert packed == struct.pack(fmt, u, h, f, s)
    assert STRUCT["unpack"](fmt, packed) == struct.unpack(fmt, packed)
    assert STRUCT["unpack_from"]("<h", packed, offset=4) == struct.unpack_from("<h", packed, 4)
    assert STRUCT["calcsize"](fmt) == struct.calcsize(fmt)
    assert list(STRUCT["iter_unpack"]("<H", packed[:10])) == list(struct.iter_unpack("<H", packed[:10]))


@pytest.mark.parametrize("call", [("pack", ">I", -1), ("pack", "q"), ("unpack", ">I", b"ab"),
                                  ("calcsize", "Z"), ("pack", "h", 1 << 20),
                                  ("iter_unpack", "I", b"abc")])
def test_struct_errors_match_cpython(call: tuple) -> None:
    name, *args = call
    same(STRUCT[name], getattr(struct, name), *args)


def test_struct_error_member_is_the_runtime_class() -> None:
    exceptions = pytest.importorskip("dataway.runtime.exceptions")
    with pytest.raises(struct.error) as info:
        STRUCT["pack"](">I", -1)
    assert exceptions.to_exc_value(info.value).type is STRUCT["error"]


def test_struct_pack_size_is_checked_first(use_context) -> None:
    use_context(limits=Limits(value_size=1000))
    with pytest.raises(LimitExceeded) as info:
        STRUCT["pack"]("100000000s", b"")
    assert info.value.limit == "value_size"


def test_iter_unpack_result_is_an_opaque_iterator() -> None:
    it = STRUCT["iter_unpack"]("B", b"ab")
    assert repr(it) == "<unpack_iterator object>"
    assert type(it).dw_attrs == frozenset()
    assert next(it) == (97,)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=-1, max_value=2**33))
def test_socket_byte_order_matches_cpython(n: int) -> None:
    for name in ("htonl", "ntohl", "htons", "ntohs"):
        same(member(f"socket.{name}"), getattr(socket, name), n)

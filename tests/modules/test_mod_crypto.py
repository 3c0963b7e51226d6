"""Crypto: AES and padding against pycryptodome itself; per-mode attribute allowlists."""
from __future__ import annotations

import pytest
from Crypto.Cipher import AES as HostAES
from Crypto.Util import Padding as HostPadding
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.modules import IMPORTABLE

from .helpers import same

AES = IMPORTABLE["Crypto.Cipher.AES"].members
PAD = IMPORTABLE["Crypto.Util.Padding"].members
KEY = bytes(range(32))
IV = bytes(range(16))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=100), st.sampled_from([16, 24, 32]),
       st.sampled_from(["pkcs7", "x923", "iso7816"]))
def test_block_modes_match_pycryptodome(data: bytes, key_len: int, style: str) -> None:
    key = KEY[:key_len]
    padded = PAD["pad"](data, 16, style)
    assert padded == HostPadding.pad(data, 16, style)
    assert PAD["unpad"](padded, 16, style) == data
    assert AES["new"](key, AES["MODE_ECB"]).encrypt(padded) == \
        HostAES.new(key, HostAES.MODE_ECB).encrypt(padded)
    for mode in ("MODE_CBC", "MODE_CFB", "MODE_OFB"):
        enc = AES["new"](key, AES[mode], iv=IV).encrypt(padded)
        assert enc == HostAES.new(key, getattr(HostAES, mode), iv=IV).encrypt(padded)
        assert AES["new"](key, AES[mode], IV).decrypt(enc) == padded
    ctr = AES["new"](key, AES["MODE_CTR"], nonce=IV[:8]).encrypt(data)
    assert ctr == HostAES.new(key, HostAES.MODE_CTR, nonce=IV[:8]).encrypt(data)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=64), st.binary(max_size=16))
def test_gcm_matches_pycryptodome(data: bytes, header: bytes) -> None:
    cipher = AES["new"](KEY, AES["MODE_GCM"], nonce=IV[:12])
    assert cipher.update(header) is cipher
    ct, tag = cipher.encrypt_and_digest(data)
    host = HostAES.new(KEY, HostAES.MODE_GCM, nonce=IV[:12])
    host.update(header)
    assert (ct, tag) == host.encrypt_and_digest(data)
    decipher = AES["new"](KEY, AES["MODE_GCM"], nonce=IV[:12])
    decipher.update(header)
    assert decipher.decrypt_and_verify(ct, tag) == data
    bad = AES["new"](KEY, AES["MODE_GCM"], nonce=IV[:12])
    bad.update(header)
    with pytest.raises(ValueError, match="MAC check failed"):
        bad.decrypt_and_verify(ct, bytes(16))


def test_cipher_attributes_follow_the_mode() -> None:
    ecb = AES["new"](KEY, AES["MODE_ECB"])
    assert type(ecb).dw_attrs == {"encrypt", "decrypt", "block_size", "mode"}
    with pytest.raises(AttributeError, match="'EcbMode' object has no attribute 'iv'"):
        ecb.iv
    cbc = AES["new"](KEY, AES["MODE_CBC"], iv=IV)
    assert cbc.iv == IV and cbc.mode == AES["MODE_CBC"] and cbc.block_size == 16
    assert "nonce" not in type(cbc).dw_attrs
    gcm = AES["new"](KEY, AES["MODE_GCM"], nonce=b"n" * 12)
    assert gcm.nonce == b"n" * 12
    assert {"digest", "hexdigest", "verify", "hexverify", "update"} <= type(gcm).dw_attrs
    assert repr(cbc) == "<CbcMode object>"
    random_iv = AES["new"](KEY, AES["MODE_CBC"])
    assert len(random_iv.iv) == 16


@pytest.mark.parametrize("call", [
    lambda new, m: new(b"short", m.MODE_ECB),
    lambda new, m: new(KEY, m.MODE_CBC, iv=b"x"),
    lambda new, m: new(KEY, m.MODE_ECB).encrypt(b"not a block"),
    lambda new, m: new("text key" * 2, m.MODE_ECB),
])
def test_errors_match_pycryptodome(call) -> None:
    class Modes:
        MODE_ECB, MODE_CBC = AES["MODE_ECB"], AES["MODE_CBC"]
    same(lambda: call(AES["new"], Modes), lambda: call(HostAES.new, HostAES))


def test_only_the_listed_modes() -> None:
    with pytest.raises(ValueError):
        AES["new"](KEY, HostAES.MODE_EAX)
    assert AES["block_size"] == 16 and AES["key_size"] == (16, 24, 32)


def test_padding_errors_match_pycryptodome() -> None:
    same(PAD["unpad"], HostPadding.unpad, b"\x00" * 16, 16)
    same(PAD["unpad"], HostPadding.unpad, b"abc", 16)
    same(PAD["pad"], HostPadding.pad, b"abc", 16, "nope")


def test_table_constants_equal_pycryptodome() -> None:
    # The module table writes these out so building it needs no pycryptodome import (CLI cold
    # start); they must stay the installed library's values.
    for name in ("MODE_ECB", "MODE_CBC", "MODE_CFB", "MODE_OFB", "MODE_CTR", "MODE_GCM"):
        assert AES[name] == getattr(HostAES, name), name
    assert AES["block_size"] == HostAES.block_size
    assert AES["key_size"] == tuple(HostAES.key_size)

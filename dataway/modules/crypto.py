"""The ``Crypto`` package (spec §12, pycryptodome's API): ``Crypto.Cipher.AES`` and
``Crypto.Util.Padding``. Cipher objects are wrapped per mode so each exposes only the §13
names its pycryptodome mode really has (an ECB cipher has no ``iv``).

pycryptodome itself is imported on the first ``new``/``pad``/``unpad`` call, not when the module
table is built: every evaluation builds the preloaded modules, and importing pycryptodome (ctypes,
CPU feature probing) was the largest single cost of a cold ``dataway eval``.
"""
from __future__ import annotations

from typing import Any

from ..runtime.values import DWObject, ModuleValue
from .callables import builtin
from .guards import charge_bytes, check_size, size_of
from .members import make_module

__all__ = ["MODULE", "CIPHER", "AES", "UTIL", "PADDING", "AesCipher"]

_ALLOWED = ("encrypt decrypt encrypt_and_digest decrypt_and_verify digest hexdigest verify "
            "hexverify update iv nonce block_size").split()
# pycryptodome's public constants (``Crypto.Cipher.AES``), written out so the table needs no
# import; tests/modules/test_mod_crypto.py checks they equal the installed library's.
_MODES = {"MODE_ECB": 1, "MODE_CBC": 2, "MODE_CFB": 3, "MODE_OFB": 5, "MODE_CTR": 6,
          "MODE_GCM": 11}
_BLOCK_SIZE = 16
_KEY_SIZE = (16, 24, 32)


class AesCipher(DWObject):
    """An AES cipher object; subclasses per pycryptodome mode class fix ``dw_attrs``."""

    __slots__ = ("_host", "_mode")
    dw_type_name = "AesCipher"

    def __init__(self, host: Any, mode: int) -> None:
        self._host = host
        self._mode = mode

    def _absent(self, name: str) -> AttributeError:
        return AttributeError(f"'{self.dw_type_name}' object has no attribute '{name}'")

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name not in self.dw_attrs:
            raise self._absent(name)
        return getattr(self._host, name)(*args, **kwargs)

    def encrypt(self, plaintext: Any, output: Any = None) -> Any:
        """Encrypt ``plaintext`` (ECB/CBC need whole blocks)."""
        charge_bytes(size_of(plaintext))
        return self._call("encrypt", plaintext, output=output)

    def decrypt(self, ciphertext: Any, output: Any = None) -> Any:
        """Decrypt ``ciphertext``."""
        charge_bytes(size_of(ciphertext))
        return self._call("decrypt", ciphertext, output=output)

    def update(self, assoc_data: Any) -> Any:
        """Feed associated data (GCM); returns the cipher for chaining."""
        charge_bytes(size_of(assoc_data))
        self._call("update", assoc_data)
        return self

    def encrypt_and_digest(self, plaintext: Any) -> tuple[bytes, bytes]:
        """Encrypt and return ``(ciphertext, tag)`` (GCM)."""
        charge_bytes(size_of(plaintext))
        return self._call("encrypt_and_digest", plaintext)

    def decrypt_and_verify(self, ciphertext: Any, received_mac_tag: Any) -> bytes:
        """Decrypt and check the tag (GCM); ``ValueError: MAC check failed`` on mismatch."""
        charge_bytes(size_of(ciphertext))
        return self._call("decrypt_and_verify", ciphertext, received_mac_tag)

    def digest(self) -> bytes:
        """The authentication tag (GCM)."""
        return self._call("digest")

    def hexdigest(self) -> str:
        """The authentication tag as hex (GCM)."""
        return self._call("hexdigest")

    def verify(self, received_mac_tag: Any) -> None:
        """Check a tag (GCM)."""
        return self._call("verify", received_mac_tag)

    def hexverify(self, hex_mac_tag: Any) -> None:
        """Check a hex tag (GCM)."""
        return self._call("hexverify", hex_mac_tag)

    @property
    def iv(self) -> bytes:
        """The initialisation vector (CBC, CFB, OFB)."""
        if "iv" not in self.dw_attrs:
            raise self._absent("iv")
        return self._host.iv

    @property
    def nonce(self) -> bytes:
        """The nonce (CTR, GCM)."""
        if "nonce" not in self.dw_attrs:
            raise self._absent("nonce")
        return self._host.nonce

    @property
    def mode(self) -> int:
        """The mode constant the cipher was created with."""
        return self._mode

    @property
    def block_size(self) -> int:
        """16."""
        return self._host.block_size

    def __repr__(self) -> str:
        return f"<{self.dw_type_name} object>"


_KINDS: dict[type, type[AesCipher]] = {}


def _kind(host: Any) -> type[AesCipher]:
    cls = type(host)
    kind = _KINDS.get(cls)
    if kind is None:
        names = frozenset(name for name in _ALLOWED if hasattr(host, name)) | {"mode"}
        kind = type(cls.__name__, (AesCipher,), {"__slots__": (), "dw_attrs": names,
                                                 "dw_type_name": cls.__name__,
                                                 "__module__": __name__})
        _KINDS[cls] = kind
    return kind


def new(key: Any, mode: Any, *args: Any, **kwargs: Any) -> AesCipher:
    """A new AES cipher (16/24/32-byte key) in one of the ``MODE_*`` modes."""
    if mode not in _MODES.values():
        raise ValueError(f"Unsupported mode ({mode!r})" if isinstance(mode, int) else
                         "mode must be one of AES.MODE_*")
    from Crypto.Cipher import AES as _AES

    host = _AES.new(key, mode, *args, **kwargs)
    return _kind(host)(host, mode)


def pad(data_to_pad: Any, block_size: int, style: str = "pkcs7") -> bytes:
    """Pad to a multiple of ``block_size`` (``'pkcs7'``, ``'x923'`` or ``'iso7816'``)."""
    if isinstance(block_size, int):
        check_size(size_of(data_to_pad) + block_size)
    charge_bytes(size_of(data_to_pad))
    from Crypto.Util import Padding as _Padding

    return _Padding.pad(data_to_pad, block_size, style)


def unpad(padded_data: Any, block_size: int, style: str = "pkcs7") -> bytes:
    """Remove padding; ``ValueError`` when it is incorrect."""
    charge_bytes(size_of(padded_data))
    from Crypto.Util import Padding as _Padding

    return _Padding.unpad(padded_data, block_size, style)


def _build() -> tuple[ModuleValue, ...]:
    aes_members: dict[str, Any] = {"new": builtin(new)}
    aes_members.update(_MODES)
    aes_members.update(block_size=_BLOCK_SIZE, key_size=_KEY_SIZE)
    aes = make_module("Crypto.Cipher.AES", aes_members)
    cipher = make_module("Crypto.Cipher", {"AES": aes})
    padding = make_module("Crypto.Util.Padding", {"pad": builtin(pad),
                                                  "unpad": builtin(unpad)})
    util = make_module("Crypto.Util", {"Padding": padding})
    crypto = make_module("Crypto", {"Cipher": cipher, "Util": util})
    return crypto, cipher, aes, util, padding


MODULE, CIPHER, AES, UTIL, PADDING = _build()

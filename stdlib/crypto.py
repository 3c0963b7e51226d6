"""Crypto (§6.22): symmetric encryption with AES, DES and 3DES (pycryptodome).

Key material comes from a connection of type ``crypto`` (PBKDF2, raw or zero-padded key); the
derived key is computed once per step and cached, since PBKDF2 is deliberately slow.
"""
from __future__ import annotations

import base64
import binascii
import os
from typing import Any, Literal, Optional

from pydantic import Field, ValidationError

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall
from dataway.engine.yamlsrc import Secret

__all__ = ["Crypto", "CryptoConfig", "CryptoConnection", "resolve_secret"]

_KEY_SIZES = {"AES": (16, 24, 32), "DES": (8,), "3DES": (24,)}
_BLOCK = {"AES": 16, "DES": 8, "3DES": 8}


def resolve_secret(value: Any) -> Any:
    """A secret's value from ``DATAWAY_SECRET_<NAME>`` (the default provider, §7.1)."""
    if isinstance(value, Secret):
        env = f"DATAWAY_SECRET_{value.name}"
        if env not in os.environ:
            raise KeyError(f"secret {value.name!r} is not set ({env})")
        return os.environ[env]
    return value


class CryptoConnection(StrictModel):
    """The ``crypto`` connection's config."""

    key_mode: Literal["pbkdf2", "raw", "zero_padded"] = "pbkdf2"
    passphrase: Any = None
    salt: Any = None
    iterations: int = Field(100_000, ge=1)
    hash: Literal["md5", "sha1", "sha224", "sha256", "sha384", "sha512"] = "sha256"
    key: Any = None


class CryptoConfig(StrictModel):
    """Fields of Crypto."""

    operation: Literal["encrypt", "decrypt"]
    algorithm: Literal["AES", "DES", "3DES"] = "AES"
    mode: Literal["CBC", "ECB", "GCM"] = "CBC"
    iv: Any = dyn("bytes-like", None)
    padding: Literal["PKCS7", "PKCS5", "ZERO", "NONE"] = "PKCS7"
    content: Any = dyn("bytes-like", None, description="default: msg.payload")
    format: Literal["raw", "base64", "hex"] = "raw"


def _bytes(value: Any) -> bytes:
    value = resolve_secret(value)
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


class Crypto(Component):
    """Output: bytes (raw) or str (base64/hex) for encrypt, bytes for decrypt."""

    type_name = "crypto"
    title = "Crypto"
    Config = CryptoConfig
    inline = True

    def __init__(self, node: Any) -> None:
        super().__init__(node)
        self._key: Optional[bytes] = None

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        cfg = self.config
        if cfg.mode == "GCM" and cfg.algorithm != "AES":
            builder.error(self.node.yaml_path + ("config", "mode"), "GCM requires AES", self.node)
        if self.node.connection is None:
            builder.error(self.node.yaml_path, "a crypto step needs a 'connection' of type "
                          "crypto", self.node)

    def check_project(self, project, app) -> list[tuple[tuple[Any, ...], str]]:  # type: ignore[no-untyped-def]
        """The connection must exist, be of type ``crypto`` and have a valid config."""
        where = self.node.yaml_path + ("connection",)
        conn = app.connections.get(self.node.connection)
        if conn is None:  # reported by the loader for every component
            return []
        if conn.type != "crypto":
            return [(where, f"connection {self.node.connection!r} is of type {conn.type!r}, "
                     "not crypto")]
        try:
            CryptoConnection.model_validate(conn.config)
        except ValidationError as exc:
            return [(where, f"connection {self.node.connection!r}: "
                     + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))]
        return []

    def _fail(self, text: str) -> StepFailed:
        return StepFailed("CRYPTO", f"{self.node.id}: {text}")

    def _derive_key(self, call: StepCall) -> bytes:
        if self._key is not None:
            return self._key
        app = call.engine.project.apps[call.state.record.app]
        conn = CryptoConnection.model_validate(app.connections[self.node.connection].config)
        algorithm = self.config.algorithm
        try:
            if conn.key_mode == "pbkdf2":
                from Crypto.Hash import MD5, SHA1, SHA224, SHA256, SHA384, SHA512
                from Crypto.Protocol.KDF import PBKDF2

                hashes = {"md5": MD5, "sha1": SHA1, "sha224": SHA224, "sha256": SHA256,
                          "sha384": SHA384, "sha512": SHA512}
                size = 32 if algorithm == "AES" else _KEY_SIZES[algorithm][0]
                key = PBKDF2(_bytes(conn.passphrase), _bytes(conn.salt or b""), dkLen=size,
                             count=conn.iterations, hmac_hash_module=hashes[conn.hash])
            else:
                key = _bytes(conn.key)
                if conn.key_mode == "zero_padded":
                    size = next((s for s in _KEY_SIZES[algorithm] if s >= len(key)), None)
                    if size is None:
                        raise StepFailed("VALIDATION", f"{self.node.id}: key longer than "
                                         f"{max(_KEY_SIZES[algorithm])} bytes")
                    key = key.ljust(size, b"\0")
        except KeyError as exc:
            raise StepFailed("VALIDATION", f"{self.node.id}: {exc.args[0]}") from None
        if len(key) not in _KEY_SIZES[algorithm]:
            raise self._fail(f"{algorithm} key must be {' or '.join(map(str, _KEY_SIZES[algorithm]))}"
                             f" bytes, got {len(key)}")
        self._key = key
        return key

    def _cipher(self, key: bytes, iv: Optional[bytes]) -> Any:
        from Crypto.Cipher import AES, DES, DES3

        cfg = self.config
        module = {"AES": AES, "DES": DES, "3DES": DES3}[cfg.algorithm]
        if cfg.mode == "ECB":
            return module.new(key, module.MODE_ECB)
        if iv is None:
            raise self._fail(f"{cfg.mode} needs an iv")
        want = 12 if cfg.mode == "GCM" else _BLOCK[cfg.algorithm]
        if len(iv) != want:
            raise self._fail(f"iv must be {want} bytes for {cfg.algorithm}-{cfg.mode}, got {len(iv)}")
        if cfg.mode == "GCM":
            return module.new(key, module.MODE_GCM, nonce=iv)
        try:
            return module.new(key, module.MODE_CBC, iv=iv)
        except ValueError as exc:
            raise self._fail(str(exc)) from None

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        iv, content = await call.values(msg, "iv", "content")
        if "content" not in self.node.fields:
            from dataway.engine.convert import FieldTypeError, convert_field
            try:
                content = convert_field(msg.payload, "bytes-like")
            except FieldTypeError as exc:
                raise StepFailed("VALIDATION", f"{self.node.id}.config.content: {exc}") from None
        if content is None:
            raise StepFailed("VALIDATION", f"{self.node.id}.config.content: no content")
        key = self._derive_key(call)
        if cfg.operation == "encrypt":
            data = self._encrypt(key, iv, content)
            if cfg.format == "base64":
                return msg.derive(payload=base64.b64encode(data).decode("ascii"))
            if cfg.format == "hex":
                return msg.derive(payload=data.hex())
            return msg.derive(payload=data)
        if cfg.format != "raw":
            try:
                text = content.decode("ascii").strip()
                content = base64.b64decode(text, validate=True) if cfg.format == "base64" \
                    else bytes.fromhex(text)
            except (UnicodeDecodeError, binascii.Error, ValueError) as exc:
                raise self._fail(f"content is not valid {cfg.format}: {exc}") from None
        return msg.derive(payload=self._decrypt(key, iv, content))

    def _encrypt(self, key: bytes, iv: Optional[bytes], data: bytes) -> bytes:
        cfg = self.config
        cipher = self._cipher(key, iv)
        if cfg.mode == "GCM":
            body, tag = cipher.encrypt_and_digest(data)
            return body + tag
        block = _BLOCK[cfg.algorithm]
        if cfg.padding in ("PKCS7", "PKCS5"):
            n = block - len(data) % block
            data = data + bytes([n]) * n
        elif cfg.padding == "ZERO":
            data = data + b"\0" * (-len(data) % block)
        elif len(data) % block:
            raise self._fail(f"content length must be a multiple of {block} with padding NONE")
        return cipher.encrypt(data)

    def _decrypt(self, key: bytes, iv: Optional[bytes], data: bytes) -> bytes:
        cfg = self.config
        cipher = self._cipher(key, iv)
        if cfg.mode == "GCM":
            if len(data) < 16:
                raise self._fail("ciphertext shorter than the GCM tag")
            try:
                return cipher.decrypt_and_verify(data[:-16], data[-16:])
            except ValueError:
                raise self._fail("GCM authentication failed") from None
        block = _BLOCK[cfg.algorithm]
        if len(data) % block:
            raise self._fail(f"ciphertext length must be a multiple of {block}")
        plain = cipher.decrypt(data)
        if cfg.padding in ("PKCS7", "PKCS5"):
            n = plain[-1] if plain else 0
            if not 1 <= n <= block or plain[-n:] != bytes([n]) * n:
                raise self._fail("bad padding (wrong key or corrupt data)")
            return plain[:-n]
        if cfg.padding == "ZERO":
            return plain.rstrip(b"\0")
        return plain

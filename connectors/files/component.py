"""FTP and SFTP steps (components spec §7.5): list, read, write, delete, move.

Both share this module; the protocol lives in ``backends.py``. Paths are relative to the
connection's ``working_dir`` unless absolute. A session is opened per step and closed after it
(FTP and SFTP sessions are stateful, and idle ones are dropped by servers).

**Decisions**: a ``read`` whose ``stable_check`` sees the size change fails with VALIDATION
(``file is still being written``); FTP transfers are always binary (``transfer_mode: ascii`` is
accepted and reported as not supported at load).
"""
from __future__ import annotations

import asyncio
import fnmatch
import mimetypes
import posixpath
from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from dataway.data.entity import Entity
from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from .backends import Entry, FileError, FtpBackend, SftpBackend

__all__ = ["Ftp", "Sftp", "FtpConnection", "SftpConnection", "FileConfig"]

_MAX = 64 * 1024 * 1024


class FtpConnection(StrictModel):
    """The ``ftp`` connection."""

    host: str
    port: int = Field(21, ge=1, le=65535)
    username: Optional[str] = None
    password: Optional[str] = None
    tls: Literal["none", "explicit", "implicit"] = "none"
    verify_tls: bool = True
    passive: bool = True
    transfer_mode: Literal["binary", "ascii"] = "binary"
    encoding: str = "utf-8"
    working_dir: str = "/"
    connect_timeout: float = Field(60, ge=1, le=300)
    timeout: float = Field(60, ge=1, le=300)
    max_size: int = Field(_MAX, ge=1)

    @model_validator(mode="after")
    def _supported(self) -> "FtpConnection":
        if not self.passive:
            raise ValueError("active mode FTP is not supported (passive: true)")
        if self.transfer_mode != "binary":
            raise ValueError("ascii transfer mode is not supported (transfer_mode: binary)")
        return self


class SftpConnection(StrictModel):
    """The ``sftp`` connection; host keys are verified by default (§7.5 decision)."""

    host: str
    port: int = Field(22, ge=1, le=65535)
    username: Optional[str] = None
    password: Optional[str] = None
    private_key: Optional[str] = None
    passphrase: Optional[str] = None
    known_hosts: Optional[str] = None
    host_key: Optional[str] = None
    verify_host_key: bool = True
    encoding: str = "utf-8"
    working_dir: str = "/"
    connect_timeout: float = Field(60, ge=1, le=300)
    timeout: float = Field(60, ge=1, le=300)
    max_size: int = Field(_MAX, ge=1)


class FileConfig(StrictModel):
    """Operation fields (§7.5)."""

    operation: Literal["list", "read", "write", "delete", "move"]
    path: Any = dyn("str", None)
    pattern: str = "*"
    recursive: bool = False
    mime_type: Any = dyn("str", None)
    encoding: str = "utf-8"
    stable_check: float = Field(0, ge=0, le=60)
    content: Any = dyn("any", None)
    mode: Literal["overwrite", "append", "create_new"] = "overwrite"
    create_dirs: bool = False
    from_: Any = dyn("str", None, description="move: source path", alias="from")
    to: Any = dyn("str", None)
    overwrite: bool = False

    @model_validator(mode="after")
    def _needs(self) -> "FileConfig":
        if self.operation in ("read", "write", "delete") and self.path is None:
            raise ValueError(f"operation {self.operation!r} needs 'path'")
        if self.operation == "move" and (self.from_ is None or self.to is None):
            raise ValueError("operation 'move' needs 'from' and 'to'")
        return self


def _bytes(value: Any) -> bytes:
    if isinstance(value, Entity):
        return value.blob
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise ValueError(f"content must be bytes, str or an Entity, not {type(value).__name__}")


class _Files(Component):
    """The operations, over the backend the subclass names."""

    namespace = ""
    kind = ""
    Connection: Any = None
    Backend: Any = None
    Config = FileConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid one of this type and its library installed."""
        module = {"ftp": "aioftp", "sftp": "asyncssh"}[self.kind]
        return base.check_connector(self.node, app, self.kind, self.Connection, module,
                                    self.kind)

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, self.Connection)
        path, mime, content, source, target = await call.values(
            msg, "path", "mime_type", "content", "from", "to")
        if self.config.operation == "write" and "content" not in call.node.fields:
            content = msg.payload
        backend = self.Backend(conn)
        try:
            async with asyncio.timeout(conn.connect_timeout + conn.timeout):
                await backend.open()
                try:
                    return await self._operate(backend, conn, msg, path, mime, content,
                                               source, target)
                finally:
                    await backend.aclose()
        except TimeoutError:
            raise base.failure(call, f"{self.namespace}:TIMEOUT", "no answer within "
                               f"{conn.connect_timeout + conn.timeout:g} s") from None
        except FileError as exc:
            code = "LIMIT" if exc.kind == "LIMIT" else f"{self.namespace}:{exc.kind}"
            raise base.failure(call, code, str(exc)) from None
        except ValueError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None

    def _abs(self, conn: Any, path: Any) -> str:
        if not isinstance(path, str) or not path:
            raise ValueError(f"a path must be a non-empty str, got {path!r}")
        return posixpath.normpath(posixpath.join(conn.working_dir, path))

    async def _operate(self, fs: Any, conn: Any, msg: Message, path: Any, mime: Any,
                       content: Any, source: Any, target: Any) -> Message:
        cfg = self.config
        op = cfg.operation
        if op == "list":
            root = self._abs(conn, path or ".")
            entries = await self._walk(fs, root, cfg.recursive)
            chosen = [e.as_dict() for e in entries if fnmatch.fnmatchcase(e.name, cfg.pattern)]
            return msg.derive(payload=sorted(chosen, key=lambda e: e["path"]))
        if op == "read":
            full = self._abs(conn, path)
            data = await self._read(fs, full, conn.max_size)
            entry = await fs.stat(full)
            mime = mime or mimetypes.guess_type(full)[0] or "application/octet-stream"
            entity = Entity.from_bytes(data, mime, cfg.encoding)
            return msg.derive(payload=entity, attrs={
                "path": full, "size": len(data), "modified": entry.modified if entry else None})
        if op == "write":
            full = self._abs(conn, path)
            data = _bytes(content)
            if cfg.mode == "create_new" and await fs.stat(full) is not None:
                raise FileError("EXISTS", f"{full} already exists")
            if cfg.create_dirs:
                await fs.makedirs(posixpath.dirname(full))
            await fs.write(full, data, cfg.mode == "append")
            entry = await fs.stat(full)
            return msg.derive(payload={"path": full, "size": entry.size if entry else len(data)})
        if op == "delete":
            full = self._abs(conn, path)
            if await fs.stat(full) is None:
                raise FileError("NOT_FOUND", f"{full} does not exist")
            await fs.delete(full)
            return msg.derive(payload={"path": full})
        src, dst = self._abs(conn, source), self._abs(conn, target)
        if await fs.stat(src) is None:
            raise FileError("NOT_FOUND", f"{src} does not exist")
        if await fs.stat(dst) is not None:
            if not cfg.overwrite:
                raise FileError("EXISTS", f"{dst} already exists")
            await fs.delete(dst)
        if cfg.create_dirs:
            await fs.makedirs(posixpath.dirname(dst))
        await fs.rename(src, dst)
        return msg.derive(payload={"from": src, "to": dst})

    async def _read(self, fs: Any, full: str, limit: int) -> bytes:
        entry = await fs.stat(full)
        if entry is None:
            raise FileError("NOT_FOUND", f"{full} does not exist")
        if entry.size > limit:
            raise FileError("LIMIT", f"{full} is larger than max_size ({limit} bytes)")
        if self.config.stable_check:
            await asyncio.sleep(self.config.stable_check)
            again = await fs.stat(full)
            if again is None or again.size != entry.size:
                raise ValueError(f"{full} is still being written (its size changed)")
        return await fs.read(full, limit)

    async def _walk(self, fs: Any, root: str, recursive: bool) -> list[Entry]:
        out: list[Entry] = []
        pending = [root]
        while pending:
            entries = await fs.listdir(pending.pop())
            out += entries
            if recursive:
                pending += [e.path for e in entries if e.is_dir]
        return out


class Ftp(_Files):
    """FTP (FTPS with ``tls: explicit|implicit``)."""

    type_name = "ftp"
    title = "FTP"
    namespace = "FTP"
    kind = "ftp"
    Connection = FtpConnection
    Backend = FtpBackend


class Sftp(_Files):
    """SFTP over SSH, host keys verified by default."""

    type_name = "sftp"
    title = "SFTP"
    namespace = "SFTP"
    kind = "sftp"
    Connection = SftpConnection
    Backend = SftpBackend

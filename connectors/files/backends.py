"""FTP and SFTP behind one small file-system interface (components spec §7.5).

aioftp (asyncio FTP client, explicit and implicit TLS) and asyncssh (the asyncio SSH/SFTP
implementation, with host-key checking) are the maintained asyncio libraries for the two
protocols; both are optional extras (``dataway[ftp]``, ``dataway[sftp]``). Every backend
method raises :class:`FileError` with a kind the component maps to ``NS:<KIND>``.
"""
from __future__ import annotations

import datetime as _dt
import posixpath
import ssl as _ssl
import stat as _stat
from dataclasses import dataclass
from typing import Any, Optional

__all__ = ["Entry", "FileError", "FtpBackend", "SftpBackend"]


@dataclass
class Entry:
    """One directory entry (the ``list`` payload shape)."""

    name: str
    path: str
    size: int
    modified: Optional[_dt.datetime]
    is_dir: bool

    def as_dict(self) -> dict[str, Any]:
        """The payload form."""
        return {"name": self.name, "path": self.path, "size": self.size,
                "modified": self.modified, "is_dir": self.is_dir}


class FileError(Exception):
    """``kind``: CONNECTIVITY, TIMEOUT, NOT_FOUND, EXISTS or ACCESS_DENIED."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind


def _utc(value: Any) -> Optional[_dt.datetime]:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc)
    text = str(value)[:14]
    try:
        return _dt.datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=_dt.timezone.utc)
    except ValueError:
        return None


class FtpBackend:
    """aioftp client; passive mode, binary transfers."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.client: Any = None

    async def open(self) -> "FtpBackend":
        import aioftp

        conn = self.conn
        context = _ssl.create_default_context() if conn.tls != "none" else None
        if context is not None and not conn.verify_tls:
            context.check_hostname = False
            context.verify_mode = _ssl.CERT_NONE
        self.client = aioftp.Client(socket_timeout=conn.timeout,
                                    connection_timeout=conn.connect_timeout,
                                    encoding=conn.encoding,
                                    ssl=context if conn.tls == "implicit" else None)
        try:
            await self.client.connect(conn.host, conn.port or 21)
            if conn.tls == "explicit":
                await self.client.upgrade_to_tls(context)
            await self.client.login(conn.username or "anonymous", conn.password or "")
        except aioftp.StatusCodeError as exc:
            raise FileError("ACCESS_DENIED" if "530" in str(exc.received_codes) else
                            "CONNECTIVITY", _ftp_text(exc)) from None
        except (OSError, TimeoutError) as exc:
            raise FileError("CONNECTIVITY", f"cannot connect to {conn.host}: {exc}") from None
        return self

    async def _call(self, coro: Any, path: str) -> Any:
        import aioftp

        try:
            return await coro
        except aioftp.StatusCodeError as exc:
            codes = str(exc.received_codes)
            kind = "NOT_FOUND" if "550" in codes else \
                "ACCESS_DENIED" if any(c in codes for c in ("530", "532", "553")) else "EXISTS" \
                if "521" in codes else "NOT_FOUND"
            raise FileError(kind, f"{path}: {_ftp_text(exc)}") from None
        except aioftp.PathIsNotAbsolute as exc:
            raise FileError("NOT_FOUND", f"{path}: {exc}") from None
        except (OSError, ConnectionError) as exc:
            raise FileError("CONNECTIVITY", f"{path}: {exc}") from None

    async def stat(self, path: str) -> Optional[Entry]:
        try:
            info = await self._call(self.client.stat(path), path)
        except FileError as exc:
            if exc.kind == "NOT_FOUND":
                return None
            raise
        return Entry(posixpath.basename(path), path, int(info.get("size", 0) or 0),
                     _utc(info.get("modify")), info.get("type") == "dir")

    async def listdir(self, path: str) -> list[Entry]:
        found = await self._call(self.client.list(path, recursive=False), path)
        out = []
        for name, info in found:
            full = posixpath.join(path, posixpath.basename(str(name)))
            out.append(Entry(posixpath.basename(str(name)), full,
                             int(info.get("size", 0) or 0), _utc(info.get("modify")),
                             info.get("type") == "dir"))
        return out

    async def read(self, path: str, limit: int) -> bytes:
        chunks, size = [], 0
        async with self.client.download_stream(path) as stream:
            async for block in stream.iter_by_block():
                size += len(block)
                if size > limit:
                    raise FileError("LIMIT", f"{path} is larger than max_size ({limit} bytes)")
                chunks.append(block)
        return b"".join(chunks)

    async def write(self, path: str, data: bytes, append: bool) -> None:
        opener = self.client.append_stream if append else self.client.upload_stream
        async with opener(path) as stream:
            await stream.write(data)

    async def makedirs(self, path: str) -> None:
        await self._call(self.client.make_directory(path, parents=True), path)

    async def delete(self, path: str) -> None:
        await self._call(self.client.remove_file(path), path)

    async def rename(self, source: str, target: str) -> None:
        await self._call(self.client.rename(source, target), source)

    async def aclose(self) -> None:
        if self.client is not None:
            try:
                await self.client.quit()
            except Exception:  # the server may already be gone; the socket closes anyway
                self.client.close()


def _ftp_text(exc: Any) -> str:
    info = " ".join(str(line) for line in getattr(exc, "info", []) or []).strip()
    return info or str(exc)


class SftpBackend:
    """asyncssh SFTP client; host keys are verified unless ``verify_host_key: false``."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.ssh: Any = None
        self.sftp: Any = None

    async def open(self) -> "SftpBackend":
        import asyncssh

        conn = self.conn
        known: Any = ()
        if not conn.verify_host_key:
            known = None
        elif conn.host_key:
            known = asyncssh.import_known_hosts(f"[{conn.host}]:{conn.port or 22} "
                                                f"{conn.host_key}\n{conn.host} {conn.host_key}\n")
        elif conn.known_hosts:
            known = conn.known_hosts
        keys = [asyncssh.import_private_key(conn.private_key, conn.passphrase)] \
            if conn.private_key else None
        try:
            self.ssh = await asyncssh.connect(
                conn.host, conn.port or 22, username=conn.username, password=conn.password,
                client_keys=keys, known_hosts=known, connect_timeout=conn.connect_timeout)
            self.sftp = await self.ssh.start_sftp_client()
        except asyncssh.PermissionDenied as exc:
            raise FileError("ACCESS_DENIED", f"authentication failed: {exc.reason}") from None
        except asyncssh.HostKeyNotVerifiable as exc:
            raise FileError("CONNECTIVITY", f"host key not verified: {exc.reason}") from None
        except (OSError, asyncssh.Error, TimeoutError) as exc:
            raise FileError("CONNECTIVITY", f"cannot connect to {conn.host}: "
                                            f"{getattr(exc, 'reason', exc)}") from None
        return self

    async def _call(self, coro: Any, path: str) -> Any:
        import asyncssh

        try:
            return await coro
        except asyncssh.SFTPNoSuchFile as exc:
            raise FileError("NOT_FOUND", f"{path}: {exc.reason}") from None
        except asyncssh.SFTPPermissionDenied as exc:
            raise FileError("ACCESS_DENIED", f"{path}: {exc.reason}") from None
        except asyncssh.SFTPError as exc:
            raise FileError("NOT_FOUND" if "No such" in str(exc.reason) else "ACCESS_DENIED",
                            f"{path}: {exc.reason}") from None
        except (OSError, asyncssh.Error) as exc:
            raise FileError("CONNECTIVITY", f"{path}: {exc}") from None

    def _entry(self, path: str, attrs: Any) -> Entry:
        is_dir = attrs.permissions is not None and _stat.S_ISDIR(attrs.permissions)
        return Entry(posixpath.basename(path.rstrip("/")) or path, path, attrs.size or 0,
                     _utc(attrs.mtime), is_dir)

    async def stat(self, path: str) -> Optional[Entry]:
        try:
            return self._entry(path, await self._call(self.sftp.stat(path), path))
        except FileError as exc:
            if exc.kind == "NOT_FOUND":
                return None
            raise

    async def listdir(self, path: str) -> list[Entry]:
        names = await self._call(self.sftp.readdir(path), path)
        return [self._entry(posixpath.join(path, n.filename), n.attrs) for n in names
                if n.filename not in (".", "..")]

    async def read(self, path: str, limit: int) -> bytes:
        async def go() -> bytes:
            async with self.sftp.open(path, "rb") as handle:
                data = await handle.read(limit + 1)
            if len(data) > limit:
                raise FileError("LIMIT", f"{path} is larger than max_size ({limit} bytes)")
            return data

        return await self._call(go(), path)

    async def write(self, path: str, data: bytes, append: bool) -> None:
        async def go() -> None:
            async with self.sftp.open(path, "ab" if append else "wb") as handle:
                await handle.write(data)

        await self._call(go(), path)

    async def makedirs(self, path: str) -> None:
        await self._call(self.sftp.makedirs(path, exist_ok=True), path)

    async def delete(self, path: str) -> None:
        await self._call(self.sftp.remove(path), path)

    async def rename(self, source: str, target: str) -> None:
        await self._call(self.sftp.posix_rename(source, target), source)

    async def aclose(self) -> None:
        if self.ssh is not None:
            self.ssh.close()
            await self.ssh.wait_closed()

"""FTP and SFTP connectors (§7.5) against real in-process servers (aioftp's server, asyncssh's).

The same scenario runs on both protocols: write (overwrite, append, create_new, create_dirs),
list (pattern, recursive, aware UTC times), read (MIME type guessed, attrs, max_size), move,
delete, and the error codes NOT_FOUND, EXISTS, ACCESS_DENIED, CONNECTIVITY, LIMIT. SFTP host
keys are verified by default: an unknown key is refused.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import Any, AsyncIterator

import pytest

aioftp = pytest.importorskip("aioftp")
asyncssh = pytest.importorskip("asyncssh")

from .http_support import closed_port, engine_with  # noqa: E402


class _SshServer(asyncssh.SSHServer):
    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return (username, password) == ("ann", "secret")


async def _start(kind: str, root: Path) -> tuple[Any, dict[str, Any]]:
    """A running server rooted at ``root`` and the connection config to reach it."""
    if kind == "ftp":
        user = aioftp.User("ann", "secret", base_path=root, home_path="/")
        server = aioftp.Server([user])
        await server.start("127.0.0.1", 0)
        port = server.server.sockets[0].getsockname()[1]
        return server, {"host": "127.0.0.1", "port": port, "username": "ann",
                        "password": "secret", "timeout": 10, "connect_timeout": 5}
    key = asyncssh.generate_private_key("ssh-ed25519")
    server = await asyncssh.create_server(
        _SshServer, "127.0.0.1", 0, server_host_keys=[key],
        sftp_factory=lambda chan: asyncssh.SFTPServer(chan, chroot=str(root)))
    port = server.sockets[0].getsockname()[1]
    return server, {"host": "127.0.0.1", "port": port, "username": "ann", "password": "secret",
                    "host_key": key.export_public_key().decode().strip(), "timeout": 10,
                    "connect_timeout": 5}


async def _stop(kind: str, server: Any) -> None:
    if kind == "ftp":
        await server.close()
    else:
        server.close()
        await server.wait_closed()


def op(step_id: str, operation: str, **config: Any) -> dict[str, Any]:
    return {"id": step_id, "type": "{kind}", "connection": "files",
            "config": {"operation": operation, **config}}


def run(kind: str, root: Path, steps: list[dict[str, Any]], payload: Any = None,
        **conn_overrides: Any) -> Any:
    async def go() -> Any:
        server, conn = await _start(kind, root)
        conn.update(conn_overrides)
        text = "flow: main\nsteps:\n" + "".join(
            "  - " + json.dumps(s).replace("{kind}", kind) + "\n" for s in steps)
        engine = engine_with({"main": text}, {"files": {"type": kind, "config": conn}})
        try:
            return await engine.run_flow("main", {"payload": payload})
        finally:
            await engine.shutdown(grace=0)
            await _stop(kind, server)

    return asyncio.run(go())


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_operations(kind: str, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text('{"n": 1}')
    (tmp_path / "in" / "b.txt").write_text("hello")
    record = run(kind, tmp_path, [
        op("w1", "write", path="out/x/report.csv", content="id\n1\n", create_dirs=True),
        op("w2", "write", path="out/x/report.csv", content="2\n", mode="append"),
        op("ls", "list", path="in", pattern="*.json"),
        op("lsr", "list", path=".", recursive=True),
        op("r", "read", path="in/a.json"),
        op("mv", "move", **{"from": "in/b.txt", "to": "done/b.txt", "create_dirs": True}),
        op("rm", "delete", path="in/a.json"),
        op("r2", "read", path="out/x/report.csv"),
    ])
    assert record.status == "succeeded", record.error
    out = {s.step: s.output for s in record.steps}
    assert out["w1"].payload == {"path": "/out/x/report.csv", "size": 5}
    assert out["w2"].payload == {"path": "/out/x/report.csv", "size": 7}
    [entry] = out["ls"].payload
    assert (entry["name"], entry["path"], entry["size"], entry["is_dir"]) == \
        ("a.json", "/in/a.json", 8, False)
    assert isinstance(entry["modified"], dt.datetime) and entry["modified"].tzinfo is not None
    paths = [e["path"] for e in out["lsr"].payload]
    assert paths == sorted(paths) and "/out/x/report.csv" in paths and "/in" in paths
    read = out["r"]
    assert read.payload.mime_type == "application/json" and read.payload["n"] == 1
    assert read.attrs["path"] == "/in/a.json" and read.attrs["size"] == 8
    assert out["mv"].payload == {"from": "/in/b.txt", "to": "/done/b.txt"}
    assert out["rm"].payload == {"path": "/in/a.json"}
    assert out["r2"].payload.blob == b"id\n1\n2\n"
    assert (tmp_path / "done" / "b.txt").read_text() == "hello"
    assert not (tmp_path / "in" / "a.json").exists()


@pytest.mark.parametrize("kind", ["ftp", "sftp"])
def test_error_codes(kind: str, tmp_path: Path) -> None:
    ns = kind.upper()
    (tmp_path / "f.txt").write_text("x" * 100)
    missing = run(kind, tmp_path, [op("r", "read", path="nope.txt")])
    assert missing.error["Code"] == f"{ns}:NOT_FOUND", missing.error
    exists = run(kind, tmp_path, [op("w", "write", path="f.txt", content="y",
                                     mode="create_new")])
    assert exists.error["Code"] == f"{ns}:EXISTS", exists.error
    move = run(kind, tmp_path, [op("w", "write", path="g.txt", content="y"),
                                op("m", "move", **{"from": "g.txt", "to": "f.txt"})])
    assert move.error["Code"] == f"{ns}:EXISTS", move.error
    big = run(kind, tmp_path, [op("r", "read", path="f.txt")], max_size=10)
    assert big.error["Code"] == "LIMIT", big.error
    denied = run(kind, tmp_path, [op("r", "read", path="f.txt")], password="wrong")
    assert denied.error["Code"] == f"{ns}:ACCESS_DENIED", denied.error
    refused = run(kind, tmp_path, [op("r", "read", path="f.txt")], port=closed_port())
    assert refused.error["Code"] == f"{ns}:CONNECTIVITY", refused.error


def test_sftp_refuses_an_unknown_host_key(tmp_path: Path) -> None:
    other = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()
    record = run("sftp", tmp_path, [op("l", "list")], host_key=other)
    assert record.error["Code"] == "SFTP:CONNECTIVITY"
    assert "host key" in record.error["Description"].lower()

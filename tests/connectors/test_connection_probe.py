"""``dataway connection test``: each connection type answers, or fails with the step's code."""
from __future__ import annotations

import json
import socket
import textwrap
from pathlib import Path

import pytest

from dataway.cli.main import main

from .http_support import closed_port


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def make_app(tmp_path: Path, connections: dict) -> Path:
    app = tmp_path / "app"
    (app / "flows").mkdir(parents=True)
    (app / "app.yaml").write_text("app: probe\nconnections: " + json.dumps(connections) + "\n")
    (app / "flows" / "noop.yaml").write_text(textwrap.dedent("""\
        flow: noop
        steps: [{id: s, type: set_payload, config: {value: 1}}]
        """))
    return app


def probe(app: Path, name: str, capsys) -> tuple[int, str]:
    code = main(["connection", "test", str(app), name])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_sqlite_and_unknown_names(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, {"db": {"type": "database", "config": {"kind": "sqlite",
                                                                    "path": "x.db"}}})
    code, out = probe(app, "db", capsys)
    assert code == 0 and out.startswith("ok: db: sqlite x.db answered SELECT 1")
    code, out = probe(app, "nope", capsys)
    assert code == 2 and "has no connection 'nope' (it has: db)" in out


@pytest.mark.parametrize("kind, port, config, answer", [
    ("database", 5432, {"kind": "postgresql", "database": "test", "username": "postgres",
                        "ssl": "disable"}, "postgresql 127.0.0.1:5432/test answered SELECT 1"),
    ("database", 3306, {"kind": "mysql", "database": "test", "username": "root",
                        "ssl": "disable"}, "mysql 127.0.0.1:3306/test answered SELECT 1"),
    ("redis", 6379, {"host": "127.0.0.1"}, "redis (standalone) answered PING"),
    ("amqp", 5672, {"url": "amqp://guest:guest@127.0.0.1:5672/"}, "accepted a connection"),
    ("mqtt", 1883, {"url": "mqtt://127.0.0.1:1883"}, "accepted the connection (CONNACK)"),
])
def test_real_services_answer_and_refusals_fail(tmp_path: Path, capsys, kind: str, port: int,
                                                config: dict, answer: str) -> None:
    if not _up(port):
        import os

        if os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
            pytest.fail(f"service on 127.0.0.1:{port} is required but down")
        pytest.skip(f"no service on 127.0.0.1:{port}")
    down = dict(config)
    if "url" in down:
        down["url"] = down["url"].replace(f":{port}", f":{closed_port()}")
    else:
        down["port"] = closed_port()
    app = make_app(tmp_path, {"up": {"type": kind, "config": config},
                              "down": {"type": kind, "config": down}})
    code, out = probe(app, "up", capsys)
    assert code == 0 and answer in out, out
    code, out = probe(app, "down", capsys)
    assert code == 1 and out.startswith("failed: ") and "CONNECTIVITY" in out, out


def test_email_smtp_answers_and_refusals_fail(tmp_path: Path, capsys) -> None:
    controller_mod = pytest.importorskip("aiosmtpd.controller")

    class Sink:
        async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001
            return "250 OK"

    port = closed_port()  # a free port: the controller checks readiness by connecting to it
    controller = controller_mod.Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = make_app(tmp_path, {
            "up": {"type": "email", "config": {"smtp": {"host": "127.0.0.1", "port": port,
                                                        "security": "none"}}},
            "down": {"type": "email", "config": {"smtp": {"host": "127.0.0.1",
                                                          "port": closed_port(),
                                                          "security": "none"}}}})
        code, out = probe(app, "up", capsys)
        assert code == 0 and f"SMTP 127.0.0.1:{port} accepted the login" in out, out
        code, out = probe(app, "down", capsys)
        assert code == 1 and out.startswith("failed: EMAIL:CONNECTIVITY"), out
    finally:
        controller.stop()

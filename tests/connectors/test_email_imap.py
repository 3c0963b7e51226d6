"""Email ``read`` (§7.7) against a minimal in-process IMAP4rev1 server written for this test.

No maintained pure-Python IMAP server exists to start from a fixture, so :class:`MiniImap` speaks
just the part of RFC 3501 a ``read`` uses, over a real socket: CAPABILITY, NOOP, LOGIN,
SELECT/EXAMINE, UID SEARCH (ALL, UNSEEN, SEEN, SUBJECT "text"), UID FETCH (BODY.PEEK[]),
UID STORE +FLAGS, LOGOUT. The client side is the connector's real code (``imaplib`` on a worker
thread); what the server does not model (literals from the client, multiple folders' state
beyond a dict, IDLE, TLS) is not tested here.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from .http_support import closed_port, silent_server
from .test_email import aiosmtpd_controller, run_steps, server_tls

_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def _tokens(text: str) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", q) if q or not u else u for q, u in _TOKEN.findall(text)]


class MiniImap:
    """Folders of ``[uid, raw bytes, flags]``; one user ``ann``/``secret``."""

    def __init__(self, folders: dict[str, list[bytes]]) -> None:
        self.starttls: Any = None  # a server SSLContext: offer STARTTLS
        self.folders = {name: [[i + 1, raw, set()] for i, raw in enumerate(msgs)]
                        for name, msgs in folders.items()}
        self.commands: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"* OK MiniImap ready\r\n")
        authed, box, readonly = False, None, True
        while line := await reader.readline():
            tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            if command == "UID":
                command, _, args = args.partition(" ")
                command = "UID " + command.upper()
            self.commands.append(command)
            out: list[bytes] = []
            status = "OK done"
            if command == "CAPABILITY":
                out.append(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN" +
                           (b" STARTTLS" if self.starttls else b""))
            elif command == "STARTTLS" and self.starttls:
                writer.write(f"{tag} OK begin TLS\r\n".encode())
                await writer.drain()
                await writer.start_tls(self.starttls)
                continue
            elif command == "LOGIN":
                authed = _tokens(args) == ["ann", "secret"]
                status = "OK logged in" if authed else "NO [AUTHENTICATIONFAILED] bad login"
            elif command == "LOGOUT":
                writer.write(b"* BYE\r\n" + f"{tag} OK bye\r\n".encode())
                break
            elif not authed and command != "NOOP":
                status = "BAD log in first"
            elif command in ("SELECT", "EXAMINE"):
                box = self.folders.get(_tokens(args)[0])
                readonly = command == "EXAMINE"
                if box is None:
                    status = "NO [NONEXISTENT] no such folder"
                else:
                    out += [f"* {len(box)} EXISTS".encode(), b"* 0 RECENT",
                            b"* FLAGS (\\Seen)", b"* OK [UIDVALIDITY 1] ok"]
                    status = "OK [READ-ONLY] done" if readonly else "OK [READ-WRITE] done"
            elif command == "UID SEARCH" and box is not None:
                found = self._search(box, _tokens(args))
                if found is None:
                    status = "BAD unsupported search"
                else:
                    out.append(("* SEARCH " + " ".join(str(m[0]) for m in found)).rstrip()
                               .encode())
            elif command == "UID FETCH" and box is not None:
                uid = int(args.split()[0])
                for seq, (u, raw, _) in enumerate(box, 1):
                    if u == uid:
                        out.append(f"* {seq} FETCH (UID {u} BODY[] {{{len(raw)}}}\r\n"
                                   .encode() + raw + b")")
            elif command == "UID STORE" and box is not None:
                if readonly:
                    status = "NO read-only folder"
                else:
                    uids = {int(u) for u in args.split()[0].split(",")}
                    for message in box:
                        if message[0] in uids:
                            message[2].add("\\Seen")
            elif command != "NOOP":
                status = "BAD unknown command"
            writer.write(b"".join(o + b"\r\n" for o in out) + f"{tag} {status}\r\n".encode())
            await writer.drain()
        writer.close()

    @staticmethod
    def _search(box: list[Any], words: list[str]) -> Any:
        if words == ["ALL"]:
            return box
        if words == ["UNSEEN"]:
            return [m for m in box if "\\Seen" not in m[2]]
        if words == ["SEEN"]:
            return [m for m in box if "\\Seen" in m[2]]
        if len(words) == 2 and words[0] == "SUBJECT":
            return [m for m in box if words[1].lower().encode() in
                    m[1].split(b"\r\n\r\n")[0].lower()]
        return None


def _message(n: int, subject: str, attachments: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Bob <bob@x.example>"
    msg["To"] = "ann@shop.example, Carol <carol@shop.example>"
    msg["Cc"] = "dan@shop.example"
    msg["Subject"] = subject
    msg["Date"] = f"Mon, 0{n} Jun 2026 10:00:00 +0200"
    msg["Message-ID"] = f"<m{n}@x.example>"
    msg["X-Order"] = str(n)
    msg.set_content(f"text {n}\n")
    if attachments:
        msg.add_alternative(f"<p>html {n}</p>\n", subtype="html")
        msg.add_attachment(b"small", maintype="application", subtype="octet-stream",
                           filename="small.bin")
        msg.add_attachment(b"x" * 2000, maintype="text", subtype="csv", filename="big.csv")
    return msg.as_bytes().replace(b"\n", b"\r\n")


def run(server: MiniImap, steps: list[dict[str, Any]], port: Any = None, tls: Any = None,
        smtp: Any = None, from_address: Any = None, **imap: Any) -> Any:
    """Run a flow of ``steps`` against ``server`` on a fresh port (``tls``: implicit TLS)."""
    async def go() -> Any:
        srv = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
        conn = {"imap": {"host": "127.0.0.1", "port": port or srv.sockets[0].getsockname()[1],
                         "security": "none", "username": "ann", "password": "secret", **imap},
                "timeout": 5, "smtp": smtp, "from_address": from_address}
        try:
            return await run_steps(steps, conn, None)
        finally:
            srv.close()

    return asyncio.run(go())


def read(step_id: str = "r", **config: Any) -> dict[str, Any]:
    return {"id": step_id, "type": "email", "connection": "mail",
            "config": {"operation": "read", **config}}


@pytest.fixture()
def server() -> MiniImap:
    return MiniImap({"INBOX": [_message(1, "Invoice 1", attachments=1), _message(2, "Hello"),
                               _message(3, "Invoice 3")], "Archive": []})


def test_read_unseen_oldest_first_then_marks_seen(server: MiniImap) -> None:
    record = run(server, [read("a", limit=2, max_attachment_size=100), read("b")])
    assert record.status == "succeeded", record.error
    out = {s.step: s.output.payload for s in record.steps}
    first, second = out["a"]
    assert [first["uid"], second["uid"]] == [1, 2] and [m["uid"] for m in out["b"]] == [3]
    assert first["message_id"] == "<m1@x.example>" and first["from"] == "Bob <bob@x.example>"
    assert first["to"] == ["ann@shop.example", "Carol <carol@shop.example>"]
    assert first["cc"] == ["dan@shop.example"] and first["subject"] == "Invoice 1"
    assert first["date"] == dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert first["text"] == "text 1\n" and first["html"] == "<p>html 1</p>\n"
    assert second["html"] is None and second["attachments"] == []
    assert first["headers"].get("x-order") == "1" and first["headers"].get("X-ORDER") == "1"
    small, big = first["attachments"]
    assert small["filename"] == "small.bin" and small["content"].blob == b"small"
    assert small["content"].mime_type == "application/octet-stream"
    assert (big["filename"], big["size"], big["content"]) == ("big.csv", 2000, None)
    assert all("\\Seen" in m[2] for m in server.folders["INBOX"])
    assert "UID STORE" in server.commands and "EXAMINE" not in server.commands


def test_read_all_without_marking_and_a_search_string(server: MiniImap) -> None:
    record = run(server, [read("all", criteria="all", mark_seen=False,
                               include_attachments=False),
                          read("inv", criteria='SUBJECT "invoice"', mark_seen=False)])
    assert record.status == "succeeded", record.error
    out = {s.step: s.output.payload for s in record.steps}
    assert [m["uid"] for m in out["all"]] == [1, 2, 3]
    assert out["all"][0]["attachments"] == []
    assert [m["subject"] for m in out["inv"]] == ["Invoice 1", "Invoice 3"]
    assert out["inv"][0]["attachments"][1]["content"].blob == b"x" * 2000
    assert not any(m[2] for m in server.folders["INBOX"])
    assert "UID STORE" not in server.commands and "SELECT" not in server.commands


def test_empty_folder_reads_an_empty_list(server: MiniImap) -> None:
    record = run(server, [read(folder="Archive", criteria="all")])
    assert record.status == "succeeded", record.error
    assert record.steps[-1].output.payload == []


def test_error_codes(server: MiniImap) -> None:
    assert run(server, [read()], password="nope").error["Code"] == "EMAIL:AUTH"
    missing = run(server, [read(folder="Nope")])
    assert missing.error["Code"] == "VALIDATION" and "Nope" in missing.error["Description"]
    bad = run(server, [read(criteria="FLAGGED SINCE x")])
    assert bad.error["Code"] == "VALIDATION", bad.error
    refused = run(server, [read()], port=closed_port())
    assert refused.error["Code"] == "EMAIL:CONNECTIVITY", refused.error

    async def silent() -> Any:
        async with silent_server() as port:
            conn = {"imap": {"host": "127.0.0.1", "port": port, "security": "none"},
                    "timeout": 0.5}
            return await run_steps([read()], conn, None)

    assert asyncio.run(silent()).error["Code"] == "EMAIL:TIMEOUT"


@pytest.mark.parametrize("mode", ["ssl", "starttls"])
def test_read_over_tls_verifies_the_certificate_unless_told_not_to(
        mode: str, server: MiniImap, tmp_path: Path) -> None:
    context = server_tls(tmp_path)
    if mode == "starttls":
        server.starttls = context
    tls = context if mode == "ssl" else None
    ok = run(server, [read(criteria="all", mark_seen=False)], tls=tls, security=mode,
             verify_tls=False)
    assert ok.status == "succeeded", ok.error
    assert [m["uid"] for m in ok.steps[-1].output.payload] == [1, 2, 3]
    refused = run(server, [read()], tls=tls, security=mode)
    assert refused.error["Code"] == "EMAIL:CONNECTIVITY", refused.error
    assert "certificate" in refused.error["Description"].lower()


def test_a_sent_message_reads_back_with_its_attachment(server: MiniImap) -> None:
    """send -> aiosmtpd -> the IMAP folder -> read: our builder and our parser agree."""
    class Deliver:
        async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
            box = server.folders["Archive"]
            box.append([len(box) + 1, envelope.content, set()])
            return "250 OK"

    smtp_port = closed_port()
    controller = aiosmtpd_controller.Controller(Deliver(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        record = run(server, [
            {"id": "s", "type": "email", "connection": "mail", "config": {
                "operation": "send", "to": "ann@shop.example", "subject": "Résumé ✓",
                "body": "line 1\nline 2\n", "attachments": {"expr": "[{'filename': 'a.json',"
                                                              " 'content': b'{\"n\": 1}'}]"}}},
            read(folder="Archive")],
            smtp={"host": "127.0.0.1", "port": smtp_port, "security": "none"},
            from_address="orders@shop.example")
    finally:
        controller.stop()
    assert record.status == "succeeded", record.error
    sent, [got] = record.steps[0].output.payload, record.steps[-1].output.payload
    assert got["message_id"] == sent["message_id"] and got["subject"] == "Résumé ✓"
    assert got["from"] == "orders@shop.example" and got["to"] == ["ann@shop.example"]
    assert got["text"] == "line 1\nline 2\n" and got["date"].tzinfo is not None
    [attachment] = got["attachments"]
    assert attachment["filename"] == "a.json" and attachment["content"]["n"] == 1

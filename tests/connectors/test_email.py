"""Email ``send`` (§7.7) against a real in-process SMTP server (aiosmtpd).

The server receives the message: headers, body, attachments and the envelope are asserted on
what arrived (Bcc on the envelope only). Failure paths: wrong credentials (EMAIL:AUTH), a
refused port (EMAIL:CONNECTIVITY), a server that never answers (EMAIL:TIMEOUT), a refused
recipient (EMAIL:SEND), a header injection attempt (VALIDATION).
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import json
import ssl
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("aiosmtplib")
aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

from .http_support import closed_port, engine_with, silent_server  # noqa: E402
from .test_http_tls import self_signed  # noqa: E402


class _Inbox:
    """aiosmtpd handler keeping every envelope; refuses recipients at ``refused.example``."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:
        if address.endswith("@refused.example"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


def _auth(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"ann", b"secret")
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535


async def run_steps(steps: list[dict[str, Any]], conn: dict[str, Any], payload: Any) -> Any:
    """Run a flow of ``steps`` with ``conn`` as the ``mail`` connection; the run record."""
    text = "flow: main\nsteps:\n" + "".join(f"  - {json.dumps(s)}\n" for s in steps)
    engine = engine_with({"main": text}, {"mail": {"type": "email", "config": conn}})
    try:
        return await engine.run_flow("main", {"payload": payload})
    finally:
        await engine.shutdown(grace=0)


def server_tls(tmp_path: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*self_signed(tmp_path))
    return context


def run(steps: list[dict[str, Any]], payload: Any = None, tls: Any = None,
        **smtp: Any) -> tuple[Any, _Inbox]:
    """Run a flow of ``steps`` against a fresh SMTP server; ``(record, inbox)``.

    ``tls``: ``("starttls", context)`` or ``("ssl", context)`` for a TLS server.
    """
    inbox = _Inbox()
    port = closed_port()
    mode, context = tls or (None, None)
    # aiosmtpd does not see implicit TLS (it wraps the socket below the SMTP session), so
    # only a STARTTLS server can insist on TLS before AUTH.
    options: dict[str, Any] = {"auth_require_tls": mode == "starttls"}
    if mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif mode == "ssl":
        options.update(ssl_context=context)
    controller = aiosmtpd_controller.Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=_auth, **options)
    controller.start()
    conn = {"smtp": {"host": "127.0.0.1", "port": port, "security": "none",
                     "username": "ann", "password": "secret", **smtp},
            "from_address": "Orders <orders@shop.example>", "timeout": 5}

    try:
        return asyncio.run(run_steps(steps, conn, payload)), inbox
    finally:
        controller.stop()


def send(**config: Any) -> dict[str, Any]:
    return {"id": "s", "type": "email", "connection": "mail",
            "config": {"operation": "send", **config}}


def test_send_delivers_headers_body_attachments_and_bcc_on_the_envelope_only() -> None:
    record, inbox = run([
        {"id": "doc", "type": "set_payload",
         "config": {"value": {"expr": "Entity.from_bytes(b'%PDF-1.4 x', 'application/pdf')"}}},
        send(to=["Bob <bob@x.example>", "carol@x.example"], cc="dan@x.example",
             bcc="audit@y.example", subject="Order #42 — shipped",
             body="<p>Your order <b>shipped</b></p>", body_type="html",
             reply_to="help@shop.example", headers={"X-Order": "42"},
             attachments={"expr": "[msg.payload, {'filename': 'lines.csv', "
                                  "'content': 'sku,qty\\nA,2\\n'}]"}),
    ])
    assert record.status == "succeeded", record.error
    [env] = inbox.envelopes
    assert env.mail_from == "orders@shop.example"
    assert sorted(env.rcpt_tos) == ["audit@y.example", "bob@x.example", "carol@x.example",
                                    "dan@x.example"]
    got = email.message_from_bytes(env.content, policy=email.policy.default)
    assert "Bcc" not in got and b"audit@y.example" not in env.content
    assert got["From"] == "Orders <orders@shop.example>"
    assert got["To"] == "Bob <bob@x.example>, carol@x.example"
    assert got["Cc"] == "dan@x.example" and got["Reply-To"] == "help@shop.example"
    assert got["Subject"] == "Order #42 — shipped" and got["X-Order"] == "42"
    payload = record.steps[-1].output.payload
    assert payload == {"message_id": got["Message-ID"]}
    assert payload["message_id"].endswith("@shop.example>")
    assert got.get_body(("html",)).get_content().strip() == \
        "<p>Your order <b>shipped</b></p>"
    files = [(p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
             for p in got.iter_attachments()]
    assert files == [("attachment-1.pdf", "application/pdf", b"%PDF-1.4 x"),
                     ("lines.csv", "text/csv", b"sku,qty\nA,2\n")]


def test_send_body_defaults_to_the_payload_and_from_overrides_from_address() -> None:
    record, inbox = run([send(to="bob@x.example", subject="hi", **{"from": "me@a.example"})],
                        payload="plain text")
    assert record.status == "succeeded", record.error
    got = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    assert inbox.envelopes[0].mail_from == "me@a.example"
    assert got.get_content_type() == "text/plain" and got.get_content().strip() == "plain text"


def test_wrong_credentials_fail_with_email_auth() -> None:
    record, inbox = run([send(to="bob@x.example")], payload="x", password="wrong")
    assert record.error["Code"] == "EMAIL:AUTH", record.error
    assert "wrong" not in json.dumps(record.error, default=str) and not inbox.envelopes


def test_refused_recipient_fails_with_email_send() -> None:
    record, inbox = run([send(to="nobody@refused.example")], payload="x")
    assert record.error["Code"] == "EMAIL:SEND", record.error
    assert "nobody@refused.example" in record.error["Description"]
    partial, inbox = run([send(to=["bob@x.example", "nobody@refused.example"])], payload="x")
    assert partial.error["Code"] == "EMAIL:SEND", partial.error
    assert [e.rcpt_tos for e in inbox.envelopes] == [["bob@x.example"]]


def test_header_injection_and_missing_recipients_are_validation_errors() -> None:
    record, inbox = run([send(to="bob@x.example", subject="hi\r\nBcc: evil@z.example")],
                        payload="x")
    assert record.error["Code"] == "VALIDATION", record.error
    record, _ = run([send(to={"expr": "[]"})], payload="x")
    assert record.error["Code"] == "VALIDATION", record.error
    assert not inbox.envelopes


def test_refused_port_is_connectivity_and_silent_server_is_timeout() -> None:
    record, _ = run([send(to="bob@x.example")], payload="x", port=closed_port())
    assert record.error["Code"] == "EMAIL:CONNECTIVITY", record.error

    async def silent() -> Any:
        async with silent_server() as port:
            conn = {"smtp": {"host": "127.0.0.1", "port": port, "security": "none"},
                    "from_address": "a@b.example", "timeout": 0.5}
            return await run_steps([send(to="bob@x.example")], conn, "x")

    record = asyncio.run(silent())
    assert record.error["Code"] == "EMAIL:TIMEOUT", record.error


def test_load_refuses_a_send_without_smtp_and_a_send_without_to() -> None:
    from dataway.engine.loader import LoadError

    with pytest.raises(LoadError, match="smtp"):
        text = "flow: main\nsteps:\n  - " + json.dumps(send(to="a@b.example")) + "\n"
        engine_with({"main": text}, {"mail": {"type": "email", "config": {
            "imap": {"host": "127.0.0.1"}}}})
    with pytest.raises(LoadError, match="needs 'to'"):
        text = "flow: main\nsteps:\n  - " + json.dumps(send()) + "\n"
        engine_with({"main": text}, {"mail": {"type": "email", "config": {
            "smtp": {"host": "127.0.0.1"}}}})


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_send_over_tls_verifies_the_certificate_unless_told_not_to(mode: str,
                                                                   tmp_path: Path) -> None:
    context = server_tls(tmp_path)
    record, inbox = run([send(to="bob@x.example")], payload="x", tls=(mode, context),
                        security=mode, verify_tls=False)
    assert record.status == "succeeded", record.error
    assert len(inbox.envelopes) == 1
    record, inbox = run([send(to="bob@x.example")], payload="x", tls=(mode, context),
                        security=mode)
    assert record.error["Code"] == "EMAIL:CONNECTIVITY", record.error
    assert "certificate" in record.error["Description"].lower() and not inbox.envelopes

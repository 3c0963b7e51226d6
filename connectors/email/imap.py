"""Read messages from an IMAP folder with the standard library's ``imaplib``.

``imaplib`` is blocking, so :func:`read` runs on a worker thread (the event loop never waits on a
socket); every socket operation is bounded by the connection's ``timeout``.

**Decisions**: the ``limit`` oldest matching messages (lowest UIDs) are returned, oldest first, so
repeated ``unseen`` reads with ``mark_seen`` work through a backlog in arrival order; messages are
fetched with ``BODY.PEEK[]`` and flagged ``\\Seen`` only after all of them were parsed; an
attachment larger than ``max_attachment_size`` is listed with ``content: None`` (the flow can see
it exists) and ``size``; ``to``/``cc`` are lists of address strings, ``date`` an aware datetime
(``None`` when absent or unparseable); ``text``/``html`` end lines with ``\n`` (not the
wire's CRLF); a folder or search the server refuses is VALIDATION.
"""
from __future__ import annotations

import email
import email.policy
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any, Optional

from dataway.data.entity import Entity
from dataway.data.multimap import MultiMap

from .smtp import EmailError

__all__ = ["ReadRequest", "read", "parse"]

_UID_RE = re.compile(rb"UID (\d+)")


@dataclass
class ReadRequest:
    """What to read (the ``read`` step's fields, checked)."""

    folder: str
    criteria: str
    limit: int
    mark_seen: bool
    include_attachments: bool
    max_attachment_size: int


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _search(criteria: str) -> str:
    named = {"unseen": "UNSEEN", "all": "ALL"}
    return named.get(criteria.strip().lower(), criteria)


def read(conn: Any, timeout: float, req: ReadRequest) -> list[dict[str, Any]]:
    """The matching messages, oldest first (blocking: call on a worker thread)."""
    where = f"IMAP server {conn.host}:{conn.port}"
    try:
        if conn.security == "ssl":
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(conn.host, conn.port,
                                                      ssl_context=_context(conn),
                                                      timeout=timeout)
        else:
            client = imaplib.IMAP4(conn.host, conn.port, timeout=timeout)
    except (socket.timeout, TimeoutError):
        raise EmailError("TIMEOUT", f"{where}: no answer within {timeout:g} s") from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise EmailError("CONNECTIVITY", f"{where}: {exc or type(exc).__name__}") from None
    try:
        return _session(client, conn, req, where, timeout)
    except (socket.timeout, TimeoutError):
        raise EmailError("TIMEOUT", f"{where}: no answer within {timeout:g} s") from None
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise EmailError("CONNECTIVITY", f"{where}: {exc or type(exc).__name__}") from None
    finally:
        try:
            client.logout()
        except Exception:  # the session is over either way
            pass


def _context(conn: Any) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not conn.verify_tls:  # the user's explicit choice (self-signed test servers)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _session(client: imaplib.IMAP4, conn: Any, req: ReadRequest, where: str,
             timeout: float) -> list[dict[str, Any]]:
    if conn.security == "starttls":
        try:
            client.starttls(ssl_context=_context(conn))
        except imaplib.IMAP4.error as exc:
            raise EmailError("CONNECTIVITY", f"{where}: STARTTLS failed: {exc}") from None
    if conn.username:
        try:
            client.login(conn.username, conn.password or "")
        except imaplib.IMAP4.error as exc:
            raise EmailError("AUTH", f"{where}: login refused: {_text(exc)}") from None
    try:
        status, data = client.select(_quote(req.folder), readonly=not req.mark_seen)
        if status != "OK":
            raise EmailError("VALIDATION", f"{where}: cannot open folder {req.folder!r}: "
                            f"{_text(data)}")
        status, data = client.uid("SEARCH", _search(req.criteria))
        if status != "OK":
            raise EmailError("VALIDATION", f"{where}: search {req.criteria!r} refused: "
                            f"{_text(data)}")
    except imaplib.IMAP4.error as exc:
        if isinstance(exc, imaplib.IMAP4.abort):
            raise
        raise EmailError("VALIDATION", f"{where}: {_text(exc)}") from None
    uids = sorted(int(u) for u in b" ".join(d for d in data if d).split())[:req.limit]
    out = []
    for uid in uids:
        status, data = client.uid("FETCH", str(uid), "(UID BODY.PEEK[])")
        raw = next((part[1] for part in data if isinstance(part, tuple)), None)
        if status != "OK" or raw is None:  # expunged meanwhile by another client
            continue
        out.append(parse(uid, raw, req))
    if req.mark_seen and out:
        client.uid("STORE", ",".join(str(m["uid"]) for m in out), "+FLAGS", "(\\Seen)")
    return out


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def parse(uid: int, raw: bytes, req: ReadRequest) -> dict[str, Any]:
    """One message as the ``read`` payload item of §7.7."""
    msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore
    headers = MultiMap.from_pairs([(k, str(v)) for k, v in msg.items()], ignore_case=True)
    attachments = []
    if req.include_attachments:
        for part in msg.iter_attachments():
            data = part.get_payload(decode=True) or b""
            entry: dict[str, Any] = {"filename": part.get_filename(), "size": len(data),
                                     "content": None}
            if len(data) <= req.max_attachment_size:
                entry["content"] = Entity.from_bytes(data, part.get_content_type())
            attachments.append(entry)
    return {"uid": uid, "message_id": _header(msg, "Message-ID"),
            "from": _header(msg, "From"), "to": _list(msg, "To"), "cc": _list(msg, "Cc"),
            "subject": _header(msg, "Subject"), "date": _date(msg),
            "text": _body(msg, "plain"), "html": _body(msg, "html"), "headers": headers,
            "attachments": attachments}


def _header(msg: EmailMessage, name: str) -> Optional[str]:
    value = msg.get(name)
    return None if value is None else str(value)


def _list(msg: EmailMessage, name: str) -> list[str]:
    out: list[str] = []
    for value in msg.get_all(name) or []:
        addresses = getattr(value, "addresses", None)
        out += [str(a) for a in addresses] if addresses is not None else [str(value)]
    return out


def _date(msg: EmailMessage) -> Any:
    value = msg.get("Date")
    if value is None:
        return None
    try:
        return parsedate_to_datetime(str(value))
    except (TypeError, ValueError):
        return None


def _body(msg: EmailMessage, subtype: str) -> Optional[str]:
    part = msg.get_body(preferencelist=(subtype,))
    if part is None:
        return None
    try:
        text = part.get_content()
    except (LookupError, ValueError):  # an unknown charset: keep the text, lose exotic bytes
        text = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    # CRLF is the wire's line ending, not the author's: give flows the usual "\n".
    return text.replace("\r\n", "\n")

"""The ``email`` step (components spec §7.7): ``send`` over SMTP, ``read`` over IMAP.

A session is opened per step and closed after it: SMTP and IMAP servers drop idle sessions,
and a step sends or reads in one round. ``timeout`` bounds every socket operation; the whole
step is bounded by four times it (connect, login, command, transfer).

**Decisions**: ``send``'s ``body`` defaults to ``msg.payload`` (a str or a text Entity; ``None``
sends an empty body); ``to``/``cc``/``bcc`` take a str (commas allowed) or a list of str, Bcc
recipients go on the envelope only; CR/LF in any header value is VALIDATION (no header
injection from data); an Entity attachment is named ``attachment-<n>.<ext>`` from its MIME type;
``verify_tls: false`` in a server section accepts any certificate.
"""
from __future__ import annotations

import asyncio
from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from . import imap, smtp
from .smtp import EmailError

__all__ = ["Email", "EmailConfig", "EmailConnection", "SmtpSettings", "ImapSettings"]

_MiB = 1024 * 1024


class _Server(StrictModel):
    """What the SMTP and IMAP sections share."""

    host: str
    username: Optional[str] = None
    password: Optional[str] = None
    verify_tls: bool = True


class SmtpSettings(_Server):
    """The ``smtp`` section of an ``email`` connection."""

    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"


class ImapSettings(_Server):
    """The ``imap`` section of an ``email`` connection."""

    port: int = Field(993, ge=1, le=65535)
    security: Literal["ssl", "starttls", "none"] = "ssl"


class EmailConnection(StrictModel):
    """The ``email`` connection: SMTP for ``send``, IMAP for ``read`` (either may be absent)."""

    smtp: Optional[SmtpSettings] = None
    imap: Optional[ImapSettings] = None
    from_address: Optional[str] = None
    timeout: float = Field(10, gt=0, le=300)

    @model_validator(mode="after")
    def _some_server(self) -> "EmailConnection":
        if self.smtp is None and self.imap is None:
            raise ValueError("an email connection needs 'smtp', 'imap' or both")
        return self


class EmailConfig(StrictModel):
    """Operation fields (§7.7)."""

    operation: Literal["send", "read"]
    to: Any = dyn("any", None)
    cc: Any = dyn("any", None)
    bcc: Any = dyn("any", None)
    subject: Any = dyn("any", None)
    body: Any = dyn("any", None)
    body_type: Literal["plain", "html"] = "plain"
    attachments: Any = dyn("any", None)
    from_: Any = dyn("str", None, description="sender (default: from_address)", alias="from")
    reply_to: Any = dyn("any", None)
    headers: Any = dyn("any", None)
    folder: str = "INBOX"
    criteria: str = "unseen"
    limit: int = Field(10, ge=1, le=1000)
    mark_seen: bool = True
    include_attachments: bool = True
    max_attachment_size: int = Field(10 * _MiB, ge=0)

    @model_validator(mode="after")
    def _needs(self) -> "EmailConfig":
        if self.operation == "send" and self.to is None:
            raise ValueError("operation 'send' needs 'to'")
        if "\r" in self.criteria or "\n" in self.criteria or not self.criteria.strip():
            raise ValueError("criteria must be one non-empty line")
        return self


class Email(Component):
    """Send a message (payload ``{'message_id': ...}``) or read a folder (payload: a list)."""

    type_name = "email"
    title = "Email"
    Config = EmailConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid ``email`` one with the server the operation needs."""
        send = self.config is not None and self.config.operation == "send"
        # imaplib is in the standard library; only SMTP needs the optional aiosmtplib.
        problems = base.check_connector(self.node, app, "email", EmailConnection,
                                        "aiosmtplib" if send else "imaplib", "email")
        if self.config is None:  # its config errors are reported already
            return problems
        conn = app.connections.get(self.node.connection) if self.node.connection else None
        section = "smtp" if send else "imap"
        if not problems and conn is not None and conn.type == "email" and \
                not (conn.config or {}).get(section):
            problems.append((self.node.yaml_path + ("connection",),
                             f"operation {self.config.operation!r} needs an '{section}' "
                             f"section in connection {self.node.connection!r}"))
        return problems

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, EmailConnection)
        try:
            async with asyncio.timeout(4 * conn.timeout):
                if self.config.operation == "send":
                    return await self._send(call, conn, msg)
                return await self._read(conn, msg)
        except TimeoutError:
            raise base.failure(call, "EMAIL:TIMEOUT", f"no answer within "
                               f"{4 * conn.timeout:g} s") from None
        except EmailError as exc:
            code = exc.kind if exc.kind == "VALIDATION" else f"EMAIL:{exc.kind}"
            raise base.failure(call, code, str(exc)) from None

    async def _send(self, call: Any, conn: EmailConnection, msg: Message) -> Message:
        if conn.smtp is None:
            raise EmailError("VALIDATION", "the connection has no 'smtp' section")
        to, cc, bcc, subject, body, attachments, sender, reply_to, headers = await call.values(
            msg, "to", "cc", "bcc", "subject", "body", "attachments", "from", "reply_to",
            "headers")
        if "body" not in call.node.fields:
            body = msg.payload
        sender = sender or conn.from_address
        if not isinstance(sender, str) or not sender.strip():
            raise EmailError("VALIDATION", "no sender: set 'from' or the connection's "
                             "from_address")
        to, cc, bcc = (smtp.addresses(v, n) for v, n in ((to, "to"), (cc, "cc"), (bcc, "bcc")))
        if not to + cc + bcc:
            raise EmailError("VALIDATION", "no recipient in to, cc or bcc")
        message = smtp.build_message(sender=sender, to=to, cc=cc, subject=subject, body=body,
                                     body_type=self.config.body_type, attachments=attachments,
                                     reply_to=reply_to, headers=headers)
        await smtp.send(conn.smtp, conn.timeout, message, sender, to + cc + bcc)
        return msg.derive(payload={"message_id": str(message["Message-ID"])})

    async def _read(self, conn: EmailConnection, msg: Message) -> Message:
        if conn.imap is None:
            raise EmailError("VALIDATION", "the connection has no 'imap' section")
        cfg = self.config
        req = imap.ReadRequest(folder=cfg.folder, criteria=cfg.criteria, limit=cfg.limit,
                               mark_seen=cfg.mark_seen,
                               include_attachments=cfg.include_attachments,
                               max_attachment_size=cfg.max_attachment_size)
        messages = await asyncio.to_thread(imap.read, conn.imap, conn.timeout, req)
        return msg.derive(payload=messages)

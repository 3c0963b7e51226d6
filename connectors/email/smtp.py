"""Build a MIME message with the standard ``email`` package and send it with aiosmtplib.

aiosmtplib is the maintained asyncio SMTP client (implicit TLS, STARTTLS, AUTH); the message
itself is built by the standard library, which already gets MIME, header encoding and
Message-IDs right.
"""
from __future__ import annotations

import datetime as dt
import mimetypes
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from typing import Any

from dataway.data.entity import Entity

__all__ = ["EmailError", "addresses", "build_message", "send"]


class EmailError(Exception):
    """An email failure; ``kind`` is the EMAIL:<kind> code suffix (or ``VALIDATION``)."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind = kind


def addresses(value: Any, name: str) -> list[str]:
    """``to``/``cc``/``bcc`` as header items: a str (comma-separated allowed) or a list of str."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise EmailError("VALIDATION", f"{name} must be a str or a list of str")
    out = [i.strip() for i in items if i.strip()]
    for item in out:
        _no_newline(item, name)
    return out


def _no_newline(text: str, name: str) -> None:
    # A CR or LF in a header value would let data inject headers (or a body) of its own.
    if "\r" in text or "\n" in text:
        raise EmailError("VALIDATION", f"{name} must not contain line breaks")


def _mailbox_addresses(items: list[str]) -> list[str]:
    """The bare addresses of header items (``Ann <ann@x>, bob@y`` -> ``ann@x``, ``bob@y``)."""
    found = [addr for _, addr in getaddresses(items) if addr]
    if len(found) < len(items):
        raise EmailError("VALIDATION", f"not an email address among {items!r}")
    return found


def _attachment(item: Any, index: int) -> tuple[bytes, str, str]:
    """``(data, mime type, filename)`` of one ``attachments`` item."""
    if isinstance(item, Entity):
        mime = item.mime_type.split(";")[0].strip() or "application/octet-stream"
        ext = mimetypes.guess_extension(mime) or ".bin"
        return item.blob, mime, f"attachment-{index + 1}{ext}"
    if not isinstance(item, dict) or "content" not in item or "filename" not in item:
        raise EmailError("VALIDATION", f"attachments[{index}] must be an Entity or a dict with "
                        "'filename' and 'content'")
    filename, content = item["filename"], item["content"]
    if not isinstance(filename, str) or not filename:
        raise EmailError("VALIDATION", f"attachments[{index}].filename must be a non-empty str")
    _no_newline(filename, f"attachments[{index}].filename")
    mime = item.get("mime_type")
    if isinstance(content, Entity):
        data, mime = content.blob, mime or content.mime_type.split(";")[0].strip()
    elif isinstance(content, (bytes, bytearray)):
        data = bytes(content)
    elif isinstance(content, str):
        data = content.encode("utf-8")
    else:
        raise EmailError("VALIDATION", f"attachments[{index}].content must be bytes, str or an "
                        f"Entity, not {type(content).__name__}")
    mime = mime or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not isinstance(mime, str) or mime.count("/") != 1:
        raise EmailError("VALIDATION", f"attachments[{index}].mime_type must be type/subtype")
    return data, mime, filename


def build_message(*, sender: str, to: list[str], cc: list[str], subject: Any, body: Any,
                  body_type: str, attachments: Any, reply_to: Any,
                  headers: Any) -> EmailMessage:
    """The message as sent (``Bcc`` is never a header: its recipients only get the envelope)."""
    msg = EmailMessage()
    _no_newline(sender, "from")
    msg["From"] = sender
    if to:
        msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    if reply_to is not None:
        msg["Reply-To"] = ", ".join(addresses(reply_to, "reply_to"))
    subject = "" if subject is None else str(subject)
    _no_newline(subject, "subject")
    msg["Subject"] = subject
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    domain = sender.rpartition("@")[2].strip(" >") or None
    msg["Message-ID"] = make_msgid(domain=domain)
    if headers is not None:
        if not isinstance(headers, dict):
            raise EmailError("VALIDATION", "headers must be a dict")
        for name, value in headers.items():
            if not isinstance(name, str) or not name or ":" in name or " " in name:
                raise EmailError("VALIDATION", f"header name {name!r} is not valid")
            text = str(value)
            _no_newline(text, f"headers.{name}")
            if name.lower() in ("bcc",):
                raise EmailError("VALIDATION", "use the bcc field, not a Bcc header")
            del msg[name]  # a custom header replaces the generated one of that name
            msg[name] = text
    text = "" if body is None else body
    if isinstance(text, Entity):
        text = text.blob.decode(text.encoding)
    if not isinstance(text, str):
        raise EmailError("VALIDATION", f"body must be a str, not {type(text).__name__}")
    msg.set_content(text, subtype=body_type)
    if attachments is not None:
        items = attachments if isinstance(attachments, list) else [attachments]
        for index, item in enumerate(items):
            data, mime, filename = _attachment(item, index)
            main, _, sub = mime.partition("/")
            msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    return msg


async def send(conn: Any, timeout: float, msg: EmailMessage, sender: str,
               recipients: list[str]) -> None:
    """Deliver ``msg`` through ``conn`` (an SmtpSettings) to the envelope ``recipients``.

    **Decision**: when the server accepts some recipients and refuses others, the message has
    gone to the accepted ones; the step still fails with EMAIL:SEND naming the refused ones
    (a silent partial delivery is worse than a visible one).
    """
    import aiosmtplib

    envelope_from = _mailbox_addresses([sender])[0]
    rcpt = _mailbox_addresses(recipients)
    smtp = aiosmtplib.SMTP(hostname=conn.host, port=conn.port, timeout=timeout,
                           use_tls=conn.security == "ssl",
                           start_tls=True if conn.security == "starttls" else False,
                           validate_certs=conn.verify_tls)
    try:
        await smtp.connect()
        if conn.username:
            await smtp.login(conn.username, conn.password or "")
        errors, _ = await smtp.send_message(msg, sender=envelope_from, recipients=rcpt)
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise EmailError("AUTH", f"SMTP login refused: {exc.code} {exc.message}") from None
    except (aiosmtplib.SMTPConnectTimeoutError, aiosmtplib.SMTPTimeoutError) as exc:
        raise EmailError("TIMEOUT", f"SMTP server {conn.host}:{conn.port}: {exc}") from None
    except aiosmtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{r.recipient} ({r.code} {r.message})" for r in exc.recipients)
        raise EmailError("SEND", f"recipients refused: {refused}") from None
    except aiosmtplib.SMTPResponseException as exc:
        raise EmailError("SEND", f"SMTP server refused the message: {exc.code} "
                        f"{exc.message}") from None
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise EmailError("CONNECTIVITY", f"SMTP server {conn.host}:{conn.port}: "
                        f"{exc or type(exc).__name__}") from None
    finally:
        if smtp.is_connected:
            try:
                await smtp.quit()
            except Exception:  # the message is sent (or not) already; QUIT is a courtesy
                smtp.close()
    if errors:
        refused = ", ".join(f"{r} ({code} {text})" for r, (code, text) in errors.items())
        raise EmailError("SEND", f"recipients refused: {refused} (the others were sent "
                        "the message)")

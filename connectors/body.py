"""Body encoding (components spec §7.2) and decoding of received bodies into Entities.

Used by HTTP Request bodies, HTTP Listener responses and (later) MQTT/AMQP publishing.
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.data.entity import Entity
from dataway.data.formdata import FormDataParts
from dataway.data.multimap import MultiMap
from dataway.data.streams import Stream

__all__ = ["BodyError", "encode_body", "entity_of", "JSON_TYPE"]

JSON_TYPE = "application/json"


class BodyError(ValueError):
    """A value that cannot become a body (or a received body with an unusable type)."""


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def encode_body(value: Any) -> tuple[bytes, Optional[str]]:
    """``(bytes, content type or None)`` for ``value`` per the §7.2 table."""
    try:
        if value is None:
            return b"", None
        if isinstance(value, Entity):
            mime = value.mime_type
            if value.format.textual and value.media_type.param("charset") is None \
                    and not mime.lower().startswith("multipart/"):
                mime = f"{mime}; charset={value.encoding}"
            return value.blob, mime
        if isinstance(value, (bytes, bytearray)):
            return bytes(value), "application/octet-stream"
        if isinstance(value, str):
            return value.encode("utf-8", "surrogatepass"), "text/plain; charset=utf-8"
        if isinstance(value, MultiMap):
            from dataway.data.formats import form

            return form.encode(value, "utf-8"), "application/x-www-form-urlencoded"
        if isinstance(value, FormDataParts):
            from dataway.data.formats import multipart

            return multipart.build(value, "multipart/form-data", "utf-8")
        if isinstance(value, Stream):
            value = value.drain()
        from dataway.data.formats import json

        return json.encode(value, "utf-8"), JSON_TYPE
    except BodyError:
        raise
    except Exception as exc:  # the data layer raises script-visible errors
        raise BodyError(f"cannot encode the body: {_error_text(exc)}") from None


def entity_of(blob: bytes, content_type: Optional[str]) -> Optional[Entity]:
    """The Entity for a received body (None when empty); MIME type as sent, charset honoured.

    A Content-Type that cannot be parsed, or names an unknown charset, is a BodyError.
    """
    if not blob:
        return None
    mime = (content_type or "").strip() or "application/octet-stream"
    try:
        return Entity.from_bytes(blob, mime)
    except Exception as exc:
        raise BodyError(f"unusable Content-Type {mime!r}: {_error_text(exc)}") from None

"""JSON snapshots of messages (components spec §10): tagged non-JSON values, size caps, masking."""
from __future__ import annotations

import base64
import json
from typing import Any, Optional

from dataway.data.tagged import NOT_SCALAR, tag_scalar

from .message import Message
from .yamlsrc import Secret, TaggedValue

__all__ = ["snapshot_value", "snapshot_message", "PART_LIMIT"]

PART_LIMIT = 64 * 1024
_MASKED_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}


def snapshot_value(value: Any, depth: int = 0) -> Any:
    """A JSON-serialisable form of a core value, with ``$`` tags for the rest."""
    if depth > 100:
        return {"$truncated": "depth"}
    if isinstance(value, Message):
        return {"$message": value.id}
    if isinstance(value, Secret):
        return "***"
    scalar = tag_scalar(value)
    if scalar is not NOT_SCALAR:
        return scalar
    if isinstance(value, dict):
        return {str(k): ("***" if str(k).lower() in _MASKED_HEADERS else
                         snapshot_value(v, depth + 1)) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [snapshot_value(v, depth + 1) for v in value]
    if isinstance(value, TaggedValue):
        return {f"${value.tag}": snapshot_value(value.value, depth + 1)}
    kind = type(value).__name__
    if kind == "Stream":
        return {"$stream": True}
    if kind == "MultiMap":
        return {"$multimap": [[snapshot_value(k), snapshot_value(v, depth + 1)]
                              for k, v in value.items(multi=True)]} \
            if _accepts_multi(value) else {"$multimap": [[k, snapshot_value(v, depth + 1)]
                                                          for k, v in value.items()]}
    if kind == "Entity":
        return {"$entity": _entity(value)}
    return {"$repr": repr(value)[:200]}


def _accepts_multi(value: Any) -> bool:
    try:
        value.items(multi=True)
    except TypeError:
        return False
    return True


def _entity(value: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"mime_type": getattr(value, "mime_type", None),
                           "encoding": getattr(value, "encoding", None)}
    blob = getattr(value, "blob", None)
    if isinstance(blob, (bytes, bytearray)):
        out["size"] = len(blob)
        try:
            out["text"] = bytes(blob).decode(out["encoding"] or "utf-8")
        except (UnicodeDecodeError, LookupError):
            out["base64"] = base64.b64encode(bytes(blob)).decode("ascii")
    return out


def _capped(value: Any, limit: int) -> Any:
    form = snapshot_value(value)
    size = len(json.dumps(form, ensure_ascii=False, default=str))
    return form if size <= limit else {"$truncated": size}


def snapshot_message(msg: Optional[Message], limit: int = PART_LIMIT) -> Optional[dict[str, Any]]:
    """A message as JSON-ready parts, each capped at ``limit`` bytes of JSON."""
    if msg is None:
        return None
    return {"payload": _capped(msg.payload, limit), "attrs": _capped(msg.attrs, limit),
            "vars": _capped(msg.vars, limit), "error": msg.error, "id": msg.id,
            "seq_id": msg.seq_id}

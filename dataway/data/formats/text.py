"""``text/plain`` and other ``text/*`` bodies (spec §8.6)."""
from __future__ import annotations

from typing import Any, Optional

from ...limits import Limits
from ..errors import fail, type_name
from ..tree import decode_text

__all__ = ["encode", "parse"]


def encode(value: Any, encoding: str, limits: Optional[Limits] = None) -> bytes:
    """str is encoded with the Entity encoding; bytes are stored unchanged."""
    if isinstance(value, str):
        return value.encode(encoding)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    fail("TypeError", f"text/plain needs str or bytes, got {type_name(value)}; use str()")


def parse(blob: bytes, encoding: str, limits: Optional[Limits] = None) -> str:
    """The decoded text (strict; a leading BOM is dropped)."""
    return decode_text(blob, encoding)

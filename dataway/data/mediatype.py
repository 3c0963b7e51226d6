"""MIME type strings parsed by RFC 2045 rules (spec §8.1).

``type/subtype`` is compared case-insensitively; parameter names are case-insensitive, values
are kept as written (unquoted). The stored MIME string itself is never rewritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .errors import fail

__all__ = ["MediaType", "parse_media_type", "quote_param"]

# RFC 2045 token: printable ASCII except SPACE and tspecials.
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_TYPE_RE = re.compile(rf"\s*({_TOKEN})/({_TOKEN})\s*")
_PARAM_RE = re.compile(rf';\s*({_TOKEN})\s*=\s*(?:({_TOKEN})|"((?:[^"\\\r\n]|\\.)*)")\s*')
_TRAILING_RE = re.compile(r";\s*")
_TOKEN_RE = re.compile(_TOKEN)


@dataclass(frozen=True)
class MediaType:
    """A parsed MIME type: lower-cased ``essence`` and ``(lower name, value)`` parameters."""

    type: str
    subtype: str
    params: tuple[tuple[str, str], ...]

    @property
    def essence(self) -> str:
        """``type/subtype`` in lower case."""
        return f"{self.type}/{self.subtype}"

    def param(self, name: str) -> Optional[str]:
        """The value of parameter ``name`` (case-insensitive), or None."""
        name = name.lower()
        for key, value in self.params:
            if key == name:
                return value
        return None

    def comparison_key(self) -> tuple:
        """What Entity equality compares: essence and parameters, names case-insensitive."""
        params = []
        for key, value in self.params:
            params.append((key, value.lower() if key == "charset" else value))
        return (self.essence, tuple(sorted(params)))


def parse_media_type(text: str) -> MediaType:
    """Parse ``text``; a syntactically invalid MIME type is a ValueError."""
    if not isinstance(text, str):
        fail("TypeError", f"mime_type must be str, not {type(text).__name__}")
    match = _TYPE_RE.match(text)
    if match is None:
        fail("ValueError", f"invalid MIME type {text!r}")
    pos = match.end()
    params: list[tuple[str, str]] = []
    while pos < len(text):
        pmatch = _PARAM_RE.match(text, pos)
        if pmatch is None:
            tail = _TRAILING_RE.fullmatch(text, pos)
            if tail is not None:
                break
            fail("ValueError", f"invalid MIME type {text!r}")
        name, token, quoted = pmatch.groups()
        value = token if token is not None else re.sub(r"\\(.)", r"\1", quoted)
        params.append((name.lower(), value))
        pos = pmatch.end()
    return MediaType(match.group(1).lower(), match.group(2).lower(), tuple(params))


def quote_param(value: str) -> str:
    """A parameter value as a token when possible, else as a quoted string."""
    if _TOKEN_RE.fullmatch(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'

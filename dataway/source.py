"""Script source text and the one place where positions are converted.

A :class:`Source` holds the decoded text of a script with line endings normalised to ``\\n``
(CPython reads source the same way, so a CRLF inside a triple-quoted literal is ``'\\n'``), the
script name used in messages, and a line index. Positions everywhere in Dataway are 1-based lines
and 1-based code-point columns; editors speak UTF-16 code units (LSP) or UTF-8 byte offsets, and
the conversions live here so nothing else has to know about encodings.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional, Union

__all__ = ["Source", "DecodeProblem", "decode_source"]

_BOM = "\ufeff"
# PEP 263: a coding declaration in a comment on line 1 or 2.
_CODING = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "u8", "utf", "cp65001"})
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class DecodeProblem:
    """Why raw source could not be accepted as UTF-8 (reported as DW109)."""

    message: str
    line: int
    column: int


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        return _NEWLINES.sub("\n", text)
    return text


def decode_source(raw: Union[str, bytes]) -> tuple[str, Optional[DecodeProblem]]:
    """Decode script bytes (or take a str) into normalised text.

    A leading BOM is dropped; invalid UTF-8 and coding declarations naming another encoding are
    problems (spec §3.1). The text returned on a problem is best-effort (replacement characters)
    so that callers can still show the source.
    """
    problem: Optional[DecodeProblem] = None
    if isinstance(raw, (bytes, bytearray)):
        data = bytes(raw)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            good = data[:exc.start].decode("utf-8")
            line = good.count("\n") + 1
            column = len(good) - (good.rfind("\n") + 1) + 1
            problem = DecodeProblem(
                f"invalid UTF-8 byte 0x{data[exc.start]:02x} in source", line, column)
            text = data.decode("utf-8", errors="replace")
    else:
        text = raw
        if text.startswith(_BOM):
            text = text[1:]
    text = _normalise_newlines(text)
    if problem is None:
        for index, line_text in enumerate(text.split("\n", 2)[:2]):
            match = _CODING.match(line_text)
            if match:
                name = match.group(1).lower().replace("_", "-")
                if name not in _UTF8_NAMES and not name.startswith("utf-8-"):
                    problem = DecodeProblem(
                        f"encoding declaration '{match.group(1)}' is not supported; "
                        "Dataway source is always UTF-8", index + 1, match.start(1) + 1)
                break
            if line_text.strip() and not line_text.lstrip().startswith("#"):
                break
    return text, problem


@dataclass(frozen=True)
class Source:
    """Decoded script text with a line index.

    ``text`` uses ``\\n`` line endings. Lines and columns are 1-based; columns count code points.
    """

    text: str
    name: str = "<script>"
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._starts:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            object.__setattr__(self, "_starts", tuple(starts))

    @property
    def line_count(self) -> int:
        """Number of lines (a trailing newline starts an empty last line)."""
        return len(self._starts)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its newline ('' when out of range)."""
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    # ---------------------------------------------------------------- offsets and positions
    def offset(self, line: int, column: int) -> int:
        """Code-point offset into ``text`` of a 1-based (line, column); clamped to the text."""
        if line < 1:
            return 0
        if line > len(self._starts):
            return len(self.text)
        return min(self._starts[line - 1] + max(column, 1) - 1, len(self.text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a code-point offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    # --------------------------------------------------------------------- UTF-16 (LSP)
    def column_to_utf16(self, line: int, column: int) -> int:
        """0-based UTF-16 code-unit character offset (LSP) of a 1-based code-point column."""
        prefix = self.line_text(line)[:max(column, 1) - 1]
        return len(prefix) + sum(1 for ch in prefix if ord(ch) > 0xFFFF)

    def utf16_to_column(self, line: int, units: int) -> int:
        """1-based code-point column of a 0-based UTF-16 code-unit offset on ``line``."""
        count = 0
        for index, ch in enumerate(self.line_text(line)):
            if count >= units:
                return index + 1
            count += 2 if ord(ch) > 0xFFFF else 1
        return len(self.line_text(line)) + 1

    # ---------------------------------------------------------------------------- UTF-8
    def byte_offset(self, line: int, column: int) -> int:
        """UTF-8 byte offset into the (normalised) text of a 1-based (line, column)."""
        return len(self.text[:self.offset(line, column)].encode("utf-8"))

    def from_byte_offset(self, byte_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a UTF-8 byte offset into the normalised text."""
        data = self.text.encode("utf-8")[:max(byte_offset, 0)]
        return self.position(len(data.decode("utf-8", errors="ignore")))

"""Editor positions: the one place that converts between Dataway and LSP coordinates.

Dataway positions (spec §16) are 1-based lines and 1-based columns counted in Unicode code
points, on text whose line endings were normalised to ``\\n`` and whose leading BOM was dropped
(:mod:`dataway.source`). The Language Server Protocol counts 0-based lines and 0-based
``character`` offsets in *code units* of the negotiated position encoding: UTF-16 by default
(an astral-plane character such as an emoji is two units), UTF-8 bytes or UTF-32 code points when
client and server agree on them. LSP line terminators are ``\\n``, ``\\r\\n`` and ``\\r`` -- the
same three Dataway normalises, so line numbers agree and only columns need converting.

Everything here works on the *editor's* text (with its own line endings and BOM), which is what
the client's positions refer to. Decisions a client can disagree with:

* a ``character`` past the end of its line means the end of the line (LSP says so); a line past
  the end of the document means the end of the document;
* a ``character`` that falls inside a character (between the two halves of a surrogate pair, or
  inside a UTF-8 sequence) means that character's start.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Optional

__all__ = ["UTF8", "UTF16", "UTF32", "ENCODINGS", "code_units", "column_to_character",
           "character_to_column", "LineIndex", "apply_changes"]

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
#: Position encodings this module speaks, in the server's order of preference (LSP 3.17 names).
ENCODINGS = (UTF16, UTF32, UTF8)

_BOM = "\ufeff"
_TERMINATOR = re.compile(r"\r\n|\r|\n")


def _units(ch: str, encoding: str) -> int:
    """Code units of one code point in ``encoding``."""
    cp = ord(ch)
    if encoding == UTF16:
        return 2 if cp > 0xFFFF else 1
    if encoding == UTF8:
        return 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4
    return 1


def code_units(text: str, encoding: str = UTF16) -> int:
    """Length of ``text`` in code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    return len(text.encode("utf-8", errors="surrogatepass"))


def column_to_character(line_text: str, column: int, encoding: str = UTF16) -> int:
    """0-based LSP ``character`` of 1-based code-point ``column`` on a line (clamped to it)."""
    index = min(max(column, 1) - 1, len(line_text))
    return code_units(line_text[:index], encoding)


def character_to_column(line_text: str, character: int, encoding: str = UTF16) -> int:
    """1-based code-point column of 0-based LSP ``character`` on a line (clamped to its end)."""
    character = max(character, 0)
    if encoding == UTF32 or line_text.isascii():
        return min(character, len(line_text)) + 1
    count = 0
    for index, ch in enumerate(line_text):
        count += _units(ch, encoding)
        if count > character:  # ``character`` is at or inside this code point: its start
            return index + 1
    return len(line_text) + 1


class LineIndex:
    """Line starts of an editor's text, for converting offsets and LSP positions.

    ``text`` is taken as the editor holds it (any of the three line terminators, BOM kept).
    Offsets are code-point indexes into ``text``.
    """

    __slots__ = ("text", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        ends = []
        for match in _TERMINATOR.finditer(text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        """Number of lines; text ending in a terminator has an empty last line."""
        return len(self._starts)

    def line_text(self, line: int) -> str:
        """Text of 0-based ``line`` without its terminator ('' out of range)."""
        if not 0 <= line < len(self._starts):
            return ""
        return self.text[self._starts[line]:self._ends[line]]

    # ------------------------------------------------------------------- LSP <-> offsets
    def offset(self, line: int, character: int, encoding: str = UTF16) -> int:
        """Code-point offset of an LSP position (clamped to the line and the document)."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        column = character_to_column(self.line_text(line), character, encoding)
        return self._starts[line] + column - 1

    def position(self, offset: int, encoding: str = UTF16) -> tuple[int, int]:
        """LSP (line, character) of a code-point offset (an offset inside ``\\r\\n`` is its
        line's end)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        end = min(offset, self._ends[line])
        return line, code_units(self.text[start:end], encoding)

    # -------------------------------------------------------------- Dataway <-> LSP
    def _bom_shift(self, line: int) -> int:
        # Dataway drops a leading BOM before counting columns; the editor still has it.
        return 1 if line == 0 and self.text.startswith(_BOM) else 0

    def to_lsp(self, line: int, column: int, encoding: str = UTF16) -> tuple[int, int]:
        """LSP (line, character) of a Dataway 1-based (line, code-point column).

        Positions past the last line map to the end of the document.
        """
        line0 = line - 1
        if line0 >= len(self._starts):
            return self.position(len(self.text), encoding)
        line0 = max(line0, 0)
        column += self._bom_shift(line0)
        return line0, column_to_character(self.line_text(line0), column, encoding)

    def from_lsp(self, line: int, character: int, encoding: str = UTF16) -> tuple[int, int]:
        """Dataway 1-based (line, code-point column) of an LSP position (clamped)."""
        if line >= len(self._starts):
            last = len(self._starts) - 1
            return last + 1, len(self.line_text(last)) + 1 - self._bom_shift(last)
        line = max(line, 0)
        column = character_to_column(self.line_text(line), character, encoding)
        return line + 1, max(column - self._bom_shift(line), 1)

    def to_lsp_range(self, line: int, column: int, end_line: int, end_column: int,
                     encoding: str = UTF16) -> tuple[tuple[int, int], tuple[int, int]]:
        """LSP start and end of a Dataway span (end exclusive in both conventions)."""
        start = self.to_lsp(line, column, encoding)
        end = self.to_lsp(end_line, end_column, encoding)
        return start, max(start, end)


def apply_changes(text: str, changes: Iterable[tuple[Optional[tuple[int, int, int, int]], str]],
                  encoding: str = UTF16) -> str:
    """Apply LSP content changes in order: ``(range, new_text)`` where ``range`` is
    ``(start_line, start_character, end_line, end_character)`` or None for the whole text."""
    for where, new_text in changes:
        if where is None:
            text = new_text
            continue
        index = LineIndex(text)
        start = index.offset(where[0], where[1], encoding)
        end = max(index.offset(where[2], where[3], encoding), start)
        text = text[:start] + new_text + text[end:]
    return text

"""LSP position conversion (dataway.tooling.positions): UTF-16/UTF-8/UTF-32 columns, CRLF, BOM.

The reference for code units is Python's own codecs: ``len(s.encode('utf-16-le')) // 2`` is the
UTF-16 length a client computes, so every conversion is checked against it.
"""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

import dataway
from dataway.tooling.positions import (UTF8, UTF16, UTF32, LineIndex, apply_changes,
                                       character_to_column, code_units, column_to_character)


def _ref_units(text: str, encoding: str) -> int:
    if encoding == UTF16:
        return len(text.encode("utf-16-le")) // 2
    if encoding == UTF8:
        return len(text.encode("utf-8"))
    return len(text)


def test_astral_character_in_string_is_two_utf16_units() -> None:
    """An emoji before a name shifts its LSP character by two units, not one."""
    line = "    s = '😀' + naïve"
    column = line.index("naïve") + 1  # 1-based code points
    assert column_to_character(line, column, UTF16) == column - 1 + 1
    assert column_to_character(line, column, UTF32) == column - 1
    assert column_to_character(line, column, UTF8) == len(line[:column - 1].encode())
    for enc in (UTF8, UTF16, UTF32):
        assert character_to_column(line, column_to_character(line, column, enc), enc) == column


def test_non_ascii_identifier_columns() -> None:
    """Columns after a non-ASCII identifier: BMP letters are one UTF-16 unit each."""
    line = "größe = straße + 1"
    col = line.index("straße") + 1
    assert column_to_character(line, col) == col - 1  # all BMP: UTF-16 equals code points
    assert column_to_character(line, col, UTF8) == col - 1 + 2  # ö and ß are two bytes each


def test_inside_a_surrogate_pair_means_the_character_start() -> None:
    """A character offset between the halves of a surrogate pair maps to the emoji itself."""
    line = "a😀b"
    assert character_to_column(line, 1) == 2
    assert character_to_column(line, 2) == 2   # middle of the pair
    assert character_to_column(line, 3) == 3   # 'b'
    assert character_to_column(line, 99) == 4  # past the end: end of line


def test_crlf_lines_and_offsets() -> None:
    """CRLF, lone CR and LF all end lines; positions never land inside a terminator."""
    text = "ab\r\ncd\re😀\nf"
    index = LineIndex(text)
    assert index.line_count == 4
    assert [index.line_text(i) for i in range(4)] == ["ab", "cd", "e😀", "f"]
    assert index.offset(1, 0) == 4
    assert index.offset(0, 50) == 2           # end of line 0, before \r\n
    assert index.position(3) == (0, 2)        # inside \r\n: end of its line
    assert index.offset(2, 3) == text.index("\nf")
    assert index.position(len(text)) == (3, 1)
    assert index.offset(9, 0) == len(text)


def test_dataway_span_to_lsp_matches_checker_positions() -> None:
    """A checker diagnostic after an emoji and CRLF lines lands on the right UTF-16 range."""
    text = "def dw_process(msg):\r\n    s = '😀😀'; return undefined_näme\r\n"
    (diag,) = [d for d in dataway.check(text) if d.code == "DW201"]
    index = LineIndex(text)
    (l0, c0), (l1, c1) = index.to_lsp_range(diag.line, diag.column, diag.end_line,
                                            diag.end_column)
    line = index.line_text(l0)
    assert l0 == l1 == 1
    units = line.encode("utf-16-le")
    assert units[c0 * 2:c1 * 2].decode("utf-16-le") == "undefined_näme"
    assert index.from_lsp(l0, c0) == (diag.line, diag.column)


def test_bom_shifts_first_line_only() -> None:
    """Dataway drops a leading BOM; the editor's first-line columns include it."""
    index = LineIndex("\ufeffx = 1\ny")
    assert index.to_lsp(1, 1) == (0, 1)
    assert index.from_lsp(0, 1) == (1, 1)
    assert index.to_lsp(2, 1) == (1, 0)


def test_incremental_changes_with_astral_characters() -> None:
    """Edits addressed in UTF-16 units replace exactly the intended code points."""
    text = "x = '😀'\r\ny = 2\n"
    text = apply_changes(text, [((0, 7, 0, 7), "!")])         # after the emoji (2 units)
    assert text.splitlines()[0] == "x = '😀!'"
    text = apply_changes(text, [((1, 4, 1, 5), "3"), (None, text + "z")][:1])
    assert text == "x = '😀!'\r\ny = 3\n"
    text = apply_changes(text, [((0, 8, 1, 0), ""), ((0, 0, 0, 0), "# c\n")])
    assert text == "# c\nx = '😀!y = 3\n"


_TEXT = st.text(alphabet=st.sampled_from(list("ab é\r\n\tß😀𝔘中")), max_size=30)


@given(_TEXT, st.data(), st.sampled_from([UTF8, UTF16, UTF32]))
def test_offset_position_round_trip(text: str, data: st.DataObject, encoding: str) -> None:
    """position() then offset() is the identity on offsets outside line terminators."""
    index = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    line, character = index.position(offset, encoding)
    if offset > 0 and text[offset - 1] == "\r" and text[offset:offset + 1] == "\n":
        offset -= 1  # inside CRLF: the line's end
    assert index.offset(line, character, encoding) == offset
    # The reference: units from the last line terminator before ``offset`` to ``offset``.
    head = text[:offset]
    line_start = max(head.rfind("\n"), head.rfind("\r")) + 1
    assert line == len(re.findall(r"\r\n|\r|\n", head))
    assert character == _ref_units(head[line_start:], encoding)


@given(st.text(alphabet=st.sampled_from(list("aé😀中ß")), max_size=20), st.data(),
       st.sampled_from([UTF8, UTF16, UTF32]))
def test_column_character_round_trip(line: str, data: st.DataObject, encoding: str) -> None:
    """Column -> character -> column is the identity, and characters count real code units."""
    column = data.draw(st.integers(1, len(line) + 1))
    character = column_to_character(line, column, encoding)
    assert character == _ref_units(line[:column - 1], encoding)
    assert character_to_column(line, character, encoding) == column
    assert code_units(line, encoding) == _ref_units(line, encoding)

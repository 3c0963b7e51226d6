"""Source decoding (DW109, BOM) and position conversions."""
from __future__ import annotations

from hypothesis import given, strategies as st

from dataway.source import Source, decode_source
from dataway.syntax.parser import parse


def test_bom_is_ignored() -> None:
    """Bom is ignored."""
    assert parse(b"\xef\xbb\xbfx = 1\n").ok
    assert parse("\ufeffx = 1\n").ok


def test_invalid_utf8_is_dw109_with_position() -> None:
    """Invalid utf8 is dw109 with position."""
    result = parse(b"x = 1\ny = '\xff'\n")
    [d] = result.diagnostics
    assert (d.code, d.line, d.column) == ("DW109", 2, 6)
    assert result.tree is None


def test_coding_declarations() -> None:
    """Coding declarations."""
    assert parse(b"# -*- coding: utf-8 -*-\nx = 1\n").ok
    assert parse(b"#!/usr/bin/env dataway\n# coding=utf8\nx = 1\n").ok
    result = parse(b"# -*- coding: latin-1 -*-\nx = 1\n")
    assert [d.code for d in result.diagnostics] == ["DW109"]
    result = parse("x = 1\n# coding: latin-1\n")  # only lines 1-2 before code count
    assert result.ok


def test_line_endings_are_normalised() -> None:
    """Line endings are normalised."""
    text, problem = decode_source(b"a\r\nb\rc\n")
    assert text == "a\nb\nc\n" and problem is None


def test_line_text_and_offsets() -> None:
    """Line text and offsets."""
    src = Source("ab\ncdé\n\nx")
    assert src.line_count == 4
    assert [src.line_text(i) for i in range(1, 5)] == ["ab", "cdé", "", "x"]
    assert src.line_text(9) == ""
    assert src.offset(2, 3) == 5 and src.position(5) == (2, 3)


def test_utf16_and_byte_columns() -> None:
    """Utf16 and byte columns."""
    src = Source("a😀b é\n")
    # code-point column 3 is 'b': after 'a' (1 unit) and the emoji (2 units)
    assert src.column_to_utf16(1, 3) == 3
    assert src.utf16_to_column(1, 3) == 3
    assert src.byte_offset(1, 3) == 5
    assert src.from_byte_offset(5) == (1, 3)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       st.data())
def test_conversions_round_trip(text: str, data: st.DataObject) -> None:
    """Conversions round trip."""
    src = Source(text.replace("\r", ""))
    offset = data.draw(st.integers(min_value=0, max_value=len(src.text)))
    line, column = src.position(offset)
    assert src.offset(line, column) == offset
    units = src.column_to_utf16(line, column)
    assert src.utf16_to_column(line, units) == column
    assert src.from_byte_offset(src.byte_offset(line, column)) == (line, column)

"""Tokenizer details: indentation, tab rules, joining, positions."""
from __future__ import annotations

import pytest

from dataway.syntax.tokenizer import SyntaxProblem, tokenize


def kinds(source: str, mode: str = "code") -> list[str]:
    """The token types of ``source``."""
    return [t[0] for t in tokenize(source, mode=mode)]


def test_indent_dedent_and_blank_lines() -> None:
    """Indent dedent and blank lines."""
    assert kinds("if a:\n\n    # c\n    b\n  \nc\n") == [
        "IF", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "NAME",
        "NEWLINE", "$END"]


def test_tabs_consistent_with_eight_columns_are_accepted() -> None:
    """Tabs consistent with eight columns are accepted."""
    assert "INDENT" in kinds("if a:\n\tb\n\tc\n")
    # tab = 8 columns under both measures only when used the same way on every line
    with pytest.raises(SyntaxProblem) as info:
        list(tokenize("if a:\n\tb\n        c\n"))
    assert info.value.diagnostic.code == "DW104"


def test_form_feed_resets_indentation_measure() -> None:
    """Form feed resets indentation measure."""
    assert kinds("\x0cx = 1\n")[:1] == ["NAME"]


def test_newlines_inside_brackets_and_continuations_are_not_tokens() -> None:
    """Newlines inside brackets and continuations are not tokens."""
    assert kinds("x = (1,\n     2)\ny = 1 + \\\n    2\n").count("NEWLINE") == 2


def test_positions_count_code_points() -> None:
    """Positions count code points."""
    tokens = list(tokenize("é = '日本'\n"))
    assert tokens[0][2:] == (1, 1, 1, 2)
    assert tokens[2][2:] == (1, 5, 1, 9)


def test_multiline_string_positions() -> None:
    """Multiline string positions."""
    tokens = list(tokenize("x = '''a\nbc'''\ny\n"))
    string = tokens[2]
    assert string[0] == "STRING" and string[2:] == (1, 5, 2, 6)
    assert tokens[4][2:4] == (3, 1)


def test_augmented_assignment_and_comparison_tokens() -> None:
    """Augmented assignment and comparison tokens."""
    tokens = list(tokenize("a **= b <= c\n"))
    assert [(t[0], t[1]) for t in tokens[1:4]] == [("AUGASSIGN", "**"), ("NAME", "b"),
                                                   ("COMPOP", "<=")]
    assert tokens[1][3:] == (3, 1, 6)


def test_number_values() -> None:
    """Number values."""
    values = [t[1] for t in tokenize("0x_ff 0o17 0b1_0 1_000 1.5e-3 .5 5.\n")
              if t[0] == "NUMBER"]
    assert values == [255, 15, 2, 1000, 0.0015, 0.5, 5.0]


def test_expression_mode_has_no_indentation() -> None:
    """Expression mode has no indentation."""
    assert kinds("   1 +\n 2", mode="expression")[:2] == ["NUMBER", "PLUS"]


def test_start_position_offsets_first_line_only() -> None:
    """Start position offsets first line only."""
    tokens = list(tokenize("a +\nb", mode="expression", line=3, column=10, in_brackets=True))
    assert tokens[0][2:4] == (3, 10)
    assert tokens[2][2:4] == (4, 1)


def test_bracket_nesting_limit_is_checked_while_tokenizing() -> None:
    """Bracket nesting limit is checked while tokenizing."""
    with pytest.raises(SyntaxProblem) as info:
        list(tokenize("(" * 11 + ")" * 11, max_depth=10))
    assert info.value.diagnostic.code == "DW107"

"""Every DW1xx code the parser emits, with its position and message."""
from __future__ import annotations

import pytest

from dataway.diagnostics import CODES
from dataway.syntax.parser import parse
from dataway.syntax.syntax_errors import EXPRESSION_MODE_MESSAGE
from tests.syntax.helpers import first_error

# (source, mode, code, line, column, end_line, end_column, message fragment)
CASES = [
    ("x = )", "code", "DW100", 1, 5, 1, 6, "unmatched ')'"),
    ("x = [1, 2)", "code", "DW100", 1, 10, 1, 11, "does not match opening bracket '['"),
    ("a b", "code", "DW100", 1, 3, 1, 4, "unexpected name 'b'"),
    ("x = 1 €", "code", "DW100", 1, 7, 1, 8, "invalid character '€' (U+20AC)"),
    ("f(a.b=1)", "code", "DW100", 1, 3, 1, 8, 'perhaps you meant "=="?'),
    ("f(x for x in y, 1)", "code", "DW100", 1, 3, 1, 15, "must be parenthesized"),
    ("x = 'a' b'b'", "code", "DW100", 1, 5, 1, 13, "cannot mix bytes and nonbytes"),
    ("x = *a", "code", "DW100", 1, 5, 1, 7, "starred expression"),
    ("if x\n    pass", "code", "DW100", 1, 5, 1, 6, "expected ':'"),
    ("def f()\n    pass", "code", "DW100", 1, 8, 1, 9, "expected ':'"),
    ("f(", "code", "DW101", 1, 2, 1, 3, "'(' was never closed"),
    ("x = [\n1,\n2", "code", "DW101", 1, 5, 1, 6, "'[' was never closed"),
    ("x = 1 +", "code", "DW100", 1, 8, 1, 9, "unexpected end of line"),
    ('x = "abc', "code", "DW102", 1, 5, 1, 6, "unterminated string literal"),
    ("x = '''abc\n\n", "code", "DW102", 1, 5, 1, 8, "unterminated triple-quoted string"),
    ("if x:\n    a\n  b", "code", "DW103", 3, 1, 3, 3, "unindent does not match"),
    ("x = 1\n  y = 2", "code", "DW103", 2, 1, 2, 3, "unexpected indent"),
    ("if x:\npass", "code", "DW103", 2, 1, 2, 5, "expected an indented block"),
    ("if x:\n\tpass\n        pass", "code", "DW104", 3, 1, 3, 9, "inconsistent use of tabs"),
    ("if x:\n        a\n\tb", "code", "DW104", 3, 1, 3, 2, "inconsistent use of tabs"),
    ("x = 0777", "code", "DW105", 1, 5, 1, 9, "leading zeros"),
    ("x = 0x", "code", "DW105", 1, 5, 1, 7, "invalid hexadecimal literal"),
    ("x = 1_", "code", "DW105", 1, 5, 1, 7, "invalid decimal literal"),
    ("x = b'é'", "code", "DW105", 1, 7, 1, 8, "bytes can only contain ASCII"),
    ("x = '\\x4'", "code", "DW105", 1, 6, 1, 9, "truncated \\xXX escape"),
    ("x = '\\N{no such name}'", "code", "DW105", 1, 6, 1, 22, "unknown Unicode character"),
    ("f() = 1", "code", "DW111", 1, 1, 1, 4, "cannot assign to function call"),
    ("1 += x", "code", "DW111", 1, 1, 1, 2, "illegal expression for augmented assignment"),
    ("del f()", "code", "DW111", 1, 5, 1, 8, "cannot delete function call"),
    ("for 1 in x: pass", "code", "DW111", 1, 5, 1, 6, "cannot assign to literal"),
    ("a < b = 1", "code", "DW111", 1, 1, 1, 6, "cannot assign to comparison"),
    ("None = 1", "code", "DW111", 1, 1, 1, 5, "cannot assign to None"),
    ("*a = b", "code", "DW111", 1, 1, 1, 3, "starred assignment target"),
    ("a, *b, *c = d", "code", "DW111", 1, 1, 1, 10, "multiple starred"),
    ("a, b: int", "code", "DW111", 1, 1, 1, 5, "only single target"),
    ("def f(a, a): pass", "code", "DW112", 1, 10, 1, 11, "duplicate argument 'a'"),
    ("def f(a=1, b): pass", "code", "DW112", 1, 12, 1, 13, "non-default argument follows"),
    ("f(a=1, b)", "code", "DW112", 1, 8, 1, 9, "positional argument follows keyword"),
    ("f(a=1, a=2)", "code", "DW112", 1, 8, 1, 11, "keyword argument repeated: a"),
    ("def f(*): pass", "code", "DW112", 1, 7, 1, 8, "named arguments must follow bare *"),
    ("lambda a, a: 0", "code", "DW112", 1, 11, 1, 12, "duplicate argument 'a' in lambda"),
    ("x = f'{}'", "code", "DW113", 1, 7, 1, 9, "empty expression not allowed"),
    ("x = f'{a!z}'", "code", "DW113", 1, 10, 1, 11, "invalid conversion character"),
    ("x = f'{a'", "code", "DW113", 1, 7, 1, 8, "expecting '}'"),
    ("x = f'}'", "code", "DW113", 1, 7, 1, 8, "single '}' is not allowed"),
    ("x = f'{a+}'", "code", "DW113", 1, 10, 1, 11, "f-string:"),
    ("x = f'{a:{b:{c}}}'", "code", "DW113", 1, 13, 1, 14, "nested too deeply"),
    ("", "expression", "DW114", 1, 1, 1, 2, EXPRESSION_MODE_MESSAGE),
    ("   ", "expression", "DW114", 1, 4, 1, 5, EXPRESSION_MODE_MESSAGE),
    ("x = 1", "expression", "DW114", 1, 3, 1, 4, EXPRESSION_MODE_MESSAGE),
    ("import os", "expression", "DW114", 1, 1, 1, 7, EXPRESSION_MODE_MESSAGE),
    ("1\n2", "expression", "DW114", 2, 1, 2, 2, EXPRESSION_MODE_MESSAGE),
    ("a; b", "expression", "DW114", 1, 2, 1, 3, EXPRESSION_MODE_MESSAGE),
    ("x = 1j", "code", "DW309", 1, 5, 1, 7, "imaginary literals"),
    ("x = f'{a=}'", "code", "DW311", 1, 7, 1, 11, "'=' specifier"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_diagnostic(case: tuple) -> None:
    """The first error has the expected code, span, message, severity and class."""
    source, mode, code, line, column, end_line, end_column, fragment = case
    d = first_error(source, mode)
    assert d is not None
    assert (d.code, d.line, d.column, d.end_line, d.end_column) == \
        (code, line, column, end_line, end_column), d
    assert fragment in d.message
    assert d.severity == CODES[code].severity
    assert d.error_type == CODES[code].error_type


def test_expression_mode_message_is_exact() -> None:
    """Expression mode message is exact."""
    d = first_error("x = 1", "expression")
    assert d.message == "expression mode accepts a single expression; use code mode for " \
        "statements"


def test_invalid_escape_is_a_warning_and_keeps_the_tree() -> None:
    """Invalid escape is a warning and keeps the tree."""
    result = parse("x = '\\d'\n")
    assert result.tree is not None
    [d] = result.diagnostics
    assert (d.code, d.severity, d.line, d.column, d.end_column) == ("DW120", "warning", 1, 6, 8)
    assert result.tree.body[0].value.value == "\\d"


def test_unknown_escapes_in_bytes_are_kept() -> None:
    """Unknown escapes in bytes are kept."""
    result = parse("x = b'\\u1234'\n")
    assert result.tree.body[0].value.value == b"\\u1234"
    assert [d.code for d in result.diagnostics] == ["DW120"]


def test_refused_constructs_keep_the_tree() -> None:
    """Refused constructs keep the tree."""
    # DW309/DW311 come with a tree so the checker sees the whole script.
    for source in ("x = 1j\n", "x = f'{a=}'\n"):
        result = parse(source)
        assert result.tree is not None
        assert not result.ok


def test_several_non_fatal_errors_are_all_reported() -> None:
    """Several non fatal errors are all reported."""
    result = parse("f() = 1\ndef g(a, a): pass\n1 += 2\n")
    assert [d.code for d in result.diagnostics] == ["DW111", "DW112", "DW111"]
    assert result.tree is None


def test_diagnostic_positions_count_code_points() -> None:
    """Diagnostic positions count code points."""
    # 'é' and '日本' are one column per code point, whatever their UTF-8 length.
    d = first_error("é = '日本' +\n")
    assert (d.line, d.column) == (1, 11)
    d = first_error("日本 = f() = 1 €")
    assert (d.code, d.column) == ("DW100", 14)


def test_friendly_message_for_equals_in_condition() -> None:
    """Friendly message for equals in condition."""
    d = first_error("if x = 1:\n    pass\n")
    assert d.code == "DW100" and d.suggestion == "did you mean '=='?"
    assert (d.line, d.column) == (1, 6)


def test_generic_message_names_unexpected_and_expected() -> None:
    """Generic message names unexpected and expected."""
    d = first_error("class\n")
    assert "unexpected end of line" in d.message and "expected name" in d.message


def test_crlf_and_cr_line_endings() -> None:
    """Crlf and cr line endings."""
    for newline in ("\r\n", "\r"):
        result = parse(f"x = 1{newline}if x:{newline}    y = '''a{newline}b'''{newline}")
        assert result.ok, result.diagnostics
        assert result.tree.body[1].body[0].value.value == "a\nb"
        d = first_error(f"x = 1{newline}y = )")
        assert (d.line, d.column) == (2, 5)


@pytest.mark.parametrize("source,fragment,suggestion", [
    ('print "x"\n', "missing parentheses in call to 'print'", "did you mean print(...)?"),
    ("if a:\n    pass\nelse if b:\n    pass\n", "'else if'", "did you mean 'elif'?"),
    ("def class(): pass\n", "unexpected keyword 'class'", "'class' is a keyword"),
    ("x = [1, 2 3]\n", "unexpected number 3; expected an operator, ',' or ']'",
     "perhaps you forgot a comma?"),
])
def test_friendly_hints(source: str, fragment: str, suggestion: str) -> None:
    """Common mistakes get a hint in the suggestion."""
    d = first_error(source)
    assert d.code == "DW100" and fragment in d.message
    assert suggestion in (d.suggestion or "")


def test_one_escape_warning_per_literal() -> None:
    """One escape warning per literal."""
    result = parse("x = '\\d\\e' '\\q'\n")
    assert [(d.code, d.column) for d in result.diagnostics] == [("DW120", 6), ("DW120", 13)]


def test_match_header_check_is_linear() -> None:
    """Match header check is linear."""
    # A long line starting with 'match' must not make the statement recogniser backtrack.
    from dataway.limits import Limits
    result = parse("match x" + ":a" * 50_000, limits=Limits(script_length=10**6))
    assert result.diagnostics[0].code == "DW100"


@pytest.mark.parametrize("source,code,fragment", [
    ("try:\n    pass\n", "DW101", "expected 'except' or 'finally'"),
    ("else:\n    pass\n", "DW100", "'else' without a matching"),
    ("x = 1\nelif y:\n    pass\n", "DW100", "'elif' without a matching 'if'"),
    ("x = 1\nexcept E:\n    pass\n", "DW100", "'except' without a matching 'try'"),
])
def test_clause_and_end_of_input_messages(source: str, code: str, fragment: str) -> None:
    """Clause and end of input messages."""
    d = first_error(source)
    assert d.code == code and fragment in d.message


@pytest.mark.parametrize("source", ["g = (*x for x in y)\n", "[*x for x in y]\n",
                                    "{*x for x in y}\n"])
def test_unpacking_in_comprehension_is_refused(source: str) -> None:
    """A starred element cannot be the element of a comprehension (CPython refuses it)."""
    d = first_error(source)
    assert d.code == "DW100" and "iterable unpacking" in d.message

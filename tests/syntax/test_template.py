"""Text mode (spec §2.3): literal runs, ``${expr}`` interpolations, ``$${`` escapes, DW106."""
from __future__ import annotations

import pytest

from dataway.syntax import ast
from dataway.syntax.parser import parse
from tests.support.pyast import to_expression


def parts(text: str) -> list:
    """The template's parts: literal text as str, interpolations as dumped expressions."""
    result = parse(text, "text")
    assert result.tree is not None, result.diagnostics
    out = []
    for part in result.tree.parts:
        if isinstance(part, ast.TemplateText):
            out.append(part.value)
        else:
            out.append(ast.dump(part.body))
    return out


def expr(source: str) -> str:
    """CPython's tree for an expression, dumped in our shape."""
    return ast.dump(to_expression(source).body)


@pytest.mark.parametrize("text,expected", [
    ("access-token", ["access-token"]),
    ("Hello ${msg.payload['name']}!", ["Hello ", expr("msg.payload['name']"), "!"]),
    ("${msg.payload['n']}", [expr("msg.payload['n']")]),
    ("n=${msg.payload['n']}", ["n=", expr("msg.payload['n']")]),
    ("${msg.payload['n']}0", [expr("msg.payload['n']"), "0"]),
    ("$${not.a.reference}", ["${not.a.reference}"]),
    ("[1, \"a\"]", ["[1, \"a\"]"]),
    ("${steps.fetch.payload.id}", [expr("steps.fetch.payload.id")]),
    ("${1}${2}", [expr("1"), expr("2")]),
    ("$ and } and $x and {y}", ["$ and } and $x and {y}"]),
    ("${'$'}${x}", [expr("'$'"), expr("x")]),
    ("${ {'a': '}'}['a'] }", [expr("{'a': '}'}['a']")]),
    ("${f'{x}'}", [expr("f'{x}'")]),
    ("${ a +\n  b }", [expr("a + b")]),
    ("a$${b}${c}", ["a${b}", expr("c")]),
    ("", []),
])
def test_template_parts(text: str, expected: list) -> None:
    """Template parts."""
    assert parts(text) == expected


def test_lone_interpolation_has_no_text_parts() -> None:
    """Lone interpolation has no text parts."""
    tree = parse("${x}", "text").tree
    assert len(tree.parts) == 1 and isinstance(tree.parts[0], ast.TemplateExpr)
    tree = parse(" ${x}", "text").tree
    assert len(tree.parts) == 2


@pytest.mark.parametrize("text,line,column,fragment", [
    ("${}", 1, 1, "empty"),
    ("a ${  }", 1, 3, "empty"),
    ("a ${x", 1, 3, "unterminated"),
    ("line\n  ${x + '}", 2, 3, "unterminated"),
    ("${(}", 1, 1, "unterminated"),
])
def test_dw106_at_the_dollar(text: str, line: int, column: int, fragment: str) -> None:
    """Dw106 at the dollar."""
    result = parse(text, "text")
    assert result.tree is None
    [d] = result.diagnostics
    assert (d.code, d.line, d.column) == ("DW106", line, column)
    assert fragment in d.message


def test_errors_inside_interpolations_use_whole_text_coordinates() -> None:
    """Errors inside interpolations use whole text coordinates."""
    d = parse("first line\nsecond ${a +* b}", "text").diagnostics[0]
    assert (d.code, d.line, d.column) == ("DW100", 2, 13)
    d = parse("x ${y = 1}", "text").diagnostics[0]
    assert (d.code, d.line, d.column) == ("DW114", 1, 7)


def test_interpolation_positions() -> None:
    """Interpolation positions."""
    tree = parse("ab\n  ${ é }!", "text").tree
    text, interp, bang = tree.parts
    assert (text.line, text.column, text.end_line, text.end_column) == (1, 1, 2, 3)
    assert (interp.line, interp.column, interp.end_line, interp.end_column) == (2, 3, 2, 9)
    assert (interp.body.line, interp.body.column) == (2, 6)
    assert (bang.line, bang.column) == (2, 9)

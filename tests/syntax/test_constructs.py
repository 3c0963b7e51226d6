"""Constructs Dataway refuses parse into their own nodes (the checker reports DW3xx)."""
from __future__ import annotations

import pytest

from dataway.syntax import ast
from dataway.syntax.parser import parse
from tests.syntax.helpers import first_error, tree


def test_match_statement_is_one_unsupported_node() -> None:
    """Match statement is one unsupported node."""
    module = tree("x = 1\nmatch x:\n    case 1:\n        y = 2\n    case _:\n        pass\n"
                  "z = 3\n")
    kinds = [type(s).__name__ for s in module.body]
    assert kinds == ["Assign", "Unsupported", "Assign"]
    node = module.body[1]
    assert node.construct == "match statement"
    assert (node.line, node.column, node.end_line, node.end_column) == (2, 1, 2, 9)


@pytest.mark.parametrize("source", ["match = 1\n", "match(x)\n", "match.group(1)\n",
                                    "match[0] = 2\n", "match: int = 1\n"])
def test_match_as_a_name_still_works(source: str) -> None:
    """Match as a name still works."""
    assert not any(isinstance(n, ast.Unsupported) for n in ast.walk(tree(source)))


def test_type_alias_and_type_parameters() -> None:
    """Type alias and type parameters."""
    module = tree("type X = int\ndef f[T](x: T) -> T:\n    return x\nclass C[T]:\n    pass\n"
                  "y = type(1)\n")
    constructs = [getattr(s, "construct", None) for s in module.body]
    assert constructs == ["type alias statement", "type parameters", "type parameters", None]


def test_parenthesised_with_items_are_dw311() -> None:
    """Parenthesised with items are dw311."""
    d = first_error("with (open(a) as f, open(b) as g):\n    pass\n")
    assert (d.code, d.line, d.column) == ("DW311", 1, 6)
    assert isinstance(tree("with (a, b) as c:\n    pass\n").body[0], ast.With)


def test_refused_constructs_have_their_nodes() -> None:
    """Refused constructs have their nodes."""
    module = tree(
        "class A(B):\n    pass\n"
        "with a as b:\n    pass\n"
        "async def f():\n    await g()\n"
        "@deco\ndef h():\n    pass\n"
        "x = (y := 1)\n"
        "def k(a, /, b):\n    pass\n"
        "from m import *\n"
        "from . import z\n"
        "try:\n    pass\nexcept* E:\n    pass\n")
    body = module.body
    assert isinstance(body[0], ast.ClassDef)
    assert isinstance(body[1], ast.With)
    assert body[2].is_async and isinstance(body[2].body[0].value, ast.Await)
    assert [type(d).__name__ for d in body[3].decorator_list] == ["Name"]
    assert isinstance(body[4].value, ast.NamedExpr)
    assert [a.arg for a in body[5].args.posonlyargs] == ["a"]
    assert body[6].names[0].name == "*"
    assert body[7].level == 1
    assert body[8].is_star


def test_identifiers_are_nfkc_normalised() -> None:
    """Identifiers are nfkc normalised."""
    module = tree("ﬁ = 1\nℌ = ﬁ\ne\u0301 = 2\n")
    assert [s.targets[0].id for s in module.body] == ["fi", "H", "\u00e9"]


def test_identifier_characters_beyond_word_characters() -> None:
    """Identifier characters beyond word characters."""
    module = tree("\u2118x = 1\na\u00b7b = 2\nx\u0660 = 3\n")
    assert [s.targets[0].id for s in module.body] == ["\u2118x", "a\u00b7b", "x\u0660"]


def test_implicit_concatenation_folds() -> None:
    """Implicit concatenation folds."""
    value = tree("x = 'a' \\\n    'b' r'\\n'\n").body[0].value
    assert isinstance(value, ast.Constant) and value.value == "ab\\n"
    value = tree("x = ('a'\n     f'{b}' 'c')\n").body[0].value
    assert isinstance(value, ast.JoinedStr)
    assert [type(v).__name__ for v in value.values] == ["Constant", "FormattedValue", "Constant"]
    assert value.values[1].value.line == 2 and value.values[1].value.column == 9


def test_fstring_field_positions_in_source() -> None:
    """Fstring field positions in source."""
    value = tree("x = f'é{ab!r:>{width}}'\n").body[0].value
    field = value.values[1]
    assert (field.value.line, field.value.column, field.value.end_column) == (1, 9, 11)
    spec_field = field.format_spec.values[1]
    assert (spec_field.value.column, spec_field.value.end_column) == (16, 21)
    assert field.conversion == "r"


def test_named_unicode_escape_in_fstring_is_not_a_field() -> None:
    """Named unicode escape in fstring is not a field."""
    value = tree("x = f'\\N{BULLET} {a}'\n").body[0].value
    assert value.values[0].value == "\u2022 "


def test_expression_mode_yield_parses_for_the_checker() -> None:
    """Expression mode yield parses for the checker."""
    assert isinstance(parse("(yield)", "expression").tree.body, ast.Yield)

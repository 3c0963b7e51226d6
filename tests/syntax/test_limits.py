"""Long chains parse without host recursion; deep nesting is DW107; size is DW108."""
from __future__ import annotations

import pytest

from dataway.limits import Limits
from dataway.syntax import ast
from dataway.syntax.parser import parse

BIG = Limits(script_length=10**7)


@pytest.mark.parametrize("source", [
    "x = " + " + ".join(["a"] * 50_000) + "\n",
    "x = a" + ".a" * 20_000 + "\n",
    "x = a" + "[0]" * 20_000 + "\n",
    "x = a" + "()" * 20_000 + "\n",
    "x = " + " and ".join(["a"] * 20_000) + "\n",
    "x = " + " or ".join(["a"] * 20_000) + "\n",
    "x = " + " < ".join(["a"] * 20_000) + "\n",
    "if a:\n    pass\n" + "elif a:\n    pass\n" * 10_000 + "else:\n    pass\n",
    "x = " + " ".join(["'s'"] * 20_000) + "\n",
    "x = [" + ", ".join(["1"] * 50_000) + "]\n",
    "\n".join(f"x{i} = {i}" for i in range(20_000)) + "\n",
], ids=["plus", "attribute", "subscript", "call", "and", "or", "compare", "elif", "strings",
        "list", "statements"])
def test_long_chains_parse(source: str) -> None:
    result = parse(source, limits=BIG)
    assert result.ok and result.tree is not None, result.diagnostics[:1]


def test_plus_chain_shape() -> None:
    tree = parse("x = " + " + ".join(["a"] * 1000) + "\n").tree
    node = tree.body[0].value
    depth = 0
    while isinstance(node, ast.BinOp):
        depth += 1
        node = node.left
    assert depth == 999  # left-associative like CPython


def test_elif_ladder_is_nested_ifs() -> None:
    tree = parse("if a:\n    pass\n" + "elif b:\n    pass\n" * 3).tree
    node, count = tree.body[0], 0
    while node.orelse:
        node = node.orelse[0]
        count += 1
        assert isinstance(node, ast.If)
    assert count == 3


def _nested(kind: str, n: int) -> str:
    return {
        "parens": "(" * n + "a" + ")" * n,
        "lists": "[" * n + "]" * n,
        "unary": "-" * n + "a",
        "not": "not " * n + "a",
        "lambda": "lambda: " * n + "a",
        "ifexp": "a if b else " * n + "a",
        "calls": "f(" * n + ")" * n,
        "subscripts": "a[" * n + "0" + "]" * n,
        "power": "**".join(["a"] * (n + 1)),
        "comprehension": "[" * n + "x for x in y" + "]" * n,
    }[kind]


@pytest.mark.parametrize("kind,most", [("parens", 30), ("lists", 30), ("unary", 30),
                                       ("not", 30), ("lambda", 30), ("ifexp", 30),
                                       ("power", 29)])  # a ** chain is a level of its own
def test_nesting_at_the_limit_parses_and_beyond_is_dw107(kind: str, most: int) -> None:
    limits = Limits(parse_depth=30)
    assert parse(_nested(kind, most), "expression", limits=limits).ok
    result = parse(_nested(kind, most + 1), "expression", limits=limits)
    assert [d.code for d in result.diagnostics] == ["DW107"]
    assert result.tree is None
    assert result.diagnostics[0].error_type == "LimitError"


@pytest.mark.parametrize("kind", ["calls", "subscripts"])
def test_nested_trailers_count_chain_and_brackets(kind: str) -> None:
    # Each nesting is a trailer chain (one level) plus its bracket pair (one level).
    limits = Limits(parse_depth=30)
    assert parse(_nested(kind, 15), "expression", limits=limits).ok
    assert [d.code for d in parse(_nested(kind, 16), "expression",
                                  limits=limits).diagnostics] == ["DW107"]


def test_comprehension_counts_brackets_and_clause() -> None:
    assert parse("[x for x in y]", "expression", limits=Limits(parse_depth=2)).ok
    assert not parse("[x for x in y]", "expression", limits=Limits(parse_depth=1)).ok
    assert parse("f(x for x in y)", "expression", limits=Limits(parse_depth=3)).ok
    assert not parse("f(x for x in y)", "expression", limits=Limits(parse_depth=2)).ok


@pytest.mark.parametrize("kind", ["parens", "unary", "lambda", "ifexp", "not", "power"])
def test_very_deep_nesting_is_dw107_not_recursion_error(kind: str) -> None:
    result = parse("x = " + _nested(kind, 100_000) + "\n", limits=BIG)
    assert [d.code for d in result.diagnostics] == ["DW107"]


def test_blocks_count_one_level_each() -> None:
    limits = Limits(parse_depth=5)
    src = "".join("    " * i + "if a:\n" for i in range(5)) + "    " * 5 + "pass\n"
    assert parse(src, limits=limits).ok
    src = "".join("    " * i + "if a:\n" for i in range(6)) + "    " * 6 + "pass\n"
    d = parse(src, limits=limits).diagnostics
    assert [x.code for x in d] == ["DW107"] and d[0].line == 7


def test_chains_count_once() -> None:
    limits = Limits(parse_depth=3)
    assert parse("a.b.c.d[1](2).e + b + c + d", "expression", limits=limits).ok
    assert parse("a < b < c < d and e and f", "expression", limits=limits).ok


def test_script_length_counts_utf8_bytes() -> None:
    limits = Limits(script_length=10)
    assert parse("x = 'abc'", limits=limits).ok  # 9 bytes
    result = parse("x = 'ééé'", limits=limits)  # 12 bytes, 9 characters
    assert [d.code for d in result.diagnostics] == ["DW108"]
    assert result.diagnostics[0].error_type == "LimitError"
    assert parse(b"x = 'abcdefgh'", limits=limits).diagnostics[0].code == "DW108"

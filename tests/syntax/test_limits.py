"""Long chains parse without host recursion; deep nesting is DW107; size is DW108."""
from __future__ import annotations

import pytest
from hypothesis import given, settings

from dataway.limits import Limits
from dataway.syntax import ast
from dataway.syntax.parser import parse

BIG = Limits(script_length=10**7)


def _expressions():
    from tests.syntax.test_differential import _EXPRESSIONS
    return _EXPRESSIONS


_EXPRESSIONS_FOR_BOUND = _expressions()


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
    """Long chains parse."""
    result = parse(source, limits=BIG)
    assert result.ok and result.tree is not None, result.diagnostics[:1]


def test_plus_chain_shape() -> None:
    """Plus chain shape."""
    tree = parse("x = " + " + ".join(["a"] * 1000) + "\n").tree
    node = tree.body[0].value
    depth = 0
    while isinstance(node, ast.BinOp):
        depth += 1
        node = node.left
    assert depth == 999  # left-associative like CPython


def test_elif_ladder_is_nested_ifs() -> None:
    """Elif ladder is nested ifs."""
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
    """Nesting at the limit parses and beyond is dw107."""
    limits = Limits(parse_depth=30)
    assert parse(_nested(kind, most), "expression", limits=limits).ok
    result = parse(_nested(kind, most + 1), "expression", limits=limits)
    assert [d.code for d in result.diagnostics] == ["DW107"]
    assert result.tree is None
    assert result.diagnostics[0].error_type == "LimitError"


@pytest.mark.parametrize("kind", ["calls", "subscripts"])
def test_nested_trailers_count_chain_and_brackets(kind: str) -> None:
    """Nested trailers count chain and brackets."""
    # Each nesting is a trailer chain (one level) plus its bracket pair (one level).
    limits = Limits(parse_depth=30)
    assert parse(_nested(kind, 15), "expression", limits=limits).ok
    assert [d.code for d in parse(_nested(kind, 16), "expression",
                                  limits=limits).diagnostics] == ["DW107"]


def test_comprehension_counts_brackets_and_clause() -> None:
    """Comprehension counts brackets and clause."""
    assert parse("[x for x in y]", "expression", limits=Limits(parse_depth=2)).ok
    assert not parse("[x for x in y]", "expression", limits=Limits(parse_depth=1)).ok
    assert parse("f(x for x in y)", "expression", limits=Limits(parse_depth=3)).ok
    assert not parse("f(x for x in y)", "expression", limits=Limits(parse_depth=2)).ok


@pytest.mark.parametrize("kind", ["parens", "unary", "lambda", "ifexp", "not", "power"])
def test_very_deep_nesting_is_dw107_not_recursion_error(kind: str) -> None:
    """Very deep nesting is dw107 not recursion error."""
    result = parse("x = " + _nested(kind, 20_000) + "\n", limits=BIG)
    assert [d.code for d in result.diagnostics] == ["DW107"]


def test_blocks_count_one_level_each() -> None:
    """Blocks count one level each."""
    limits = Limits(parse_depth=5)
    src = "".join("    " * i + "if a:\n" for i in range(5)) + "    " * 5 + "pass\n"
    assert parse(src, limits=limits).ok
    src = "".join("    " * i + "if a:\n" for i in range(6)) + "    " * 6 + "pass\n"
    d = parse(src, limits=limits).diagnostics
    assert [x.code for x in d] == ["DW107"] and d[0].line == 7


def test_chains_count_once() -> None:
    """Chains count once."""
    limits = Limits(parse_depth=3)
    assert parse("a.b.c.d[1](2).e + b + c + d", "expression", limits=limits).ok
    assert parse("a < b < c < d and e and f", "expression", limits=limits).ok


def test_script_length_counts_utf8_bytes() -> None:
    """Script length counts utf8 bytes."""
    limits = Limits(script_length=10)
    assert parse("x = 'abc'", limits=limits).ok  # 9 bytes
    result = parse("x = 'ééé'", limits=limits)  # 12 bytes, 9 characters
    assert [d.code for d in result.diagnostics] == ["DW108"]
    assert result.diagnostics[0].error_type == "LimitError"
    assert parse(b"x = 'abcdefgh'", limits=limits).diagnostics[0].code == "DW108"


def test_deep_nesting_inside_fstring_fields() -> None:
    """Deep nesting inside fstring fields."""
    assert [d.code for d in parse("x = f'{" + "(" * 120 + "a" + ")" * 120 + "}'\n",
                                  limits=BIG).diagnostics] == ["DW107"]
    assert [d.code for d in parse("x = f'{" + "-" * 120 + "a}'\n",
                                  limits=BIG).diagnostics] == ["DW107"]
    assert parse("x = f'{" + "-" * 90 + "a}'\n").ok


def test_except_body_is_one_block() -> None:
    """Except body is one block."""
    limits = Limits(parse_depth=2)
    assert parse("try:\n    pass\nexcept E:\n    if a:\n        pass\n", limits=limits).ok


# ----------------------------------------------------- the tokenizer's bound is an upper bound
def _exact_depth(source: str, mode: str) -> tuple[int, int]:
    """(exact nesting per the §14 rule, the tokenizer's bound) for a valid source."""
    from dataway.limits import DEFAULT_LIMITS
    from dataway.syntax.depth import first_too_deep
    from dataway.syntax.parser import _Run
    from dataway.syntax.tokenizer import tokenize

    run = _Run(DEFAULT_LIMITS)
    if mode == "code":
        tree = run.drive(tokenize(source, bound=run.bound), "file_input")
    else:
        tree = run.parse_expression(source, 1, 1, in_brackets=False)
    depth = 0
    while first_too_deep(tree, run.builder, depth) is not None:
        depth += 1
    return depth, run.bound.value


@settings(max_examples=300, deadline=None)
@given(_EXPRESSIONS_FOR_BOUND)
def test_bound_is_never_below_the_exact_depth(source: str) -> None:
    """Bound is never below the exact depth."""
    if not parse(source, "expression", limits=BIG).ok:
        return
    exact, bound = _exact_depth(source, "expression")
    assert exact <= bound, (source, exact, bound)


@pytest.mark.parametrize("source", [
    "def f():\n    if a:\n        for x in y:\n            z = [-(a ** -b) for b in c]\n",
    "try:\n    pass\nexcept E:\n    while a: b = lambda: (c if d else -e)\n",
    "x = f'{a[b](c).d:{e}}' + g\n",
    "if a:\n    pass\nelif b:\n    pass\nelse:\n    x = {k: [v] for k, v in d}\n",
])
def test_bound_on_statements(source: str) -> None:
    """Bound on statements."""
    exact, bound = _exact_depth(source, "code")
    assert exact <= bound

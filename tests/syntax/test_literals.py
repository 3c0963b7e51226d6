"""Literal values are exactly CPython's."""
from __future__ import annotations

import ast as py
import warnings

import pytest
from hypothesis import given, settings, strategies as st

from dataway.syntax import ast
from dataway.syntax.parser import parse

# CPython warns about the invalid escapes these tests generate on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::SyntaxWarning")


def value_of(source: str):
    """The value of a literal parsed by our parser."""
    result = parse(source, "expression")
    assert result.tree is not None, result.diagnostics
    node = result.tree.body
    assert isinstance(node, ast.Constant), ast.dump(node)
    return node.value


def cpython_value(source: str):
    """The value CPython gives the literal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return py.literal_eval(source)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_str_repr_round_trips(text: str) -> None:
    """Str repr round trips."""
    assert value_of(repr(text)) == text


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_bytes_repr_round_trips(data: bytes) -> None:
    """Bytes repr round trips."""
    assert value_of(repr(data)) == data


_ESCAPE_PIECES = ["\\n", "\\t", "\\x41", "\\101", "\\0", "\\777", "\\u00e9", "\\U0001F600",
                  "\\N{LATIN SMALL LETTER E WITH ACUTE}", "\\\\", "\\'", '\\"', "\\a", "\\d",
                  "\\\n", "a", "é", " ", "{", "}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ESCAPE_PIECES), max_size=8),
       st.sampled_from(["", "r", "b", "rb", "u", "R", "Br"]), st.sampled_from(["'", "'''"]))
def test_escapes_match_cpython(pieces: list[str], prefix: str, quote: str) -> None:
    """Escapes match cpython."""
    body = "".join(pieces)
    if "b" in prefix.lower():
        body = "".join(p for p in pieces if p.isascii())
    source = f"{prefix}{quote}{body}{quote}"
    try:
        expected = cpython_value(source)
    except (SyntaxError, ValueError):
        result = parse(source, "expression")
        assert not result.ok
        return
    assert value_of(source) == expected


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.integers(min_value=0, max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**12).map(hex),
    st.integers(min_value=0, max_value=10**12).map(oct),
    st.integers(min_value=0, max_value=10**12).map(bin),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(repr),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:_}"),
    st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(-30, 30)).map(
        lambda t: f"{t[0]}.{t[1]}e{t[2]}"),
))
def test_numbers_match_cpython(source: str) -> None:
    """Numbers match cpython."""
    assert value_of(source) == cpython_value(source)
    assert type(value_of(source)) is type(cpython_value(source))


def test_long_integer_literal_beyond_cpython_str_guard() -> None:
    """Long integer literal beyond cpython str guard."""
    digits = "7" * 6000
    assert value_of(digits) == int(digits[:3000]) * 10**3000 + int(digits[3000:])


def test_integer_literal_over_int_digits_is_dw105() -> None:
    """Integer literal over int digits is dw105."""
    from dataway.limits import Limits
    result = parse("1" * 50, "expression", limits=Limits(int_digits=20))
    assert [d.code for d in result.diagnostics] == ["DW105"]


def test_u_prefix_kind() -> None:
    """U prefix kind."""
    assert parse("u'x'", "expression").tree.body.kind == "u"
    assert parse("'x' u'y'", "expression").tree.body.kind is None


# The builder's shortcut for a lone plain literal (no prefix, no backslash) must build exactly
# the node the general string path (split, decode, fold) builds.
PLAIN_LITERALS = ["''", '""', "'a'", '"a b"', "'''x'''", '""""""', "'''a\nb'''", '"""q"r"""',
                  "'é€😀'", "'{x}'", "\"it's\"", "'''''a'''"]


@pytest.mark.parametrize("source", PLAIN_LITERALS)
def test_plain_literal_shortcut_matches_general_path(source):
    from dataway.syntax.strings import build_string

    result = parse(source, "expression")
    assert result.tree is not None, result.diagnostics
    fast = result.tree.body
    token = ("STRING", source, fast.line, fast.column, fast.end_line, fast.end_column)
    slow = build_string([token], type("B", (), {"diagnostics": []})())
    assert ast.dump(fast, positions=True) == ast.dump(slow, positions=True)
    assert fast.value == cpython_value(source)


@given(st.text(alphabet=st.characters(blacklist_characters="\\'\r\n\x00",
                                      blacklist_categories=("Cs",)), max_size=12))
@settings(max_examples=100, deadline=None)
def test_plain_literal_shortcut_random(body):
    source = f"'{body}'"
    assert value_of(source) == cpython_value(source)

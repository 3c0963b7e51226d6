"""Attacks on the gaps closed in the third round of issue #3, each named after its idea:

* results a constant factor larger than their input (escapes, case mapping, codecs, digits);
* every route from a huge Decimal to an int;
* nesting past ``value_depth`` reaching ``str``/``repr`` through any formatting path;
* ``context=`` smuggled to Decimal methods through ``**kwargs``, stored or unbound methods;
* format-string attribute walks through stored and unbound references.

Each asserts the exact error class, code and limit, and (via :func:`expect`) bounds on time and
peak-RSS growth measured in the test process. Legitimate neighbours of each attack must still
work, so a check that refuses everything would fail here too.
"""
from __future__ import annotations

import pytest

import dataway

from .harness import MAX_SECONDS, code, expect, run_isolated_many

P = pytest.param
TINY = dataway.Limits(value_size=1000)

TEXT_GROWTH = [
    P("ascii('\\U0001f600' * 200)", id="ascii_astral_x10"),
    P("f'{s!r}'", id="fstring_repr_conversion"),
    P("f'{s!a}'", id="fstring_ascii_conversion"),
    P("'{!r}'.format(s)", id="str_format_repr_field"),
    P("'{0!a}'.format(s)", id="str_format_ascii_field"),
    P("'{x!r}'.format_map({'x': s})", id="format_map_repr_field"),
    P("'%r' % s", id="percent_r"),
    P("'%a' % (s,)", id="percent_a_tuple"),
    P("str(b'\\xff' * 300)", id="str_of_bytes_escapes"),
    P("repr(bytearray(b'\\x00' * 300))", id="repr_bytearray_escapes"),
    P("str([10**400, 10**400, 10**400])", id="str_list_of_big_ints"),
    P("hex(2**5000)", id="hex_big_int"),
    P("oct(2**5000)", id="oct_big_int"),
    P("'{:_b}'.format(2**3000)", id="format_binary_grouped"),
    P("format(2**4000, 'x')", id="format_builtin_hex"),
    P("f'{10**1200}'", id="fstring_big_int"),
    P("'%d' % 10**1200", id="percent_d_big_int"),
    P("('\\u0390' * 400).upper()", id="upper_greek_x3"),
    P("('\\ufb03 ' * 300).title()", id="title_ligature_words"),
    P("('\\ufb03' * 400).casefold()", id="casefold_ligature"),
    P("('\\ufb03' * 400).swapcase()", id="swapcase_ligature"),
    P("str.upper('\\ufb03' * 400)", id="unbound_upper"),
    P("list(map(str.upper, ['\\ufb03' * 400]))", id="upper_through_map"),
    P("('a' * 600).encode('utf-16')", id="encode_utf16"),
    P("('\\x00' * 300).encode('unicode_escape')", id="encode_unicode_escape"),
    P("('\\u20ac' * 400).encode()", id="encode_utf8_x3"),
    P("len(repr(repr(repr('\\\\' * 200))))", id="repr_chain_backslashes"),
]


S = "('\\x00' * 300)"  # 300 chars whose repr is 1,202: past TINY's value_size of 1,000


@pytest.mark.parametrize("src", TEXT_GROWTH)
def test_text_growth_is_checked_first(src: str) -> None:
    """``s`` in a source stands for :data:`S`."""
    expect(f"(lambda s: {src})({S})", ("limit", "value_size"), limits=TINY)


FITTING = [
    P("len(repr('\\x00' * 200))", 802, id="repr_escapes_within_limit"),
    P("len(ascii('\\u20ac' * 150))", 902, id="ascii_within_limit"),
    P("len(('\\ufb03' * 300).upper())", 900, id="upper_within_limit"),
    P("len(('a' * 240).encode('utf-32'))", 964, id="utf32_within_limit"),
    P("len(str(10**900))", 901, id="big_int_within_limit"),
    P("len(bin(2**900))", 903, id="bin_within_limit"),
    P("len(('ab' * 400).upper())", 800, id="ascii_upper_never_grows"),
    P("len('%r' % 'abc')", 5, id="percent_r_small"),
]


@pytest.mark.parametrize("src,want", FITTING)
def test_fitting_results_still_work(src: str, want: int) -> None:
    expect(src, ("ok", want), limits=TINY)


def test_default_limits_big_but_fitting_repr() -> None:
    """2 Mi NULs: worst case 20 Mi > value_size, measured 8 Mi: allowed."""
    expect("len(repr('\\x00' * 2**21))", ("ok", 4 * 2**21 + 2))


DECIMAL_ROUTES = ["'%i' % decimal.Decimal('1e999999999')",
                  "'%u' % (decimal.Decimal('1e999999999'),)",
                  "'%(v)d' % {'v': decimal.Decimal('1e999999999')}",
                  "random.randint(1, decimal.Decimal('1e999999999'))",
                  "decimal.Decimal('1e-999999999').as_integer_ratio()",
                  "decimal.Decimal.as_integer_ratio(decimal.Decimal('1e999999999'))",
                  "list(map(math.floor, [decimal.Decimal('1e999999999')]))",
                  "(lambda f: f())(decimal.Decimal('-1e999999999').as_integer_ratio)",
                  "round(decimal.Decimal('-1e999999999'))"]


def test_every_decimal_to_int_route_checks_digits() -> None:
    """Children, capped: a missing check computes a 10**999999999 int in one host call."""
    for src, out in zip(DECIMAL_ROUTES, run_isolated_many(DECIMAL_ROUTES, timeout=30)):
        assert out["kind"] == "LimitError" and out["limit"] == "int_digits", (src, out)
        assert out["seconds"] < MAX_SECONDS, (src, out)


@pytest.mark.parametrize("src,want", [
    P("'%d' % decimal.Decimal('12.7')", "12", id="percent_d_small_decimal"),
    P("'%s' % decimal.Decimal('1e999999999')", "1E+999999999", id="percent_s_huge_decimal"),
    P("math.floor(decimal.Decimal('-2.5'))", -3, id="floor_small_decimal"),
    P("round(decimal.Decimal('2.5'))", 2, id="round_small_decimal"),
])
def test_small_decimals_still_convert(src: str, want: object) -> None:
    expect(src, ("ok", want))


DEEP = "a = []\nfor _ in range(1500):\n    a = [a]\n"
DEPTH_ROUTES = [
    P(code(DEEP + "return '{}'.format(a)"), id="str_format_deep"),
    P(code(DEEP + "return f'{a}'"), id="fstring_deep"),
    P(code(DEEP + "return f'{a!r}'"), id="fstring_repr_deep"),
    P(code(DEEP + "return '%s' % (a,)"), id="percent_deep"),
    P(code(DEEP + "s = 'x'\ns %= (a,)\nreturn s"), id="percent_inplace_deep"),
    P(code(DEEP + "return '{x}'.format_map({'x': a})"), id="format_map_deep"),
    P(code(DEEP + "return str(object=a)"), id="str_object_keyword_deep"),
    P(code(DEEP + "print(a)\nreturn 1"), id="print_deep"),
    P(code("a = ()\nfor _ in range(1500):\n    a = (a,)\nreturn repr(a)"), id="repr_deep_tuple"),
    P(code("a = {}\nfor _ in range(1500):\n    a = {'k': [a]}\nreturn ascii(a)"),
      id="ascii_deep_mixed"),
]


@pytest.mark.parametrize("src", DEPTH_ROUTES)
def test_text_of_deep_values_is_value_depth(src: str) -> None:
    expect(src, ("limit", "value_depth"), mode="code")


def test_moderate_nesting_still_prints() -> None:
    src = code("a = []\nfor _ in range(900):\n    a = [a]\nreturn len(repr(a))")
    expect(src, ("ok", 1802), mode="code")


CONTEXT_SMUGGLING = [
    P("decimal.Decimal(2).sqrt(**{'context': None})", id="sqrt_context_kwargs"),
    P("decimal.Decimal(2).exp(**{'context': None})", id="exp_context_kwargs"),
    P("decimal.Decimal('2.5').to_integral_value(**{'context': None})",
      id="to_integral_context_kwargs"),
    P("decimal.Decimal(2).normalize(**dict(context=None))", id="normalize_context_dict"),
    P("(lambda q: q(decimal.Decimal(1), **{'context': None}))(decimal.Decimal(1).quantize)",
      id="stored_quantize_context"),
    P("decimal.Decimal.quantize(decimal.Decimal(1), decimal.Decimal(1), **{'context': None})",
      id="unbound_quantize_context"),
    P("decimal.Decimal(1).compare(decimal.Decimal(2), **{'context': 1})",
      id="compare_context_not_none"),
]


@pytest.mark.parametrize("src", CONTEXT_SMUGGLING)
def test_context_keyword_refused_however_passed(src: str) -> None:
    expect(src, ("script", "TypeError"))


FORMAT_REFERENCES = [
    P("(lambda f: f(1))('{0.__class__}'.format)", ("script", "AttributeError"),
      id="stored_format_dunder"),
    P("getattr('{0.__class__}', 'format')(1)", ("script", "AttributeError"),
      id="getattr_format_dunder"),
    P("str.format_map('{x.__class__}', {'x': 1})", ("check", "DW506", "AttributeError"),
      id="unbound_format_map_literal"),
    P("(lambda t: str.format_map(t, {'x': 1}))('{x.__class__}')", ("script", "AttributeError"),
      id="unbound_format_map_computed"),
    P("(lambda t: t.format(e=ValueError('v')))('{e.__traceback__}')",
      ("script", "AttributeError"), id="format_exception_traceback"),
    P("(lambda t: t.format(g=(x for x in [1])))('{g.gi_frame}')",
      ("script", "AttributeError"), id="format_generator_frame_computed"),
    P("'{0[__class__]}'.format({'__class__': 7})", ("ok", "7"), id="item_named_dunder_is_data"),
]


@pytest.mark.parametrize("src,want", FORMAT_REFERENCES)
def test_format_references_obey_policy(src: str, want: tuple) -> None:
    expect(src, want)

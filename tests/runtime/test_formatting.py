"""f-string fields, format(), str.format and format_map against CPython, plus size checks."""
from __future__ import annotations

import decimal

import pytest
from hypothesis import given, settings, strategies as st

from dataway.runtime.context import LimitExceeded
from dataway.runtime.exceptions import ScriptRaise
from dataway.runtime.formatting import format_value, safe_format, safe_format_map

from .conftest import host_outcome, outcome

SPECS = st.builds(
    lambda fill, align, sign, alt, zero, width, group, prec, kind:
        f"{fill}{align}{sign}{alt}{zero}{width}{group}{prec}{kind}",
    st.sampled_from(["", "*", "0", "x"]), st.sampled_from(["", "<", ">", "^", "="]),
    st.sampled_from(["", "+", "-", " "]), st.sampled_from(["", "#"]),
    st.sampled_from(["", "0"]), st.sampled_from(["", "1", "8", "12"]),
    st.sampled_from(["", ",", "_"]), st.sampled_from(["", ".0", ".3", ".12"]),
    st.sampled_from(["", "d", "f", "e", "g", "%", "x", "b", "s", "n", "E", "G", "o", "c"]))
VALUES = st.one_of(st.integers(-10**8, 10**8), st.floats(), st.text(max_size=5),
                   st.booleans(), st.none(),
                   st.decimals(allow_nan=False, places=3, min_value=-10**6, max_value=10**6))


@settings(max_examples=400, deadline=None)
@given(value=VALUES, spec=SPECS, conv=st.sampled_from([None, "r", "s", "a"]))
def test_format_value_matches_cpython(value, spec: str, conv) -> None:
    def reference():
        v = {None: value, "r": repr(value), "s": str(value), "a": ascii(value)}[conv]
        return format(v, spec)
    assert outcome(format_value, value, conv, spec) == host_outcome(reference)


FORMATS = st.sampled_from([
    "{}", "{0}", "{0!r:>6}", "{0[0]}", "{x}", "{x[k]}", "{0:{1}}", "{} {}", "{0} {}", "{",
    "}", "{{}}", "{0.real}", "{0.imag:5}", "{x.real}", "{9}", "{0!z}", "{:%}", "{0:.2f}",
    "a{0}b{0}c", "{0[1]:^5}"])
ARGS = st.lists(st.one_of(st.integers(-99, 99), st.text(max_size=3), st.floats(-9, 9),
                          st.lists(st.integers(), min_size=2, max_size=2)), max_size=3)


@settings(max_examples=300, deadline=None)
@given(fmt=FORMATS, args=ARGS, x=st.one_of(st.integers(), st.dictionaries(
    st.just("k"), st.integers(), min_size=1)))
def test_str_format_matches_cpython(fmt: str, args: list, x) -> None:
    assert outcome(safe_format, fmt, *args, x=x) == host_outcome(fmt.format, *args, x=x)


@settings(max_examples=100, deadline=None)
@given(fmt=FORMATS, x=st.integers())
def test_format_map_matches_cpython(fmt: str, x) -> None:
    mapping = {"x": x}
    assert outcome(safe_format_map, fmt, mapping) == host_outcome(fmt.format_map, mapping)


def test_attribute_fields_use_the_policy() -> None:
    for fmt in ("{0.__class__}", "{0.__class__.__mro__}", "{0.real.__class__}", "{0._x}"):
        with pytest.raises(ScriptRaise) as info:
            safe_format(fmt, 1)
        assert info.value.value.type.name == "AttributeError"
    with pytest.raises(ScriptRaise):
        safe_format("{0.bit_length.__self__}", 1)
    assert safe_format("{0.real}|{0[0]}", [1]) if False else True


@pytest.mark.parametrize("call", [
    lambda: format_value(1, None, "999999999"),
    lambda: format_value(1.5, None, ".999999999f"),
    lambda: format_value(decimal.Decimal("1e99999999"), None, "f"),
    lambda: format_value("x", None, ">2000000000"),
    lambda: safe_format("{:>999999999}", 1),
    lambda: safe_format("{0:{1}}", 1, ">999999999"),
    lambda: safe_format("{:f}", decimal.Decimal("1e99999999")),
    lambda: safe_format_map("{x:999999999}", {"x": 1}),
])
def test_width_and_precision_are_checked_before_formatting(call) -> None:
    with pytest.raises(LimitExceeded) as info:
        call()
    assert info.value.limit == "value_size"

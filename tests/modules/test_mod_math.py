"""math: every member against CPython, and the int_digits pre-checks of §14."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.limits import Limits
from dataway.modules import PRELOADED
from dataway.runtime.context import LimitExceeded

from .helpers import same

M = PRELOADED["math"].members

ONE_ARG = ("acos acosh asin asinh atan atanh ceil cos cosh degrees erf erfc exp expm1 fabs floor "
           "frexp gamma isfinite isinf isnan lgamma log log10 log1p log2 modf radians sin sinh "
           "sqrt tan tanh trunc ulp").split()
TWO_ARG = "atan2 copysign fmod ldexp nextafter pow remainder isclose log".split()
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(min_value=-10**6, max_value=10**6))


@settings(max_examples=40, deadline=None)
@given(numbers)
def test_one_argument_functions_match_cpython(x: float) -> None:
    for name in ONE_ARG:
        same(M[name], getattr(math, name), x)


@settings(max_examples=40, deadline=None)
@given(numbers, numbers)
def test_two_argument_functions_match_cpython(x: float, y: float) -> None:
    for name in TWO_ARG:
        if name == "ldexp":
            y = int(y) if math.isfinite(y) else y
        same(M[name], getattr(math, name), x, y)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-50, max_value=300), st.integers(min_value=-50, max_value=300))
def test_integer_functions_match_cpython(n: int, k: int) -> None:
    same(M["comb"], math.comb, n, k)
    same(M["perm"], math.perm, n, k)
    same(M["perm"], math.perm, n)
    same(M["factorial"], math.factorial, n)
    same(M["gcd"], math.gcd, n, k)
    same(M["lcm"], math.lcm, n, k)
    same(M["lcm"], math.lcm, n, k, 12)
    same(M["isqrt"], math.isqrt, n)


@settings(max_examples=60, deadline=None)
@given(st.lists(numbers, max_size=8))
def test_sequence_functions_match_cpython(xs: list) -> None:
    same(M["fsum"], math.fsum, xs)
    same(M["prod"], math.prod, xs)
    same(M["prod"], math.prod, xs, start=3)
    same(M["hypot"], math.hypot, *xs)
    same(M["dist"], math.dist, xs, list(reversed(xs)))


@pytest.mark.parametrize("args", [(5.0,), ("3",), (-1,), (True,)])
def test_factorial_errors_match_cpython(args: tuple) -> None:
    same(M["factorial"], math.factorial, *args)


def test_other_errors_match_cpython() -> None:
    same(M["comb"], math.comb, 1.5, 2)
    same(M["lcm"], math.lcm, 1.5)
    same(M["lcm"], math.lcm)
    same(M["prod"], math.prod, 5)
    same(M["prod"], math.prod, ["ab"], start=3)
    same(M["sqrt"], math.sqrt, -1)
    same(M["pow"], math.pow, 10, 400)


def test_factorial_of_a_million_is_refused_before_computing() -> None:
    with pytest.raises(LimitExceeded) as info:
        M["factorial"](10**6)
    assert info.value.limit == "int_digits"
    assert M["factorial"](2000) == math.factorial(2000)


def test_comb_perm_lcm_prod_are_pre_checked(use_context) -> None:
    use_context(limits=Limits(int_digits=1000))
    for call in (lambda: M["comb"](10**4, 5000), lambda: M["perm"](5000),
                 lambda: M["perm"](10**30, 200), lambda: M["lcm"](2**2000 + 1, 2**2000 - 1),
                 lambda: M["prod"]([2**2000, 2**2000]),
                 lambda: M["comb"](10**40, 300)):
        with pytest.raises(LimitExceeded) as info:
            call()
        assert info.value.limit == "int_digits"
    assert M["comb"](10**4, 2) == math.comb(10**4, 2)
    assert M["lcm"](2**500, 2**500) == 2**500


def test_prod_repetition_is_size_checked(use_context) -> None:
    use_context(limits=Limits(value_size=100))
    with pytest.raises(LimitExceeded) as info:
        M["prod"]([10, 20], start="ab")
    assert info.value.limit == "value_size"


def test_fsum_over_a_huge_range_stops_on_steps(use_context) -> None:
    use_context(limits=Limits(steps=10_000))
    with pytest.raises(LimitExceeded) as info:
        M["fsum"](range(10**12))
    assert info.value.limit == "steps"


def test_constants() -> None:
    assert (M["pi"], M["e"], M["tau"], M["inf"]) == (math.pi, math.e, math.tau, math.inf)
    assert math.isnan(M["nan"])

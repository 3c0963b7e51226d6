"""decimal: the fixed per-evaluation context, refusals, the runtime type object."""
from __future__ import annotations

import decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.modules import PRELOADED
from dataway.modules.decimal import evaluation_context, fresh_context, install_context

from .helpers import class_attr, outcome, raises

M = PRELOADED["decimal"].members


def test_rounding_constants_and_exceptions() -> None:
    for name in ("ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_DOWN ROUND_HALF_EVEN "
                 "ROUND_HALF_UP ROUND_UP ROUND_05UP").split():
        assert M[name] == getattr(decimal, name)
    exceptions = pytest.importorskip("dataway.runtime.exceptions")
    for name in ("DecimalException", "InvalidOperation", "DivisionByZero", "Overflow"):
        assert M[name] is exceptions.EXC_TYPES[f"decimal.{name}"]
    assert M["DivisionByZero"].issubtype(exceptions.EXC_TYPES["ZeroDivisionError"])


def test_context_is_the_spec_default_and_private_per_evaluation(ctx, use_context) -> None:
    first = evaluation_context()
    assert (first.prec, first.rounding) == (28, decimal.ROUND_HALF_EVEN)
    assert {t for t, on in first.traps.items() if on} == {
        decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow}
    assert evaluation_context() is first
    use_context()
    assert evaluation_context() is not first
    assert str(fresh_context()) == str(decimal.Context())


def test_install_context_makes_host_arithmetic_follow_it(use_context) -> None:
    saved = decimal.getcontext()
    try:
        decimal.setcontext(decimal.Context(prec=3))
        use_context()
        install_context()
        assert decimal.Decimal(1) / decimal.Decimal(7) == \
            decimal.Decimal("0.1428571428571428571428571429")
        with pytest.raises(decimal.DivisionByZero):
            decimal.Decimal(1) / decimal.Decimal(0)
    finally:
        decimal.setcontext(saved)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.integers(), st.text(max_size=12), st.floats(),
                 st.decimals(allow_nan=True, allow_infinity=True)))
def test_constructor_matches_cpython(value: object) -> None:
    got, want = outcome(M["Decimal"], value), outcome(decimal.Decimal, value)
    assert got[0] == want[0]
    assert str(got[1]) == str(want[1])


def test_context_argument_is_refused() -> None:
    with raises("TypeError", "context"):
        M["Decimal"]("1", context=decimal.Context())
    with raises("TypeError"):
        M["Decimal"]("1", decimal.Context())


def test_no_context_functions() -> None:
    for name in ("getcontext", "setcontext", "localcontext", "Context", "BasicContext"):
        assert name not in M


def test_decimal_type_object() -> None:
    assert repr(M["Decimal"]) == "<class 'decimal.Decimal'>"
    assert class_attr(M["Decimal"], "from_float")(0.1) == decimal.Decimal.from_float(0.1)
    types = pytest.importorskip("dataway.runtime.types")
    assert M["Decimal"] is types.STANDARD_TYPES["decimal.Decimal"]
    assert types.type_of(decimal.Decimal(1)) is M["Decimal"]
    assert types.isinstance_of(decimal.Decimal("1.5"), M["Decimal"])


def test_decimal_scope_restores_the_embedders_context(use_context) -> None:
    from dataway.modules.decimal import decimal_scope
    saved = decimal.getcontext()
    embedder = decimal.Context(prec=5)
    try:
        decimal.setcontext(embedder)
        use_context()
        with decimal_scope() as context:
            assert decimal.getcontext() is context and context.prec == 28
            assert str(decimal.Decimal(2).sqrt()) == "1.414213562373095048801688724"
        assert decimal.getcontext() is embedder
    finally:
        decimal.setcontext(saved)

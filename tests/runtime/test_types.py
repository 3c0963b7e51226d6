"""Type objects: identity, display, constructors with limits, and wrapper types."""
from __future__ import annotations

import builtins as host_builtins
import datetime
import decimal

import pytest
from hypothesis import given, strategies as st

from dataway.runtime.builtins import BUILTINS
from dataway.runtime.context import Context, LimitExceeded, activate, deactivate
from dataway.runtime.exceptions import EXC_TYPES, ScriptRaise
from dataway.runtime.policy import get_attr
from dataway.runtime.types import STANDARD_TYPES, DWType, type_for, type_of
from dataway.runtime.values import DWObject, ModuleValue

from .conftest import host_outcome, outcome


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(),
                 st.lists(st.integers()), st.tuples(st.integers()), st.sets(st.integers()),
                 st.frozensets(st.integers()), st.dictionaries(st.text(), st.integers())))
def test_type_of_prints_like_cpython_and_is_identical(value) -> None:
    t = type_of(value)
    assert str(t) == repr(t) == str(type(value))
    assert type_of(value) is t
    if type(value).__name__ in BUILTINS:
        assert t is BUILTINS[type(value).__name__]


@pytest.mark.parametrize("value,text", [
    (decimal.Decimal(1), "<class 'decimal.Decimal'>"),
    (datetime.datetime(2020, 1, 1), "<class 'datetime.datetime'>"),
    (datetime.date(2020, 1, 1), "<class 'datetime.date'>"),
    (datetime.timedelta(1), "<class 'datetime.timedelta'>"),
    (range(2), "<class 'range'>"), (..., "<class 'ellipsis'>"),
    (iter([]), "<class 'list_iterator'>"), ({}.keys(), "<class 'dict_keys'>"),
    (ModuleValue("json", {}), "<class 'module'>"),
    (BUILTINS["len"], "<class 'builtin_function_or_method'>"),
])
def test_standard_and_host_type_display(value, text: str) -> None:
    assert str(type_of(value)) == text


@given(st.one_of(st.text(max_size=8), st.integers(-1000, 1000), st.floats(), st.binary(max_size=4),
                 st.lists(st.integers(0, 255), max_size=3), st.none()))
def test_constructors_match_cpython(value) -> None:
    for name in ("int", "float", "str", "bytes", "bytearray", "bool", "list", "tuple", "set",
                 "frozenset", "dict"):
        mine = outcome(BUILTINS[name], value)
        ref = host_outcome(getattr(host_builtins, name), value)
        assert mine == ref or (mine[0] == ref[0] == "ok" and repr(mine[1]) == repr(ref[1]))


def test_int_with_base_and_digit_limit() -> None:
    assert BUILTINS["int"]("ff", 16) == 255 and BUILTINS["int"]() == 0
    assert BUILTINS["int"](decimal.Decimal("1e5")) == 100000
    ctx = Context(__import__("dataway.limits", fromlist=["Limits"]).Limits(int_digits=50))
    previous = activate(ctx)
    try:
        with pytest.raises(LimitExceeded):
            BUILTINS["int"]("1" * 60)
        with pytest.raises(LimitExceeded):
            BUILTINS["int"](decimal.Decimal("1e70"))
        assert BUILTINS["int"]("1" * 40) == int("1" * 40)
    finally:
        deactivate(previous)


def test_type_objects_without_constructor() -> None:
    with pytest.raises(ScriptRaise, match="cannot create 'list_iterator' instances"):
        type_of(iter([]))()


def test_wrapper_types_from_dw_objects() -> None:
    class Thing(DWObject):
        __slots__ = ()
        dw_type_name = "Entity"
        dw_class_attrs = frozenset({"make"})

        @classmethod
        def make(cls) -> "Thing":
            return cls()

    t = type_for(Thing)
    assert isinstance(t, DWType) and str(t) == "Entity" and type_of(Thing()) is t
    assert isinstance(get_attr(t, "make")(), Thing)
    assert BUILTINS["isinstance"](Thing(), t)


def test_datetime_class_members_use_the_evaluation_clock() -> None:
    ctx = Context(clock=lambda: 0.0, timezone=datetime.timezone(datetime.timedelta(hours=8)))
    previous = activate(ctx)
    try:
        dt = STANDARD_TYPES["datetime.datetime"]
        assert get_attr(dt, "now")() == datetime.datetime(1970, 1, 1, 8)
        assert get_attr(dt, "utcnow")() == datetime.datetime(1970, 1, 1)
        assert get_attr(STANDARD_TYPES["datetime.date"], "today")() == datetime.date(1970, 1, 1)
        assert get_attr(dt, "min") == datetime.datetime.min
        assert dt(2020, 1, 2).day == 2
    finally:
        deactivate(previous)


def test_exception_classes_are_their_own_types() -> None:
    err = EXC_TYPES["ValueError"]("x")
    assert type_of(err) is EXC_TYPES["ValueError"] is BUILTINS["ValueError"]
    assert type_of(EXC_TYPES["ValueError"]) is BUILTINS["type"]

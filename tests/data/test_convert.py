"""Declared-type conversions: every row of the spec §2.5 table."""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dataway.data import Entity, FormDataParts, MultiMap
from dataway.data.convert import OUTPUT_TYPES, convert
from dataway.data.streams import Stream

from .support import E, raises

UTC = dt.timezone.utc


def same(a: object, b: object) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))


@pytest.mark.parametrize("target", OUTPUT_TYPES)
def test_none_stays_none(target: str) -> None:
    assert convert(None, target) is None


def test_any_is_no_conversion() -> None:
    marker = {1}
    assert convert(marker, "any") is marker


@pytest.mark.parametrize("value, target", [
    ("s", "string"), (5, "int"), (1.5, "float"), (True, "bool"), (Decimal("1.0"), "decimal"),
    (b"x", "bytes"), ([1], "list"), ({"a": 1}, "dict"), (dt.datetime(2024, 1, 1), "datetime"),
    (dt.date(2024, 1, 1), "date"), (dt.time(1, 2), "time")])
def test_values_of_the_target_type_are_returned_unchanged(value: object, target: str) -> None:
    assert convert(value, target) is value


@pytest.mark.parametrize("value, expected", [
    (True, "True"), (1, "1"), (1.5, "1.5"), (Decimal("1.50"), "1.50"), (b"\xc3\xa9", "é"),
    (bytearray(b"a"), "a"), (dt.datetime(2024, 5, 1, 8, 0, tzinfo=UTC), "2024-05-01T08:00:00+00:00"),
    (dt.date(2024, 5, 1), "2024-05-01"), (dt.time(8, 0, 1), "08:00:01"),
    ([1, "é", None], '[1,"é",null]'), ((1, 2), "[1,2]"), ({"a": True}, '{"a":true}'),
    (MultiMap([("a", "1"), ("a", "2")]), '{"a":["1","2"]}')])
def test_string(value: object, expected: str) -> None:
    assert convert(value, "string") == expected


def test_string_of_a_big_int_is_not_limited_to_4300_digits() -> None:
    assert convert(10 ** 5000, "string") == "1" + "0" * 5000


@pytest.mark.parametrize("value, expected", [
    (True, 1), (False, 0), (2.9, 2), (-2.9, -2), (Decimal("-7.5"), -7), (" 12 ", 12),
    ("-1_000", -1000), ("+3", 3), (b"42", 42), ("0" * 5000 + "7", 7)])
def test_int(value: object, expected: int) -> None:
    assert same(convert(value, "int"), expected)


@pytest.mark.parametrize("value, kind", [
    ("12.5", "ValueError"), ("abc", "ValueError"), ("", "ValueError"), ("1__0", "ValueError"),
    (float("nan"), "ValueError"), (float("inf"), "ValueError"), (Decimal("NaN"), "ValueError"),
    ([1], "TypeError"), (dt.date(2024, 1, 1), "TypeError")])
def test_int_errors(value: object, kind: str) -> None:
    with raises(kind, "^field 'value': cannot convert "):
        convert(value, "int")


def test_error_message_names_the_field() -> None:
    with raises("ValueError", "^field 'value': cannot convert 'abc' to int$"):
        convert("abc", "int")
    with raises("TypeError", "^field 'count': cannot convert a value of type 'set' "):
        convert({1}, "int", field="count")


def test_int_digits_limit() -> None:
    with raises("LimitError"):
        convert("9" * 100_001, "int")
    with raises("LimitError"):
        convert(Decimal("1e200000"), "int")


@pytest.mark.parametrize("value, expected", [
    (True, 1.0), (3, 3.0), (Decimal("0.5"), 0.5), ("1e3", 1000.0), (" -2.5 ", -2.5),
    (b"inf", math.inf), ("nan", math.nan)])
def test_float(value: object, expected: float) -> None:
    assert same(convert(value, "float"), expected)


def test_float_errors() -> None:
    with raises("ValueError"):
        convert("x", "float")
    with raises("ValueError"):
        convert(10 ** 400, "float")
    with raises("TypeError"):
        convert([], "float")


@pytest.mark.parametrize("value, expected", [
    (0, False), (2, True), (0.0, False), (Decimal("0.1"), True), (" TRUE ", True), ("1", True),
    ("Yes", True), ("false", False), (b"0", False), ("NO", False)])
def test_bool(value: object, expected: bool) -> None:
    assert convert(value, "bool") is expected


@pytest.mark.parametrize("value, kind", [("maybe", "ValueError"), ("", "ValueError"),
                                         ([], "TypeError"), ({}, "TypeError")])
def test_bool_errors(value: object, kind: str) -> None:
    with raises(kind):
        convert(value, "bool")


@pytest.mark.parametrize("value, expected", [
    (True, Decimal(1)), (10 ** 30, Decimal(10 ** 30)), (0.1, Decimal("0.1")),
    (" 1.50 ", Decimal("1.50")), (b"-2", Decimal(-2))])
def test_decimal(value: object, expected: Decimal) -> None:
    result = convert(value, "decimal")
    assert type(result) is Decimal and str(result) == str(expected)


def test_decimal_errors() -> None:
    with raises("ValueError"):
        convert("1.2.3", "decimal")
    with raises("TypeError"):
        convert([1], "decimal")


def test_bytes() -> None:
    assert convert(bytearray(b"ab"), "bytes") == b"ab" and type(convert(bytearray(), "bytes")) is bytes
    assert convert("é", "bytes") == b"\xc3\xa9"
    assert convert([0, 255], "bytes") == b"\x00\xff"
    assert convert(E("image/png", b"\x89"), "bytes") == b"\x89"
    with raises("TypeError"):
        convert(3, "bytes")
    with raises("ValueError"):
        convert([256], "bytes")


def test_list() -> None:
    assert convert((1, 2), "list") == [1, 2]
    assert sorted(convert({2, 1}, "list")) == [1, 2]
    assert convert(frozenset([1]), "list") == [1]
    assert convert(range(3), "list") == [0, 1, 2]
    assert convert({"a": 1}.values(), "list") == [1]
    assert convert((x for x in "ab"), "list") == ["a", "b"]
    assert convert(iter([1]), "list") == [1]
    assert convert('[1, "a"]', "list") == [1, "a"]
    assert convert(b"[]", "list") == []
    assert convert({"a": 1, "b": 2}, "list") == [["a", 1], ["b", 2]]
    assert convert(MultiMap([("a", 1), ("a", 2)]), "list") == [["a", 1], ["a", 2]]
    fp = FormDataParts()
    fp.add("a", "x")
    assert [p["name"] for p in convert(fp, "list")] == ["a"]
    assert convert(Stream(iter([1, (2,)])), "list") == [1, [2]]
    assert convert(E("application/json", b"[1]"), "list") == [1]
    with raises("ValueError", "not an array"):
        convert('{"a": 1}', "list")
    with raises("ValueError", "invalid JSON"):
        convert("[1,", "list")
    with raises("TypeError"):
        convert(5, "list")


def test_dict() -> None:
    assert convert(MultiMap([("a", 1), ("a", 2), ("b", 3)]), "dict") == {"a": [1, 2], "b": 3}
    assert convert([("a", 1), ["b", 2]], "dict") == {"a": 1, "b": 2}
    assert convert('{"a": 1}', "dict") == {"a": 1}
    assert convert(b"{}", "dict") == {}
    fp = FormDataParts()
    fp.add("a", "1")
    fp.add("a", "2")
    assert convert(fp, "dict")["a"]["content"]["^value"] == "1"
    with raises("ValueError", "not an object"):
        convert("[1]", "dict")
    with raises("ValueError"):
        convert([(1, 2, 3)], "dict")
    with raises("TypeError"):
        convert(5, "dict")

    class FakeReadOnlyMap:
        def keys(self) -> list:
            return ["k"]

        def to_core(self) -> dict:
            return {"k": 1}

    assert convert(FakeReadOnlyMap(), "dict") == {"k": 1}


@pytest.mark.parametrize("text, expected", [
    ("2024-05-01T08:00:00Z", dt.datetime(2024, 5, 1, 8, 0, tzinfo=UTC)),
    ("2024-05-01 08:00", dt.datetime(2024, 5, 1, 8, 0)),
    ("2024-05-01", dt.datetime(2024, 5, 1)),
    ("2024-05-01T08:00:00.123456789+08:00",
     dt.datetime(2024, 5, 1, 8, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
    ("2024-05-01T08:00:00.5-0130",
     dt.datetime(2024, 5, 1, 8, 0, 0, 500000, tzinfo=dt.timezone(-dt.timedelta(minutes=90)))),
    (b"2024-05-01T08:00", dt.datetime(2024, 5, 1, 8, 0))])
def test_datetime(text: object, expected: dt.datetime) -> None:
    result = convert(text, "datetime")
    assert result == expected and result.tzinfo == expected.tzinfo


def test_datetime_other_sources() -> None:
    assert convert(dt.date(2024, 5, 1), "datetime") == dt.datetime(2024, 5, 1)
    for bad in ["2024-5-1", "2024-05-01T8:00", "2024-13-01", "2024-05-01T08:00:00.1234567890",
                "yesterday"]:
        with raises("ValueError"):
            convert(bad, "datetime")
    with raises("TypeError"):
        convert(1714550400, "datetime")


def test_date_and_time() -> None:
    assert convert("2024-05-01", "date") == dt.date(2024, 5, 1)
    assert convert("2024-05-01T23:30:00-05:00", "date") == dt.date(2024, 5, 1)
    stamp = dt.datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
    assert type(convert(stamp, "date")) is dt.date
    assert convert(stamp, "time") == dt.time(8, 30, tzinfo=UTC)
    assert convert("08:30", "time") == dt.time(8, 30)
    assert convert("08:30:01.25Z", "time") == dt.time(8, 30, 1, 250000, tzinfo=UTC)
    for bad, target in [("08:30", "date"), ("8:30", "time"), ("25:00", "time"), (5, "date"),
                        (5, "time")]:
        with raises("TypeError" if bad == 5 else "ValueError"):
            convert(bad, target)


def test_entity_sources() -> None:
    assert convert(E("application/json", b'{"a": 1}'), "string") == '{"a":1}'
    assert convert(E("text/plain", b"abc"), "string") == "abc"
    assert convert(Entity.from_bytes(b"\xe9", "image/png; charset=latin-1"), "string") == "é"
    assert convert(E("application/json", b'"5"'), "int") == 5
    assert convert(E("application/json", b"null"), "int") is None


def test_unknown_target() -> None:
    with raises("ValueError", "unknown declared type 'money'"):
        convert(1, "money")


@given(st.integers())
def test_int_string_round_trip(n: int) -> None:
    assert convert(convert(n, "string"), "int") == n


@given(st.floats(allow_nan=False))
def test_float_string_round_trip(x: float) -> None:
    assert convert(convert(x, "string"), "float") == x


@given(st.datetimes(timezones=st.none() | st.just(UTC)))
def test_datetime_iso_round_trip(value: dt.datetime) -> None:
    assert convert(value.isoformat(), "datetime") == value

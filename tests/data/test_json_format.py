"""JSON serialisation and parsing (spec §8.4), differential against CPython's ``json``."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.data import Entity, MultiMap
from dataway.data.formats.json import dumps, encode, parse
from dataway.limits import Limits

from .support import E, raises

json_scalars = (st.none() | st.booleans() | st.integers() | st.text()
                | st.floats(allow_nan=False, allow_infinity=False))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30)


def cpython(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@settings(max_examples=300)
@given(json_values)
def test_serialisation_matches_cpython_compact_non_ascii(value: object) -> None:
    assert dumps(value) == cpython(value)


@settings(max_examples=300)
@given(json_values)
def test_round_trip_through_an_entity(value: object) -> None:
    entity = Entity.from_value(value, "application/json")
    assert entity["^value"] == value
    assert parse(entity.blob, "utf-8") == json.loads(entity.blob)


@given(st.text())
def test_unencodable_characters_become_u_escapes(text: str) -> None:
    blob = encode(text, "latin-1")
    assert json.loads(blob.decode("latin-1")) == text
    if not any(ord(ch) > 255 for ch in text):
        assert blob == cpython(text).encode("latin-1", "surrogatepass")


def test_astral_characters_use_surrogate_pairs_when_unencodable() -> None:
    assert encode("\U0001f600", "ascii") == b'"\\ud83d\\ude00"'
    assert encode("\U0001f600", "utf-8") == '"\U0001f600"'.encode()


def test_escapes_follow_cpython_and_slash_is_kept() -> None:
    text = 'a"\\/\n\t\x00\x1f\x7f\u2028é'
    assert dumps(text) == cpython(text)
    assert "/" in dumps("/")


def test_floats_use_repr() -> None:
    assert dumps([1e16, 1.0, 0.1, -0.0, 1e-7]) == "[1e+16,1.0,0.1,-0.0,1e-07]"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf"), Decimal("NaN"),
                                 Decimal("Infinity")])
def test_out_of_range_numbers_are_value_errors(bad: object) -> None:
    with raises("ValueError", "Out of range float values are not JSON compliant"):
        dumps([bad])


def test_special_values() -> None:
    value = {"d": Decimal("1.10"), "t": dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.timezone.utc),
             "day": dt.date(2024, 5, 1), "time": dt.time(8, 30), "tup": (1, 2),
             "mm": MultiMap([("a", "1"), ("b", "2"), ("a", "3")]),
             "e": E("application/json", b'{"x":[1]}')}
    assert dumps(value) == ('{"d":1.10,"t":"2024-05-01T08:00:00+00:00","day":"2024-05-01",'
                            '"time":"08:30:00","tup":[1,2],"mm":{"a":["1","3"],"b":"2"},'
                            '"e":{"x":[1]}}')


def test_key_conversion_rules() -> None:
    value = {True: 1, False: 2, None: 3, 4: 4, 1.5: 5, Decimal("2.50"): 6, "s": 7}
    assert dumps(value) == '{"true":1,"false":2,"null":3,"4":4,"1.5":5,"2.50":6,"s":7}'
    with raises("TypeError", "keys must be str, int, float, bool or None, not tuple"):
        dumps({(1, 2): 1})


@pytest.mark.parametrize("value, name", [(b"x", "bytes"), ({1}, "set"), (object(), "object")])
def test_unsupported_values(value: object, name: str) -> None:
    with raises("TypeError", f"Object of type {name} is not JSON serializable"):
        dumps([value])


def test_cycles_and_depth() -> None:
    loop: list = []
    loop.append(loop)
    with raises("ValueError", "Circular reference detected"):
        dumps(loop)
    deep: list = []
    node = deep
    for _ in range(999):
        node.append([])
        node = node[0]
    assert dumps(deep).count("[") == 1000
    node.append([])
    with raises("LimitError") as caught:
        dumps(deep)
    assert caught.limit == "value_depth"


def test_big_ints_are_written_and_parsed_exactly() -> None:
    n = 7 ** 9000
    assert parse(dumps([n]).encode(), "utf-8") == [n]
    assert parse(b"12345678901234567890123", "utf-8") == 12345678901234567890123


def test_int_digits_limit_on_parse() -> None:
    with raises("LimitError") as caught:
        parse(b"1" * 50, "utf-8", Limits(int_digits=10))
    assert caught.limit == "int_digits"


def test_duplicate_keys_keep_the_last_value() -> None:
    assert parse(b'{"a":1,"a":2}', "utf-8") == {"a": 2}


@pytest.mark.parametrize("doc", [b"NaN", b"[Infinity]", b"-Infinity", b"{'a':1}", b"[1,]",
                                 b"", b'{"a":1}x', b'"\x01"'])
def test_invalid_documents_name_the_format_and_position(doc: bytes) -> None:
    with raises("ValueError", r"^cannot parse Entity as application/json: .*(line|char)"):
        E("application/json", doc)["^value"]


def test_lone_surrogate_escapes_are_accepted_like_cpython() -> None:
    assert parse(b'"\\ud800"', "utf-8") == "\ud800"


def test_bom_is_ignored_and_other_encodings_are_decoded() -> None:
    assert E("application/json", b'\xef\xbb\xbf{"a":1}')["a"] == 1
    blob = '{"k":"汉字"}'.encode("gbk")
    assert Entity.from_bytes(blob, "application/json; charset=gbk")["k"] == "汉字"
    assert Entity.from_value({"k": "汉字"}, "application/json", "gbk").blob == blob


def test_deep_documents_stop_on_value_depth() -> None:
    for depth in (1001, 3000, 200_000):
        with raises("LimitError") as caught:
            E("application/json", b"[" * depth + b"]" * depth)["^value"]
        assert caught.limit == "value_depth"
    assert len(E("application/json", b"[" * 1000 + b"]" * 1000)) == 1


def test_structured_suffix_uses_json() -> None:
    entity = Entity.from_value({"a": 1}, "application/problem+json")
    assert entity.blob == b'{"a":1}' and entity["a"] == 1

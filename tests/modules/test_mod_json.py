"""json: differential against CPython, refusals and limits."""
from __future__ import annotations

import decimal
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.limits import Limits
from dataway.runtime.context import LimitExceeded

from .helpers import member, same

dumps = member("json.dumps")
loads = member("json.loads")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(json_values, st.booleans(), st.booleans(), st.sampled_from([None, 2, "\t"]))
def test_dumps_matches_cpython(value: object, ensure_ascii: bool, sort_keys: bool,
                               indent: object) -> None:
    same(dumps, json.dumps, value, ensure_ascii=ensure_ascii, sort_keys=sort_keys,
         indent=indent)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_loads_round_trips_like_cpython(value: object) -> None:
    text = json.dumps(value)
    assert loads(text) == json.loads(text)
    assert loads(text.encode("utf-16")) == json.loads(text.encode("utf-16"))


@pytest.mark.parametrize("text", ['{"a": 1', "[1, 2,]", "", "nul", '{"a" 1}', "[1] x", "\ufeff[]"])
def test_decode_errors_keep_class_and_message(text: str) -> None:
    same(loads, json.loads, text)
    with pytest.raises(json.JSONDecodeError):
        loads(text)


@pytest.mark.parametrize("value", [decimal.Decimal("1.5"), {1, 2}, b"x", float("nan")])
def test_dumps_rejections_match_cpython(value: object) -> None:
    same(dumps, json.dumps, value, allow_nan=False)


def test_separators_and_defaults_are_cpythons() -> None:
    assert dumps({"a": [1, "d"]}) == '{"a": [1, "d"]}'
    assert dumps("哈哈", ensure_ascii=False) == '"哈哈"'
    assert dumps({"a": 1}, separators=(",", ":")) == '{"a":1}'


def test_callbacks_may_be_any_callable() -> None:
    assert dumps(decimal.Decimal("1.5"), default=str) == '"1.5"'
    assert loads("1.10", parse_float=decimal.Decimal) == decimal.Decimal("1.10")
    assert loads('{"a": 1}', object_pairs_hook=list) == [("a", 1)]
    assert loads('{"a": 1}', object_hook=lambda d: sorted(d)) == ["a"]
    assert loads("NaN", parse_constant=lambda s: s) == "NaN"
    assert loads("12", parse_int=lambda s: s + "!") == "12!"


def test_cls_keyword_is_refused() -> None:
    with pytest.raises(TypeError, match="cls"):
        dumps({}, cls=json.JSONEncoder)
    with pytest.raises(TypeError, match="cls"):
        loads("{}", cls=json.JSONDecoder)


def test_unknown_keyword_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'foo'"):
        dumps({}, foo=1)


def test_json_decode_error_member_is_the_runtime_class() -> None:
    exceptions = pytest.importorskip("dataway.runtime.exceptions")
    exc_type = member("json.JSONDecodeError")
    assert exc_type is exceptions.EXC_TYPES["json.JSONDecodeError"]
    try:
        loads("{")
    except json.JSONDecodeError as exc:
        value = exceptions.to_exc_value(exc)
    assert value.type is exc_type
    assert value.type.issubtype(exceptions.EXC_TYPES["ValueError"])


def test_long_ints_parse_up_to_int_digits(use_context) -> None:
    text = "9" * 5000
    assert loads(text) == int(text[:2500]) * 10 ** 2500 + int(text[2500:])
    assert loads("-" + text) == -loads(text)
    use_context(limits=Limits(int_digits=1000))
    with pytest.raises(LimitExceeded) as info:
        loads("1" * 1001)
    assert info.value.limit == "int_digits"


def test_nesting_beyond_value_depth_is_a_limit_error(use_context) -> None:
    use_context(limits=Limits(value_depth=50))
    assert loads("[" * 50 + "]" * 50) is not None
    with pytest.raises(LimitExceeded) as info:
        loads("[" * 51 + "]" * 51)
    assert info.value.limit == "value_depth"
    assert loads('"' + "[" * 100 + '"') == "[" * 100  # brackets inside strings do not count
    deep: list = []
    for _ in range(60):
        deep = [deep]
    with pytest.raises(LimitExceeded):
        dumps(deep)


def test_output_size_is_checked(use_context) -> None:
    use_context(limits=Limits(value_size=100))
    with pytest.raises(LimitExceeded) as info:
        dumps("x" * 200)
    assert info.value.limit == "value_size"
    with pytest.raises(LimitExceeded):
        dumps([[1]], indent=1000)


def test_circular_reference_is_cpythons_value_error() -> None:
    loop: list = []
    loop.append(loop)
    same(dumps, json.dumps, loop)


def test_work_is_charged(ctx) -> None:
    before = ctx.steps
    loads(json.dumps(list(range(1000))))
    dumps(list(range(1000)))
    assert ctx.steps - before >= 1000


def test_read_only_maps_serialise_as_dicts() -> None:
    message = pytest.importorskip("dataway.runtime.message")
    view = message.ReadOnlyMap({"b": [1, {"c": None}], "a": "x"})
    assert dumps(view) == json.dumps({"b": [1, {"c": None}], "a": "x"})
    assert dumps({"vars": view}, sort_keys=True) == '{"vars": {"a": "x", "b": [1, {"c": null}]}}'
    assert dumps([view], default=lambda o: "never") == '[{"b": [1, {"c": null}], "a": "x"}]'
    assert dumps(set(), default=lambda o: "custom") == '"custom"'

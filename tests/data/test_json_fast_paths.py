"""The JSON reader's and writer's fast paths give exactly what the reference paths give.

The writer hands plain trees to orjson or CPython's C encoder and Entity-to-Entity conversions
to orjson without a scan; the reader lets orjson enforce ``value_depth`` by wrapping the
document. Each is checked against the general writer / stdlib reader on generated values,
including the cases the fast paths must decline (tiny floats, big ints, non-str keys, lone
surrogates, NaN, MultiMaps with repeated keys).
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataway.data.entity import Entity
from dataway.data.formats import json as json_format
from dataway.data.multimap import MultiMap
from dataway.limits import Limits
from dataway.runtime.context import LimitExceeded
from dataway.runtime.exceptions import ScriptRaise

LIMITS = Limits()

leaves = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
          | st.floats(allow_nan=True, allow_infinity=True)
          | st.sampled_from([1e-5, -1.5e-7, 0.0001, 1e16, 5e-324, -0.0])
          | st.text(max_size=6) | st.sampled_from(["\ud800", "é☕", "\x00\x1f\x7f\u2028"]))
keys = st.text(max_size=4) | st.integers(-5, 5) | st.sampled_from([None, True, 1.5])


def multimaps(children):
    return st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), children), max_size=4).map(
        MultiMap.from_pairs)


values = st.recursive(leaves, lambda children: (
    st.lists(children, max_size=4) | st.lists(children, max_size=3).map(tuple)
    | st.dictionaries(keys, children, max_size=4) | multimaps(children)), max_leaves=20)


def outcome(fn, *args):
    try:
        return ("ok", fn(*args))
    except ScriptRaise as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_fast_writer_matches_general_writer(value) -> None:
    assert outcome(json_format.dumps, value, LIMITS) == \
        outcome(json_format._dumps_general, value, LIMITS)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_encode_matches_general_writer(value) -> None:
    expected = outcome(json_format._dumps_general, value, LIMITS)
    got = outcome(json_format.encode, value, "utf-8", LIMITS)
    if expected[0] == "ok":
        assert got == ("ok", expected[1].encode("utf-8", "dataway.json-escape"))
    else:
        assert got == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**80, 2**80) | st.text(max_size=5)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=3),
                                                                       children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_entity_to_entity_equals_value_path(value) -> None:
    """Re-writing a JSON Entity (no scan) equals writing its value (scanned)."""
    source = Entity.from_bytes(json.dumps(value).encode(), "application/json")
    direct = Entity.from_value(source, "application/json").blob
    assert direct == Entity.from_value(source.parsed(), "application/json").blob
    assert json.loads(direct) == json.loads(json.dumps(value))


def test_xml_entity_to_json_groups_repeated_names() -> None:
    source = Entity.from_bytes(b'<r a="1"><i>1</i><j/><i>2</i>t</r>', "application/xml")
    assert Entity.from_value(source, "application/json").blob == \
        b'{"r":{"@a":"1","i":["1","2"],"j":null,"#text":"t"}}'
    source.parsed()  # once parsed, the MultiMap tree is written instead: same bytes
    assert Entity.from_value(source, "application/json").blob == \
        b'{"r":{"@a":"1","i":["1","2"],"j":null,"#text":"t"}}'


@pytest.mark.parametrize("limit", [1, 5, 999, 1000, 1023, 1024])
def test_parse_depth_bound_is_exact(limit: int) -> None:
    limits = Limits(value_depth=limit)
    ok = b"[" * limit + b"]" * limit
    assert json_format.parse(ok, "utf-8", limits) is not None
    deep = b"[" * (limit + 1) + b"]" * (limit + 1)
    with pytest.raises(LimitExceeded):
        json_format.parse(deep, "utf-8", limits)


@pytest.mark.parametrize("text", [b"1],[2", b"1],[2]]", b"", b"]", b"[1]]", b"{}],[{}"])
def test_wrapping_never_accepts_invalid_text(text: bytes) -> None:
    with pytest.raises(Exception) as info:
        json_format.parse(text, "utf-8", LIMITS)
    assert not isinstance(info.value, AssertionError)


def test_shared_references_are_bounded_by_value_size() -> None:
    tree: list = [1]
    for _ in range(60):  # 2**60 leaves if walked naively
        tree = [tree, tree]
    with pytest.raises(LimitExceeded) as info:
        json_format.dumps(tree, Limits(value_size=10_000))
    assert info.value.limit == "value_size"

"""Boundary normalisation (spec §5.3)."""
from __future__ import annotations

import datetime as dt
import re
import time
from collections import namedtuple
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dataway.data import Entity, FormDataParts, MultiMap
from dataway.data.boundary import normalise
from dataway.data.streams import Stream
from dataway.limits import Limits

from .support import E, raises

core_scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
                | st.binary() | st.decimals(allow_nan=False) | st.datetimes() | st.dates()
                | st.times())
core_values = st.recursive(core_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=3) | st.integers(), inner,
                                             max_size=4), max_leaves=20)


@given(core_values)
def test_core_values_pass_unchanged(value: object) -> None:
    assert normalise(value) == value or value != value  # NaN is never equal to itself


@given(core_values.map(lambda v: (v, [v], (v, v))))
def test_tuples_become_lists(value: object) -> None:
    def expected(x: object) -> object:
        if isinstance(x, (tuple, list)):
            return [expected(i) for i in x]
        if isinstance(x, dict):
            return {k: expected(v) for k, v in x.items()}
        return x
    out = normalise(value)
    assert type(out) is list and repr(out) == repr(expected(value))


def test_conversions_of_non_core_containers() -> None:
    Point = namedtuple("Point", "x y")
    value = {"t": (1, (2,)), "ba": bytearray(b"x"), "nt": Point(1, 2),
             "url": urlparse("http://h/p"), "st": time.gmtime(0),
             "mm": MultiMap([("k", (1, bytearray(b"y")))]),
             "sl": MultiMap([("a", 1)])["*a"]}
    out = normalise(value)
    assert out["t"] == [1, [2]] and type(out["t"][1]) is list
    assert out["ba"] == b"x" and type(out["ba"]) is bytes
    assert out["nt"] == [1, 2] and type(out["nt"]) is list
    assert out["url"] == ["http", "h", "/p", "", "", ""]
    assert type(out["st"]) is list and out["st"][0] == 1970
    assert out["mm"] == MultiMap([("k", [1, b"y"])]) and type(out["sl"]) is list


def test_dataway_values_pass() -> None:
    e = E("application/json", b"{}")
    fp = FormDataParts()
    assert normalise([e, fp])[0] is e
    assert normalise(fp) is fp


def test_read_only_maps_become_dicts() -> None:
    class FakeReadOnlyMap:
        dw_type_name = "ReadOnlyMap"

        def keys(self) -> list:
            return ["a"]

        def to_core(self) -> dict:
            return {"a": (1, 2)}

    assert normalise({"m": FakeReadOnlyMap()}) == {"m": {"a": [1, 2]}}


def test_messages_and_top_level_streams_pass() -> None:
    class FakeMessage:
        dw_type_name = "Message"

    msg = FakeMessage()
    assert normalise({"root": msg})["root"] is msg
    stream = Stream(iter([1]))
    assert normalise(stream) is stream
    with raises("TypeError", r"type 'Stream' .*\(at result\[0\]\)"):
        normalise([stream])


@pytest.mark.parametrize("value, message", [
    ({"ids": {1}}, re.escape("cannot return a value of type 'set' from a Dataway script "
                             "(at result['ids']); convert it with list()") + "$"),
    ([frozenset()], "type 'frozenset' .*at result\\[0\\]\\); convert it with list\\(\\)"),
    ([range(3)], "type 'range' .*; convert it with list\\(\\)"),
    ({"k": {}.keys()}, "type 'dict_keys' .*; convert it with list\\(\\)"),
    ([(x for x in [])], "type 'generator' .*; convert it with list\\(\\)"),
    ([iter([])], "type 'list_iterator' .*; convert it with list\\(\\)"),
    ([map(str, [])], "type 'map' .*; convert it with list\\(\\)"),
    ([len], "type 'builtin_function_or_method' .*\\(at result\\[0\\]\\)$"),
    ([int], "type 'type' .*\\(at result\\[0\\]\\)$"),
    ([dt.timedelta(1)], "type 'timedelta' "),
    ([slice(1)], "type 'slice' "),
    ([...], "type 'ellipsis' "),
])
def test_non_core_values_are_type_errors_with_paths_and_hints(value: object, message: str) -> None:
    with raises("TypeError", "^" + message if message.startswith("cannot") else message):
        normalise(value)


def test_dict_keys() -> None:
    ok = {None: 1, True: 2, 3: 3, 1.5: 4, Decimal(2): 5, "s": 6, b"b": 7,
          dt.datetime(2024, 1, 1): 8, dt.date(2024, 1, 2): 9, dt.time(1): 10}
    assert normalise(ok) == ok
    with raises("TypeError", r"dict key of type 'tuple' .*\(at result\['a'\]\)"):
        normalise({"a": {(1, 2): 3}})
    with raises("TypeError", "dict key of type 'frozenset'"):
        normalise({frozenset(): 1})


def test_cycles() -> None:
    loop: list = []
    loop.append(loop)
    with raises("ValueError", r"^circular reference \(at result\[0\]\)$"):
        normalise(loop)
    d: dict = {}
    d["self"] = {"again": d}
    with raises("ValueError", r"\(at result\['self'\]\['again'\]\)"):
        normalise(d)
    shared = [1]
    assert normalise([shared, shared]) == [[1], [1]]


def test_depth_limit_without_host_recursion() -> None:
    deep: list = []
    node = deep
    for _ in range(999):
        node.append(({"k": []},))
        node = node[0][0]["k"]
    with raises("LimitError") as caught:
        normalise(deep)
    assert caught.limit == "value_depth"
    assert normalise(deep, Limits(value_depth=3000)) is not None


def test_output_size_estimate() -> None:
    limits = Limits(output_size=100)
    assert normalise(["x" * 90], limits) == ["x" * 90]
    with raises("LimitError") as caught:
        normalise(["x" * 99], limits)
    assert caught.limit == "output_size"
    with raises("LimitError"):
        normalise(["é" * 50], limits)  # 100 UTF-8 bytes plus the list element
    with raises("LimitError"):
        normalise([Entity.from_bytes(b"x" * 200)], limits)
    with raises("LimitError"):
        normalise(list(range(13)), limits)  # 13 * (8 + 2) bytes


def test_item_paths_for_streams() -> None:
    with raises("TypeError", r"\(at item\[3\]\['a'\]\)"):
        normalise({"a": {1}}, None, root="item[3]")

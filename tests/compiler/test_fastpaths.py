"""The compile-time fast paths for message attributes and methods behave as the policy does.

``msg.payload``, ``msg.vars.get(k)`` and friends skip ``get_attr``/``get_method`` on the
runtime's exact message classes (W1); everything observable must stay as it was: private
copies, errors, refused names, subclasses and other receivers.
"""
from __future__ import annotations

import functools

import pytest

import dataway
from dataway.compiler.fastpaths import attr_getters, method_functions
from dataway.runtime.message import (MessageView, ReadOnlyMap, StepsView, private_copy)


def _eval(expr: str, msg: dataway.Message, steps=None):
    return dataway.compile(expr, mode="expression").evaluate(msg, steps, raw=True).value


def test_tables_cover_only_allowlisted_public_names() -> None:
    assert MessageView in attr_getters("payload")
    assert attr_getters("message") == {}  # a host-only property, not in dw_attrs
    assert attr_getters("_msg") == {}
    assert ReadOnlyMap in method_functions("get")
    assert method_functions("__getitem__") == {}
    assert method_functions("update") == {}


def test_message_reads_through_fast_paths() -> None:
    msg = dataway.Message(payload={"total": 250, "items": [1, 2]}, vars={"region": "eu"},
                          attrs={"a": [1]}, error={"Code": "E", "Description": "d"})
    assert _eval("msg.payload['total'] > 100 and msg.vars.get('region') == 'eu'", msg) is True
    assert _eval("msg.vars.get('missing', 7)", msg) == 7
    assert _eval("msg.error.get('code')", msg) == "E"  # ErrorMap aliases still apply
    assert _eval("msg.attrs.get('a')", msg) == [1]
    assert _eval("(msg.payload is msg.payload, msg.vars is msg.vars)", msg) == (True, True)
    assert _eval("sorted(msg.vars.keys())", msg) == ["region"]
    # Mutating what was read never reaches the host message (§4.6).
    _eval("[msg.payload['items'].append(3), msg.attrs.get('a').append(2)]", msg)
    assert msg.payload == {"total": 250, "items": [1, 2]} and msg.attrs == {"a": [1]}


def test_refusals_and_errors_are_unchanged() -> None:
    msg = dataway.Message(payload=1, vars={"k": 1})
    for expr, text in [("[v.update({}) for v in [msg.vars]]", "has no attribute 'update'"),
                       ("msg.vars.get([])", "unhashable type: 'list'"),
                       ("[m.get() for m in [msg.vars]]", "get()"),
                       ("[m.nope for m in [msg]]", "has no attribute 'nope'")]:
        with pytest.raises(dataway.ScriptError) as info:
            _eval(expr, msg)
        assert text in str(info.value)


def test_host_methods_in_a_payload_are_still_wrapped() -> None:
    msg = dataway.Message(payload=functools.partial(len))
    assert "0x" not in _eval("repr(msg.payload)", msg)


def test_other_receivers_use_the_policy() -> None:
    msg = dataway.Message(payload={"get": 1})
    assert _eval("msg.payload.get('get')", msg) == 1  # a plain dict's own method
    steps = {"a": dataway.Message(payload=5)}
    assert _eval("steps.a.payload", dataway.Message(), steps) == 5
    assert isinstance(StepsView({}), ReadOnlyMap)


def test_private_copy_fast_paths_keep_structure() -> None:
    flat = {"a": 1, "b": "x", "c": None}
    copied = private_copy(flat)
    assert copied == flat and copied is not flat
    shared = [1]
    data = {"x": shared, "y": shared, "z": [{"k": shared}], "b": bytearray(b"ab")}
    data["self"] = data
    out = private_copy(data)
    assert out["x"] is out["y"] is out["z"][0]["k"] and out["x"] is not shared
    assert out["self"] is out and type(out["b"]) is bytearray and out["b"] is not data["b"]

    class D(dict):
        pass

    sub = D(a=[1])
    out = private_copy({"s": sub, "l": [sub]})
    assert type(out["s"]) is dict and out["s"] == {"a": [1]} and out["s"] is out["l"][0]
    assert out["s"]["a"] is not sub["a"]

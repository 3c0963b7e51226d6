"""Message views, read-only maps, the steps view and steps-path resolution (§5.4, §6, §7)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from dataway.runtime.builtins import BUILTINS
from dataway.runtime.exceptions import ScriptRaise
from dataway.runtime.message import (VARS_HINT, Message, ReadOnlyMap, make_message_view,
                                     make_steps_view, private_copy, steps_attr)
from dataway.runtime.policy import get_attr, get_method, has_attr

JSONISH = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3)),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=2), inner,
                                                               max_size=3)), max_leaves=12)


def _view(**kwargs):
    return make_message_view(Message(**kwargs))


def test_attributes_and_aliases() -> None:
    msg = _view(payload=1, vars={"v": 2}, attrs={"a": 3}, id="m1", seq_id="s1")
    for name in ("payload", "vars", "var", "attrs", "attributes", "attr", "id", "seq_id",
                 "error", "isthrowing"):
        assert has_attr(msg, name)
    assert get_attr(msg, "var") is get_attr(msg, "vars")
    assert get_attr(msg, "attr") is get_attr(msg, "attributes") is get_attr(msg, "attrs")
    assert (get_attr(msg, "id"), get_attr(msg, "seq_id")) == ("m1", "s1")
    assert get_attr(msg, "error") is None and get_attr(msg, "isthrowing") is False
    assert repr(msg) == "Message(id='m1', seq_id='s1')"
    assert str(BUILTINS["type"](msg)) == "Message"
    with pytest.raises(ScriptRaise, match="TypeError"):
        BUILTINS["type"](msg)()
    assert not has_attr(msg, "_msg") and not has_attr(msg, "message")


@given(payload=JSONISH)
def test_payload_is_a_private_stable_copy(payload) -> None:
    host = Message(payload=payload)
    msg = make_message_view(host)
    first = get_attr(msg, "payload")
    assert first == payload
    assert get_attr(msg, "payload") is first
    if isinstance(first, list):
        first.append("x")
        assert host.payload == payload and get_attr(msg, "payload")[-1] == "x"
    # A new evaluation sees the original message again.
    assert get_attr(make_message_view(host), "payload") == payload


def test_private_copy_keeps_shared_structure_and_cycles() -> None:
    inner = [1]
    data = {"a": inner, "b": inner}
    data["self"] = data
    copied = private_copy(data)
    assert copied["a"] is copied["b"] and copied["a"] is not inner
    assert copied["self"] is copied


def test_read_only_map_reads_like_a_dict() -> None:
    source = {"a": [1], "b": 2}
    m = ReadOnlyMap(source)
    assert m["a"] == [1] and m.get("z") is None and m.get("z", 5) == 5
    assert "a" in m and len(m) == 2 and list(m) == ["a", "b"]
    assert list(m.keys()) == ["a", "b"] and list(m.items()) == [("a", [1]), ("b", 2)]
    assert m == {"a": [1], "b": 2} and m != {"a": 1}
    assert str(m) == repr(m) == repr(source)
    copy = m.copy()
    assert type(copy) is dict and copy == source
    m["a"].append(2)
    assert m["a"] == [1, 2] and source["a"] == [1]
    with pytest.raises(KeyError):
        m["missing"]
    with pytest.raises(TypeError):
        hash(m)
    assert str(BUILTINS["type"](m)) == "ReadOnlyMap"
    assert not BUILTINS["isinstance"](m, BUILTINS["dict"])


def test_read_only_map_refuses_writes() -> None:
    m = ReadOnlyMap({"a": 1})
    with pytest.raises(ScriptRaise, match="'ReadOnlyMap' object does not support item assignment"):
        m["a"] = 2
    with pytest.raises(ScriptRaise, match="does not support item deletion"):
        del m["a"]
    for name in ("update", "pop", "setdefault", "clear", "popitem"):
        assert not has_attr(m, name)


def test_vars_errors_say_who_sets_variables() -> None:
    vars_map = get_attr(_view(vars={"x": 1}), "vars")
    with pytest.raises(ScriptRaise) as info:
        vars_map["x"] = 2
    assert VARS_HINT in str(info.value.value)
    with pytest.raises(ScriptRaise) as info:
        get_method(vars_map, "update")
    assert VARS_HINT in str(info.value.value)
    assert info.value.value.type.name == "AttributeError"


def test_error_map_and_aliases() -> None:
    msg = _view(error={"Code": "HTTP:NOT_FOUND", "Description": "gone"})
    err = get_attr(msg, "error")
    assert get_attr(msg, "isthrowing") is True
    assert err["Code"] == err["code"] == err.get("code") == "HTTP:NOT_FOUND"
    assert err["desc"] == err.get("desc") == "gone"
    assert list(err) == list(err.keys()) == ["Code", "Description"]
    assert str(BUILTINS["type"](err)) == "ReadOnlyMap"


def test_nested_messages_are_views() -> None:
    root = Message(payload={"k": 1}, id="root")
    msg = _view(vars={"rootMessage": root})
    nested = get_attr(msg, "vars")["rootMessage"]
    assert repr(nested) == "Message(id='root', seq_id='root')"
    assert get_attr(nested, "payload") == {"k": 1}


def test_steps_view_and_missing_ids() -> None:
    steps = make_steps_view({"fetch": Message(payload={"name": "n", "get": 9, "x": 1})})
    fetch = steps["fetch"]
    assert steps["fetch"] is fetch and steps_attr(steps, "fetch") is fetch
    with pytest.raises(KeyError) as info:
        steps["other"]
    assert str(info.value) == "'other'"
    payload = steps_attr(fetch, "payload")
    assert steps_attr(payload, "name") == "n"
    assert steps_attr(payload, "get") == 9            # the key wins inside steps paths
    assert get_attr(payload, "get")("x") == 1         # ordinary access: dict.get
    assert steps_attr({"a": 1}, "keys")().__class__ is type({}.keys())
    with pytest.raises(ScriptRaise, match="'dict' object has no attribute 'nope'"):
        steps_attr({"a": 1}, "nope")
    nested = steps_attr(ReadOnlyMap({"deep": 2}), "deep")
    assert nested == 2

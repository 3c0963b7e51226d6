"""Entity construction, identity, display and selectors (spec §8.1, §8.2)."""
from __future__ import annotations

import copy
import pickle

import pytest

from dataway.data import Entity, MultiMap
from dataway.data.mediatype import parse_media_type

from .support import E, raises


def test_direct_construction_points_to_the_factories() -> None:
    with raises("TypeError", "Entity.from_value.*Entity.from_bytes"):
        Entity(b"x", "text/plain")


def test_dw_object_protocol() -> None:
    assert Entity.dw_type_name == "Entity"
    assert Entity.dw_attrs == {"blob", "mime_type", "encoding", "get"}
    assert Entity.dw_class_attrs == {"from_value", "from_bytes"}
    e = E("application/json", b"{}")
    assert all(hasattr(e, name) for name in Entity.dw_attrs)


def test_from_value_requires_a_mime_type() -> None:
    with raises("TypeError", "missing required argument 'mime_type'"):
        Entity.from_value({"a": 1})
    with raises("TypeError", "missing required argument 'mime_type'"):
        Entity.from_value({"a": 1}, None)


@pytest.mark.parametrize("mime", ["image/png", "application/octet-stream", "text/html"])
def test_from_value_without_a_serialiser(mime: str) -> None:
    with raises("ValueError", f"^cannot build an Entity of type {mime} from a value; "
                              "use Entity.from_bytes$"):
        Entity.from_value(b"x", mime)


def test_from_bytes_defaults_and_inputs() -> None:
    e = Entity.from_bytes(b"\x00")
    assert (e.mime_type, e.encoding, e.blob) == ("application/octet-stream", "utf-8", b"\x00")
    assert Entity.from_bytes(bytearray(b"ab"), "x/y").blob == b"ab"
    assert Entity.from_bytes("é", "text/plain; charset=latin-1").blob == b"\xe9"
    with raises("TypeError"):
        Entity.from_bytes(1)
    with raises("ValueError", "invalid MIME type"):
        Entity.from_bytes(b"", "not a mime")
    assert Entity.from_bytes(b"", "  Application/JSON ; Charset=\"UTF-8\"  ").mime_type == \
        "Application/JSON ; Charset=\"UTF-8\""


def test_encoding_rules() -> None:
    assert Entity.from_bytes(b"", "text/plain; charset=gbk").encoding == "gbk"
    assert Entity.from_bytes(b"", "text/plain; charset=gbk", "utf-16").encoding == "utf-16"
    assert Entity.from_bytes(b"", "text/plain", "").encoding == "utf-8"
    with raises("LookupError", "^unknown encoding: x-nope$"):
        Entity.from_bytes(b"", "text/plain", "x-nope")
    with raises("LookupError", "not a text encoding"):
        Entity.from_bytes(b"", "text/plain", "base64")


def test_media_type_parsing() -> None:
    media = parse_media_type('Multipart/Form-Data; BOUNDARY="a \\"b"; x=1;')
    assert media.essence == "multipart/form-data"
    assert media.param("boundary") == 'a "b' and media.param("X") == "1"
    for bad in ["json", "a/b c", "a/b; k", "a/b; =v", "/b"]:
        with raises("ValueError"):
            parse_media_type(bad)


def test_equality_and_hash() -> None:
    a = Entity.from_bytes(b"{}", "application/json; charset=UTF-8", "utf8")
    b = Entity.from_bytes(b"{}", "APPLICATION/JSON;CHARSET=utf-8", "UTF-8")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Entity.from_bytes(b"{}", "application/json", "utf-8")  # parameters differ
    assert a != Entity.from_bytes(b"{ }", "application/json; charset=utf-8")
    assert E("text/plain", b"x") != E("text/plain", b"x").blob


def test_repr_str_and_bool() -> None:
    e = E("application/json", b'{"a":"\xc3\xa9"}')
    assert repr(e) == "Entity(mime_type='application/json', encoding='utf-8', size=10)"
    assert str(e) == '{"a":"é"}'
    assert str(E("text/csv", b"a\xff")) == "a\ufffd"
    png = E("image/png", b"\x89PNG")
    assert str(png) == repr(png)
    assert bool(E("image/png", b"")) is False and bool(png) is True


def test_meta_selectors() -> None:
    e = E("application/json", b"[1]")
    assert e["^blob"] == e["^raw"] == b"[1]"
    assert e["^mime_type"] == "application/json" and e["^encoding"] == "utf-8"
    with raises("KeyError"):
        e["^nope"]


def test_index_slice_len_iter_contains() -> None:
    e = E("application/json", b'[10, 20, 30, {"k": [1]}]')
    assert e[1] == 20 and e[-1] == {"k": [1]} and e[0:2] == [10, 20] and len(e) == 4
    assert list(e) == [10, 20, 30, {"k": [1]}] and 20 in e and 99 not in e
    d = E("application/json", b'{"a": 1, "b": 2}')
    assert list(d) == ["a", "b"] and "a" in d and len(d) == 2
    with raises("KeyError"):
        d["zz"]


def test_selector_results_are_private_copies() -> None:
    e = E("application/json", b'{"a": {"b": [1]}, "l": [[1]]}')
    e["a"]["b"].append(2)
    e["^value"]["l"].append(3)
    for item in e:
        pass
    e.get("l")[0].append(9)
    next(iter(E("application/json", b"[[1]]")))
    assert e["^value"] == {"a": {"b": [1]}, "l": [[1]]}
    x = E("application/xml", b"<r><a>1</a><a>2</a></r>")
    x["r"].add("a", "3")
    assert x["r"].getall("a") == ["1", "2"]


def test_get_rules() -> None:
    lst = E("application/json", b"[1, 2]")
    assert lst.get(1) == 2 and lst.get(-2) == 1 and lst.get(5, "d") == "d"
    with raises("TypeError"):
        lst.get("a")
    obj = E("application/json", b'{"a": null}')
    assert obj.get("a", 1) is None and obj.get("b") is None
    with raises("TypeError", "^Entity of type text/plain has no keys$"):
        E("text/plain", b"x").get("a")
    with raises("TypeError", "^Entity of type image/png has no keys$"):
        E("image/png", b"x").get("a")
    with raises("TypeError", "^Entity of type image/png has no keys$"):
        E("image/png", b"x")["a"]
    form = E("application/x-www-form-urlencoded", b"a=1&a=2")
    assert form.get("a") == "1" and form["*a"] == ["1", "2"]


def test_opaque_entities_parse_to_the_blob() -> None:
    e = E("application/octet-stream", b"\x01\x02")
    assert e["^value"] == b"\x01\x02" and e[0] == 1 and len(e) == 2


def test_parse_failure_is_not_cached_as_a_value() -> None:
    e = E("application/json", b"{")
    for _ in range(2):
        with raises("ValueError", "^cannot parse Entity as application/json: "):
            e["a"]


def test_multipart_keys_only_for_multipart() -> None:
    e = E("application/json", b'{"parts": 1, "boundary": 2}')
    assert (e["parts"], e["boundary"]) == (1, 2)


def test_copies_and_pickles_keep_the_value() -> None:
    e = E("application/json", b"[1]")
    assert copy.deepcopy(e) is e
    assert pickle.loads(pickle.dumps(e)) == e


def test_multimap_values_round_trip_through_json() -> None:
    e = Entity.from_value(MultiMap([("a", 1), ("b", 2), ("a", 3)]), "application/json")
    assert e.blob == b'{"a":[1,3],"b":2}'


def test_serialised_blobs_respect_value_size() -> None:
    from dataway.limits import Limits
    from dataway.runtime.context import Context, activate, deactivate

    previous = activate(Context(Limits(value_size=100)))
    try:
        assert len(Entity.from_value("x" * 100, "text/plain").blob) == 100
        with raises("LimitError") as caught:
            Entity.from_value(["x" * 100], "application/json")
        assert caught.limit == "value_size"
    finally:
        deactivate(previous)

"""Spec §18.2 Entity cases (DC15-DC30) and decisions X11, X12, X14, X16 at the Python level.

Each case builds the Entity the way the script would and applies the same selectors; the
expected values are those of the spec after the boundary step.
"""
from __future__ import annotations

import json
import math

from dataway.data import Entity, MultiMap
from dataway.data.boundary import normalise
from dataway.data.convert import convert

from .support import E

ARR = b'[{"a1":1},{"b1":1,"b2":2,"b3":3},{"c1":[1,2,3]}]'


def test_dc15_index_a_json_array() -> None:
    assert normalise(E("application/json", ARR)[1]) == {"b1": 1, "b2": 2, "b3": 3}


def test_dc16_meta_selectors() -> None:
    p = E("application/json", ARR)
    result = {"mimeType": p["^mime_type"], "encoding": p["^encoding"], "blob": p["^blob"],
              "value": p["^value"]}
    assert normalise(result) == {
        "mimeType": "application/json", "encoding": "utf-8", "blob": ARR,
        "value": [{"a1": 1}, {"b1": 1, "b2": 2, "b3": 3}, {"c1": [1, 2, 3]}]}


def test_dc17_key_selectors() -> None:
    p = E("application/json", b'{"a1":1,"b1":1,"b2":2,"b3":3,"c1":[1,2,3]}')
    assert {"a1": p["a1"], "b2": p["b2"], "c1": p["c1"]} == {"a1": 1, "b2": 2, "c1": [1, 2, 3]}


def test_dc18_json_build_and_select() -> None:
    payload = {"name": "zhangsan", "age": 10, "male": True, "brothers": ["lisi", "zhaowu"]}
    entity = Entity.from_value(payload, mime_type="application/json", encoding="utf-8")
    result = {"blob": entity["^blob"], "mimeType": entity["^mime_type"], "name": entity["name"],
              "brother": entity["brothers"][0], "male": entity["^value"]["age"],
              "other": entity.get("other", "other_default")}
    assert result == {
        "blob": b'{"name":"zhangsan","age":10,"male":true,"brothers":["lisi","zhaowu"]}',
        "mimeType": "application/json", "name": "zhangsan", "brother": "lisi", "male": 10,
        "other": "other_default"}


def test_dc19_json_round_trip_keeps_key_order() -> None:
    payload = E("application/json",
                b'{"name":"zhangsan","age":10,"male":true,"brothers":["lisi","zhaowu"]}')
    val = {
        "k0": payload["^blob"].decode(payload["^encoding"]),
        "k1": {"str": "str", "list": [123, "abc", 12.34], "dict": {"k1": "v1"}},
        "k2": math.sqrt(10),
        "k3": json.dumps({"a": 1, "b": [1, "d"]}),
        "k4": "2021-04-27 10:49:54",
        "k5": "hello" + "world",
        "k6": ["12", 3] + [[1, 2], 4.5],
        "k8": payload["^mime_type"],
    }
    val["k7"] = payload.get("gbk")
    val["k9"] = 1619491794.670995
    out = Entity.from_value(val, mime_type="application/json", encoding="utf-8")
    parsed = out["^value"]
    assert list(parsed) == ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k8", "k7", "k9"]
    assert parsed == {
        "k0": '{"name":"zhangsan","age":10,"male":true,"brothers":["lisi","zhaowu"]}',
        "k1": {"str": "str", "list": [123, "abc", 12.34], "dict": {"k1": "v1"}},
        "k2": 3.1622776601683795, "k3": '{"a": 1, "b": [1, "d"]}', "k4": "2021-04-27 10:49:54",
        "k5": "helloworld", "k6": ["12", 3, [1, 2], 4.5], "k8": "application/json", "k7": None,
        "k9": 1619491794.670995}
    assert out.encoding == "utf-8" and out.mime_type == "application/json"


def test_dc20_form_data() -> None:
    entity = Entity.from_value({"k1": 123, "k2": "helloworld", "k3": [2, "abc"]},
                               mime_type="application/x-www-form-urlencoded", encoding="utf-8")
    result = {"blob": entity["^blob"], "mimeType": entity["^mime_type"], "k1": entity["k1"],
              "k3": entity["^value"]["k3"], "k3multi_selector": entity["^value"]["*k3"],
              "k5": entity.get("k5", "default_value")}
    assert normalise(result) == {
        "blob": b"k1=123&k2=helloworld&k3=2&k3=abc",
        "mimeType": "application/x-www-form-urlencoded", "k1": "123", "k3": "2",
        "k3multi_selector": ["2", "abc"], "k5": "default_value"}
    assert type(normalise(result)["k3multi_selector"]) is list


def test_dc21_text_plain() -> None:
    entity = Entity.from_value("This is a text plain message", mime_type="text/plain",
                               encoding="utf-8")
    assert entity["^value"] == "This is a text plain message"


def _dc22_value() -> dict:
    return {"root": {"k1": "123", "k2": json.dumps("哈哈", ensure_ascii=False), "k3": 1 + 1,
                     "@id": "hello", "#text": "<a>dwad</a>", "k4": ["abc", "def", None]}}


def test_dc22_xml_build() -> None:
    entity = Entity.from_value(_dc22_value(), mime_type="application/xml")
    assert entity == E("application/xml", (
        '<?xml version="1.0" encoding="utf-8"?><root id="hello"><k1>123</k1><k2>"哈哈"</k2>'
        "<k3>2</k3><k4>abc</k4><k4>def</k4><k4></k4>&lt;a&gt;dwad&lt;/a&gt;</root>"
    ).encode("utf-8"))


def test_dc23_xml_selectors() -> None:
    entity = Entity.from_value(_dc22_value(), mime_type="application/xml")
    result = {"k1": entity["root"]["#text"] + entity["root"]["@id"],
              "k2": entity["root"]["k1"], "k3": entity["root"]["*k4"]["^value"],
              "k4": entity["root"]["k4"], "k5": entity["^mime_type"]}
    assert normalise(result) == {"k1": "<a>dwad</a>hello", "k2": "123",
                                 "k3": ["abc", "def", None], "k4": "abc",
                                 "k5": "application/xml"}


def test_dc24_csv() -> None:
    entity = Entity.from_value([{"k1": "abcd", "k2": 123.0, "k3": True},
                                {"k1": "defs", "k2": "dwdw,2e", "k3": 10}],
                               mime_type="application/csv")
    result = {"var1": entity["^blob"], "var2": entity["^mime_type"], "var3": entity["^encoding"],
              "var4": entity[0]["k2"] + entity[1]["k3"], "var5": entity[1]["k2"]}
    assert result == {"var1": b'k1,k2,k3\r\nabcd,123.0,True\r\ndefs,"dwdw,2e",10\r\n',
                      "var2": "application/csv", "var3": "utf-8", "var4": "123.010",
                      "var5": "dwdw,2e"}


def test_dc25_multipart_build() -> None:
    c = Entity.from_value({"k1": "123", "k2": json.dumps("哈哈", ensure_ascii=False), "k3": 2},
                          mime_type="application/json")
    out = Entity.from_value(
        [("a", ("test.json", '{"a": a}', "application/json", {"Test111": 1})),
         ("b", "333"),
         ("c", ("c.json", c, c["^mime_type"]))],
        mime_type="multipart/form-data; boundary=123333333")
    blob = (b'--123333333\r\n'
            b'Content-Disposition: form-data; name="a"; filename="test.json"\r\n'
            b'Content-Type: application/json\r\n'
            b'Test111: 1\r\n'
            b'\r\n'
            b'{"a": a}\r\n'
            b'--123333333\r\n'
            b'Content-Disposition: form-data; name="b"\r\n'
            b'\r\n'
            b'333\r\n'
            b'--123333333\r\n'
            b'Content-Disposition: form-data; name="c"; filename="c.json"\r\n'
            b'Content-Type: application/json\r\n'
            b'\r\n'
            + '{"k1":"123","k2":"\\"哈哈\\"","k3":2}\r\n'.encode("utf-8")
            + b'--123333333--\r\n')
    assert out.mime_type == "multipart/form-data; boundary=123333333"
    assert out.encoding == "utf-8"
    assert out.blob == blob


B = "ce560532019a77d83195f9e9873e16a1"
DC26_BLOB = (b'--B\r\nContent-Disposition: form-data; name="a"; filename="test"\r\n'
             b'Content-Type: application/json\r\ntest111: 1\r\n\r\n1233\r\n'
             b'--B\r\nContent-Disposition: form-data; name="b"\r\nContent-Type: text/plain\r\n'
             b'\r\n2333\r\n--B--\r\n').replace(b"B", B.encode())


def _dc26(blob: bytes) -> dict:
    payload = E(f"multipart/form-data; boundary={B}", blob)
    return normalise({
        "k1": type(payload).dw_type_name, "k2": payload["^mime_type"],
        "k3": payload["^encoding"], "k4": payload["^blob"], "k5": payload["boundary"],
        "k6": payload["parts"]["a"]["headers"]["Content-Disposition"]["name"] + "-"
        + payload["parts"][1]["headers"]["Content-Type"]})


def test_dc26_multipart_selectors() -> None:
    assert _dc26(DC26_BLOB) == {"k1": "Entity", "k2": f"multipart/form-data; boundary={B}",
                                "k3": "utf-8", "k4": DC26_BLOB, "k5": B, "k6": "a-text/plain"}


def test_dc26_bare_lf_gives_the_same_parts() -> None:
    lf = _dc26(DC26_BLOB.replace(b"\r\n", b"\n"))
    assert (lf["k5"], lf["k6"]) == (B, "a-text/plain")


def test_dc29_json_to_xml() -> None:
    payload = E("application/json",
                b'{"name":"zhangsan","age":12,"male":true,"brothers":["lisi","wangwu"]}')
    p = payload["^value"]
    out = Entity.from_value({"root": {"name": p["name"], "age": p["age"], "male": p["male"],
                                      "brothers": p["brothers"], "@id": "haha"}},
                            mime_type="application/xml")
    assert out.blob == (b'<?xml version="1.0" encoding="utf-8"?><root id="haha"><name>zhangsan'
                        b"</name><age>12</age><male>true</male><brothers>lisi</brothers>"
                        b"<brothers>wangwu</brothers></root>")


def test_dc30_from_bytes_str() -> None:
    assert Entity.from_bytes("test", mime_type="text/plain", encoding="utf-8") == \
        E("text/plain", b"test")


def test_x11_set_to_declared_list() -> None:
    result = normalise(convert({2, 1}, "list"))
    assert sorted(result) == [1, 2] and type(result) is list


def test_x12_entity_to_declared_dict() -> None:
    assert normalise(convert(E("application/json", b'{"a":1}'), "dict")) == {"a": 1}


def test_x14_unencodable_characters_are_escaped() -> None:
    entity = Entity.from_value({"a": "é"}, "application/json", encoding="ascii")
    assert entity["^blob"] == b'{"a":"\\u00e9"}'


def test_x16_star_selector_on_multimap() -> None:
    selected = MultiMap([("a", "1"), ("a", "2")])["*a"]
    assert selected == ["1", "2"] and isinstance(selected, list)
    assert type(normalise(selected)) is list

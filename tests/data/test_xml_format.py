"""XML writing and safe parsing (spec §8.7)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataway.data import Entity, MultiMap
from dataway.data.formats.xml import dumps, parse
from dataway.limits import Limits

from .support import E, raises

HEAD = '<?xml version="1.0" encoding="utf-8"?>'


def xml(value: object, encoding: str = "utf-8") -> str:
    return dumps(value, encoding)


def test_scalars_and_empty_elements() -> None:
    value = {"r": {"s": "x", "b": False, "i": 3, "f": 1.5, "d": Decimal("2.0"),
                   "t": dt.date(2024, 5, 1), "n": None, "e": ""}}
    assert xml(value) == (HEAD + "<r><s>x</s><b>false</b><i>3</i><f>1.5</f><d>2.0</d>"
                          "<t>2024-05-01</t><n></n><e></e></r>")


def test_attributes_text_after_children_and_none_attribute_omitted() -> None:
    value = MultiMap([("r", {"#text": "tail", "@a": 1, "c": "x", "@skip": None, "@b": True})])
    assert xml(value) == HEAD + '<r a="1" b="true"><c>x</c>tail</r>'


def test_escaping_in_text_and_attributes() -> None:
    value = {"r": {"@a": 'x"<&>\t\n\r', "#text": "<&>\"'"}}
    assert xml(value) == HEAD + '<r a="x&quot;&lt;&amp;&gt;&#9;&#10;&#13;">&lt;&amp;&gt;"\'</r>'


def test_unencodable_characters_become_character_references() -> None:
    entity = Entity.from_value({"r": "é€"}, "application/xml", "latin-1")
    assert entity.blob == b'<?xml version="1.0" encoding="latin-1"?><r>\xe9&#8364;</r>'
    assert entity["r"] == "é€"


@pytest.mark.parametrize("value, kind, match", [
    ({"a b": 1}, "ValueError", "invalid XML element name 'a b'"),
    ({"r": {"@1x": 1}}, "ValueError", "invalid XML attribute name '1x'"),
    ({"r": "\x00"}, "ValueError", "not allowed in XML"),
    ({"r": b"x"}, "TypeError", "bytes"),
    ({"r": {"c": [[1]]}}, "TypeError", "nested lists"),
    ({"a": 1, "b": 2}, "ValueError", "exactly one root key"),
    ([1], "TypeError", "dict or MultiMap"),
])
def test_invalid_inputs(value: object, kind: str, match: str) -> None:
    with raises(kind, match):
        Entity.from_value(value, "application/xml")


def test_prefixed_names_are_allowed() -> None:
    assert xml({"soap:Envelope": {"@xmlns:soap": "urn:x", "soap:Body": ""}}) == (
        HEAD + '<soap:Envelope xmlns:soap="urn:x"><soap:Body></soap:Body></soap:Envelope>')


def test_node_shapes() -> None:
    doc = (b'<?xml version="1.0"?><r xmlns:p="urn:p" id="1"> <a>  x  </a><a/><p:b p:k="v">'
           b"t<![CDATA[<c>]]><!-- gone --><?pi x?></p:b> tail </r>")
    parsed = parse(doc, "utf-8")
    assert parsed == {"r": MultiMap([
        ("@xmlns:p", "urn:p"), ("@id", "1"), ("a", "  x  "), ("a", None),
        ("p:b", MultiMap([("@p:k", "v"), ("#text", "t<c>")])), ("#text", "tail")])}


def test_entities_and_character_references_expand() -> None:
    assert parse(b"<r>&lt;&amp;&#65;&#x42;&quot;&apos;&gt;</r>", "utf-8") == {"r": "<&AB\"'>"}


def test_document_encoding_declaration_is_overridden_by_entity_encoding() -> None:
    blob = '<?xml version="1.0" encoding="utf-8"?><r>é</r>'.encode("latin-1")
    assert Entity.from_bytes(blob, "text/xml", "latin-1")["r"] == "é"


@settings(max_examples=150)
@given(st.dictionaries(st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
                       st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                               min_size=1).filter(lambda s: s.strip(" \t\r\n") == s),
                       min_size=1, max_size=5))
def test_round_trip_of_flat_records(record: dict) -> None:
    entity = Entity.from_value({"root": record}, "application/xml")
    assert entity["root"].to_dict() == record


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"""
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<r>&x;</r>")
EXTERNAL_DTD = b'<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://example.invalid/x.dtd"><r/>'
QUADRATIC = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"x" * 10000 + b'">]><r>'
             + b"&a;" * 1000 + b"</r>")
PARAMETER = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "http://x.invalid/p">'
             b"%p;]><r/>")


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD, QUADRATIC, PARAMETER,
                                 b"<!DOCTYPE r><r/>"])
def test_doctypes_are_refused_before_anything_is_expanded(doc: bytes) -> None:
    with raises("ValueError", "^cannot parse Entity as application/xml: DTD is not allowed$"):
        E("application/xml", doc)["^value"]


def test_undefined_entities_are_errors() -> None:
    with raises("ValueError", "undefined entity: line 1, column 4"):
        E("application/xml", b"<r>&x;</r>")["r"]


@pytest.mark.parametrize("doc, where", [(b"<r><a></r>", "line 1, column 9"),
                                        (b"<r>\n<a>", "line 2, column 4"),
                                        (b"", "line 1, column 1"),
                                        (b"<r/><s/>", "line 1, column 5")])
def test_malformed_documents_name_the_position(doc: bytes, where: str) -> None:
    with raises("ValueError", f"^cannot parse Entity as text/xml: .*{where}"):
        E("text/xml", doc)["^value"]


def test_depth_is_limited() -> None:
    doc = b"<a>" * 1001 + b"</a>" * 1001
    with raises("LimitError") as caught:
        E("application/xml", doc)["^value"]
    assert caught.limit == "value_depth"
    assert parse(b"<a>" * 900 + b"</a>" * 900, "utf-8", Limits()) is not None
    deep: dict = {}
    node = deep
    for _ in range(1100):
        node["a"] = {}
        node = node["a"]
    with raises("LimitError"):
        Entity.from_value({"r": deep}, "application/xml")


def test_structured_suffix_uses_xml() -> None:
    assert E("application/atom+xml", b"<feed><id>1</id></feed>")["feed"]["id"] == "1"

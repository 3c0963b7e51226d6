"""CSV (spec §8.8), form-urlencoded (§8.5) and text (§8.6) bodies."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataway.data import Entity, MultiMap

from .support import E, raises

cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


# -- CSV ---------------------------------------------------------------------------------------

def test_csv_cells_and_quoting() -> None:
    rows = [["a", None, 1, 1.5, True, Decimal("2.0"), dt.datetime(2024, 5, 1, 8, 0), 'q"x',
             "l\nm", ""]]
    blob = Entity.from_value(rows, "text/csv").blob
    assert blob == b'a,,1,1.5,True,2.0,2024-05-01 08:00:00,"q""x","l\nm",\r\n'


def test_csv_empty_list_gives_empty_blob() -> None:
    assert Entity.from_value([], "text/csv").blob == b""


def test_csv_dict_rows_must_share_the_header_keys() -> None:
    ok = Entity.from_value([{"a": 1, "b": 2}, {"b": 3, "a": 4}], "text/csv")
    assert ok.blob == b"a,b\r\n1,2\r\n4,3\r\n"
    with raises("ValueError", "^row 2 keys differ from the header$"):
        Entity.from_value([{"a": 1}, {"b": 2}], "text/csv")


@pytest.mark.parametrize("value", [[[{"x": 1}]], [[[1]]], "abc", [1, 2]])
def test_csv_rejects_containers_and_bad_shapes(value: object) -> None:
    with raises("TypeError"):
        Entity.from_value(value, "text/csv")


def test_csv_parse_rules() -> None:
    blob = b'h1,h2,h3\r\n1,"x,y"\r\n\r\n"a""b",c,d\n'
    assert E("text/csv", blob)["^value"] == [{"h1": "1", "h2": "x,y", "h3": ""},
                                             {"h1": 'a"b', "h2": "c", "h3": "d"}]


def test_csv_parse_errors() -> None:
    with raises("ValueError", "^cannot parse Entity as text/csv: duplicate column 'a'"):
        E("text/csv", b"a,a\r\n")["^value"]
    with raises("ValueError", "record 3 .*has 3 fields"):
        E("application/csv", b"a,b\r\n1,2\r\n1,2,3\r\n")["^value"]
    with raises("ValueError", "line"):
        E("text/csv", b'a\r\n"x"y\r\n')["^value"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=4,
                unique=True).flatmap(
    lambda header: st.lists(st.fixed_dictionaries({h: cells for h in header}), max_size=5)))
def test_csv_round_trip_of_string_tables(table: list) -> None:
    entity = Entity.from_value(table, "text/csv")
    if table:
        assert entity["^value"] == table
        reference = io.StringIO(newline="")
        writer = csv.DictWriter(reference, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
        assert entity.blob == reference.getvalue().encode()


# -- form-urlencoded ---------------------------------------------------------------------------

FORM = "application/x-www-form-urlencoded"


def test_form_value_rules() -> None:
    value = [("s", "a b&c=d/é"), ("t", True), ("n", None), ("i", 3), ("f", 1.5),
             ("d", dt.date(2024, 5, 1)), ("b", b"\x00\xff")]
    assert Entity.from_value(value, FORM).blob == (
        b"s=a+b%26c%3Dd%2F%C3%A9&t=true&n=&i=3&f=1.5&d=2024-05-01&b=%00%FF")


def test_form_inputs() -> None:
    assert Entity.from_value({"a": ("1", "2"), "b": "3"}, FORM).blob == b"a=1&a=2&b=3"
    assert Entity.from_value(MultiMap([("a", "1"), ("b", "2"), ("a", "3")]), FORM).blob == \
        b"a=1&b=2&a=3"
    assert Entity.from_value({}, FORM).blob == b""
    assert Entity.from_value({"k": "é"}, FORM, "latin-1").blob == b"k=%E9"
    with raises("TypeError"):
        Entity.from_value({1: "a"}, FORM)
    with raises("TypeError"):
        Entity.from_value({"a": {"b": 1}}, FORM)
    with raises("TypeError"):
        Entity.from_value("a=b", FORM)


def test_form_parse_rules() -> None:
    value = E(FORM, b"a=1&&b&c=x+y%20z&a=%C3%A9&=v")["^value"]
    assert value == MultiMap([("a", "1"), ("b", ""), ("c", "x y z"), ("a", "é"), ("", "v")])
    with raises("ValueError", "^cannot parse Entity as application/x-www-form-urlencoded: "):
        E(FORM, b"a=%FF")["^value"]


@settings(max_examples=200)
@given(st.lists(st.tuples(cells, cells), max_size=6))
def test_form_round_trip(pairs: list) -> None:
    entity = Entity.from_value(pairs, FORM)
    assert entity["^value"] == MultiMap(pairs)
    expected = [(k, v) for k, v in parse_qsl(entity.blob.decode(), keep_blank_values=True)]
    assert [list(p) for p in entity["^value"].items()] == [list(p) for p in expected]


# -- text --------------------------------------------------------------------------------------

def test_text_plain() -> None:
    assert Entity.from_value("héllo", "text/plain", "utf-16").blob == "héllo".encode("utf-16")
    assert Entity.from_value(b"\xff", "text/plain").blob == b"\xff"
    with raises("TypeError", "^text/plain needs str or bytes, got int; use str\\(\\)$"):
        Entity.from_value(1, "text/plain")
    assert E("text/plain", b"\xef\xbb\xbfhi")["^value"] == "hi"
    assert E("text/html", b"<p>")["^value"] == "<p>"
    with raises("ValueError", "^cannot parse Entity as text/plain: invalid utf-8 data at byte 1"):
        E("text/plain", b"a\xff")["^value"]


def test_text_indexing_behaves_like_str() -> None:
    entity = E("text/plain", b"abc")
    assert entity[1] == "b" and entity[0:2] == "ab" and len(entity) == 3 and "bc" in entity
    with raises("TypeError", "string indices must be integers"):
        entity["a"]

"""YAML reading: positions for every node, tags, timestamps kept as text, duplicate keys."""
from __future__ import annotations

import datetime as dt
import decimal

from hypothesis import given, settings, strategies as st

from dataway.engine.yamlsrc import Secret, read_yaml


def test_positions_are_one_based_for_values_and_keys() -> None:
    doc = read_yaml("a:\n  b: [1, 2]\n", "f.yaml")
    assert doc.value == {"a": {"b": [1, 2]}}
    assert doc.positions[("a", "b", 1)] == (2, 10)
    assert doc.key_positions[("a", "b")] == (2, 3)


def test_timestamps_stay_strings_and_tags_build_core_values() -> None:
    doc = read_yaml("t: 2024-05-01\nb: !bytes hé\nx: !base64 aGk=\nd: !decimal 1.10\n"
                    "dt: !datetime 2024-05-01T08:00:00Z\nday: !date 2024-05-01\n"
                    "s: !secret TOKEN\n", "f.yaml")
    assert not doc.problems
    v = doc.value
    assert v["t"] == "2024-05-01"
    assert v["b"] == "hé".encode() and v["x"] == b"hi"
    assert v["d"] == decimal.Decimal("1.10") and str(v["d"]) == "1.10"
    assert v["dt"] == dt.datetime(2024, 5, 1, 8, tzinfo=dt.timezone.utc)
    assert v["day"] == dt.date(2024, 5, 1)
    assert v["s"] == Secret("TOKEN") and repr(v["s"]) == "***"


def test_problems_are_collected_not_raised() -> None:
    doc = read_yaml("a: 1\na: 2\nb: !nope x\nc: !base64 '***'\n", "f.yaml")
    messages = [(p.line, p.column, p.message.split(";")[0]) for p in doc.problems]
    assert messages[0] == (2, 1, "duplicate key 'a'")
    assert messages[1] == (3, 4, "unknown tag !nope")
    assert messages[2][:2] == (4, 4)


def test_syntax_error_has_a_position() -> None:
    doc = read_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert doc.value is None
    assert len(doc.problems) == 1 and doc.problems[0].message.startswith("invalid YAML")
    assert doc.problems[0].line >= 2


def test_block_scalar_origin_maps_script_lines() -> None:
    doc = read_yaml("code: |\n    def dw_process(msg):\n        return 1\n", "f.yaml")
    assert doc.blocks[("code",)] == (2, 4)


@settings(deadline=None)  # a loaded shared machine is no reason to fail
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3),
                    max_leaves=10))
def test_json_values_round_trip(value: object) -> None:
    """Any JSON document is valid YAML and reads back unchanged (no implicit conversion)."""
    import json

    doc = read_yaml(json.dumps({"v": value}), "f.json")
    assert not doc.problems
    assert doc.value == {"v": value}

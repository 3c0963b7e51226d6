"""Completion on finished and unfinished scripts, in every mode."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataway
from dataway.data import Entity, MultiMap
from dataway.runtime.policy import has_attr
from dataway.tooling.completion import CompletionItem, complete

PAYLOAD = {"name": "Ann", "n": 5, "items": [{"sku": "A1", "qty": 2}], "naïve": True}


def at_end(source: str, **kw: Any) -> list[CompletionItem]:
    lines = source.split("\n")
    return complete(source, len(lines), len(lines[-1]), **kw)


def labels(items: list[CompletionItem]) -> list[str]:
    return [i.label for i in items]


def test_message_fields_after_the_process_parameter() -> None:
    items = at_end("def dw_process(m):\n    return m.")
    assert {"payload", "vars", "attrs", "error", "id", "seq_id", "isthrowing"} <= set(labels(items))
    payload = next(i for i in items if i.label == "payload")
    assert payload.kind == "field" and payload.doc


def test_msg_is_not_a_global_in_code_mode() -> None:
    assert "msg" not in labels(at_end("x = ms"))
    assert "msg" in labels(at_end("ms", mode="expression"))


def test_prefix_filters_and_replaces_the_partial_word() -> None:
    items = at_end("def dw_process(msg):\n    return msg.pa")
    assert labels(items) == ["payload"]
    assert (items[0].start, items[0].end) == (15, 17)


def test_payload_keys_inside_a_subscript_string() -> None:
    src = "def dw_process(msg):\n    return msg.payload['"
    items = at_end(src, payload=PAYLOAD)
    assert set(labels(items)) == set(PAYLOAD)
    assert all(i.kind == "key" and i.start == i.end == len(src.split("\n")[-1]) for i in items)
    assert labels(at_end(src + "na", payload=PAYLOAD)) == ["name", "naïve"]


def test_nested_sample_keys_follow_literal_subscripts() -> None:
    src = "msg.payload['items'][0]['"
    assert labels(at_end(src, mode="expression", payload=PAYLOAD)) == ["qty", "sku"]
    # A dynamic subscript has no sample: no keys, no error.
    assert at_end("msg.payload[k]['", mode="expression", payload=PAYLOAD) == []


def test_keys_after_a_dot_become_subscripts_replacing_the_dot() -> None:
    src = "msg.payload."
    items = at_end(src, mode="expression", payload=PAYLOAD)
    key = next(i for i in items if i.label == "name")
    assert key.insert_text == "['name']" and key.start == len(src) - 1
    assert "get" in labels(items)  # dict methods too
    edited = src[:key.start] + key.insert_text
    result = dataway.compile(edited, mode="expression").evaluate(dataway.Message(PAYLOAD))
    assert result.value == "Ann"


def test_quote_in_a_key_is_escaped_in_the_insert_text() -> None:
    items = at_end("msg.payload['", mode="expression", payload={"it's": 1})
    assert items[0].insert_text == "it\\'s"


def test_vars_and_attrs_samples() -> None:
    assert labels(at_end("msg.vars['", mode="expression", vars={"region": "eu"})) == ["region"]
    assert labels(at_end("msg.attributes['", mode="expression",
                         attrs={"method": "GET"})) == ["method"]


def test_error_keys() -> None:
    assert labels(at_end("msg.error['", mode="expression")) == ["Code", "Description"]
    items = at_end("msg.error.", mode="expression")
    assert {"get", "keys", "['Code']"} <= {i.insert_text for i in items}


def test_a_payload_that_is_the_string_msg_is_just_a_string() -> None:
    assert "upper" in labels(at_end("msg.payload.", mode="expression", payload="msg"))
    assert "payload" not in labels(at_end("msg.payload.", mode="expression", payload="msg"))


def test_entity_selectors() -> None:
    src = "def dw_process(msg):\n    e = Entity.from_bytes(b'x')\n    return e['^"
    assert labels(at_end(src)) == ["^blob", "^encoding", "^mime_type", "^raw", "^value"]


def test_entity_sample_offers_selectors_and_parsed_keys() -> None:
    entity = Entity.from_value({"a": 1}, "application/json")
    got = labels(at_end("msg.payload['", mode="expression", payload=entity))
    assert "^blob" in got and "a" in got


def test_module_members_and_nested_modules() -> None:
    assert labels(at_end("json.")) == ["dumps", "JSONDecodeError", "loads"] or \
        set(labels(at_end("json."))) == {"dumps", "loads", "JSONDecodeError"}
    assert "quote_plus" in labels(at_end("urllib.parse.q"))
    assert labels(at_end("Crypto.Cipher.AES.ne")) == ["new"]


def test_import_statements() -> None:
    assert labels(at_end("import urllib.p")) == ["urllib.parse"]
    assert labels(at_end("from datetime import time, ti")) == ["time", "timedelta", "timezone"]
    assert "dumps" in labels(at_end("from json import "))


def test_methods_of_inferred_types() -> None:
    src = "def dw_process(msg):\n    s = 'abc'\n    n = len(s)\n    d = s.split(',')\n"
    assert "upper" in labels(at_end(src + "    s."))
    assert "bit_length" in labels(at_end(src + "    n."))
    assert "append" in labels(at_end(src + "    d."))
    assert "startswith" in labels(at_end(src + "    s.upper().st"))
    assert "hexdigest" in labels(at_end("h = hashlib.sha256(b'x')\nh."))
    assert "fromisoformat" in labels(at_end("datetime.datetime.fr"))
    assert "isoformat" in labels(at_end("from datetime import datetime\nd = datetime.now()\nd."))


def test_type_objects_offer_class_members_and_unbound_methods() -> None:
    got = labels(at_end("str."))
    assert "maketrans" in got and "upper" in got
    assert labels(at_end("Entity.fr")) == ["from_bytes", "from_value"]


@pytest.mark.parametrize("source, value", [
    ("'x'.", "x"), ("b'x'.", b"x"), ("(1).", 1), ("[1].", [1]), ("{}.", {}),
    ("datetime.timedelta(1).", __import__("datetime").timedelta(1)),
    ("decimal.Decimal('1.5').", __import__("decimal").Decimal("1.5")),
    ("MultiMap().", MultiMap()),
])
def test_offered_members_exist_at_run_time(source: str, value: Any) -> None:
    """Differential check against the attribute policy: every member offered for a value is
    one scripts can read."""
    items = at_end(source)
    assert items
    for item in items:
        assert has_attr(value, item.label), item.label


def test_names_in_scope() -> None:
    src = "def helper(abc, abd):\n    total = abc\n    return ab"
    got = labels(at_end(src))
    assert got[:2] == ["abc", "abd"] and "abs" in got
    # Parameters of one function are not visible in another.
    assert "abc" not in labels(at_end(src + "\n\ndef other():\n    return ab"))
    # Module names are visible inside functions, wherever they are bound.
    src = "def f():\n    return li\nlimit = 3"
    assert "limit" in labels(complete(src, 2, len("    return li")))


def test_names_on_a_fresh_indented_line_inside_a_function() -> None:
    src = "def dw_process(msg):\n    count = 1\n    \n"
    items = complete(src, 3, 4)
    assert {"msg", "count", "print"} <= set(labels(items))
    assert "return" in labels(items)


def test_keywords_follow_the_mode() -> None:
    assert "return" in labels(at_end("ret"))
    assert "class" not in labels(at_end("cla"))
    assert labels(at_end("lam", mode="expression")) == ["lambda"]
    assert "return" not in labels(at_end("ret", mode="expression"))


def test_nothing_in_comments_plain_strings_or_numbers() -> None:
    assert at_end("x = 1  # msg.") == []
    assert at_end("x = 'msg.") == []
    assert at_end("x = 1.") == [] or all(i.label != "upper" for i in at_end("x = 1."))


def test_text_mode_completes_only_inside_interpolations() -> None:
    assert at_end("Hello msg.", mode="text") == []
    items = at_end("Hello ${msg.pay", mode="text")
    assert labels(items) == ["payload"] and items[0].start == len("Hello ${msg.")
    assert labels(at_end("${msg.payload['n", mode="text", payload=PAYLOAD)) == ["n", "name",
                                                                                 "naïve"]
    assert at_end("${x} done msg.", mode="text") == []
    assert at_end("$${msg.", mode="text") == []  # an escape, not an interpolation
    assert labels(at_end("${ {'a': 1}['a'] } ${msg.att", mode="text")) == ["attr", "attributes",
                                                                           "attrs"]
    assert labels(at_end("${'}' + msg.pay", mode="text")) == ["payload"]


def test_cursor_in_the_middle_of_a_line() -> None:
    src = "def dw_process(msg):\n    return msg.pay + 1"
    items = complete(src, 2, len("    return msg.pay"))
    assert labels(items) == ["payload"]


def test_broken_source_elsewhere_does_not_matter() -> None:
    src = "def dw_process(msg):\n    x = (1,\n    y = 'abc'\n    y.up"
    assert at_end(src) == [] or "upper" in labels(at_end(src))
    src = "def dw_process(msg):\n    return msg.\n\ndef broken(:\n"
    assert "payload" in labels(complete(src, 2, len("    return msg.")))


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.([{'\"}])#:=$ \n\t\\x1_")), max_size=40),
       st.sampled_from(["code", "expression", "text"]))
def test_never_raises_on_arbitrary_text(source: str, mode: str) -> None:
    lines = source.split("\n")
    for line in range(1, len(lines) + 1):
        items = complete(source, line, len(lines[line - 1]), mode=mode, payload=PAYLOAD)
        for item in items:
            assert 0 <= item.start <= item.end

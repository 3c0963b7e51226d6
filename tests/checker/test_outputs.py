"""DW409: unknown declared type, or literal text that can never convert to it (spec §2.5)."""
from __future__ import annotations

import pytest

from dataway.checker import check_tree
from dataway.checker.outputs import text_converts
from dataway.syntax import ast as A
from tests.checker.helpers import at, check, one, template


def test_unknown_declared_type():
    d = one(check("1", "expression", output_type="integer"), "DW409")
    assert d.message.startswith("unknown declared type 'integer'; expected one of any, string")
    assert d.error_type == "ValueError" and at(d) == (1, 1, 1, 1)


@pytest.mark.parametrize("output_type", ["any", "string", "int", "float", "bool", "decimal",
                                         "bytes", "list", "dict", "datetime", "date", "time"])
def test_known_declared_types(output_type):
    assert check("msg.payload", "expression", output_type=output_type) == []


@pytest.mark.parametrize("text, output_type", [
    ("abc", "int"), ("12.5", "int"), ("x", "float"), ("maybe", "bool"), ("1,5", "decimal"),
    ("{}", "list"), ("[1]", "dict"), ("not json", "list"), ("2024-13-01", "date"),
    ("yesterday", "datetime"), ("25:00", "time"), ("", "int"),
])
def test_literal_text_that_cannot_convert(text, output_type):
    d = one(check_tree(template(text), "text", text, output_type=output_type), "DW409")
    assert d.message == f"cannot convert {text!r} to {output_type}"


@pytest.mark.parametrize("text, output_type", [
    ("access-token", "string"), (" 1_000 ", "int"), ("1e3", "float"), ("Yes", "bool"),
    ("0", "bool"), ("12.50", "decimal"), ('[1, "a"]', "list"), ('{"a": 1}', "dict"),
    ("2024-05-01T08:00:00Z", "datetime"), ("2024-05-01 08:00", "datetime"),
    ("2024-05-01", "datetime"), ("2024-05-01T08:00:00.123456789+08:00", "datetime"),
    ("2024-05-01", "date"), ("08:30:00Z", "time"), ("08:30", "time"), ("anything", "bytes"),
])
def test_literal_text_that_converts(text, output_type):
    assert text_converts(text, output_type)
    assert check_tree(template(text), "text", text, output_type=output_type) == []


def test_templates_with_interpolations_are_not_judged():
    expr = A.Name(id="msg", line=1, column=3, end_line=1, end_column=6)
    assert check_tree(template("x", expr), "text", "x${msg}", output_type="int") == []

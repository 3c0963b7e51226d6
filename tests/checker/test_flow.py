"""DW202: a local name that may be read before it is assigned (flow-sensitive, warning)."""
from __future__ import annotations

import pytest

from tests.checker.helpers import at, check, check_body, codes, one, only


def test_read_before_any_assignment():
    d = one(check_body("print(total)\ntotal = 1\nreturn total"), "DW202")
    assert d.message == "local variable 'total' may be used before assignment"
    assert at(d) == (2, 11, 2, 16) and d.severity == "warning"
    assert d.error_type == "NameError"


@pytest.mark.parametrize("text", [
    "if msg.payload:\n    y = 1\nreturn y",
    "for x in msg.payload:\n    y = x\nreturn y",
    "while msg.payload:\n    y = 1\nreturn y",
    "try:\n    y = int(msg.payload)\nexcept ValueError:\n    pass\nreturn y",
    "y = 1\ndel y\nreturn y",
    "for x in msg.payload:\n    pass\nreturn x",
    "y += 1\nreturn y",
    "try:\n    pass\nexcept ValueError as e:\n    pass\nreturn e",
])
def test_maybe_unassigned(text):
    found = only(check_body(text), "DW202")
    assert len(found) == 1 and found[0].message.endswith("may be used before assignment")


@pytest.mark.parametrize("text", [
    "if msg.payload:\n    y = 1\nelse:\n    y = 2\nreturn y",
    "if msg.payload:\n    y = 1\nelse:\n    return 0\nreturn y",
    "while True:\n    y = 1\n    break\nreturn y",
    "for x in msg.payload:\n    y = x\n    break\nelse:\n    y = None\nreturn y",
    "try:\n    y = int(msg.payload)\nexcept ValueError:\n    y = 0\nreturn y",
    "try:\n    y = int(msg.payload)\nexcept ValueError:\n    raise\nreturn y",
    "try:\n    pass\nfinally:\n    y = 1\nreturn y",
    "try:\n    y = 1\nexcept ValueError:\n    return 0\nelse:\n    z = y\nreturn z",
    "import json as y\nreturn y",
    "def y():\n    return z\nz = 1\nreturn y()",
    "f = lambda: later\nlater = 1\nreturn f()",
    "return [y for y in msg.payload]",
])
def test_definitely_assigned(text):
    assert "DW202" not in codes(check_body(text))


def test_reported_once_per_name():
    diags = check_body("print(y)\nprint(y)\ny = 1\nreturn y")
    assert len(only(diags, "DW202")) == 1


def test_module_level_reads_and_builtins():
    diags = check("x = y\ny = 1\nprint(len)\nlen = 2\n"
                  "def dw_process(msg):\n    return x, y\n")
    d = one(diags, "DW202")
    assert d.message == "name 'y' may be used before assignment" and d.line == 1


def test_module_level_names_set_by_functions_are_not_tracked():
    diags = check("def init():\n    global cfg\n    cfg = 1\ninit()\nprint(cfg)\n"
                  "def dw_process(msg):\n    return cfg\n")
    assert "DW202" not in codes(diags)


def test_no_flow_warning_in_expression_mode():
    assert check("[x for x in msg.payload]", "expression") == []

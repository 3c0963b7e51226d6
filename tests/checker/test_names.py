"""Name lints: DW201, DW203-DW205, DW207, DW208, DW504 (spec §2.4, §7, §11, §16)."""
from __future__ import annotations

import pytest

from dataway.syntax import ast as A
from dataway.checker import check_tree
from tests.checker.helpers import at, check, check_body, codes, one, only, template


def test_dw201_with_suggestion():
    d = one(check_body("payload = msg.payload\nreturn paylod"), "DW201")
    assert d.message == "name 'paylod' is not defined"
    assert d.suggestion == "did you mean 'payload'?"
    assert at(d) == (3, 12, 3, 18) and d.error_type == "NameError"


def test_dw201_suggests_builtins_and_modules():
    assert only(check("lenn(jsom)", "expression"), "DW201")[0].suggestion == "did you mean 'len'?"
    diags = only(check("jsom.dumps(1)", "expression"), "DW201")
    assert diags[0].suggestion == "did you mean 'json'?"


def test_dw201_no_suggestion_when_nothing_is_close():
    assert one(check("qqqqqqqq", "expression"), "DW201").suggestion is None


def test_msg_is_global_in_expression_and_text_mode_only():
    assert check("msg.payload", "expression") == []
    tree = template("x", A.Name(id="msg", line=1, column=4, end_line=1, end_column=7))
    assert check_tree(tree, "text", "x${msg}") == []
    diags = check("def helper():\n    return msg.payload\ndef dw_process(msg):\n"
                  "    return helper()\n")
    d = one(diags, "DW201")
    assert d.message == "name 'msg' is not defined" and d.line == 2
    assert "parameter of dw_process" in d.suggestion


def test_predefined_names_are_defined_everywhere():
    src = ("(steps, Entity, MultiMap, FormDataParts, json, math, urllib, Crypto, datetime, "
           "ValueError, KeyError, len, sorted, isinstance, None, True)")
    assert check(src, "expression") == []


def test_scoping_follows_cpython():
    diags = check("""
def outer():
    a = 1
    def inner():
        return a + b
    b = 2
    return inner
def dw_process(msg):
    total = [x for x in msg.payload]
    return outer(), total, later
later = 3
""")
    assert "DW201" not in codes(diags)
    diags = check("def dw_process(msg):\n    [y for y in msg]\n    return y\n")
    assert one(diags, "DW201").message == "name 'y' is not defined"


def test_names_declared_global_in_a_function_are_globals():
    diags = check("def init():\n    global cache\n    cache = {}\n"
                  "def dw_process(msg):\n    init()\n    return cache\n")
    assert "DW201" not in codes(diags)


@pytest.mark.parametrize("name", ["eval", "open", "exec", "compile", "input", "globals",
                                  "locals", "vars", "dir", "setattr", "delattr", "super",
                                  "object", "memoryview", "id", "breakpoint", "exit", "quit",
                                  "help", "complex", "issubclass", "classmethod",
                                  "staticmethod", "property", "OSError", "BaseException"])
def test_dw504_unavailable_builtins(name):
    d = one(check(f"{name}", "expression"), "DW504")
    assert d.message == f"name '{name}' is not available in Dataway"
    assert d.error_type == "NameError"


def test_dw504_not_reported_when_the_script_binds_the_name():
    assert "DW504" not in codes(check_body("id = msg.id\nreturn id"))


def test_dw203_unused_local():
    diags = check_body("x = 1\n_y = 2\na, b = 1, 2\nfor i in msg:\n    pass\nreturn 0")
    d = one(diags, "DW203")
    assert d.message == "local variable 'x' is assigned to but never used"
    assert at(d) == (2, 5, 2, 6) and d.severity == "warning"


def test_dw203_not_for_parameters_globals_or_captured_names():
    diags = check("count = 0\ndef dw_process(msg, ):\n    global count\n    count = 1\n"
                  "    seen = 1\n    f = lambda: seen\n    return f\n"
                  "def unused_param(a):\n    return 1\n")
    assert "DW203" not in codes(diags)


def test_dw203_except_name():
    diags = check_body("try:\n    pass\nexcept ValueError as e:\n    pass\nreturn 1")
    assert one(diags, "DW203").message == "local variable 'e' is assigned to but never used"


def test_dw204_unused_import():
    diags = check("import json\nimport urllib.parse\nfrom datetime import timedelta as td\n"
                  "import math\ndef dw_process(msg):\n    import base64\n    return math.pi\n")
    assert [d.message for d in only(diags, "DW204")] == [
        "'json' imported but unused", "'urllib' imported but unused",
        "'datetime.timedelta' imported but unused", "'base64' imported but unused"]
    assert at(only(diags, "DW204")[0]) == (1, 8, 1, 12)


def test_dw204_used_in_function_is_used():
    assert "DW204" not in codes(check("import json as j\ndef dw_process(msg):\n"
                                      "    return j.dumps(msg.payload)\n"))


def test_dw205_shadowing_is_info():
    diags = check_body("sum = 0\nfor len in msg:\n    sum += len\nreturn sum")
    found = only(diags, "DW205")
    assert [d.message for d in found] == ["'sum' shadows the builtin 'sum'",
                                          "'len' shadows the builtin 'len'"]
    assert {d.severity for d in found} == {"info"}
    diags = check("from datetime import datetime\nimport json\n"
                  "def dw_process(msg):\n    return datetime.now(), json\n")
    assert [d.message for d in only(diags, "DW205")] == [
        "'datetime' shadows the preloaded module 'datetime'"]


@pytest.mark.parametrize("src, span", [
    ("steps = 1", (2, 5, 2, 10)),
    ("for steps in msg:\n    pass", (2, 9, 2, 14)),
    ("def steps():\n    pass", (2, 5, 2, 17)),
    ("import json as steps", (2, 12, 2, 25)),
    ("global steps", (2, 5, 2, 17)),
    ("f = lambda steps: 1", (2, 16, 2, 21)),
])
def test_dw207_binding_steps(src, span):
    d = one(check_body(src), "DW207")
    assert d.message == "'steps' is reserved and cannot be bound"
    assert at(d) == span


def test_dw207_parameter():
    d = one(check("def f(steps):\n    return 1\ndef dw_process(msg):\n    return f(1)\n"),
            "DW207")
    assert at(d) == (1, 7, 1, 12)


@pytest.mark.parametrize("src, message", [
    ("def f(a):\n    global a\n", "name 'a' is parameter and global"),
    ("def f(a):\n    def g():\n        nonlocal a\n        a = 1\n    def h(a):\n"
     "        nonlocal a\n", "name 'a' is parameter and nonlocal"),
    ("def f():\n    x = 1\n    global x\n", "name 'x' is assigned to before global declaration"),
    ("def f():\n    print(x)\n    global x\n", "name 'x' is used prior to global declaration"),
    ("def f():\n    nonlocal q\n", "no binding for nonlocal 'q' found"),
    ("x = 1\ndef f():\n    nonlocal x\n", "no binding for nonlocal 'x' found"),
])
def test_dw208(src, message):
    diags = check(src + "def dw_process(msg):\n    return 1\n")
    assert message in [d.message for d in only(diags, "DW208")]


def test_valid_nonlocal_and_global():
    diags = check("def f():\n    n = 0\n    def g():\n        nonlocal n\n        n += 1\n"
                  "        return n\n    return g\nx = 0\ndef h():\n    global x\n    x += 1\n"
                  "def dw_process(msg):\n    return f(), h()\n")
    assert [d for d in diags if d.severity == "error"] == []

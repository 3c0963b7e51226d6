"""Refused constructs (DW301-DW311) and forbidden names (DW502, DW503): spec §3.3, §4.4."""
from __future__ import annotations

import pytest

from dataway.syntax import ast as A
from dataway.checker import check_tree
from tests.checker.helpers import at, check, check_body, codes, one, only


def test_x01_class_is_dw301_at_line_2_column_5_header_only():
    diags = check_body("class A:\n    pass")
    d = one(diags, "DW301")
    assert at(d) == (2, 5, 2, 13)
    assert d.message == "class definitions are not supported in Dataway"
    assert d.error_type == "SyntaxError" and d.severity == "error"


@pytest.mark.parametrize("src, code, message, span", [
    ("with open(p) as f:\n    pass", "DW302", "with statements are not supported in Dataway",
     (2, 5, 2, 23)),
    ("async def f():\n    await g()", "DW303", "async functions are not supported in Dataway",
     (2, 5, 2, 19)),
    ("(y for y in x)[0]\nx = [(yield) async for y in z]", "DW303",
     "async comprehensions are not supported in Dataway", (3, 9, 3, 35)),
    ("@wrap\ndef g():\n    pass", "DW304", "decorators are not supported in Dataway",
     (2, 5, 2, 10)),
    ("print((y := 1))", "DW305", "assignment expressions (:=) are not supported in Dataway",
     (2, 12, 2, 18)),
    ("def g(a, /, b):\n    pass", "DW306",
     "positional-only parameters (/) are not supported in Dataway", (2, 11, 2, 12)),
    ("return 1j", "DW309", "imaginary literals are not supported in Dataway", (2, 12, 2, 14)),
    ("msg.payload = 1", "DW310", "attribute assignment is not supported in Dataway",
     (2, 5, 2, 16)),
    ("x = {}\nx.y += 1", "DW310", "attribute assignment is not supported in Dataway",
     (3, 5, 3, 8)),
    ("del msg.payload", "DW310", "attribute deletion is not supported in Dataway",
     (2, 9, 2, 20)),
    ("try:\n    pass\nexcept* ValueError:\n    pass", "DW311",
     "except* is not supported in Dataway", (2, 5, 2, 9)),
    ("match msg:\n    case 1:\n        pass", "DW311",
     "match statement is not supported in Dataway",
     (2, 5, 2, 15)),
])
def test_refused_constructs(src, code, message, span):
    diags = check_body(src)
    found = [d for d in diags if d.code == code]
    assert found, diags
    assert found[0].message == message
    assert at(found[0]) == span


def test_async_for_and_await_are_dw303():
    diags = check("async def f():\n    async for x in y:\n        await x\n"
                  "def dw_process(msg):\n    return 1\n")
    messages = [d.message for d in only(diags, "DW303")]
    assert messages == ["async functions are not supported in Dataway",
                        "async for loops are not supported in Dataway",
                        "await is not supported in Dataway"]


def test_async_with_is_dw302():
    diags = check("async def f():\n    async with a:\n        pass\n"
                  "def dw_process(msg):\n    return 1\n")
    assert one(diags, "DW302").message == "async with statements are not supported in Dataway"


def test_supported_code_has_no_refusals():
    diags = check_body("""
        x = [i * 2 for i in range(3)]
        y = {'a': 1}
        y['b'] = 2
        del y['a']
        return (x, y, msg.payload, 1.5, lambda a, *b, c=1, **d: a)
    """)
    assert not [d for d in diags if d.code.startswith(("DW3", "DW5"))], diags


def test_x03_dunder_attribute_is_dw502_on_the_name():
    d = one(check("(1).__class__", "expression"), "DW502")
    assert at(d) == (1, 5, 1, 14)
    assert d.error_type == "AttributeError"
    assert "'__class__'" in d.message


def test_single_underscore_attribute_is_dw502_too():
    assert codes(check("msg.payload._replace", "expression")) == ["DW502"]


def test_underscore_in_getattr_string_is_not_dw502():
    assert "DW502" not in codes(check("getattr(1, '__cl' + 'ass__')", "expression"))


@pytest.mark.parametrize("src", [
    "__builtins__", "__import__('os')", "[__x for __x in msg.payload]",
    "(lambda __a: 1)", "str(__k=1)",
])
def test_dunder_identifiers_are_dw503(src):
    diags = check(src, "expression")
    d = only(diags, "DW503")[0]
    assert d.error_type == "NameError"
    assert "names starting with '__' are refused" in d.message
    assert "DW201" not in codes(diags) and "DW504" not in codes(diags)


def test_dunder_def_param_import_and_global_names():
    diags = check("import json as __j\nfrom json import dumps as __d\n"
                  "def __f(__p):\n    global __g\n    try:\n        pass\n"
                  "    except E as __e:\n        pass\n"
                  "def dw_process(msg):\n    return 1\n")
    names = sorted(d.message.split("'")[1] for d in only(diags, "DW503"))
    assert names == ["__d", "__e", "__f", "__g", "__j", "__p"]


def test_single_underscore_name_is_fine():
    assert "DW503" not in codes(check("_x", "expression"))


def test_unsupported_node_and_defaults():
    tree = A.Module(body=(A.Unsupported(construct="type parameters", line=1, column=1,
                                        end_line=1, end_column=9),))
    diags = check_tree(tree, "code", "type X = 1\n")
    assert one(diags, "DW311").message == "type parameters is not supported in Dataway"

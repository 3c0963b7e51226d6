"""Sandbox refusals: DW505 (read-only message data), DW506 ('_' names), DW507 (keywords)."""
from __future__ import annotations

import pytest

from tests.checker.helpers import at, check, check_body, codes, one, only

VARS = "variables are set by components (Set Variable, Transform)"


def test_x05_assignment_to_msg_vars():
    d = one(check_body("msg.vars['x'] = 1"), "DW505")
    assert VARS in d.message and at(d) == (2, 5, 2, 18)
    assert d.error_type == "TypeError"


@pytest.mark.parametrize("text", [
    "del msg.vars['x']", "msg.vars.update({'a': 1})", "msg.var['x'] += 1",
    "msg.vars.pop('x')", "msg.vars.setdefault('x', 1)", "msg.vars.clear()",
    "a, msg.vars['x'] = 1, 2",
])
def test_dw505_vars_writes(text):
    assert VARS in one(check_body(text), "DW505").message


@pytest.mark.parametrize("text, word", [
    ("msg.attrs['x'] = 1", "attributes"), ("msg.attributes['x'] = 1", "attributes"),
    ("msg.attr.popitem()", "attributes"), ("msg.error['Code'] = 1", "error"),
    ("steps['fetch'] = 1", "steps"), ("del steps['fetch']", "steps"),
    ("steps.update({})", "steps"), ("steps.fetch.vars['x'] = 1", "variables"),
    ("steps['fetch'].attrs['y'] = 1", "attributes"),
])
def test_dw505_other_read_only_maps(text, word):
    assert word in one(check_body(text), "DW505").message


def test_dw505_uses_the_dw_process_parameter_name():
    assert "DW505" in codes(check("def dw_process(m):\n    m.vars['x'] = 1\n"))
    assert "DW505" in codes(check("msg.vars.update(x=1)", "expression"))


@pytest.mark.parametrize("text", [
    "msg.payload['x'] = 1", "steps.fetch.payload['x'] = 1", "d = dict(msg.vars)\nd['x'] = 1",
    "v = msg.vars.copy()\nv.update({})", "msg.payload.update({})",
])
def test_private_copies_may_be_mutated(text):
    assert "DW505" not in codes(check_body(text + "\nreturn 1"))


@pytest.mark.parametrize("src, name, span", [
    ("getattr(msg, '__class__')", "__class__", (1, 14, 1, 25)),
    ("hasattr(msg, '_x')", "_x", (1, 14, 1, 18)),
    ("getattr(msg, '_y', None)", "_y", (1, 14, 1, 18)),
])
def test_dw506_getattr(src, name, span):
    d = one(check(src, "expression"), "DW506")
    assert f"'{name}'" in d.message and at(d) == span
    assert d.error_type == "AttributeError"


@pytest.mark.parametrize("src, name", [
    ("'{0.__class__}'.format(msg)", "__class__"),
    ("'{a._b}'.format_map(msg.vars)", "_b"),
    ("str.format('{0[x]._y}', msg)", "_y"),
    ("'{0:{1.__doc__}}'.format(1, 2)", "__doc__"),
])
def test_dw506_format_fields(src, name):
    d = one(check(src, "expression"), "DW506")
    assert f"'{name}'" in d.message


@pytest.mark.parametrize("src", [
    "getattr(msg, 'payload')", "getattr(msg, '_' + 'x')", "'{0[_x]}'.format(msg)",
    "'{0.payload}'.format(msg)", "'{'.format(1)", "'%(_x)s' % {'_x': 1}",
])
def test_no_dw506(src):
    assert "DW506" not in codes(check(src, "expression"))


def test_dw506_not_for_script_getattr():
    diags = check("def getattr(a, b):\n    return b\n"
                  "def dw_process(msg):\n    return getattr(msg, '_x')\n")
    assert "DW506" not in codes(diags)


@pytest.mark.parametrize("src, callee, keyword, span", [
    ("print(1, file=None)", "print", "file", (1, 10, 1, 19)),
    ("json.dumps(1, cls=None)", "dumps", "cls", (1, 15, 1, 23)),
    ("json.loads('1', cls=None)", "loads", "cls", (1, 17, 1, 25)),
    ("decimal.Decimal('1', context=None)", "Decimal", "context", (1, 22, 1, 34)),
    ("decimal.Decimal('1').quantize(1, context=None)", "quantize", "context", (1, 34, 1, 46)),
])
def test_dw507(src, callee, keyword, span):
    d = one(check(src, "expression"), "DW507")
    assert d.message == f"{callee}() argument '{keyword}' is not allowed in Dataway"
    assert at(d) == span and d.error_type == "TypeError"


def test_dw507_through_imports():
    diags = check_body("from json import dumps\nfrom decimal import Decimal as D\n"
                       "return dumps(1, cls=None), D('1', context=None)")
    assert [d.message for d in only(diags, "DW507")] == [
        "dumps() argument 'cls' is not allowed in Dataway",
        "Decimal() argument 'context' is not allowed in Dataway"]


@pytest.mark.parametrize("src", [
    "print(1, sep='', end='', flush=True)", "json.dumps(1, indent=2, default=str)",
    "'{context}'.format(context=1)",
])
def test_no_dw507(src):
    assert "DW507" not in codes(check(src, "expression"))

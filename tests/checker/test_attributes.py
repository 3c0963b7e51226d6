"""DW404 on the message, whose attributes are fixed (spec §6, §13)."""
from __future__ import annotations

import pytest

from tests.checker.helpers import at, check, codes, one


def test_msg_payloads_in_expression_mode():
    d = one(check("msg.payloads", "expression"), "DW404")
    assert d.message == "'Message' object has no attribute 'payloads'"
    assert d.suggestion == "did you mean 'payload'?"
    assert at(d) == (1, 5, 1, 13) and d.error_type == "AttributeError"


def test_dw_process_parameter_under_any_name():
    diags = check("def dw_process(m):\n    return m.payload, m.foo\n")
    d = one(diags, "DW404")
    assert d.message == "'Message' object has no attribute 'foo'" and d.suggestion is None


@pytest.mark.parametrize("attr", ["payload", "vars", "var", "attrs", "attributes", "attr", "id",
                                  "seq_id", "error", "isthrowing"])
def test_every_message_attribute_is_known(attr):
    assert check(f"msg.{attr}", "expression") == []


@pytest.mark.parametrize("mode, src", [
    ("code", "def f(msg):\n    return msg.x\ndef dw_process(msg):\n    return f(msg)\n"),
    ("code", "def dw_process(msg):\n    msg = msg.payload\n    return msg.x\n"),
    ("expression", "(lambda msg: msg.x)(1)"),
    ("expression", "steps.fetch.payload.x"),
])
def test_receivers_that_may_not_be_the_message(mode, src):
    assert "DW404" not in codes(check(src, mode))


@pytest.mark.parametrize("src, message, suggestion", [
    ("'abc'.uper()", "'str' object has no attribute 'uper'", "did you mean 'upper'?"),
    ("[].push(1)", "'list' object has no attribute 'push'", None),
    ("[x for x in []].appendd", "'list' object has no attribute 'appendd'",
     "did you mean 'append'?"),
    ("None.x", "'NoneType' object has no attribute 'x'", None),
    ("{1}.append(2)", "'set' object has no attribute 'append'", None),
])
def test_literal_receivers(src, message, suggestion):
    pytest.importorskip("dataway.runtime.policy")
    d = one(check(src, "expression"), "DW404")
    assert d.message == message and d.suggestion == suggestion
    assert d.error_type == "AttributeError"


@pytest.mark.parametrize("src", [
    "{}.items()", "(1).bit_length()", "b'x'.hex()", "(1,).count(1)", "{1}.add",
    "f'{1}'.upper()", "True.real", "1.5.is_integer()", "'{}'.format(1)", "[].sort()",
    "''.join([])",
])
def test_allowed_literal_attributes(src):
    assert "DW404" not in codes(check(src, "expression"))

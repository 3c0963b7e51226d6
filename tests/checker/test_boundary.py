"""DW407: results of literal shapes that can never pass the boundary (spec §5.3)."""
from __future__ import annotations

import pytest

from dataway.checker import check_tree
from dataway.syntax import ast as A
from tests.checker.helpers import at, check, codes, one, only, template


def test_dc40_set_literal_in_expression_mode():
    d = one(check("{1,2,'a'}", "expression"), "DW407")
    assert d.severity == "warning" and at(d) == (1, 1, 1, 10)
    assert d.message == ("a value of type 'set' cannot be returned from a Dataway script; "
                         "convert it with list()")


def test_nested_in_displays_and_functions_without_hint():
    diags = check("[1, (lambda: 1), {'a': (x for x in [])}]", "expression")
    assert [d.message.split("'")[1] for d in only(diags, "DW407")] == ["function", "generator"]
    assert "list()" not in only(diags, "DW407")[0].message


def test_code_mode_judges_dw_process_results_only():
    diags = check("def helper():\n    return {1}\ndef dw_process(msg):\n    def f():\n"
                  "        return {2}\n    yield {3}\n    return [f(), {x for x in msg}]\n")
    assert [d.line for d in only(diags, "DW407")] == [6, 7]


def test_declared_type_may_convert():
    assert "DW407" not in codes(check("{2, 1}", "expression", output_type="list"))


@pytest.mark.parametrize("src", ["[1, 2]", "{'a': {1: 2}}", "(1, [2])",
                                 "list(frozenset({1}))",
                                 "list({1, 2})", "sorted(x for x in [1])"])
def test_values_that_pass(src):
    assert "DW407" not in codes(check(src, "expression"))


def test_text_mode_lone_interpolation_only():
    pos = dict(line=1, column=3, end_line=1, end_column=6)
    s = A.Set(elts=(A.Constant(value=1, **pos),), **pos)
    assert "DW407" in codes(check_tree(template(s), "text", "${{1}}"))
    assert "DW407" not in codes(check_tree(template("a", s), "text", "a${{1}}"))

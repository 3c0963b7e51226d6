"""Provisional diagnostics (dataway.lsp.incremental) against the full check they stand in for.

Differential: random one-character edits inside function bodies of a script; wherever the fast
path answers, its diagnostics inside the edited function equal ``dataway check``'s, and outside
it they differ at most by the documented cross-function finding (an import whose last use the
edit removed, DW204), which the full check after the pause reports.
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dataway.lint import lint_source
from dataway.lsp.incremental import baseline, provisional
from dataway.syntax.parser import parse

SCRIPT = '''\
import json
from decimal import Decimal

LIMIT = 3


def helper_a(order, factor=1):
    total = 0
    for item in order.get('items', []):
        if item['qty'] > LIMIT:
            total += item['qty'] * factor
    unused = 1
    return json.dumps({'total': total})


def helper_b(values):
    """Sum as Decimal."""
    acc = Decimal('0')
    for v in values:
        acc += Decimal(str(v))
    return str(acc)


def dw_process(msg):
    orders = msg.payload
    return [helper_a(o) for o in orders] + [helper_b([1, 2]), undefined_name]
'''


def _check(text: str) -> list:
    return list(lint_source(text).diagnostics)


BASE = baseline(SCRIPT, parse(SCRIPT).tree, _check(SCRIPT))
LINES = SCRIPT.split("\n")
BODY_LINES = [n for f in BASE.functions for n in range(f.body, f.end + 1)]


def _function_of(line: int):
    return next(f for f in BASE.functions if f.body <= line <= f.end)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(BODY_LINES), st.data(),
       st.sampled_from(["x", "1", " ", "(", ")", "[", "'", '"""', "\\", "#", ":", "", "pass",
                        "\n", "\n    y = z\n"]))
def test_provisional_equals_full_check_inside_the_edited_function(
        line: int, data: st.DataObject, replacement: str) -> None:
    text = LINES[line - 1]
    column = data.draw(st.integers(0, len(text)))
    width = data.draw(st.integers(0, 1)) if column < len(text) else 0
    edited_line = text[:column] + replacement + text[column + width:]
    new_text = "\n".join(LINES[:line - 1] + [edited_line] + LINES[line:])
    fast = provisional(BASE, new_text, _check)
    if fast is None:
        return  # not a plain body edit (e.g. a syntax error the checker might also report)
    full = _check(new_text)
    function = _function_of(line)
    delta = new_text.count("\n") - SCRIPT.count("\n")
    inside = range(function.start, function.end + delta + 1)

    def key(d):
        return (d.code, d.message, d.line, d.column, d.end_line, d.end_column)

    assert [key(d) for d in fast if d.line in inside] == \
        [key(d) for d in full if d.line in inside]
    outside_fast = {key(d) for d in fast if d.line not in inside}
    outside_full = {key(d) for d in full if d.line not in inside}
    assert {k[0] for k in outside_fast ^ outside_full} <= {"DW204"}


def test_edits_outside_function_bodies_take_the_full_check() -> None:
    assert provisional(BASE, SCRIPT.replace("LIMIT = 3", "LIMIT = 4"), _check) is None
    assert provisional(BASE, SCRIPT.replace("def helper_b(values)", "def helper_b(vals)"),
                       _check) is None
    changed = SCRIPT.replace("total += item", "total += itm")
    assert provisional(BASE, changed.replace("acc = ", "ac = "), _check) is None  # two functions


def test_diagnostics_after_the_edit_shift_with_inserted_lines() -> None:
    new_text = SCRIPT.replace("    unused = 1\n", "    unused = 1\n    more = 2\n    also = 3\n")
    fast = provisional(BASE, new_text, _check)
    assert fast is not None
    assert [(d.code, d.line) for d in fast] == [(d.code, d.line) for d in _check(new_text)]
    undefined = [d for d in fast if d.code == "DW201"]
    assert undefined and undefined[0].line == SCRIPT.count("\n") + 2


def test_unchanged_text_returns_the_baseline() -> None:
    assert provisional(BASE, SCRIPT, _check) == list(BASE.diagnostics)


def test_calls_of_other_functions_are_still_checked() -> None:
    """A call in the edited function to another script function keeps its arity check: the
    callee's def line stays in the synthetic script while unrelated functions are blanked."""
    new_text = SCRIPT.replace("helper_b([1, 2])", "helper_b([1, 2], 3)")
    full = _check(new_text)
    assert "DW401" in [d.code for d in full]
    fast = provisional(BASE, new_text, _check)
    assert fast is not None
    assert [(d.code, d.line, d.message) for d in fast] == \
        [(d.code, d.line, d.message) for d in full]

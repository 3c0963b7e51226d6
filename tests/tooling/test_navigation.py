"""Definitions, references and document symbols (dataway.tooling.navigation).

Cursor positions are written into the sources with ``|`` markers so the tests read like what an
editor user does: put the cursor on a name, ask where it is defined or used.
"""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from dataway.tooling import navigation as N

SOURCE = '''\
import json as j
from decimal import Decimal
LIMIT = 10


def helper(amount, *, factor=2):
    total = amount
    def inner():
        nonlocal total
        total += LIMIT
        return total
    return inner() * factor


def dw_process(msg):
    try:
        value = helper(1)
    except ValueError as err:
        value = str(err)
    return [j.dumps(value) for value in range(3)] + [Decimal(1), LIMIT, msg, größe]
'''


def _at(needle: str, nth: int = 0, source: str = SOURCE) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of ``needle``."""
    offset = -1
    for _ in range(nth + 1):
        offset = source.index(needle, offset + 1)
    head = source[:offset]
    return head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1


ANALYSIS = N.analyse(SOURCE)


def _spans(occs: list[N.Occurrence]) -> list[tuple[int, int]]:
    return [(o.span.line, o.span.column) for o in occs]


def test_definition_of_script_function_from_a_call() -> None:
    """A call of a script function jumps to the name in its ``def`` line."""
    (found,) = N.definitions(ANALYSIS, *_at("helper(1)"))
    assert (found.span.line, found.span.column) == _at("helper(amount")
    assert found.span.end_column - found.span.column == len("helper")


def test_closure_variable_is_one_variable_across_scopes() -> None:
    """``nonlocal total`` in inner() is the same variable as helper's local ``total``."""
    refs = N.references(ANALYSIS, *_at("total", 2))  # the read in ``return total``
    assert _spans(refs) == [_at("total = amount"), _at("total += LIMIT"), _at("total\n    return inner")]
    assert _spans(N.definitions(ANALYSIS, *_at("total", 3))) == [_at("total = amount")]


def test_comprehension_variable_is_not_the_function_local() -> None:
    """``value`` inside the list comprehension is its own variable (its own scope)."""
    in_comp = N.references(ANALYSIS, *_at("value)"))
    assert _spans(in_comp) == [_at("value)"), _at("value in range")]
    local = N.references(ANALYSIS, *_at("value = helper"))
    assert _spans(local) == [_at("value = helper"), _at("value = str")]


def test_globals_imports_and_except_names() -> None:
    """Module variables, ``import ... as`` and ``except ... as`` names resolve to their binders."""
    assert _spans(N.definitions(ANALYSIS, *_at("LIMIT,"))) == [_at("LIMIT = 10")]
    assert _spans(N.references(ANALYSIS, *_at("LIMIT = 10"), include_declaration=False)) == [
        _at("LIMIT\n"), _at("LIMIT,")]
    assert _spans(N.definitions(ANALYSIS, *_at("j.dumps"))) == [_at("j\n")]
    assert _spans(N.definitions(ANALYSIS, *_at("err)"))) == [_at("err:")]
    assert _spans(N.definitions(ANALYSIS, *_at("Decimal(1)"))) == [_at("Decimal\n")]


def test_builtins_and_undefined_names_have_no_definition() -> None:
    """``range``, ``str`` and an undefined non-ASCII name have references but no definition."""
    assert N.definitions(ANALYSIS, *_at("range")) == []
    assert N.definitions(ANALYSIS, *_at("größe")) == []
    (ref,) = N.references(ANALYSIS, *_at("größe"))
    assert ref.span.end_column - ref.span.column == len("größe")


def test_nothing_under_the_cursor_and_broken_source() -> None:
    """Whitespace, keywords and unparseable source answer nothing instead of raising."""
    assert N.references(ANALYSIS, *_at("return inner")) == []
    broken = N.analyse("def f(:\n    pass\n")
    assert broken.tree is None and N.definitions(broken, 1, 5) == []
    assert N.document_symbols(broken) == []


def test_document_symbols_outline() -> None:
    """Top-level functions with their nested functions and locals; imports and variables."""
    outline = [(s.name, s.kind, [(c.name, c.kind) for c in s.children])
               for s in N.document_symbols(ANALYSIS)]
    assert outline == [
        ("j", "module", []), ("Decimal", "module", []), ("LIMIT", "variable", []),
        ("helper", "function", [("total", "variable"), ("inner", "function")]),
        ("dw_process", "function", [("value", "variable"), ("err", "variable")]),
    ]
    helper = N.document_symbols(ANALYSIS)[3]
    assert helper.detail == "(amount, *, factor)"
    assert helper.span.line == 6 and helper.span.end_line == 12


def test_expression_mode_msg_is_predefined() -> None:
    """In expression mode ``msg`` is a predefined global, not undefined."""
    analysis = N.analyse("msg.payload['a'] + [x for x in msg.vars]", mode="expression")
    kinds = {o.name: o.kind.value for o in analysis.occurrences}
    assert kinds["msg"] == "global" and kinds["x"] == "local"


_NAMES = st.sampled_from(["a", "bb", "é", "ñame", "x1"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_NAMES, _NAMES), min_size=1, max_size=6))
def test_every_reference_points_back_to_its_own_variable(assigns: list[tuple[str, str]]) -> None:
    """For generated assignment chains, references() of any occurrence contains it and all its
    results share one variable, and each name span covers exactly the name."""
    body = "\n".join(f"    {t} = {s} if 0 else 1" for t, s in assigns)
    source = f"def dw_process(msg):\n{body}\n    return 0\n"
    analysis = N.analyse(source)
    lines = source.split("\n")
    for occ in analysis.occurrences:
        text = lines[occ.span.line - 1][occ.span.column - 1:occ.span.end_column - 1]
        assert text == occ.name
        refs = N.references(analysis, occ.span.line, occ.span.column)
        assert occ in refs and len({r.key for r in refs}) == 1

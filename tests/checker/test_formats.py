"""DW408: literal format strings that can never work; messages are CPython's."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.checker.helpers import at, check, codes, one

from dataway.checker.formats import format_problem, percent_problem
from dataway.syntax import ast as A


@pytest.mark.parametrize("src, message", [
    ("'{'.format(1)", "Single '{' encountered in format string"),
    ("'}'.format(1)", "Single '}' encountered in format string"),
    ("'{} {0}'.format(1)", "cannot switch from automatic field numbering to manual field "
                           "specification"),
    ("'{0} {}'.format(1, 2)", "cannot switch from manual field specification to automatic "
                              "field numbering"),
    ("'{0} {1}'.format(1)", "Replacement index 1 out of range for positional args tuple"),
    ("'{0!x}'.format(1)", "Unknown conversion specifier x"),
    ("str.format('{}{}', 1)", "Replacement index 1 out of range for positional args tuple"),
    ("'%d %d' % (1,)", "not enough arguments for format string"),
    ("'%d' % (1, 2)", "not all arguments converted during string formatting"),
    ("'%q' % 1", "unsupported format character 'q' (0x71) at index 1"),
    ("'100%' % ()", "incomplete format"),
    ("b'%d' % (1, 2)", "not all arguments converted during bytes formatting"),
])
def test_dw408_messages(src, message):
    d = one(check(src, "expression"), "DW408")
    assert d.message == message and d.severity == "warning"
    assert d.line == 1 and d.column in (1, 12)


@pytest.mark.parametrize("src", [
    "'{} {}'.format(1, 2)", "'{a}'.format(a=1)", "'{0[x]}'.format(msg.vars)",
    "'{a}'.format_map(msg.vars)", "'{}'.format(*msg.payload)", "'{x}'.format(**msg.vars)",
    "'%s and %s' % (1, 2)", "'%(a)s' % msg.vars", "'%s' % msg.payload", "'%*d' % (3, 1)",
    "'100%%' % ()", "'{:>{w}}'.format(1, w=3)",
])
def test_valid_templates(src):
    assert "DW408" not in codes(check(src, "expression"))


_ALPHABET = st.sampled_from(["{", "}", "{}", "{0}", "{1}", "{a}", "!r", "!x", ":", ">5", "x",
                             "[0]", ".", "%", "%s", "%d", "%(a)s", "%*d", "%q", "%%", " "])


def _const(value):
    return A.Constant(value=value, line=1, column=1, end_line=1, end_column=2)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=6).map("".join), st.integers(0, 3))
def test_str_format_flags_only_what_cpython_refuses(text, n):
    args = tuple(_const(i) for i in range(n))
    problem = format_problem(text, args, (), False)
    if problem is None:
        return
    with pytest.raises((ValueError, IndexError, KeyError)) as info:
        text.format(*range(n))
    if not isinstance(info.value, KeyError):
        assert str(info.value) == problem


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=6).map("".join), st.integers(0, 3))
def test_percent_flags_only_what_cpython_refuses(text, n):
    right = A.Tuple(elts=tuple(_const(i) for i in range(n)), line=1, column=1, end_line=1,
                    end_column=2)
    problem = percent_problem(text, right)
    if problem is None:
        return
    with pytest.raises((ValueError, TypeError)) as info:
        text % tuple(range(n))
    assert str(info.value) == problem

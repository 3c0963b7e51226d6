"""Hypothesis: random small programs (loops, branches, try, closures) behave as in CPython."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.compiler.harness import dw_outcome, py_outcome

_VARS = ("a", "b", "c")
_VALUE = st.sampled_from(["0", "1", "2", "-1", "a", "b", "c", "a + 1", "b * 2", "c - a",
                          "len(out)", "a // (b or 1)", "10 % (c or 3)", "[a, b][c % 2]",
                          "{'k': a}.get('k')", "a if b else c", "(a, b)[0]", "1 / b"])
_COND = st.sampled_from(["a < b", "b == c", "a", "not c", "a > 0 and b < 3", "c in (0, 1)",
                         "a < b < c", "len(out) > 3"])


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _block(depth: int) -> st.SearchStrategy[list[str]]:
    simple = st.one_of(
        st.tuples(st.sampled_from(_VARS), _VALUE).map(lambda t: [f"{t[0]} = {t[1]}"]),
        st.tuples(st.sampled_from(_VARS), st.sampled_from(["+=", "-="]), _VALUE).map(
            lambda t: [f"{t[0]} {t[1]} {t[2]}"]),
        # `*=` only by small constants: `a *= a` in nested loops squares a 48 times, which
        # CPython (the unbounded reference) would compute for hours.
        st.tuples(st.sampled_from(_VARS), st.sampled_from(["0", "1", "2", "-1"])).map(
            lambda t: [f"{t[0]} *= {t[1]}"]),
        _VALUE.map(lambda v: [f"out.append({v})"]),
        st.just(["a, b = b, a"]),
    )
    if depth == 0:
        return st.lists(simple, min_size=1, max_size=3).map(lambda ls: sum(ls, []))
    inner = _block(depth - 1)
    compound = st.one_of(
        st.tuples(_COND, inner, inner).map(
            lambda t: [f"if {t[0]}:"] + _indent(t[1]) + ["else:"] + _indent(t[2])),
        st.tuples(st.integers(0, 4), inner).map(
            lambda t: [f"for i in range({t[0]}):"] + _indent(t[1] + ["if i == 2:",
                                                                       "    break"])),
        st.tuples(inner, inner).map(
            lambda t: ["try:"] + _indent(t[0]) + ["except ZeroDivisionError:"]
            + _indent(["out.append('zde')"] + t[1]) + ["finally:", "    out.append('f')"]),
        # Each nesting depth has its own counter: a shared `n` reset by an inner loop made
        # the outer loop endless, and CPython (the reference) has no step limit.
        st.tuples(_COND, inner).map(
            lambda t, n=f"n{depth}": [f"{n} = 0", f"while {n} < 3 and ({t[0]} or {n} < 2):",
                                      f"    {n} += 1"] + _indent(t[1])),
        inner.map(lambda b: ["def helper(a=a, b=b):", "    out = []"] + _indent(b)
                  + ["    return out", "out.extend(helper())"]),
    )
    return st.lists(st.one_of(simple, compound), min_size=1, max_size=3).map(
        lambda ls: sum(ls, []))


def _program(body: list[str]) -> str:
    lines = ["def dw_process(msg):", "    out = []", "    a, b, c = 1, 2, 0"]
    lines += _indent(body)
    lines += ["    return out, a, b, c"]
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_block(2).map(_program))
def test_random_programs_match_cpython(src: str) -> None:
    assert dw_outcome(src) == py_outcome(src), src

"""Hypothesis: random expressions evaluate as CPython's ``eval`` does (value or exception)."""
from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataway.compiler.errors import to_error_info
from tests.compiler.harness import dw_run

_ATOMS = st.sampled_from([
    "0", "1", "-3", "7", "2.5", "0.0", "True", "False", "None", "'ab'", "''", "[1, 2]", "()",
    "(1,)", "{'k': 1}", "x", "y", "s", "[]", "{1, 2}", "b'xy'", "10 ** 3",
])
_BINARY = st.sampled_from(["+", "-", "*", "/", "//", "%", "&", "|", "^", "<<", ">>", "==",
                           "!=", "<", "<=", ">", ">=", "and", "or", "in", "not in"])
# ``is`` is left out: identity of computed values depends on CPython's constant folding.
_UNARY = st.sampled_from(["-", "+", "not ", "~"])


def _expr() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, _BINARY, inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(_UNARY, inner).map(lambda t: f"({t[0]}{t[1]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
            st.tuples(inner, inner).map(lambda t: f"[{t[0]}, *{t[1]}]"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}:]"),
            inner.map(lambda e: f"[v for v in {e} if v]"),
            inner.map(lambda e: f"len({e})"),
            inner.map(lambda e: f"f'<{{{e}!r}}>'"),
            st.tuples(inner, inner).map(lambda t: f"(lambda a, b=1: a {'+'} b)({t[0]}, {t[1]})"),
            inner.map(lambda e: f"{{k: 1 for k in {e}}}"),
            st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})"),
        )
    return st.recursive(_ATOMS, extend, max_leaves=8)


_NAMES = {"x": 5, "y": -2, "s": "hello"}


def _py(src: str) -> tuple[str, str]:
    try:
        value = eval(src, {"__builtins__": {"len": len}}, dict(_NAMES))  # reference run
    except Exception as exc:  # noqa: BLE001
        return "error", type(exc).__name__
    return "ok", repr(value)


def _dw(src: str) -> tuple[str, str]:
    program = "".join(f"{k} = {v!r}\n" for k, v in _NAMES.items())
    program += f"def dw_process(msg):\n    return {src}\n"
    try:
        value: Any = dw_run(program)
    except BaseException as exc:  # noqa: BLE001
        return "error", to_error_info(exc, "t.dw", program).type
    return "ok", repr(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expr())
def test_random_expressions_match_cpython(src: str) -> None:
    try:
        compile(src, "<e>", "eval")
    except SyntaxError:
        return  # e.g. nested f-strings reusing a quote: not valid Python 3.11 either
    expected = _py(src)
    got = _dw(src)
    if expected[0] == "ok" and "<function" in expected[1]:
        return  # function reprs differ by design (no address)
    assert got == expected, src

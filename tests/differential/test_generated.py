"""Property tests: generated expressions and programs give CPython's value repr or exception.

CPython's own ``eval``/``exec`` is the oracle here (in-process, with the real builtins); Dataway
runs the same text through its embedding API with ``raw=True``.
"""
from __future__ import annotations

import builtins
import re
from typing import Optional

import pytest
from hypothesis import HealthCheck, given, settings

from differential.dataway_side import api_available
from differential.strategies import (comparison_expr, container_expr, format_expr, number_expr,
                                     small_program, string_expr)

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _skip_unless_ready() -> None:
    reason = api_available()
    if reason:
        pytest.skip(reason)


_DW_SUFFIX = re.compile(r" \[DW\d+\]$")


def cpython(source: str, mode: str) -> tuple[Optional[str], Optional[str]]:
    """(repr, None) or (None, "Class: message") from CPython itself."""
    env = {"__builtins__": builtins}
    try:
        if mode == "expression":
            value = eval(source, env)  # the reference interpreter, not the product
        else:
            exec(source, env)
            value = env["dw_process"](None)
        return repr(value), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"


def dataway_outcome(source: str, mode: str) -> tuple[Optional[str], Optional[str]]:
    """(repr, None) or (None, "Class: message") from Dataway's API with raw=True.

    A check error's ``[DWnnn]`` suffix is dropped: CPython reports the same problem at run time.
    """
    import dataway

    try:
        value = dataway.compile(source, mode=mode).evaluate(dataway.Message(), raw=True).value
        return repr(value), None
    except dataway.DatawayError as exc:
        return None, f"{exc.error.type}: {_DW_SUFFIX.sub('', exc.error.message)}"


def _class_only_for_syntax(outcome: tuple[Optional[str], Optional[str]]):
    # Syntax error texts are not comparable (CPython adds "(<string>, line 1)" and words
    # f-string problems differently); the class still must match.
    value, err = outcome
    if err is not None and err.startswith(("SyntaxError", "IndentationError")):
        return value, err.split(":", 1)[0]
    return outcome


def _static_refusal(source: str, mode: str) -> bool:
    """Whether Dataway refuses ``source`` before running it for a type-aware reason (§16:
    DW401/DW402/DW404 on statically known types are errors)."""
    import dataway

    return any(d.severity == "error" and d.code in ("DW401", "DW402", "DW404")
               for d in dataway.check(source, mode=mode))


def _agree(source: str, mode: str = "expression") -> None:
    expected = _class_only_for_syntax(cpython(source, mode))
    actual = _class_only_for_syntax(dataway_outcome(source, mode))
    if actual != expected and expected[1] is not None and _static_refusal(source, mode):
        # Both refuse the program; Dataway does it at check time, so an error CPython meets
        # first at run time (IndexError in ``b''[0].upper()``) is not the one reported.
        return
    assert actual == expected, f"source: {source}\nCPython: {expected}\nDataway: {actual}"


@SETTINGS
@given(number_expr())
def test_arithmetic(source: str) -> None:
    """Generated arithmetic over ints, floats and bools."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(string_expr())
def test_str_bytes(source: str) -> None:
    """Generated str/bytes operations."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(format_expr())
def test_formatting(source: str) -> None:
    """Generated f-strings, % formatting, str.format and format()."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(container_expr())
def test_containers_slicing_comprehensions(source: str) -> None:
    """Generated container displays, indexing, slicing and comprehensions."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(comparison_expr())
def test_comparisons(source: str) -> None:
    """Generated chained comparisons and boolean operators."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(small_program())
def test_small_programs(source: str) -> None:
    """Generated code-mode programs with loops and augmented assignment."""
    _skip_unless_ready()
    _agree(source, mode="code")

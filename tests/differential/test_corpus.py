"""The differential harness: every corpus case through Dataway's API and CLI versus CPython.

A case passes when Dataway's raw-value repr, or its exception class and message, equal CPython's
(or the case's explicit expectation), its script traceback frames equal CPython's script frames,
and its ``print`` output equals CPython's stdout.
"""
from __future__ import annotations

import pytest

from differential.cases import Case, load_cases
from differential.known_gaps import KNOWN_GAPS
from differential.dataway_side import (api_available, cli_available, expected_outcome,
                                       explicit_error_compare, run_api, run_cli)
from differential.oracle import reference_for
from differential.outcome import compare


def case_params() -> list:
    """Every corpus case; known gaps of other areas run as non-strict xfails naming the owner."""
    out = []
    for c in load_cases():
        marks = [pytest.mark.xfail(reason=KNOWN_GAPS[c.id], strict=False)] if c.id in KNOWN_GAPS else []
        out.append(pytest.param(c, id=c.id, marks=marks))
    return out


def _check(case: Case, actual, *, cli: bool = False) -> None:
    ref = None if case.explicit else reference_for(case)
    if ref is not None and ref.harness_error:
        pytest.fail(f"the CPython reference could not run this case: {ref.harness_error}")
    expected = expected_outcome(case, ref)
    message = explicit_error_compare(case) if case.explicit else case.compare_message
    result = compare(expected, actual, message=message,
                     traceback=case.compare_traceback and not case.explicit,
                     log=not case.explicit, log_contains=cli)
    if not result:
        pytest.fail(f"{case.id}:\n" + "\n".join(result.problems), pytrace=False)


@pytest.mark.parametrize("case", case_params())
def test_api_matches_cpython(case: Case) -> None:
    """The embedding API (raw=True) gives CPython's repr or exception."""
    reason = api_available()
    if reason:
        pytest.skip(reason)
    _check(case, run_api(case))


@pytest.mark.parametrize("case", case_params())
def test_cli_matches_cpython(case: Case, cli_outcomes: dict) -> None:
    """`dataway run FILE --format repr` gives CPython's repr, exit code and last stderr line."""
    reason = api_available() or cli_available()
    if reason:
        pytest.skip(reason)
    actual = cli_outcomes.get(case.id) or run_cli(case)
    _check(case, actual, cli=True)

"""The corpus itself is sound: headers parse, and every CPython-derived case runs under CPython.

These tests need no Dataway code, so they guard the corpus while the implementation is landing.
"""
from __future__ import annotations

import json

import pytest

from differential.cases import KNOWN_KEYS, Case, case_params, load_cases
from differential.oracle import reference_for


def test_corpus_is_large() -> None:
    """The corpus has hundreds of programs across many feature folders."""
    cases = load_cases()
    assert len(cases) >= 300
    assert len({c.id.split("/")[0] for c in cases}) >= 20


@pytest.mark.parametrize("case", case_params())
def test_case_is_well_formed(case: Case) -> None:
    """Input headers are JSON, modes are known, explicit expectations say why."""
    assert case.mode in ("code", "expression")
    for key in ("payload", "vars", "attrs"):
        if key in case.headers:
            json.loads(case.headers[key])
    if case.explicit:
        assert case.headers.get("why"), "an explicit expectation must say why it deviates"
    assert set(case.headers) <= KNOWN_KEYS
    if case.mode == "code" and not case.explicit:
        assert "def dw_process(msg):" in case.source


@pytest.mark.parametrize("case", case_params())
def test_reference_runs(case: Case) -> None:
    """CPython runs the case; its error (if any) is a script error, not a harness problem."""
    if case.explicit:
        pytest.skip("explicit expectation; CPython is not the reference for this case")
    out = reference_for(case)
    assert out.harness_error is None, out.harness_error
    # A NameError for a Dataway-only name would mean the case needs an explicit expectation.
    if out.error_line and out.error_line.startswith("NameError"):
        assert "Entity" not in out.error_line and "MultiMap" not in out.error_line

"""CPython expectations for the whole corpus, computed once per test session in one batch."""
from __future__ import annotations

from functools import lru_cache

from differential.cases import Case, load_cases
from differential.dataway_side import reference_job
from differential.outcome import Outcome
from differential.reference import run_reference


@lru_cache(maxsize=1)
def _all_reference() -> dict[str, Outcome]:
    cases = [c for c in load_cases() if not c.explicit]
    outcomes = run_reference(reference_job(c) for c in cases)
    return {c.id: o for c, o in zip(cases, outcomes)}


def reference_for(case: Case) -> Outcome:
    """CPython's outcome for a case without an explicit expectation."""
    return _all_reference()[case.id]

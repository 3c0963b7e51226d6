"""Differential tests: every corpus program gives CPython's result or CPython's exception."""
from __future__ import annotations

import pytest

from tests.compiler.corpus import all_programs
from tests.compiler.harness import dw_outcome, py_outcome


PROGRAMS = all_programs()


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_matches_cpython(name: str) -> None:
    src = PROGRAMS[name]
    assert dw_outcome(src) == py_outcome(src)

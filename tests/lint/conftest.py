"""Shared helpers of the linter tests: run ``dataway check`` in-process."""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest

from dataway.cli.main import main


@dataclass
class Outcome:
    """Exit code and captured output of one CLI call."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _default_docs_url(monkeypatch: pytest.MonkeyPatch) -> None:
    # Golden files and helpUri assertions use the documented default address.
    monkeypatch.delenv("DATAWAY_DOCS_URL", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """``cli(*args, stdin=None)`` runs ``dataway ARGS`` in this process."""

    def run(*args: str, stdin: str | None = None) -> Outcome:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        code = main(list(args))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run

"""The conformance corpus: `.dw` programs under ``tests/conformance/<feature>/``.

A case is one code-mode (or expression-mode) program. Its expectation is normally computed on the
fly by running the same source under CPython (:mod:`differential.reference`); the corpus and the
differential harness are therefore one thing. Header comments at the top of a file (before the
first line that is not a ``# key: value`` comment) configure a case:

``# mode: expression``
    run the source in expression mode (default ``code``: ``dw_process(msg)`` is called).
``# payload: JSON`` / ``# vars: JSON`` / ``# attrs: JSON``
    the input message parts, as JSON so that the CLI's ``--payload-json`` can carry them.
``# expect-repr: TEXT``
    an explicit expectation (a spec deviation from CPython, §4.1 or §18); CPython is not run.
``# expect-error: Class: message`` or ``# expect-error: Class``
    an explicit expected error line (class only: the message is not compared).
``# message: any``
    compare only the exception class with CPython, not the message text.
``# traceback: skip``
    do not compare traceback frames with CPython.
``# why: TEXT``
    why the case carries an explicit expectation (required with ``expect-*``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

CORPUS = Path(__file__).resolve().parent.parent / "conformance"

_HEADER = re.compile(r"#\s*([a-z-]+)\s*:\s?(.*)$")
KNOWN_KEYS = frozenset({"mode", "payload", "vars", "attrs", "expect-repr", "expect-error",
                        "message", "traceback", "why"})


@dataclass(frozen=True)
class Case:
    """One corpus program and its options (see the module docstring)."""

    path: Path
    source: str
    headers: dict[str, str]

    @property
    def id(self) -> str:
        """``feature/name`` (the path below the corpus root, without ``.dw``)."""
        return self.path.relative_to(CORPUS).with_suffix("").as_posix()

    @property
    def filename(self) -> str:
        """The script name used in tracebacks: the file's base name."""
        return self.path.name

    @property
    def mode(self) -> str:
        """``code`` or ``expression``."""
        return self.headers.get("mode", "code")

    def json_input(self, key: str) -> Optional[str]:
        """The raw JSON text of an input header (``payload``, ``vars``, ``attrs``) or None."""
        return self.headers.get(key)

    def input(self, key: str) -> Any:
        """The decoded input header value, or None when absent."""
        text = self.headers.get(key)
        return None if text is None else json.loads(text)

    @property
    def explicit(self) -> bool:
        """True when the case carries its own expectation instead of CPython's."""
        return "expect-repr" in self.headers or "expect-error" in self.headers

    @property
    def compare_message(self) -> bool:
        """Whether exception messages (not only classes) must match."""
        return self.headers.get("message", "exact") != "any"

    @property
    def compare_traceback(self) -> bool:
        """Whether traceback frames must match CPython's script frames."""
        return self.headers.get("traceback", "compare") != "skip"


def parse_headers(source: str) -> dict[str, str]:
    """The ``# key: value`` lines at the top of ``source`` (blank lines end nothing)."""
    headers: dict[str, str] = {}
    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        m = _HEADER.match(stripped)
        if not m or m.group(1) not in KNOWN_KEYS:
            break
        headers[m.group(1)] = m.group(2).rstrip()
    return headers


@lru_cache(maxsize=1)
def load_cases() -> tuple[Case, ...]:
    """Every ``.dw`` file of the corpus, sorted by id."""
    out = []
    for path in sorted(CORPUS.rglob("*.dw")):
        source = path.read_text(encoding="utf-8")
        out.append(Case(path, source, parse_headers(source)))
    return tuple(out)


def case_params() -> list[Any]:
    """``pytest.param`` objects for parametrising over the corpus, with readable ids."""
    import pytest

    return [pytest.param(c, id=c.id) for c in load_cases()]

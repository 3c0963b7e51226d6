"""Inline suppressions: ``# dw: ignore`` and ``# dw: ignore[DW203, DW204]``.

A suppression comment silences the diagnostics that *start* on its line: all of them for the
bare form, the listed codes for the bracketed form. It may follow other comment text
(``# reason  # dw: ignore[DW203]``). A listed code that does not exist is itself reported as
DW001 (a typo would otherwise silently suppress nothing). Syntax errors cannot be suppressed
(:data:`~dataway.lint.codes.UNSUPPRESSIBLE`). Text mode has no comments, hence no suppressions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from dataway.diagnostics import Diagnostic

from .codes import ALL_CODES, LINT_CODES, UNSUPPRESSIBLE
from .comments import Comment, find_comments

__all__ = ["Suppressions", "find_suppressions", "apply_suppressions"]

_DIRECTIVE = re.compile(r"(?:^#|#)[ \t]*dw:[ \t]*ignore\b(?:\[([^\]]*)\])?")
_CODE = re.compile(r"[^\s,]+")


@dataclass(frozen=True)
class Suppressions:
    """Per line: None (every code) or the set of codes suppressed there; and DW001 findings."""

    by_line: dict[int, Optional[frozenset[str]]]
    problems: tuple[Diagnostic, ...]


def _unknown_code(comment: Comment, start: int, code: str) -> Diagnostic:
    info = LINT_CODES["DW001"]
    column = comment.column + start
    return Diagnostic("DW001", info.severity,
                      f"unknown code {code!r} in suppression comment", comment.line, column,
                      comment.line, column + len(code), error_type=info.error_type)


def find_suppressions(text: str, mode: str = "code") -> Suppressions:
    """Read the suppression comments of a decoded script."""
    by_line: dict[int, Optional[frozenset[str]]] = {}
    problems: list[Diagnostic] = []
    if "dw:" not in text:  # the common case: no directive, no second tokenization
        return Suppressions(by_line, ())
    for comment in find_comments(text, mode):
        match = _DIRECTIVE.search(comment.text)
        if match is None:
            continue
        if match.group(1) is None:
            by_line[comment.line] = None
            continue
        codes = set()
        for code_match in _CODE.finditer(match.group(1)):
            code = code_match.group()
            if code.upper() in ALL_CODES:
                codes.add(code.upper())
            else:
                problems.append(_unknown_code(comment, match.start(1) + code_match.start(), code))
        if comment.line in by_line and by_line[comment.line] is None:
            continue
        by_line[comment.line] = frozenset(codes)
    return Suppressions(by_line, tuple(problems))


def apply_suppressions(diags: list[Diagnostic], supp: Suppressions) -> tuple[list[Diagnostic], int]:
    """The diagnostics left after suppression, and how many were suppressed."""
    kept = []
    for d in diags:
        if d.code not in UNSUPPRESSIBLE and d.line in supp.by_line:
            codes = supp.by_line[d.line]
            if codes is None or d.code in codes:
                continue
        kept.append(d)
    return kept, len(diags) - len(kept)

"""Collects the diagnostics of one check and gives them positions taken from nodes.

Compound statements span their whole body; reporting one (``class A:``, ``with f():``) underlines
only its header line, which needs the source text, so the report keeps the lines.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Optional

from dataway.diagnostics import Diagnostic, diagnostic
from dataway.syntax import ast as A

__all__ = ["Report", "source_text", "suggest"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def source_text(source: Any) -> str:
    """The text of ``source``: a ``dataway.source.Source`` (``.text``) or a plain str."""
    if isinstance(source, str):
        return source
    for attr in ("text", "source", "content"):
        value = getattr(source, attr, None)
        if isinstance(value, str):
            return value
    return ""


class Report:
    """Diagnostics found so far, plus the source lines used to compute header spans."""

    def __init__(self, source: Any = None) -> None:
        self.items: list[Diagnostic] = []
        self.lines = _LINE_BREAK.split(source_text(source))

    def add(self, code: str, message: str, node: Optional[A.Node] = None, *,
            suggestion: Optional[str] = None, error_type: Optional[str] = None,
            header: bool = False, span: Optional[tuple[int, int, int, int]] = None) -> None:
        """Report ``code`` at ``node`` (or ``span``); ``header`` keeps only the first line."""
        if span is None:
            if node is None or not node.line:
                span = (1, 1, 1, 1)
            else:
                span = (node.line, node.column, node.end_line or node.line,
                        node.end_column or node.column + 1)
                if header and span[2] != span[0]:
                    span = (span[0], span[1], span[0], self.line_end(span[0], span[1]))
        line, col, end_line, end_col = span
        self.items.append(diagnostic(code, message, line, col, end_line, end_col,
                                     suggestion=suggestion, error_type=error_type))

    def line_end(self, line: int, column: int) -> int:
        """Column just past the last non-blank character of ``line`` (at least ``column`` + 1)."""
        if 1 <= line <= len(self.lines):
            text = self.lines[line - 1].rstrip()
            return max(len(text) + 1, column + 1)
        return column + 1


def suggest(name: str, candidates: Iterable[str]) -> Optional[str]:
    """``did you mean 'x'?`` for the closest public candidate (difflib), or None."""
    close = difflib.get_close_matches(
        name, sorted(c for c in candidates if not c.startswith("_")), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None

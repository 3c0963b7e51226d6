"""Comments of a script: found from the tokenizer's STRING spans, since the AST has none.

The tokenizer (:mod:`dataway.syntax.tokenizer`) drops comments, but every ``#`` that is not
inside a string literal starts one, and only STRING tokens can contain ``#``. So a comment is
the first ``#`` of a line outside every STRING span, up to the end of that line. Used by inline
suppressions (``# dw: ignore``) and by the formatter, which must keep every comment.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from dataway.syntax.tokenizer import SyntaxProblem, tokenize

__all__ = ["Comment", "find_comments", "string_spans", "line_starts"]


class Comment(NamedTuple):
    """One comment: 1-based line and code-point column of its ``#``, and its text from ``#``."""

    line: int
    column: int
    text: str


def line_starts(text: str) -> list[int]:
    """Offset of the first character of each line (index 0 is line 1)."""
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def string_spans(text: str, mode: str = "code") -> list[tuple[int, int]]:
    """Offsets ``(start, end)`` of the STRING tokens of ``text``, in order.

    A script with a syntax error yields the strings before the error: comments further on are
    still found, at worst with a ``#`` inside a later string mistaken for one.
    """
    starts = line_starts(text)
    spans: list[tuple[int, int]] = []
    tok_mode = "code" if mode == "code" else "expression"
    try:
        for tok in tokenize(text, mode=tok_mode):
            if tok[0] == "STRING":
                spans.append((starts[tok[2] - 1] + tok[3] - 1, starts[tok[4] - 1] + tok[5] - 1))
    except SyntaxProblem:
        pass
    return spans


def find_comments(text: str, mode: str = "code") -> list[Comment]:
    """Every comment of ``text`` (decoded, ``\\n`` line endings) in source order.

    Text mode has no comments: a ``#`` there is literal text.
    """
    if mode == "text" or "#" not in text:
        return []
    spans = string_spans(text, mode)
    span_starts = [s for s, _ in spans]
    starts = line_starts(text)
    found: list[Comment] = []
    pos = text.find("#")
    while pos >= 0:
        i = bisect_right(span_starts, pos) - 1
        if i >= 0 and pos < spans[i][1]:
            pos = text.find("#", spans[i][1])  # inside a string literal: skip past it
            continue
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = bisect_right(starts, pos)
        found.append(Comment(line, pos - starts[line - 1] + 1, text[pos:end]))
        pos = text.find("#", end)
    return found

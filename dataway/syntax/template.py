"""Text mode (spec §2.3): literal text with ``${expression}`` interpolations.

``$${`` is an escape for the two characters ``${``; any other ``$`` and any ``}`` outside an
interpolation are literal. An interpolation's expression runs to the first ``}`` outside brackets
and string literals (which also covers f-string replacement fields, as they live inside string
literals); it may span lines, surrounding whitespace is ignored, and it is parsed with the
expression grammar at its real position, so errors inside it are reported in coordinates of the
whole text. An unterminated or empty ``${`` is DW106 at the ``${``.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from dataway.diagnostics import diagnostic
from dataway.syntax import ast
from dataway.syntax.literals import offset_position
from dataway.syntax.tokenizer import SyntaxProblem

__all__ = ["parse_template", "find_interpolation_end"]

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_MARK = re.compile(r"\$\$\{|\$\{")
_STRING_PREFIX = re.compile(r"(?:[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF]|[rRbBuUfF])?(?:'''|\"\"\"|'|\")")


def find_interpolation_end(text: str, start: int) -> Optional[int]:
    """Index of the ``}`` closing the interpolation whose expression starts at ``start``, or
    None when it is unterminated (end of text, or an unterminated string literal)."""
    stack: list[str] = []
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"" or (ch.isalpha() and _STRING_PREFIX.match(text, i)
                           and (i == start or not (text[i - 1].isalnum() or text[i - 1] == "_"))):
            m = _STRING_PREFIX.match(text, i)
            if m is None:
                i += 1
                continue
            quote = m.group().lstrip("rRbBuUfF")
            j = m.end()
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 2  # even a raw string cannot end on an escaped quote
                    continue
                if len(quote) == 1 and text[j] == "\n":
                    return None
                j += 1
            if j >= n:
                return None
            i = j + len(quote)
            continue
        if ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch in ")]}":
            if not stack:
                if ch == "}":
                    return i
            elif stack[-1] == ch:
                stack.pop()
        i += 1
    return None


def parse_template(text: str, run: Any) -> ast.Template:
    """Parse a text-mode script into a Template (``run`` is the parser's per-script state)."""
    parts: list[ast.Node] = []
    literal: list[str] = []
    literal_start = 0
    pos = 0

    def where(start: int, stop: int) -> dict[str, int]:
        line, column = offset_position(text, start, 1, 1)
        end_line, end_column = offset_position(text, stop, 1, 1)
        return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}

    def flush(stop: int) -> None:
        if literal:
            parts.append(ast.TemplateText(value="".join(literal), **where(literal_start, stop)))
            literal.clear()

    while True:
        mark = _MARK.search(text, pos)
        if mark is None:
            if pos < len(text):
                if not literal:
                    literal_start = pos
                literal.append(text[pos:])
            flush(len(text))
            break
        if mark.start() > pos:
            if not literal:
                literal_start = pos
            literal.append(text[pos:mark.start()])
        if mark.group() == "$${":
            if not literal:
                literal_start = mark.start()
            literal.append("${")
            pos = mark.end()
            continue
        flush(mark.start())
        open_at = mark.start()
        close = find_interpolation_end(text, mark.end())
        if close is None:
            raise SyntaxProblem(diagnostic("DW106", "unterminated interpolation: '${' without "
                                           "a matching '}'", **where(open_at, open_at + 2)))
        expr_text = text[mark.end():close]
        if not expr_text.strip():
            raise SyntaxProblem(diagnostic("DW106", "empty interpolation '${}'",
                                           **where(open_at, close + 1)))
        line, column = offset_position(text, mark.end(), 1, 1)
        body = run.parse_expression(expr_text, line, column, in_brackets=True).body
        parts.append(ast.TemplateExpr(body=body, **where(open_at, close + 1)))
        pos = close + 1
    if parts:
        span = {"line": 1, "column": 1, "end_line": parts[-1].end_line,
                "end_column": parts[-1].end_column}
    else:
        span = {"line": 1, "column": 1, "end_line": 1, "end_column": 1}
    return ast.Template(parts=tuple(parts), **span)


"""``dataway fmt``: a deterministic PEP 8 formatter for Dataway scripts.

:func:`format_source` is the API (the CLI and the language server's formatting call it). It
keeps the author's statement structure and line breaks inside brackets, and decides
indentation (4 spaces), spaces around operators and after commas, blank lines around
definitions, one statement per line, and comment spacing (see :mod:`.layout` and
:mod:`.spacing`). String literals are kept exactly as written: PEP 8 does not prefer a quote
character, and rewriting quotes would have to rewrite escapes and f-string fields too.

It never changes meaning: the result is parsed again and its syntax tree compared with the
original's (positions ignored), and every comment must survive; otherwise
:class:`FormatError` is raised and nothing is written. A script with syntax errors is not
formatted (FormatError naming the first one).
"""
from __future__ import annotations

from typing import Optional

from dataway.diagnostics import Diagnostic
from dataway.lint.comments import find_comments, line_starts
from dataway.source import decode_source
from dataway.syntax.parser import parse
from dataway.syntax.tokenizer import tokenize

from .equivalence import first_difference
from .layout import normalise_comment, render_entries, render_statement
from .lines import Entry, build_entries
from .tokens import Tok

__all__ = ["format_source", "FormatError"]


class FormatError(Exception):
    """The source cannot be formatted safely; ``diagnostic`` is set for syntax errors."""

    def __init__(self, message: str, diagnostic: Optional[Diagnostic] = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


def _tokens(text: str, mode: str) -> list[Tok]:
    starts = line_starts(text)
    out = []
    for t, _value, line, col, end_line, end_col in tokenize(text, mode=mode):
        if t in ("INDENT", "DEDENT", "NEWLINE", "$END"):
            out.append(Tok(t, "", line, col, end_line, end_col))
        else:
            source = text[starts[line - 1] + col - 1:starts[end_line - 1] + end_col - 1]
            if t == "UNSUPPORTED":
                raise FormatError(f"line {line}: a {_value} cannot be formatted")
            out.append(Tok(t, source, line, col, end_line, end_col))
    return out


def _parsed(text: str, mode: str, what: str):
    result = parse(text, mode)
    errors = [d for d in result.diagnostics if d.is_error]
    if errors or result.tree is None:
        first = errors[0] if errors else None
        where = f"{first.line}:{first.column}: {first.code} {first.message}" if first else "?"
        raise FormatError(f"{what} has a syntax error, not formatted ({where})", first)
    return result.tree


def _format_expression(text: str) -> str:
    tokens = [t for t in _tokens(text, "expression")
              if t.type not in ("INDENT", "DEDENT", "NEWLINE", "$END")]
    if not tokens:
        return text
    entry = Entry(0, tokens[0].line, tokens[-1].end_line, tokens)
    for c in find_comments(text, "expression"):
        entry.comments[c.line] = c.text
    return "\n".join(render_statement(entry)) + ("\n" if text.endswith("\n") else "")


def format_source(source: str, *, mode: str = "code") -> str:
    """The formatted text of a script (``\\n`` line endings), or FormatError.

    ``mode`` ``'code'`` formats a ``.dw`` file; ``'expression'`` formats one expression (its
    spaces and continuation lines); ``'text'`` templates are returned unchanged, since all of
    their text is output.
    """
    text, problem = decode_source(source)
    if mode == "text":
        return text
    if mode not in ("code", "expression"):
        raise ValueError(f"unknown mode {mode!r}; expected code, expression or text")
    before = _parsed(text, mode, "the script")
    if mode == "code":
        result = render_entries(build_entries(_tokens(text, "code"), find_comments(text)))
    else:
        result = _format_expression(text)
    after = _parsed(result, mode, "the formatted script")
    difference = first_difference(before, after)
    if difference is not None:
        raise FormatError(f"formatting would change the meaning ({difference}); not formatted "
                          "- please report this as a bug")
    old = [normalise_comment(c.text) for c in find_comments(text, mode)]
    new = [c.text for c in find_comments(result, mode)]
    if old != new:
        raise FormatError("formatting would lose or change a comment; not formatted - please "
                          "report this as a bug")
    return result

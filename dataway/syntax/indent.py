"""Indentation tracking: INDENT/DEDENT tokens and CPython's tab rules.

CPython measures each indentation twice, with tabs to the next multiple of 8 and with tabs as
one column; if the two measures disagree about whether a line is indented more, less or the same
as the enclosing block, the source is ambiguous and is a ``TabError`` (DW104). A dedent to a
width that is not on the stack is an ``IndentationError`` (DW103).
"""
from __future__ import annotations

from typing import Iterator

from dataway.diagnostics import diagnostic

__all__ = ["IndentTracker"]


def _measure(whitespace: str) -> tuple[int, int]:
    """(columns with tab size 8, columns with tab size 1); a form feed resets both."""
    col = alt = 0
    for ch in whitespace:
        if ch == " ":
            col += 1
            alt += 1
        elif ch == "\t":
            col = (col // 8 + 1) * 8
            alt += 1
        else:  # form feed
            col = alt = 0
    return col, alt


class IndentTracker:
    """The indentation stack of one code-mode tokenizer run."""

    __slots__ = ("_cols", "_alts")

    def __init__(self) -> None:
        self._cols = [0]
        self._alts = [0]

    def unchanged(self, whitespace: str) -> bool:
        """True when a line starting after ``whitespace`` (spaces only) stays in the current
        block, so :meth:`update` would yield nothing: most lines; checked without starting a
        generator."""
        return len(whitespace) == self._cols[-1] == self._alts[-1] and \
            whitespace.count(" ") == len(whitespace)

    @property
    def depth(self) -> int:
        """Number of open indented blocks."""
        return len(self._cols) - 1

    def update(self, whitespace: str, line: int, column: int) -> Iterator[tuple]:
        """Yield INDENT/DEDENT tokens for a logical line starting after ``whitespace``.

        ``column`` is the 1-based column of the line's first token.
        """
        from dataway.syntax.tokenizer import SyntaxProblem  # tokenizer imports this module

        if not whitespace:
            if len(self._cols) == 1:
                return
            col = alt = 0
        else:
            col, alt = _measure(whitespace)
        cols, alts = self._cols, self._alts
        if col == cols[-1]:
            if alt != alts[-1]:
                raise SyntaxProblem(_tab_error(line, column))
        elif col > cols[-1]:
            if alt <= alts[-1]:
                raise SyntaxProblem(_tab_error(line, column))
            cols.append(col)
            alts.append(alt)
            yield ("INDENT", whitespace, line, 1, line, column)
        else:
            while col < cols[-1]:
                cols.pop()
                alts.pop()
                yield ("DEDENT", "", line, column, line, column)
            if col != cols[-1]:
                raise SyntaxProblem(diagnostic(
                    "DW103", "unindent does not match any outer indentation level",
                    line, 1, line, column))
            if alt != alts[-1]:
                raise SyntaxProblem(_tab_error(line, column))

    def finish(self, line: int, column: int) -> Iterator[tuple]:
        """DEDENT tokens closing every open block at the end of the source."""
        while len(self._cols) > 1:
            self._cols.pop()
            self._alts.pop()
            yield ("DEDENT", "", line, column, line, column)


def _tab_error(line: int, column: int):
    return diagnostic("DW104", "inconsistent use of tabs and spaces in indentation",
                      line, 1, line, column)

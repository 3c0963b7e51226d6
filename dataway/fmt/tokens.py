"""The formatter's view of tokens: the tokenizer's tuples plus their exact source text.

The tokenizer's token values are not always the source (names are NFKC-normalised, numbers are
values, augmented operators lose their ``=``), and a formatter must never change spelling, so
every token here carries the slice of the source it was read from.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Tok", "OPENERS", "CLOSERS", "COMPOUND_STARTS", "KEYWORD_ATOMS", "BINARY_OPS",
           "is_keyword"]

OPENERS = frozenset({"LPAR", "LSQB", "LBRACE"})
CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})
#: First tokens of compound statement headers (``if x:``, ``def f():``, ``async def``...).
COMPOUND_STARTS = frozenset({"IF", "ELIF", "ELSE", "WHILE", "FOR", "TRY", "EXCEPT", "FINALLY",
                             "DEF", "CLASS", "WITH", "ASYNC"})
#: Keywords that are values, spaced like names.
KEYWORD_ATOMS = frozenset({"NONE", "TRUE", "FALSE"})
#: Operators that are binary unless they follow something that cannot end an operand.
BINARY_OPS = frozenset({"PLUS", "MINUS", "STAR", "SLASH", "DOUBLESLASH", "PERCENT", "AT",
                        "DOUBLESTAR", "LSHIFT", "RSHIFT", "AMPER", "VBAR", "CIRCUMFLEX",
                        "COMPOP", "AUGASSIGN", "RARROW", "WALRUS", "EQUAL", "TILDE"})


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: grammar terminal name, source text and 1-based span (end exclusive)."""

    type: str
    text: str
    line: int
    col: int
    end_line: int
    end_col: int


def is_keyword(tok: Tok) -> bool:
    """True for keyword tokens (their terminal name is the upper-cased keyword)."""
    return tok.text.isidentifier() and tok.type == tok.text.upper() and tok.type != "NAME"

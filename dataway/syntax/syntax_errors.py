"""Turning an LALR parse failure into one precise diagnostic.

The driver stops at the first token no action exists for, knowing the terminals that were
expected there. Most failures get the generic DW100 text naming both; common mistakes get the
friendlier messages users know from CPython: missing colon, ``=`` where ``==`` was meant,
unexpected or missing indentation (DW103), unexpected end of input (DW101), and statements in
expression mode (DW114).
"""
from __future__ import annotations

from typing import Any, Iterable

from dataway.diagnostics import Diagnostic, diagnostic
from dataway.syntax import ast

__all__ = ["ParseFailure", "describe_failure", "EXPRESSION_MODE_MESSAGE"]

EXPRESSION_MODE_MESSAGE = ("expression mode accepts a single expression; use code mode for "
                           "statements")

_STATEMENT_KEYWORDS = {"DEF", "CLASS", "FOR", "WHILE", "IMPORT", "FROM", "RETURN", "PASS",
                       "BREAK", "CONTINUE", "DEL", "GLOBAL", "NONLOCAL", "ASSERT", "RAISE",
                       "TRY", "WITH", "IF", "ASYNC", "AT"}
_STATEMENT_TOKENS = {"EQUAL", "AUGASSIGN", "SEMI", "INDENT", "UNSUPPORTED"}

# Clauses that can only continue a compound statement, and what they continue.
_CLAUSE_PARENTS = {"ELIF": "'if'", "ELSE": "'if', 'for', 'while' or 'try'",
                   "EXCEPT": "'try'", "FINALLY": "'try'"}

_DESCRIPTIONS = {
    "NAME": "name", "NUMBER": "number", "STRING": "string literal", "NEWLINE": "end of line",
    "INDENT": "indent", "DEDENT": "dedent", "$END": "end of input",
    "AUGASSIGN": "augmented assignment", "COMPOP": "comparison operator",
    "UNSUPPORTED": "statement",
}


class ParseFailure(Exception):
    """No parser action for ``token`` in the current state."""

    def __init__(self, token: tuple, expected: Iterable[str], consumed: int,
                 previous: Any = None) -> None:
        super().__init__(token[0])
        self.token = token
        #: Terminals acceptable at the failure (made precise by the driver when it can).
        self.expected = frozenset(expected)
        #: Number of tokens shifted before the failure.
        self.consumed = consumed
        #: What the parser built just before the failure (a token tuple or a node), for hints.
        self.previous = previous


def _token_text(token: tuple, terminal_text: dict[str, str]) -> str:
    ttype, value = token[0], token[1]
    if ttype == "NAME":
        return f"name '{value}'"
    if ttype == "NUMBER":
        return f"number {value!r}"
    if ttype in ("AUGASSIGN",):
        return f"'{value}='"
    if ttype == "COMPOP":
        return f"'{value}'"
    if ttype in _DESCRIPTIONS:
        return _DESCRIPTIONS[ttype]
    text = terminal_text.get(ttype)
    if text is not None:
        return f"keyword '{text}'" if text.isalpha() else f"'{text}'"
    return ttype.lower()


_EXPRESSION_STARTS = frozenset({
    "LPAR", "LSQB", "LBRACE", "NAME", "NUMBER", "STRING", "MINUS", "PLUS", "TILDE", "NOT",
    "LAMBDA", "AWAIT", "NONE", "TRUE", "FALSE", "ELLIPSIS"})
_OPERATORS = frozenset({
    "PLUS", "MINUS", "STAR", "SLASH", "DOUBLESLASH", "PERCENT", "DOUBLESTAR", "AT", "LSHIFT",
    "RSHIFT", "AMPER", "VBAR", "CIRCUMFLEX", "COMPOP", "IN", "NOT", "IS", "AND", "OR", "IF",
    "LPAR", "LSQB", "DOT", "WALRUS"})


def _expected_text(expected: frozenset[str], terminal_text: dict[str, str]) -> str:
    """A short English list of what was expected, folding the usual big groups."""
    rest = set(expected)
    names: list[str] = []
    if {"NAME", "NUMBER", "LPAR"} <= rest:
        names.append("an expression")
        rest -= _EXPRESSION_STARTS
    if {"PERCENT", "AMPER", "VBAR"} <= rest:
        names.append("an operator")
        rest -= _OPERATORS
    for ttype in sorted(rest):
        if ttype in _DESCRIPTIONS:
            names.append(_DESCRIPTIONS[ttype])
        elif ttype in terminal_text:
            names.append(f"'{terminal_text[ttype]}'")
        else:
            names.append(ttype.lower())
    names = list(dict.fromkeys(names))
    if len(names) > 8:
        names = names[:8] + ["..."]
    if len(names) <= 2:
        return " or ".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def describe_failure(failure: ParseFailure, mode: str,
                     terminal_text: dict[str, str]) -> Diagnostic:
    """The diagnostic for a parse failure in ``mode`` (``'code'`` or ``'expression'``)."""
    token, expected = failure.token, failure.expected
    ttype = token[0]
    line, column, end_line, end_column = token[2], token[3], token[4], token[5]
    if end_line == line and end_column <= column:
        end_column = column + 1

    def diag(code: str, message: str, suggestion: str | None = None) -> Diagnostic:
        return diagnostic(code, message, line, column, end_line, end_column,
                          suggestion=suggestion)

    if mode == "expression":
        complete = "$END" in expected or "NEWLINE" in expected
        if (failure.consumed == 0 and ttype in ("$END", "NEWLINE")) or expected == {"$END"} \
                or (failure.consumed == 0 and ttype in _STATEMENT_KEYWORDS) \
                or (complete and ttype in _STATEMENT_TOKENS) \
                or (complete and ttype == "COLON"):
            return diag("DW114", EXPRESSION_MODE_MESSAGE)
        if ttype == "NEWLINE":
            ttype = "$END"  # the rest of an expression is missing: same message as at the end
    previous = failure.previous
    called = previous.id if isinstance(previous, ast.Name) else (
        previous[1] if type(previous) is tuple and previous[0] == "NAME" else None)
    if ttype in ("NAME", "NUMBER", "STRING") and called in ("print", "exec"):
        return diag("DW100", f"missing parentheses in call to '{called}'",
                    f"did you mean {called}(...)?")
    if ttype == "IF" and type(previous) is tuple and previous[0] == "ELSE":
        return diag("DW100", "invalid syntax: 'else if'", "did you mean 'elif'?")
    if ttype == "INDENT":
        return diag("DW103", "unexpected indent")
    if "INDENT" in expected and ttype != "INDENT":
        return diag("DW103", "expected an indented block")
    if ttype == "$END":
        if "NAME" in expected or not expected:
            return diag("DW101", "unexpected end of input")
        return diag("DW101", "unexpected end of input; expected "
                    f"{_expected_text(expected, terminal_text)}")
    if ttype in _CLAUSE_PARENTS and "PASS" in expected:
        return diag("DW100", f"invalid syntax: '{terminal_text[ttype]}' without a matching "
                    f"{_CLAUSE_PARENTS[ttype]}")
    if ttype == "EQUAL" and ("COMPOP" in expected or "COLON" in expected):
        return diag("DW100", "invalid syntax: unexpected '='", "did you mean '=='?")
    if "COLON" in expected and ttype in ("NEWLINE", "$END"):
        return diag("DW100", "expected ':'")
    if "NAME" in expected and terminal_text.get(ttype, "").isalpha():
        word = terminal_text[ttype]
        return diag("DW100", f"invalid syntax: unexpected keyword '{word}'; expected "
                    f"{_expected_text(expected, terminal_text)}",
                    f"'{word}' is a keyword and cannot be used as a name")
    if ttype in ("NAME", "NUMBER", "STRING") and ("NEWLINE" in expected or
                                                   "COMMA" in expected):
        hint = "a comma" if "COMMA" in expected else "an operator"
        return diag("DW100", f"invalid syntax: unexpected {_token_text(token, terminal_text)}; "
                    f"expected {_expected_text(expected, terminal_text)}",
                    f"perhaps you forgot {hint}?")
    return diag("DW100", f"invalid syntax: unexpected {_token_text(token, terminal_text)}; "
                f"expected {_expected_text(expected, terminal_text)}")

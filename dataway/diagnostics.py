"""Diagnostics: the stable DW codes of spec §16 and the values that report them.

Every problem the checker finds is a :class:`Diagnostic` value made by :func:`diagnostic`, which
looks the code up in :data:`CODES` so that severity and the CPython-style error class (spec §15.1)
are decided in one place, never by the code that detects the problem.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

__all__ = ["Diagnostic", "CodeInfo", "CODES", "diagnostic", "sort_diagnostics", "has_errors",
           "ERROR", "WARNING", "INFO", "HINT"]

ERROR = "error"
WARNING = "warning"
INFO = "info"
HINT = "hint"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a DW code means: severity, the error class it maps to (§15.1), a title."""

    code: str
    severity: str
    error_type: str
    title: str


def _c(code: str, severity: str, error_type: str, title: str) -> CodeInfo:
    return CodeInfo(code, severity, error_type, title)


_TABLE = [
    _c("DW100", ERROR, "SyntaxError", "invalid syntax"),
    _c("DW101", ERROR, "SyntaxError", "unexpected end of input / unclosed bracket"),
    _c("DW102", ERROR, "SyntaxError", "unterminated string literal"),
    _c("DW103", ERROR, "IndentationError", "indentation error"),
    _c("DW104", ERROR, "TabError", "inconsistent use of tabs and spaces"),
    _c("DW105", ERROR, "SyntaxError", "invalid literal"),
    _c("DW106", ERROR, "SyntaxError", "invalid text template"),
    _c("DW107", ERROR, "LimitError", "nesting exceeds parse_depth"),
    _c("DW108", ERROR, "LimitError", "script exceeds script_length"),
    _c("DW109", ERROR, "SyntaxError", "source is not UTF-8 or declares another encoding"),
    _c("DW110", ERROR, "SyntaxError", "statement outside its context"),
    _c("DW111", ERROR, "SyntaxError", "invalid assignment or deletion target"),
    _c("DW112", ERROR, "SyntaxError", "invalid parameter or argument list"),
    _c("DW113", ERROR, "SyntaxError", "invalid f-string"),
    _c("DW114", ERROR, "SyntaxError", "expression expected"),
    _c("DW120", WARNING, "SyntaxError", "invalid escape sequence"),
    _c("DW201", ERROR, "NameError", "undefined name"),
    _c("DW202", WARNING, "NameError", "local name may be used before assignment"),
    _c("DW203", WARNING, "SyntaxError", "unused local variable"),
    _c("DW204", WARNING, "SyntaxError", "unused import"),
    _c("DW205", INFO, "SyntaxError", "name shadows a builtin or preloaded module"),
    _c("DW206", WARNING, "SyntaxError", "function redefined"),
    _c("DW207", ERROR, "SyntaxError", "reserved name 'steps' bound"),
    _c("DW208", ERROR, "SyntaxError", "global/nonlocal misuse"),
    _c("DW210", ERROR, "SyntaxError", "code mode without a top-level dw_process"),
    _c("DW211", ERROR, "SyntaxError", "dw_process must take exactly one positional parameter"),
    _c("DW212", WARNING, "SyntaxError", "unreachable code"),
    _c("DW301", ERROR, "SyntaxError", "class definitions are not supported"),
    _c("DW302", ERROR, "SyntaxError", "with statements are not supported"),
    _c("DW303", ERROR, "SyntaxError", "async and await are not supported"),
    _c("DW304", ERROR, "SyntaxError", "decorators are not supported"),
    _c("DW305", ERROR, "SyntaxError", "assignment expressions are not supported"),
    _c("DW306", ERROR, "SyntaxError", "positional-only parameters are not supported"),
    _c("DW307", ERROR, "SyntaxError", "star imports are not supported"),
    _c("DW308", ERROR, "SyntaxError", "relative imports are not supported"),
    _c("DW309", ERROR, "SyntaxError", "imaginary literals are not supported"),
    _c("DW310", ERROR, "SyntaxError", "attribute assignment or deletion is not supported"),
    _c("DW311", ERROR, "SyntaxError", "syntax from later Python versions is not supported"),
    _c("DW401", ERROR, "TypeError", "wrong number of positional arguments"),
    _c("DW402", ERROR, "TypeError", "unknown, missing or repeated keyword argument"),
    _c("DW403", ERROR, "AttributeError", "module has no such member"),
    _c("DW404", ERROR, "AttributeError", "unknown attribute"),
    _c("DW405", WARNING, "TypeError", "operand types that can never work"),
    _c("DW406", WARNING, "TypeError", "calling a value that is never callable"),
    _c("DW407", WARNING, "TypeError", "value cannot leave a script"),
    _c("DW408", WARNING, "ValueError", "invalid format string"),
    _c("DW409", ERROR, "ValueError", "unknown declared type or unconvertible literal"),
    _c("DW501", ERROR, "ModuleNotFoundError", "module not available"),
    _c("DW502", ERROR, "AttributeError", "attribute name starting with '_'"),
    _c("DW503", ERROR, "NameError", "identifier starting with '__'"),
    _c("DW504", ERROR, "NameError", "builtin not available in Dataway"),
    _c("DW505", ERROR, "TypeError", "write to read-only message data"),
    _c("DW506", ERROR, "AttributeError", "'_' name in getattr/hasattr or a format field"),
    _c("DW507", ERROR, "TypeError", "keyword refused by the sandbox"),
]

#: Every DW code, by code.
CODES: dict[str, CodeInfo] = {info.code: info for info in _TABLE}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding of the checker (spec §16).

    Positions are 1-based, columns in code points, end exclusive. ``error_type`` is the class
    name used when this diagnostic is the first error of a failed check (§15.1); it can differ
    from the code's default (DW403 on an import is an ``ImportError``).
    """

    code: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    suggestion: Optional[str] = None
    error_type: str = "SyntaxError"

    @property
    def is_error(self) -> bool:
        """True for error severity: such a diagnostic fails the check."""
        return self.severity == ERROR

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``dataway check --format json`` and error objects."""
        d: dict[str, Any] = {
            "code": self.code, "severity": self.severity, "message": self.message,
            "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
        }
        if self.suggestion is not None:
            d["suggestion"] = self.suggestion
        return d

    def render(self, script: str) -> str:
        """``orders.dw:3:5: error DW301: class definitions are not supported in Dataway``."""
        text = f"{script}:{self.line}:{self.column}: {self.severity} {self.code}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        return text


def diagnostic(code: str, message: str, line: int, column: int, end_line: Optional[int] = None,
               end_column: Optional[int] = None, *, suggestion: Optional[str] = None,
               error_type: Optional[str] = None, node: Any = None) -> Diagnostic:
    """Make a Diagnostic for ``code``; severity and error class come from :data:`CODES`.

    Pass ``node`` (any AST node) instead of explicit positions to use its span.
    """
    info = CODES[code]
    if node is not None:
        line, column = node.line, node.column
        end_line, end_column = node.end_line, node.end_column
    if end_line is None:
        end_line = line
    if end_column is None:
        end_column = column + 1
    return Diagnostic(code, info.severity, message, line, column, end_line, end_column,
                      suggestion, error_type or info.error_type)


_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2, HINT: 3}


def sort_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    """Order by position, then code (spec §16), dropping exact duplicates."""
    seen = set()
    out = []
    for d in sorted(diags, key=lambda d: (d.line, d.column, d.code, d.end_line, d.end_column)):
        key = (d.code, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def has_errors(diags: list[Diagnostic]) -> bool:
    """True when any diagnostic has error severity."""
    return any(d.severity == ERROR for d in diags)

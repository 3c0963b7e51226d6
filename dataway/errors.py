"""Host-side error classes of the embedding API and the §15.2 error object.

These are what an *embedder* catches. Scripts never see them: inside a script, exceptions are
Dataway exception values (``dataway.runtime.exceptions``), and ``LimitError``/``InternalError``
cannot be caught at all (spec §4.3).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .diagnostics import Diagnostic

__all__ = ["Frame", "ErrorInfo", "DatawayError", "CheckError", "ScriptError", "LimitError",
           "InternalError", "CODE_SCRIPT_LENGTH", "CODE_CHECK", "CODE_RUNTIME", "CODE_LIMIT",
           "CODE_INTERNAL"]

CODE_SCRIPT_LENGTH = 1000000
CODE_CHECK = 1000001
CODE_RUNTIME = 1200001
CODE_LIMIT = 1200003
CODE_INTERNAL = 1500000


@dataclass(frozen=True, slots=True)
class Frame:
    """One script frame of a traceback (outermost first in :attr:`ErrorInfo.traceback`)."""

    script: str
    function: str
    line: int
    column: int
    source_line: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{script, function, line, column}``."""
        return {"script": self.script, "function": self.function, "line": self.line,
                "column": self.column}


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """The §15.2 error object: every field JSON-serialisable via :meth:`to_dict`.

    ``type`` is the bare class name (``JSONDecodeError``); ``qualified_type`` is what the last
    line of ``text`` shows (``json.decoder.JSONDecodeError``).
    """

    code: int
    type: str
    message: str
    script: str
    line: Optional[int] = None
    column: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    limit: Optional[str] = None
    traceback: tuple[Frame, ...] = ()
    cause: Optional["ErrorInfo"] = None
    cause_is_explicit: bool = True
    diagnostics: tuple[Diagnostic, ...] = ()
    qualified_type: Optional[str] = None
    source_line: Optional[str] = None

    @property
    def text(self) -> str:
        """The CPython-style rendering (traceback or caret form)."""
        return render_error(self)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of §15.2."""
        d: dict[str, Any] = {
            "code": self.code, "type": self.type, "message": self.message,
            "script": self.script, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "traceback": [f.to_dict() for f in self.traceback],
            "text": self.text,
        }
        if self.limit is not None:
            d["limit"] = self.limit
        if self.cause is not None:
            d["cause"] = self.cause.to_dict()
        if self.diagnostics:
            d["diagnostics"] = [x.to_dict() for x in self.diagnostics]
        return d


def _last_line(info: ErrorInfo) -> str:
    name = info.qualified_type or info.type
    text = f"{name}: {info.message}" if info.message != "" else name
    if info.diagnostics:  # a check error names its stable code: "... in Dataway [DW301]"
        text += f" [{info.diagnostics[0].code}]"
    return text


def _caret_block(source_line: Optional[str], column: Optional[int], end_column: Optional[int],
                 same_line: bool) -> list[str]:
    if source_line is None or column is None:
        return []
    stripped = source_line.rstrip("\r\n")
    indent = len(stripped) - len(stripped.lstrip())
    text = stripped.strip()
    start = max(column - 1 - indent, 0)
    end = (end_column - 1 - indent) if (end_column and same_line) else len(text)
    width = max(end - start, 1)
    return [f"    {text}", "    " + " " * start + "^" * width]


def render_error(info: ErrorInfo) -> str:
    """Render ``info`` as CPython would print it (script frames only, chained causes first)."""
    lines: list[str] = []
    if info.cause is not None:
        lines.append(render_error(info.cause))
        lines.append("")
        lines.append("The above exception was the direct cause of the following exception:"
                     if info.cause_is_explicit else
                     "During handling of the above exception, another exception occurred:")
        lines.append("")
    if info.traceback:
        lines.append("Traceback (most recent call last):")
        for fr in info.traceback:
            lines.append(f'  File "{fr.script}", line {fr.line}, in {fr.function}')
            if fr.source_line is not None and fr.source_line.strip():
                lines.append("    " + fr.source_line.strip())
    elif info.line is not None:
        lines.append(f'  File "{info.script}", line {info.line}, column {info.column}')
        lines.extend(_caret_block(info.source_line, info.column, info.end_column,
                                  info.end_line in (None, info.line)))
    lines.append(_last_line(info))
    return "\n".join(lines)


class DatawayError(Exception):
    """Base of every error the library raises: ``code`` plus the §15.2 ``error`` object.

    ``log`` holds the evaluation's ``print`` output up to the failure (empty for check errors).
    """

    def __init__(self, error: ErrorInfo, log: str = "") -> None:
        super().__init__(error.text)
        self.error = error
        self.log = log

    @property
    def code(self) -> int:
        """The numeric error code of §15.1."""
        return self.error.code

    def __str__(self) -> str:
        return self.error.text


class CheckError(DatawayError):
    """The script failed its check (code 1000000 or 1000001); see ``error.diagnostics``."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """All diagnostics of the failed check, errors first."""
        return self.error.diagnostics


class ScriptError(DatawayError):
    """An exception escaped the script (code 1200001); ``error.type`` is its class name."""


class LimitError(DatawayError):
    """A limit of §14 was exceeded (1200003, or 1000000 for ``script_length`` at check)."""


class InternalError(DatawayError):
    """A defect in the evaluator (1500000); details went to the host log only."""

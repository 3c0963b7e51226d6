"""Evaluation failures as §15.2 error objects.

* a script exception (:class:`ScriptRaise`) -> code 1200001, its class and message, the script
  frames recorded while it propagated (outermost first, with source lines) and the chained
  ``cause`` (explicit ``raise ... from``) or implicit context;
* a limit (:class:`LimitExceeded`) -> code 1200003, ``LimitError`` with the limit name;
* anything else is a defect of the evaluator -> code 1500000 ``InternalError`` with an incident
  id; the details go to the host log only, never to the script's author.
"""
from __future__ import annotations

import logging
import uuid
from typing import Any, Optional

from ..errors import CODE_INTERNAL, CODE_LIMIT, CODE_RUNTIME, ErrorInfo, Frame
from ..runtime.context import LimitExceeded
from ..runtime.exceptions import ExcValue, ScriptRaise

__all__ = ["to_error_info", "exc_value_info"]

_log = logging.getLogger("dataway.evaluator")


def _line_getter(source: Any):
    if source is None:
        return lambda n: None
    if hasattr(source, "line_text"):
        def from_source(n: int) -> Optional[str]:
            try:
                return source.line_text(n)
            except Exception:
                return None
        return from_source
    if isinstance(source, bytes):
        source = source.decode("utf-8", "replace")
    if isinstance(source, str):
        lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return lambda n: lines[n - 1] if 0 < n <= len(lines) else None
    return lambda n: None


def _frames(raw: list, script: str, line_of: Any) -> tuple[Frame, ...]:
    out = []
    for entry in reversed(raw):
        fscript, function, line, column = entry
        text = line_of(line) if fscript == script else None
        out.append(Frame(fscript, function, line, column, text))
    return tuple(out)


def exc_value_info(value: ExcValue, script: str, source: Any = None,
                   _seen: Optional[set] = None) -> ErrorInfo:
    """The error object of a script exception value, with its chain."""
    seen = _seen if _seen is not None else set()
    seen.add(id(value))
    line_of = _line_getter(source)
    frames = _frames(value.frames, script, line_of)
    cause: Optional[ErrorInfo] = None
    explicit = True
    if value.cause is not None and id(value.cause) not in seen:
        cause = exc_value_info(value.cause, script, source, seen)
    elif (value.context is not None and not value.suppress_context
          and id(value.context) not in seen):
        cause = exc_value_info(value.context, script, source, seen)
        explicit = False
    inner = frames[-1] if frames else None
    return ErrorInfo(code=CODE_RUNTIME, type=value.type.name, message=str(value), script=script,
                     line=inner.line if inner else None,
                     column=inner.column if inner else None,
                     traceback=frames, cause=cause, cause_is_explicit=explicit,
                     qualified_type=value.type.qualname,
                     source_line=inner.source_line if inner else None)


def to_error_info(exc: BaseException, script: str, source: Any = None) -> ErrorInfo:
    """Map any exception that ended an evaluation to its §15.2 error object."""
    if isinstance(exc, ScriptRaise):
        return exc_value_info(exc.value, script, source)
    if isinstance(exc, LimitExceeded):
        line_of = _line_getter(source)
        frames = _frames(exc.frames, script, line_of)
        pos = exc.position
        line = pos[0] if pos else (frames[-1].line if frames else None)
        column = pos[1] if pos else (frames[-1].column if frames else None)
        return ErrorInfo(code=CODE_LIMIT, type="LimitError", message=exc.message, script=script,
                         line=line, column=column, limit=exc.limit, traceback=frames,
                         qualified_type="LimitError",
                         source_line=line_of(line) if line else None)
    incident = uuid.uuid4().hex[:12]
    _log.error("internal error in script %r (incident %s)", script, incident, exc_info=exc)
    return ErrorInfo(code=CODE_INTERNAL, type="InternalError",
                     message=f"internal error (incident {incident})", script=script,
                     qualified_type="InternalError")

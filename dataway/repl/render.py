"""Text of REPL results and errors, in the coordinates of the user's inputs.

Results are ``repr`` of the raw value followed by its Dataway type (``'ANN'  # str``). Errors
point at the input line that failed (``line 2 of this input``, or ``in an earlier input``) with
a caret under the reported span, and end with CPython's last line (``KeyError: 'x'``).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from dataway.errors import CheckError, DatawayError

__all__ = ["render_result", "render_check_error", "render_script_error"]

Origin = Callable[[int], Optional[tuple[int, int, int]]]


def render_result(value: Any) -> str:
    """``repr(value)  # type``."""
    from dataway.runtime.prechecks import type_name
    try:
        text = repr(value)
    except RecursionError:
        text = "<too deeply nested to print>"
    return f"{text}  # {type_name(value)}"


def _where(origin: Optional[tuple[int, int, int]], inputs: list[str]) -> tuple[str, Optional[str]]:
    """A location phrase and the source line of an origin."""
    if origin is None:
        return "in generated code", None
    index, line, _ = origin
    text = inputs[index] if -len(inputs) <= index < len(inputs) else ""
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else None
    phrase = f"line {line}" if index == -1 else f"line {line} of an earlier input"
    return phrase, source


def _caret(source: Optional[str], column: int, end_column: Optional[int]) -> list[str]:
    if source is None:
        return []
    start = max(column, 0)
    end = end_column if end_column is not None and end_column > start else start + 1
    end = min(end, max(len(source), start + 1))
    return [f"    {source}", "    " + " " * start + "^" * max(end - start, 1)]


def render_check_error(exc: CheckError, origin: Origin, inputs: list[str]) -> str:
    """The first error diagnostic, placed in the input; ``(N more errors)`` when there are
    more."""
    errors = [d for d in exc.diagnostics if d.is_error]
    if not errors:
        return exc.error.text
    d = errors[0]
    where = origin(d.line)
    phrase, source = _where(where, inputs)
    shift = where[2] if where else 0
    end = d.end_column - 1 - shift if d.end_line == d.line else None
    out = [f"  {phrase}, column {max(d.column - shift, 1)}"]
    out += _caret(source, d.column - 1 - shift, end)
    out.append(f"{d.error_type}: {d.message} [{d.code}]")
    if len(errors) > 1:
        more = len(errors) - 1
        out.append(f"({more} more error{'s' if more != 1 else ''})")
    return "\n".join(out)


def render_script_error(exc: DatawayError, origin: Origin, inputs: list[str]) -> str:
    """A traceback over the inputs (innermost frame last) and CPython's last line."""
    info = exc.error
    out: list[str] = []
    if info.traceback:
        out.append("Traceback (most recent call last):")
        for frame in info.traceback:
            where = origin(frame.line)
            phrase, source = _where(where, inputs)
            function = "" if frame.function in ("dw_process", "<module>") else f", in {frame.function}"
            out.append(f"  {phrase}{function}")
            if source is not None and source.strip():
                out.append(f"    {source.strip()}")
    name = info.qualified_type or info.type
    out.append(f"{name}: {info.message}" if info.message != "" else name)
    return "\n".join(out)

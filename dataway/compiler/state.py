"""Run-time state shared by compiled closures, and the exception bookkeeping of script frames.

A script frame at run time is a plain list ``L``:

* ``L[0]``: the :class:`Run` of the evaluation (globals, step counter, call depth ...);
* ``L[1]``: the value of a pending ``return`` (statements signal :data:`RETURN`);
* ``L[2:]``: the scope's slots in resolver order (locals, cells, free cells).

Statements return ``None`` to continue, or one of the signals :data:`BREAK`, :data:`CONTINUE`,
:data:`RETURN`. Exceptions move through the closures as host exceptions; the first statement an
exception crosses records its position (:func:`note`), converting host exceptions raised by
operations (``KeyError`` from ``d[k]``) into :class:`ScriptRaise` so the rest of the evaluator
deals with one kind. When the exception leaves a script frame, :func:`leave_frame` appends the
frame to the traceback stored on the exception value.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..runtime.context import Context, LimitExceeded
from ..runtime.exceptions import EXC_TYPES, ExcValue, ScriptRaise, to_exc_value
from ..runtime.values import DWObject

__all__ = ["Run", "Cell", "UNBOUND", "BREAK", "CONTINUE", "RETURN", "SLOT0", "Pos", "note",
           "leave_frame", "flush_frame", "script_error", "uncatchable", "TracePos"]

SLOT0 = 2
"""Index in a frame list of the scope's first slot."""


class _Signal:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


BREAK = _Signal("BREAK")
CONTINUE = _Signal("CONTINUE")
RETURN = _Signal("RETURN")


class _Unbound:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<unbound>"


UNBOUND: Any = _Unbound()
"""The content of a local slot or cell that has no value yet (or was deleted)."""


class Cell:
    """A variable shared between a scope and the closures defined in it."""

    __slots__ = ("v",)

    def __init__(self, v: Any = UNBOUND) -> None:
        self.v = v


Pos = tuple  # (line, column, end_line, end_column)


Run = Context
"""The per-evaluation state every closure reaches through ``L[0]``: the evaluation's
:class:`~dataway.runtime.context.Context` itself (global namespace ``g``, step counter and
checkpoint ``check_at``, ``depth``/``max_depth``, ``handling``)."""


class TracePos:
    """Where an exception was when it crossed its first statement of the current frame."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


_RECORDED = TracePos(0, 0)  # the frame's entry is already in the traceback (bare ``raise``)


def uncatchable(exc: BaseException) -> bool:
    """True for exceptions no script ``except``/``finally`` may see (limits, host aborts)."""
    return not isinstance(exc, ScriptRaise)


def script_error(type_name: str, *args: Any) -> ScriptRaise:
    """A carrier for a new script exception of a named builtin class."""
    return ScriptRaise(ExcValue(EXC_TYPES[type_name], args))


def note(exc: BaseException, run: Run, line: int, column: int) -> BaseException:
    """Record that ``exc`` crossed the statement at (line, column); returns what to re-raise.

    Host exceptions become ScriptRaise carriers (script code only ever handles those); a host
    RecursionError (``value_depth``) or MemoryError (``memory``) becomes a LimitExceeded, which
    scripts cannot catch. A new
    script exception raised while another is being handled gets it as ``__context__``.
    """
    if isinstance(exc, ScriptRaise):
        carrier = exc
    elif isinstance(exc, LimitExceeded):
        if exc.position is None:
            exc.position = (line, column, line, column)
        if getattr(exc, "dw_pos", None) is None:
            exc.dw_pos = TracePos(line, column)  # type: ignore[attr-defined]
        return exc
    elif isinstance(exc, Exception):
        if isinstance(exc, RecursionError):
            # Script frames stop at call_depth long before the host's limit: what recursed
            # this deep is a host operation on a deeply nested value (==, repr, hash ...).
            lim = LimitExceeded("value_depth", run.limits.value_depth)
            lim.host_recursion = True  # type: ignore[attr-defined]  # see Program.start
            lim.position = (line, column, line, column)
            lim.dw_pos = TracePos(line, column)  # type: ignore[attr-defined]
            return lim
        if isinstance(exc, MemoryError):
            lim = LimitExceeded("memory", run.limits.memory)
            lim.position = (line, column, line, column)
            lim.dw_pos = TracePos(line, column)  # type: ignore[attr-defined]
            return lim
        if type(exc) is TypeError:
            exc = _script_type_names(exc)
        carrier = ScriptRaise(to_exc_value(exc))
    else:
        return exc
    if getattr(carrier, "dw_pos", None) is None:
        carrier.dw_pos = TracePos(line, column)  # type: ignore[attr-defined]
    if not getattr(carrier, "dw_seen", False):
        carrier.dw_seen = True  # type: ignore[attr-defined]
        value = carrier.value
        if run.handling and value.context is None:
            handled = run.handling[-1]
            if handled is not value:
                value.context = handled
    return carrier


def _wrapper_names() -> dict[str, str]:
    """Host class name -> script type name, for every wrapper class scripts may hold."""
    names: dict[str, str] = {}
    stack = list(DWObject.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        shown = cls.__dict__.get("dw_type_name") or getattr(cls, "dw_type_name", None)
        if isinstance(shown, str) and shown != cls.__name__:
            names.setdefault(cls.__name__, shown)
    return names


def _script_type_names(exc: TypeError) -> TypeError:
    """CPython's TypeError text with wrapper class names replaced by what scripts see
    (``'module' object is not callable``, not the host class behind it)."""
    text = str(exc)
    if "'" not in text:
        return exc
    changed = False
    for host, shown in _wrapper_names().items():
        quoted = f"'{host}'"
        if quoted in text:
            text = text.replace(quoted, f"'{shown}'")
            changed = True
    return TypeError(text) if changed else exc


def leave_frame(exc: BaseException, script: str, function: str) -> None:
    """Append this frame to the traceback of ``exc`` as it leaves a script frame."""
    pos = getattr(exc, "dw_pos", None)
    if pos is None:
        return
    exc.dw_pos = None  # type: ignore[attr-defined]
    if pos is _RECORDED:
        return
    frames = _frames_of(exc)
    if frames is not None:
        frames.append((script, function, pos.line, pos.column))


def flush_frame(carrier: ScriptRaise, script: str, function: str) -> None:
    """A handler caught ``carrier`` in this frame: record the frame now (CPython keeps it)."""
    pos = getattr(carrier, "dw_pos", None)
    if pos is not None and pos is not _RECORDED:
        carrier.value.frames.append((script, function, pos.line, pos.column))
    carrier.dw_pos = None  # type: ignore[attr-defined]


def reraise_carrier(value: ExcValue) -> ScriptRaise:
    """The carrier of a bare ``raise``: this frame's entry is already recorded."""
    carrier = ScriptRaise(value)
    carrier.dw_pos = _RECORDED  # type: ignore[attr-defined]
    carrier.dw_seen = True  # type: ignore[attr-defined]
    return carrier


def _frames_of(exc: BaseException) -> Optional[list]:
    if isinstance(exc, ScriptRaise):
        return exc.value.frames
    if isinstance(exc, LimitExceeded):
        return exc.frames
    return None


Thunk = Callable[[list], Any]

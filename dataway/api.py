"""The embedding API of spec §17: ``check``, ``compile``, ``Script``, ``Evaluation``.

This module wires the pipeline of §2.6 together and owns nothing else:

    source -> parse (syntax) -> check_tree (checker) -> compile_program (compiler)
           -> Program.run -> declared-type conversion -> boundary normalisation -> result

Compiled scripts are cached by (source, mode, name, output type, limits): the engine compiles a
flow's fields once, and embedders that call ``compile`` per message still pay only once.
"""
from __future__ import annotations

import contextvars
import datetime as _dt
import decimal as _decimal
import functools
import time as _time
from dataclasses import dataclass
from typing import Any, Callable, Mapping, NamedTuple, Optional, Union

from .declared import OUTPUT_TYPES
from .diagnostics import Diagnostic, diagnostic, has_errors, sort_diagnostics
from .errors import (CODE_CHECK, CODE_INTERNAL, CODE_LIMIT, CODE_SCRIPT_LENGTH, CheckError,
                     DatawayError, ErrorInfo, InternalError, LimitError, ScriptError)
from .limits import DEFAULT_LIMITS, Limits
from .runtime import context as _context_module
from .runtime.context import Context, thread_state

__all__ = ["check", "compile", "Script", "Evaluation", "MODES", "OUTPUT_TYPES"]

MODES = ("code", "expression", "text")

_MODE_ALIASES = {"expr": "expression", "python": "code"}


def _normalise_mode(mode: str) -> str:
    mode = _MODE_ALIASES.get(mode, mode)
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {', '.join(MODES)}")
    return mode


def _default_name(mode: str) -> str:
    return {"code": "<script>", "expression": "<expression>", "text": "<text>"}[mode]


@dataclass(frozen=True)
class _Checked:
    diagnostics: tuple[Diagnostic, ...]
    tree: Any
    source: Any


def _check(source: Union[str, bytes], mode: str, output_type: str, limits: Limits) -> _Checked:
    from .syntax.parser import parse

    result = parse(source, mode, limits=limits)
    diags = list(result.diagnostics)
    if output_type not in OUTPUT_TYPES:
        diags.append(diagnostic("DW409", f"unknown declared type {output_type!r}; expected one of "
                                         f"{', '.join(OUTPUT_TYPES)}", 1, 1, 1, 1))
    # The parser keeps a tree for refusals it can report precisely (DW309, DW311, DW111...);
    # the checker still runs on it so all problems are reported at once.
    if result.tree is not None:
        from .checker import check_tree

        diags.extend(check_tree(result.tree, mode, result.source, output_type=output_type))
    return _Checked(tuple(sort_diagnostics(diags)), result.tree, result.source)


def check(source: Union[str, bytes], mode: str = "code", name: Optional[str] = None,
          output_type: str = "any", limits: Optional[Limits] = None) -> list[Diagnostic]:
    """Check a script without running it; never raises for problems in the script.

    Returns all diagnostics ordered by position then code (spec §16). The check passes when no
    diagnostic has severity ``error``.
    """
    mode = _normalise_mode(mode)
    return list(_check(source, mode, output_type, limits or DEFAULT_LIMITS).diagnostics)


def _check_error(diags: tuple[Diagnostic, ...], name: str, source: Any) -> CheckError:
    """The CheckError for a failed check: code 1000000 for script_length, else 1000001."""
    errors = [d for d in diags if d.is_error]
    first = errors[0]
    code = CODE_SCRIPT_LENGTH if first.code == "DW108" else CODE_CHECK
    line_text = None
    if source is not None:
        try:
            line_text = source.line_text(first.line)
        except Exception:  # a position past the end (empty source): no caret line
            line_text = None
    ordered = tuple(errors) + tuple(d for d in diags if not d.is_error)
    info = ErrorInfo(code=code, type=first.error_type, message=first.message, script=name,
                     line=first.line, column=first.column, end_line=first.end_line,
                     end_column=first.end_column,
                     limit="script_length" if first.code == "DW108" else None,
                     diagnostics=ordered, source_line=line_text)
    return CheckError(info)


class Script:
    """A checked, compiled script. Immutable; safe to evaluate from many threads at once."""

    __slots__ = ("source", "mode", "name", "output_type", "limits", "diagnostics", "_program",
                 "_source_obj")

    def __init__(self, source: Union[str, bytes], mode: str, name: str, output_type: str,
                 limits: Limits) -> None:
        checked = _check(source, mode, output_type, limits)
        if has_errors(list(checked.diagnostics)):
            raise _check_error(checked.diagnostics, name, checked.source)
        from .checker.scopes import resolve
        from .compiler import compile_program

        self.source = source
        self.mode = mode
        self.name = name
        self.output_type = output_type
        self.limits = limits
        self.diagnostics: tuple[Diagnostic, ...] = checked.diagnostics
        self._source_obj = checked.source
        self._program = compile_program(checked.tree, resolve(checked.tree), mode=mode,
                                        script_name=name, source=checked.source)

    def __repr__(self) -> str:
        return f"<dataway.Script {self.name!r} mode={self.mode}>"

    def evaluate(self, msg: Any = None, steps: Optional[Mapping[str, Any]] = None, *,
                 raw: bool = False, timezone: Optional[str] = None,
                 clock: Optional[Callable[[], float]] = None, seed: Optional[int] = None,
                 limits: Optional[Limits] = None) -> "Evaluation":
        """Run the script against ``msg`` (a :class:`dataway.Message` or None).

        ``steps`` maps component ids to Messages. ``raw=True`` skips the declared-type
        conversion and boundary normalisation (§2.6). Raises ScriptError, LimitError or
        InternalError, all DatawayError subclasses carrying the §15.2 error object.
        """
        rt = _RUNTIME or _runtime()
        if msg is None:
            msg = rt.Message()
        elif msg.__class__ is not rt.Message and not isinstance(msg, rt.Message):
            raise TypeError("msg must be a dataway.Message (or None)")
        # ``Context(...)`` goes through type.__call__; calling __init__ on a bare object with
        # positional arguments is the cheapest way to build the one per-evaluation object.
        ctx = _new_object(Context)
        _context_init(ctx, limits or self.limits, clock, seed,
                      None if timezone is None else resolve_timezone(timezone), self.name)
        # activate()/deactivate() inlined: they run on every evaluation.
        try:
            state = _local.state
        except AttributeError:
            state = thread_state()
        previous = state.ctx
        state.ctx = ctx
        # The script runs inside this thread's evaluation ``contextvars.Context``, whose
        # decimal context is the spec's fixed one: entering it is a fraction of the cost of
        # two ``decimal.setcontext`` calls, and leaving it restores the embedder's context
        # (and any other context variable) by construction. A nested evaluation on the same
        # thread finds the slot empty and uses a new one.
        scope = state.scope
        if scope is None:
            scope = _evaluation_scope(rt)
        else:
            state.scope = None
        try:
            value = scope.run(self._program.start, ctx, rt.MessageView(msg),
                              rt.make_steps_view(steps) if steps else _NO_STEPS)
            if value.__class__ not in _SCALARS or self.output_type != "any":
                value = scope.run(_finish, value, self, ctx, raw, rt)
        except BaseException as exc:  # every failure becomes a DatawayError value
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise  # scripts cannot raise these (not exposed): they are the host's
            error = exc if isinstance(exc, DatawayError) else _to_dataway_error(exc, self)
            error.log = ctx.log  # print output up to the failure is kept for the caller
            raise error from None
        finally:
            state.scope = scope
            state.ctx = previous
        return _tuple_new(Evaluation, (value, ctx.log if ctx._log is not None else "",
                                       ctx.steps, _perf_counter() - ctx.started))


def _evaluation_scope(rt: "_Runtime") -> contextvars.Context:
    """A fresh ``contextvars.Context`` whose decimal context is the evaluation one."""
    scope = contextvars.Context()
    scope.run(_decimal.setcontext, rt.decimal_context)
    return scope


_perf_counter = _time.perf_counter
_context_init = Context.__init__
_local = _context_module._local
# Results of these types leave a script unchanged (§5.3), so the boundary step is skipped.
_SCALARS = frozenset({type(None), bool, int, float, str, bytes})


class _Runtime:
    """The runtime and data entry points, imported once on first evaluation (not at import
    time, which keeps ``import dataway`` and the CLI's cold start cheap)."""

    def __init__(self) -> None:
        from .data.boundary import normalise
        from .data.convert import convert
        from .data.streams import Stream, is_script_generator
        from .runtime.message import Message, MessageView, make_message_view, make_steps_view

        self.Message = Message
        self.MessageView = MessageView
        self.make_message_view = make_message_view
        self.make_steps_view = make_steps_view
        self.normalise = normalise
        self.convert = convert
        self.Stream = Stream
        self.is_script_generator = is_script_generator
        from .compiler.stack import evaluation_decimal_context

        self.decimal_context = evaluation_decimal_context()


_RUNTIME: Optional[_Runtime] = None
_NO_STEPS: Any = None


def _runtime() -> _Runtime:
    global _RUNTIME, _NO_STEPS
    if _RUNTIME is None:
        _RUNTIME = _Runtime()
        _NO_STEPS = _RUNTIME.make_steps_view({})
    return _RUNTIME


def _finish(value: Any, script: Script, ctx: Context, raw: bool, rt: _Runtime) -> Any:
    if rt.is_script_generator(value):
        return rt.Stream(value, ctx, script.limits)
    if raw:
        return value
    if script.output_type != "any":
        value = rt.convert(value, script.output_type, field="value")
    return rt.normalise(value, ctx.limits)


def _to_dataway_error(exc: BaseException, script: Script) -> DatawayError:
    from .compiler.errors import to_error_info

    info = to_error_info(exc, script.name, script._source_obj)
    if info.code == CODE_LIMIT:
        return LimitError(info)
    if info.code == CODE_INTERNAL:
        return InternalError(info)
    return ScriptError(info)


class Evaluation(NamedTuple):
    """The outcome of one evaluation: the value, the ``print`` log, steps used, seconds.

    Immutable. A named tuple rather than a frozen dataclass because it is built once per
    evaluation: ``tuple.__new__`` costs a fraction of a frozen dataclass's ``__init__``, which
    sets each field through ``object.__setattr__`` (W1).
    """

    value: Any
    log: str
    steps_used: int
    elapsed: float


_tuple_new = tuple.__new__
_new_object = object.__new__


def resolve_timezone(tz: Union[str, _dt.tzinfo, None]) -> _dt.tzinfo:
    """An evaluation time zone from an IANA name, ``±HH:MM``, ``Z``/``UTC``, or None (UTC)."""
    if tz is None:
        return _dt.timezone.utc
    if isinstance(tz, _dt.tzinfo):
        return tz
    text = tz.strip()
    if text.upper() in ("Z", "UTC"):
        return _dt.timezone.utc
    if text[:1] in "+-" and len(text) in (5, 6):
        digits = text[1:].replace(":", "")
        if digits.isdigit() and len(digits) == 4:
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours < 24 and minutes < 60:
                delta = _dt.timedelta(hours=hours, minutes=minutes)
                return _dt.timezone(-delta if text[0] == "-" else delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}: use an IANA name such as 'Asia/Shanghai' "
                         f"or an offset such as '+08:00'") from None


@functools.lru_cache(maxsize=1024)
def _compile_cached(source: Union[str, bytes], mode: str, name: str, output_type: str,
                    limits: Limits) -> Script:
    return Script(source, mode, name, output_type, limits)


def compile(source: Union[str, bytes], mode: str = "code", name: Optional[str] = None,
            output_type: str = "any", limits: Optional[Limits] = None) -> Script:
    """Check and compile a script; raises CheckError (or LimitError for script_length).

    Warnings stay available as ``script.diagnostics``.
    """
    mode = _normalise_mode(mode)
    return _compile_cached(source, mode, name or _default_name(mode), output_type,
                           limits or DEFAULT_LIMITS)

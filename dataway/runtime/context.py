"""The per-evaluation context: limits, step counter, clock, seed, time zone and log.

One :class:`Context` exists per evaluation (and per Stream producer). Host code that needs it
(``print``, ``random``, ``time``, limit checks inside builtins) reads :func:`current`, a
thread-local set by the evaluator for the duration of a run, so values never carry a context.
"""
from __future__ import annotations

import threading
import time as _time
from typing import Any, Callable, Optional

from ..limits import DEFAULT_LIMITS, Limits

__all__ = ["Context", "LimitExceeded", "current", "activate", "deactivate", "thread_state",
           "ThreadState", "active"]

_TIME_CHECK_EVERY = 1000
_perf_counter = _time.perf_counter


class LimitExceeded(BaseException):
    """A §14 limit was hit. Derives from BaseException so no script ``except`` can catch it.

    ``node`` may be filled in by the evaluator with the position where it was raised.
    """

    def __init__(self, limit: str, value: Any, detail: str = "") -> None:
        super().__init__(limit, value)
        self.limit = limit
        self.value = value
        self.detail = detail
        self.position: Optional[tuple[int, int, int, int]] = None
        self.frames: list[Any] = []

    @property
    def message(self) -> str:
        """``limit 'steps' exceeded (10000000)`` plus an optional detail."""
        text = f"limit '{self.limit}' exceeded ({self.value})"
        return f"{text}: {self.detail}" if self.detail else text


class _Defaults:
    """Class-level defaults of the Context fields most evaluations never set (clock, seed,
    time zone, log, random generator, memory, extra): a Context stores only what differs."""

    clock: Optional[Callable[[], float]] = None
    seed: Optional[int] = None
    timezone: Any = None
    script = "<script>"
    memory = 0
    # Host frames one script frame of the running program can take (set by the compiler's
    # Program for programs that can recurse; sizes the deep-stack worker's recursion limit).
    frames = 400
    _log: Optional["_Log"] = None
    _rng: Any = None
    _extra: Optional[dict] = None


class Context(_Defaults):
    """Mutable state of one evaluation (and of the Stream producer it returns). Not shared
    between threads or evaluations.

    It is also the evaluator's run state: compiled closures reach it as ``L[0]`` and update
    ``steps`` inline, calling :meth:`flush` when ``steps`` passes ``check_at``; ``g`` is the
    global namespace (set by the program's entry), ``depth``/``max_depth`` count script
    frames for ``call_depth`` and ``handling`` is the stack of exceptions being handled
    (implicit ``__context__``). One object per evaluation instead of two halves W1's setup
    cost. Rarely used parts (the log, the random generator, ``extra``) are made on first use.
    """

    # The hot fields are slots; the rest live in the instance dict when set, else default.
    __slots__ = ("limits", "steps", "check_at", "started", "depth", "max_depth", "handling",
                 "g")

    def __init__(self, limits: Limits = DEFAULT_LIMITS, clock: Optional[Callable[[], float]] = None,
                 seed: Optional[int] = None, timezone: Any = None,
                 script: Optional[str] = None) -> None:
        # One Context per evaluation: this runs on every ``Script.evaluate`` (W1), so it
        # avoids calls (``min``), reads each limit once and stores only what is set; the
        # evaluator passes the arguments positionally (keywords would be packed into a dict).
        self.limits = limits
        self.steps = 0
        # perf_counter is CLOCK_MONOTONIC like time.monotonic on the platforms we run on, and
        # the API reuses ``started`` for ``Evaluation.elapsed``: one clock read, not two.
        self.started = _perf_counter()
        budget = limits.steps
        self.check_at = budget if budget < _TIME_CHECK_EVERY else _TIME_CHECK_EVERY
        self.depth = 0
        self.max_depth = limits.call_depth
        self.handling: list[Any] = []
        self.g: Optional[dict] = None
        if clock is not None:
            self.clock = clock
        if seed is not None:
            self.seed = seed
        if timezone is not None:
            self.timezone = timezone
        if script is not None:
            self.script = script

    @property
    def deadline(self) -> float:
        """The ``perf_counter`` value at which the ``time`` budget is spent."""
        return self.started + self.limits.time

    def restart(self) -> None:
        """Forget everything the evaluation did (steps, frames, log, generator, module state)
        to run it again from the start; the clock keeps running, so the ``time`` budget covers
        both runs."""
        self.steps = 0
        budget = self.limits.steps
        self.check_at = budget if budget < _TIME_CHECK_EVERY else _TIME_CHECK_EVERY
        self.depth = 0
        self.max_depth = self.limits.call_depth
        self.handling = []
        self.g = None
        for name in ("_log", "_rng", "_extra", "memory"):
            self.__dict__.pop(name, None)

    # -- steps and time ------------------------------------------------------------------
    def charge(self, n: int = 1) -> None:
        """Count ``n`` evaluation steps; checks the step budget and, periodically, the time."""
        self.steps += n
        if self.steps > self.check_at:
            self.flush()

    def flush(self) -> None:
        """The checkpoint closures call once ``steps`` passes ``check_at``: raise
        LimitExceeded past the step budget, check the clock, set the next checkpoint."""
        steps = self.steps
        budget = self.limits.steps
        if steps > budget:
            raise LimitExceeded("steps", budget)
        self.check_time()
        _memory.tick(self)
        self.check_at = min(budget, steps + _TIME_CHECK_EVERY)

    def check_time(self) -> None:
        """Raise LimitExceeded('time') once the wall-time budget is spent."""
        if _perf_counter() > self.started + self.limits.time:
            raise LimitExceeded("time", _format_seconds(self.limits.time))

    # -- clock, randomness, log -------------------------------------------------------------
    def now(self) -> float:
        """POSIX seconds from the embedder's clock, or the host clock."""
        return self.clock() if self.clock is not None else _time.time()

    @property
    def rng(self) -> Any:
        """The evaluation's private ``random.Random`` (seeded from ``seed`` or OS entropy)."""
        if self._rng is None:
            import random
            self._rng = random.Random(self.seed)
        return self._rng

    @property
    def extra(self) -> dict[str, Any]:
        """Per-evaluation state of library modules (the decimal context), made on first use."""
        if self._extra is None:
            self._extra = {}
        return self._extra

    def write_log(self, text: str) -> None:
        """Append ``print`` output; beyond ``log_size`` it is dropped (spec §14)."""
        log = self._log
        if log is None:
            log = self._log = _Log()
        if log.truncated:
            return
        room = self.limits.log_size - log.size
        if len(text) > room:
            log.parts.append(text[:max(room, 0)])
            log.size = self.limits.log_size
            log.truncated = True
            return
        log.parts.append(text)
        log.size += len(text)

    @property
    def log(self) -> str:
        """The evaluation log as one string."""
        log = self._log
        if log is None:
            return ""
        text = "".join(log.parts)
        if log.truncated:
            if text and not text.endswith("\n"):
                text += "\n"
            text += "[log truncated]\n"
        return text


class _Log:
    """``print`` output of one evaluation, created by the first ``print``."""

    __slots__ = ("parts", "size", "truncated")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False


def _format_seconds(value: float) -> str:
    return f"{value:g}s"


class ThreadState:
    """Per-thread evaluator state: the current context and the evaluator's idle
    ``contextvars.Context`` (see dataway.api). Reached through one thread-local read, then
    plain attribute access (a ``threading.local`` attribute costs several times more)."""

    __slots__ = ("ctx", "scope")

    def __init__(self) -> None:
        self.ctx: Optional[Context] = None
        self.scope: Any = None


_local = threading.local()


def thread_state() -> ThreadState:
    """This thread's :class:`ThreadState` (the evaluator inlines this)."""
    try:
        return _local.state
    except AttributeError:
        state = _local.state = ThreadState()
        return state


def current() -> Context:
    """The context of the evaluation running on this thread.

    Outside an evaluation (host code calling a builtin directly) a default context is made so
    library functions stay usable in tests.
    """
    try:
        state = _local.state
    except AttributeError:
        state = thread_state()
    ctx = state.ctx
    if ctx is None:
        ctx = state.ctx = Context()
    return ctx


def activate(ctx: Context) -> Optional[Context]:
    """Make ``ctx`` current on this thread; returns the previous one for :func:`deactivate`."""
    state = thread_state()
    previous = state.ctx
    state.ctx = ctx
    return previous


def deactivate(previous: Optional[Context]) -> None:
    """Restore the context returned by :func:`activate`."""
    thread_state().ctx = previous


def active() -> Optional[Context]:
    """The context of the evaluation running on this thread, or None (never makes one)."""
    state = getattr(_local, "state", None)
    return None if state is None else state.ctx


# Imported last: ``memory`` uses this module's names (the module object resolves ``tick`` at
# call time, so either import order works).
from . import memory as _memory  # noqa: E402

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

__all__ = ["Context", "LimitExceeded", "current", "activate", "deactivate"]

_TIME_CHECK_EVERY = 1000
_monotonic = _time.monotonic


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


class Context:
    """Mutable state of one evaluation. Not shared between threads or evaluations."""

    __slots__ = ("limits", "steps", "check_at", "deadline", "started", "clock", "seed",
                 "timezone", "log_parts", "log_len", "log_truncated", "depth", "script",
                 "_rng", "memory", "extra")

    def __init__(self, limits: Limits = DEFAULT_LIMITS, *, clock: Optional[Callable[[], float]] = None,
                 seed: Optional[int] = None, timezone: Any = None, script: str = "<script>") -> None:
        # One Context per evaluation: this runs on every ``Script.evaluate`` (W1), so it
        # avoids calls (``min``) and reads each limit once.
        self.limits = limits
        self.steps = 0
        self.started = started = _monotonic()
        self.deadline = started + limits.time
        budget = limits.steps
        self.check_at = budget if budget < _TIME_CHECK_EVERY else _TIME_CHECK_EVERY
        self.clock = clock
        self.seed = seed
        self.timezone = timezone
        self.log_parts: list[str] = []
        self.log_len = 0
        self.log_truncated = False
        self.depth = 0
        self.script = script
        self._rng: Any = None
        self.memory = 0
        self.extra: dict[str, Any] = {}

    # -- steps and time ------------------------------------------------------------------
    def charge(self, n: int = 1) -> None:
        """Count ``n`` evaluation steps; checks the step budget and, periodically, the time."""
        self.steps += n
        if self.steps > self.check_at:
            self._checkpoint()

    def _checkpoint(self) -> None:
        if self.steps > self.limits.steps:
            raise LimitExceeded("steps", self.limits.steps)
        self.check_time()
        _memory.tick(self)
        self.check_at = min(self.limits.steps, self.steps + _TIME_CHECK_EVERY)

    def check_time(self) -> None:
        """Raise LimitExceeded('time') once the wall-time budget is spent."""
        if _time.monotonic() > self.deadline:
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

    def write_log(self, text: str) -> None:
        """Append ``print`` output; beyond ``log_size`` it is dropped (spec §14)."""
        if self.log_truncated:
            return
        room = self.limits.log_size - self.log_len
        if len(text) > room:
            self.log_parts.append(text[:max(room, 0)])
            self.log_len = self.limits.log_size
            self.log_truncated = True
            return
        self.log_parts.append(text)
        self.log_len += len(text)

    @property
    def log(self) -> str:
        """The evaluation log as one string."""
        text = "".join(self.log_parts)
        if self.log_truncated:
            if text and not text.endswith("\n"):
                text += "\n"
            text += "[log truncated]\n"
        return text


def _format_seconds(value: float) -> str:
    return f"{value:g}s"


_local = threading.local()


def current() -> Context:
    """The context of the evaluation running on this thread.

    Outside an evaluation (host code calling a builtin directly) a default context is made so
    library functions stay usable in tests.
    """
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        ctx = Context()
        _local.ctx = ctx
    return ctx


def activate(ctx: Context) -> Optional[Context]:
    """Make ``ctx`` current on this thread; returns the previous one for :func:`deactivate`."""
    previous = getattr(_local, "ctx", None)
    _local.ctx = ctx
    return previous


def deactivate(previous: Optional[Context]) -> None:
    """Restore the context returned by :func:`activate`."""
    _local.ctx = previous


# Imported last: ``memory`` uses this module's names (the module object resolves ``tick`` at
# call time, so either import order works).
from . import memory as _memory  # noqa: E402

"""Approximate memory accounting of one evaluation (spec §14 ``memory``).

CPython has no per-thread allocation counter and ``tracemalloc`` slows every allocation of
the whole process, so the budget is enforced in two parts that cost nothing on the hot path:

* **Triggers.** Operations whose result size is known before they build it (sequence repeat
  and concatenation, ``join``, padding, ``bytes(n)``, module functions, data parsing) charge
  their estimated bytes to ``Context.memory`` (:func:`charge_memory`); everything else
  (``append`` in a loop, comprehensions, dict building) is covered by the step checkpoint,
  which calls :func:`tick` every 1,000 steps. An *audit* runs once ``budget / 8`` bytes were
  charged since the last one, or every 64 checkpoints (64,000 steps).
* **Audits** measure what the process really holds: its resident set size (one read of
  ``/proc/self/statm``, a few microseconds) against a baseline taken at the evaluation's first
  audit. A charge that would take the growth past the budget, or a growth already past it,
  raises ``LimitExceeded('memory')``.

Guarantee: an evaluation is stopped before the process grows by more than about
``budget * 1.25`` plus what 64,000 steps can allocate without a charge (a few MiB). Memory
that is churned (allocated and freed) is not counted, only growth. Evaluations that ran before
and freed memory leave reusable space in the process, which a later evaluation can fill
without growth; the bound is on the process's growth, the quantity that endangers the host.

Concurrent evaluations in one process (threads) share the process's RSS, so an audit allows
the growth of the budgets of every evaluation running on another thread at the same time
(one that passed a checkpoint in the last :data:`LIVE_WINDOW` seconds and is within its
deadline): together they cannot take the process past the sum of their budgets, and a small
evaluation is not blamed for a concurrent big one. Use :mod:`dataway.isolation`
(``RLIMIT_AS``) for a hard per-tenant bound.
"""
from __future__ import annotations

import os
import resource
import sys
import threading
import time
import weakref
from typing import Any

from .context import Context, LimitExceeded, active, current

__all__ = ["charge_memory", "audit_now", "audit_parsed", "tick", "resident_bytes"]

_KEY = "memory.meter"
TICKS_PER_AUDIT = 64
"""Step checkpoints (1,000 steps each) between two audits of an evaluation without charges."""
SLACK_FRACTION = 8
"""An audit runs once ``budget // SLACK_FRACTION`` bytes were charged since the last one."""

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_STATM = "/proc/self/statm"
_HAS_STATM = os.path.exists(_STATM)


def resident_bytes() -> int:
    """The process's resident set size in bytes (peak RSS where ``/proc`` is unavailable;
    its growth is then a high-water mark, still an upper bound of what one run added)."""
    if _HAS_STATM:
        with open(_STATM, "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


class _Meter:
    """The accounting state of one evaluation, kept in ``Context.extra``."""

    __slots__ = ("base", "ticks", "budget", "deadline", "thread", "seen", "__weakref__")

    def __init__(self, base: int, budget: int, deadline: float) -> None:
        self.base = base
        self.ticks = 0
        self.budget = budget
        self.deadline = deadline
        self.thread = threading.get_ident()
        self.seen = time.monotonic()


LIVE_WINDOW = 2.0
"""Seconds since its last checkpoint after which an evaluation no longer counts as running
(a finished evaluation's Context may outlive it, e.g. in a kept traceback)."""

_lock = threading.Lock()
# Evaluations being metered, for concurrent ones: an entry lives as long as its Context (the
# meter is only referenced from ``Context.extra``) and no longer than its deadline.
_active: "weakref.WeakValueDictionary[int, _Meter]" = weakref.WeakValueDictionary()


def _start(ctx: Context) -> _Meter:
    meter = _Meter(resident_bytes(), ctx.limits.memory, ctx.deadline)
    ctx.extra[_KEY] = meter
    with _lock:
        _active[id(meter)] = meter
    return meter


def _concurrent_budgets(meter: _Meter) -> int:
    """The budgets of evaluations being metered now on other threads (expired dropped)."""
    if len(_active) < 2:
        return 0
    now = time.monotonic()
    total = 0
    with _lock:
        for key, other in list(_active.items()):
            if other.deadline < now:
                del _active[key]
            elif other.thread != meter.thread and now - other.seen < LIVE_WINDOW:
                total += other.budget
    return total


def _audit(ctx: Context, upcoming: int) -> None:
    if time.monotonic() > ctx.deadline:
        # Past the deadline the time limit is what ends an evaluation; and host code running
        # builtins outside any evaluation (``current()``'s default context) is never metered
        # against a baseline taken long ago.
        ctx.memory = 0
        return
    meter = ctx.extra.get(_KEY)
    if meter is None:
        meter = _start(ctx)
        growth = 0
    else:
        growth = resident_bytes() - meter.base
    ctx.memory = 0
    meter.ticks = 0
    meter.seen = time.monotonic()
    budget = ctx.limits.memory
    if growth + upcoming > budget and growth + upcoming > budget + _concurrent_budgets(meter):
        with _lock:
            _active.pop(id(meter), None)
        raise LimitExceeded("memory", budget)


def charge_memory(nbytes: int) -> None:
    """Charge an allocation of about ``nbytes`` that is about to happen; audits (and raises
    ``LimitExceeded('memory')``) once enough was charged since the last audit."""
    ctx = current()
    ctx.memory += nbytes
    if ctx.memory > ctx.limits.memory // SLACK_FRACTION:
        _audit(ctx, nbytes)


def audit_now(upcoming: int = 0) -> None:
    """Audit at once (after a host call that built a large value of unknown size, such as a
    parser's result): LimitExceeded('memory') when the evaluation's growth is past its budget."""
    _audit(current(), upcoming)


PARSED_AUDIT_FROM = 64 * 1024
"""Parsed inputs at least this long are followed by an audit (their result is ~2-10x)."""


def audit_parsed(size: int) -> None:
    """After a parser built a value from ``size`` bytes or characters: audit the running
    evaluation, if any (the data layer also parses outside evaluations, at the boundary)."""
    if size >= PARSED_AUDIT_FROM:
        ctx = active()
        if ctx is not None:
            _audit(ctx, 0)


def tick(ctx: Context) -> None:
    """Called at every step checkpoint: starts metering after the first 1,000 steps and
    audits every :data:`TICKS_PER_AUDIT` checkpoints."""
    meter: Any = ctx.extra.get(_KEY)
    if meter is None:
        _start(ctx)
        return
    meter.ticks += 1
    if meter.ticks & 7 == 0:
        meter.seen = time.monotonic()
    if meter.ticks >= TICKS_PER_AUDIT:
        _audit(ctx, 0)

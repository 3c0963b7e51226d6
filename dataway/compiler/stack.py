"""Running evaluations on threads with a large stack, so scripts never exhaust the host's.

Evaluations start on the caller's thread. A program that can recurse gets a *call budget*
there: the number of script frames that fit the host's remaining recursion room (the host's
own limit minus the frames already on the stack, minus a reserve) at the program's bound of
host frames per script frame. A call that would pass the budget (:func:`deeper`) runs on a
worker thread with a large stack instead, where the full ``call_depth`` applies; when it
returns, the evaluation continues on the caller's thread. Scripts that do not recurse deeply,
the common case, never pay the thread hop (~25 µs).

Recursion within ``call_depth`` costs a bounded number of host frames per script frame. Python
frames of closures calling closures do not consume the C stack (CPython 3.11), but calls that
pass through C (a builtin calling back a script function, ``repr`` of nested values) do, and the
interpreter's recursion limit counts every frame. Programs that can recurse (they define
functions or lambdas) therefore run on a worker thread created with a large stack, under a
recursion limit raised to fit ``call_depth`` while they run. Workers are pooled: an idle worker is reused,
a busy pool grows, so nested evaluations never wait for each other.

CPython 3.11 keeps frames in 16 KiB chunks of a per-thread data stack and frees a chunk as soon
as its first frame returns. Recursion that oscillates across a chunk boundary (``fib``) then
pays an ``mmap``/``munmap`` pair per call, making calls 20-50 times slower at unlucky depths.
Evaluations on a worker therefore start inside :func:`_roomy`, a plain trampoline whose code
object declares a larger value stack (``co_stacksize``; nothing is generated or compiled): its
frame makes CPython allocate one multi-megabyte chunk that holds the whole evaluation.
"""
from __future__ import annotations

import decimal
import queue
import sys
import threading
import types
from typing import Any, Callable

__all__ = ["run_deep", "raise_recursion_limit", "restore_recursion_limit", "STACK_SIZE",
           "FRAMES_PER_CALL", "on_worker", "call_budget", "hop", "deeper",
           "evaluation_decimal_context", "RESERVE"]

STACK_SIZE = 256 * 1024 * 1024
"""Bytes of stack per worker thread (reserved address space; pages are committed on use)."""

FRAMES_PER_CALL = 400
"""Upper bound of host frames one script frame can take (nested expressions included)."""

_local = threading.local()
_lock = threading.Lock()
_idle: list["_Worker"] = []
_limit_lock = threading.Lock()


_raised = 0
_saved_limit = 0


def raise_recursion_limit(call_depth: int, frames_per_call: int = FRAMES_PER_CALL) -> None:
    """Raise the interpreter's recursion limit to fit ``call_depth`` script frames of
    ``frames_per_call`` host frames each, plus room for host operations on nested values.

    The limit is per interpreter, so it is raised only while at least one deep evaluation
    runs (a count under a lock) and restored by :func:`restore_recursion_limit`: left raised,
    host code on the 8 MiB main thread (``repr`` of a deeply nested value, say) would
    overflow the C stack and crash instead of raising RecursionError.
    """
    global _raised, _saved_limit
    needed = 2000 + call_depth * frames_per_call
    with _limit_lock:
        if _raised == 0:
            _saved_limit = sys.getrecursionlimit()
        _raised += 1
        if sys.getrecursionlimit() < needed:
            sys.setrecursionlimit(needed)


def restore_recursion_limit() -> None:
    """Undo one :func:`raise_recursion_limit`; the last deep evaluation restores the limit."""
    global _raised
    with _limit_lock:
        _raised -= 1
        if _raised == 0 and sys.getrecursionlimit() > _saved_limit:
            sys.setrecursionlimit(_saved_limit)


RESERVE = 150
"""Host frames kept free below the caller's recursion limit: C-level recursion between Python
frames (not visible to a frame walk) and the host operations at the deepest script frame."""


def on_worker() -> bool:
    """True on a large-stack worker thread (the full ``call_depth`` fits)."""
    return getattr(_local, "deep", False)


def call_budget(frames_per_call: int, skip: int = 1) -> int:
    """Script frames that fit the recursion room left on this thread.

    The room is the host's own recursion limit (not one raised for a deep evaluation running
    on another thread) minus the Python frames on this thread's stack and :data:`RESERVE`.
    """
    with _limit_lock:
        limit = _saved_limit if _raised else sys.getrecursionlimit()
    depth = 0
    frame: Any = sys._getframe(skip)
    while frame is not None:
        depth += 1
        frame = frame.f_back
    room = limit - depth - RESERVE
    return room // frames_per_call if room > 0 else 0


def deep_active() -> bool:
    """True while some evaluation runs under a raised recursion limit (see
    :func:`raise_recursion_limit`): host code on other threads is then not protected by the
    host's own limit, so new evaluations run on a worker rather than the caller's thread."""
    return _raised > 0


_DECIMAL: Any = None


def evaluation_decimal_context() -> Any:
    """The spec's fixed decimal context (§12) every evaluation runs under.

    Scripts can neither read nor change a context (no getcontext), so the only per-evaluation
    state would be the flags, which nothing observes: one shared context is as good as a fresh
    one and costs nothing per evaluation.
    """
    global _DECIMAL
    if _DECIMAL is None:
        from ..modules.decimal import fresh_context
        _DECIMAL = fresh_context()
    return _DECIMAL


def _activated(ctx: Any, fn: Callable[..., Any], args: tuple) -> Any:
    """``fn(*args)`` on a worker: the evaluation's context current and the spec's decimal
    context set (each thread has its own), both restored afterwards."""
    from ..runtime.context import activate, deactivate

    previous = activate(ctx)
    host_decimal = decimal.getcontext()
    decimal.setcontext(evaluation_decimal_context())
    try:
        return fn(*args)
    finally:
        decimal.setcontext(host_decimal)
        deactivate(previous)


def hop(ctx: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """Run ``fn(*args)``, part of the evaluation ``ctx``, on a large-stack worker under a
    recursion limit raised for ``call_depth``; the caller's thread waits for it."""
    raise_recursion_limit(ctx.limits.call_depth, ctx.frames)
    try:
        return run_deep(_activated, ctx, fn, args)
    finally:
        restore_recursion_limit()


def deeper(run: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """A script frame would pass ``run.max_depth``: raise ``call_depth`` when that is the
    limit, else (it is the caller thread's budget) run ``fn(*args)`` on a worker, where the
    full limit applies, and continue here when it returns. ``fn`` enters the frame again."""
    from ..runtime.context import LimitExceeded

    limit = run.limits.call_depth
    if run.max_depth >= limit:
        raise LimitExceeded("call_depth", limit)
    budget = run.max_depth
    run.max_depth = limit
    try:
        return hop(run, fn, *args)
    finally:
        run.max_depth = budget


def _trampoline(fn: Callable[..., Any], args: tuple) -> Any:
    return fn(*args)


_ROOM_SLOTS = 300_000  # ~2.4 MB of frame: CPython rounds the chunk up to 4 MB
_roomy = types.FunctionType(
    _trampoline.__code__.replace(co_stacksize=_trampoline.__code__.co_stacksize + _ROOM_SLOTS),
    _trampoline.__globals__, "_roomy")


class _Worker:
    def __init__(self) -> None:
        self.jobs: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
        with _lock:
            previous = threading.stack_size()
            try:
                threading.stack_size(STACK_SIZE)
                self.thread = threading.Thread(target=self._loop, name="dataway-eval",
                                               daemon=True)
                self.thread.start()
            finally:
                threading.stack_size(previous)

    def _loop(self) -> None:
        _local.deep = True
        while True:
            fn, args, reply = self.jobs.get()
            try:
                reply.put((True, _roomy(fn, args)))
            except BaseException as exc:  # handed to the caller's thread as is
                reply.put((False, exc))
            finally:
                del fn, args, reply


def run_deep(fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn(*args)`` on a large-stack worker (directly when already on one)."""
    if getattr(_local, "deep", False):
        return fn(*args)
    with _lock:
        worker = _idle.pop() if _idle else None
    if worker is None:
        worker = _Worker()
    reply: "queue.SimpleQueue[Any]" = queue.SimpleQueue()
    try:
        worker.jobs.put((fn, args, reply))
        ok, value = reply.get()
    finally:
        with _lock:
            _idle.append(worker)
    if ok:
        return value
    raise value

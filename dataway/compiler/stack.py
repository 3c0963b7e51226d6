"""Running evaluations on threads with a large stack, so scripts never exhaust the host's.

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

import queue
import sys
import threading
import types
from typing import Any, Callable

__all__ = ["run_deep", "raise_recursion_limit", "restore_recursion_limit", "STACK_SIZE",
           "FRAMES_PER_CALL"]

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


def raise_recursion_limit(call_depth: int) -> None:
    """Raise the interpreter's recursion limit to fit ``call_depth`` script frames.

    The limit is per interpreter, so it is raised only while at least one deep evaluation
    runs (a count under a lock) and restored by :func:`restore_recursion_limit`: left raised,
    host code on the 8 MiB main thread (``repr`` of a deeply nested value, say) would
    overflow the C stack and crash instead of raising RecursionError.
    """
    global _raised, _saved_limit
    needed = 2000 + call_depth * FRAMES_PER_CALL
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

"""Where scripts run: a bounded worker pool (§4.2), or inline for tests and benchmarks.

Scripts never run on the event loop in production (:class:`PoolExecutor`, the default). The
engine hands the pool whole segments of steps (engine/segments.py), not single fields. The
inline executor trades that isolation for no thread hop; it exists so deterministic tests with a
virtual clock and the engine-overhead benchmarks do not measure the thread hop.
"""
from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Optional

__all__ = ["ScriptExecutor", "PoolExecutor", "InlineExecutor"]


class ScriptExecutor:
    """Runs a synchronous callable that evaluates scripts."""

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` off (or, inline, on) the event loop; exceptions propagate."""
        raise NotImplementedError

    def submit(self, fn: Callable[..., Any], *args: Any) -> "asyncio.Future[Any]":
        """Start ``fn(*args)`` and return a future of its result (cancelling the future does
        not stop a call that already started)."""
        return asyncio.ensure_future(self.call(fn, *args))

    def close(self) -> None:
        """Release worker threads."""


class PoolExecutor(ScriptExecutor):
    """A thread pool of ``workers`` threads (default: CPU count)."""

    def __init__(self, workers: Optional[int] = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=self.workers,
                                        thread_name_prefix="dataway-script")

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def submit(self, fn: Callable[..., Any], *args: Any) -> "asyncio.Future[Any]":
        return asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class InlineExecutor(ScriptExecutor):
    """Evaluates on the calling thread (tests, benchmarks)."""

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

"""Injectable time for the engine: wall time, monotonic time and sleeping.

Retry intervals, lock waits, TTLs, rate limits and schedules all read time through a
:class:`Clock`, so tests can use :class:`VirtualClock` and run hours of waiting in no real time.
"""
from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from typing import Any, Awaitable, Optional, TypeVar

__all__ = ["Clock", "RealClock", "VirtualClock", "WaitTimeout"]

T = TypeVar("T")


class WaitTimeout(Exception):
    """A :meth:`Clock.wait_for` deadline passed."""


class Clock:
    """Interface: ``time()`` (POSIX seconds), ``monotonic()``, ``sleep()``, ``wait_for()``."""

    def time(self) -> float:
        """Wall-clock POSIX seconds."""
        raise NotImplementedError

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards."""
        raise NotImplementedError

    async def sleep(self, seconds: float) -> None:
        """Suspend the calling task for ``seconds`` of this clock's time."""
        raise NotImplementedError

    def begin_work(self) -> None:
        """The engine handed work to a thread: the event loop may look idle but is not."""

    def end_work(self) -> None:
        """The work announced by :meth:`begin_work` is back on the event loop."""

    async def wait_for(self, awaitable: Awaitable[T], timeout: Optional[float]) -> T:
        """Await ``awaitable``; after ``timeout`` seconds cancel it and raise WaitTimeout."""
        if timeout is None:
            return await awaitable
        task = asyncio.ensure_future(awaitable)
        timer = asyncio.ensure_future(self.sleep(timeout))
        try:
            done, _ = await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            task.cancel()
            timer.cancel()
            raise
        if task in done:
            timer.cancel()
            return task.result()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass
        else:
            # Completed in the same tick as the timer: keep the result rather than lose it.
            return task.result()
        raise WaitTimeout()


class RealClock(Clock):
    """The host clock."""

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0))

    async def wait_for(self, awaitable: Awaitable[T], timeout: Optional[float]) -> T:
        if timeout is None:
            return await awaitable
        try:
            return await asyncio.wait_for(awaitable, timeout)
        except asyncio.TimeoutError:
            raise WaitTimeout() from None


class VirtualClock(Clock):
    """A clock whose time only moves when every task is waiting on it.

    ``sleep`` registers a deadline; a driver task advances time to the earliest deadline once
    the event loop has been idle for a few turns (auto-advance), or tests call :meth:`advance`.
    """

    def __init__(self, start: float = 1_700_000_000.0, *, auto_advance: bool = True,
                 idle_turns: int = 30) -> None:
        self._now = start
        self._origin = start
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._auto = auto_advance
        self._idle_turns = idle_turns
        self._driver: Optional[asyncio.Task[None]] = None
        # Segments running on worker threads: time must not jump while they compute.
        self._work = 0
        self._work_done: Optional[asyncio.Event] = None

    def time(self) -> float:
        return self._now

    def monotonic(self) -> float:
        return self._now - self._origin

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._heap, (self._now + max(seconds, 0), next(self._seq), fut))
        if self._auto and (self._driver is None or self._driver.done()):
            self._driver = loop.create_task(self._drive())
        await fut

    def begin_work(self) -> None:
        self._work += 1

    def end_work(self) -> None:
        self._work -= 1
        if not self._work and self._work_done is not None:
            self._work_done.set()

    def advance(self, seconds: float) -> None:
        """Move time forward and wake every sleeper whose deadline has passed."""
        self._set(self._now + seconds)

    def _set(self, when: float) -> None:
        self._now = max(self._now, when)
        while self._heap and self._heap[0][0] <= self._now:
            _, _, fut = heapq.heappop(self._heap)
            if not fut.done():
                fut.set_result(None)

    async def _drive(self) -> None:
        while True:
            for _ in range(self._idle_turns):
                await asyncio.sleep(0)
            if self._work:  # not idle: a worker thread is running steps
                self._work_done = asyncio.Event()
                await self._work_done.wait()
                continue
            while self._heap and self._heap[0][2].done():  # cancelled sleepers
                heapq.heappop(self._heap)
            if not self._heap:
                return
            self._set(self._heap[0][0])

    def pending(self) -> int:
        """Number of sleepers still waiting (for tests)."""
        return sum(1 for _, _, f in self._heap if not f.done())


def as_clock(value: Any) -> Clock:
    """``None`` gives the real clock; a Clock is returned as is."""
    return RealClock() if value is None else value

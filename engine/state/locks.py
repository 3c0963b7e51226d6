"""Lock managers for Synchronized (§6.15): the interface and the in-process manager.

A lock is held under an owner token for at most ``max_hold`` seconds (a lease): when it expires
the lock is free again even if the holder never released it. Waiters are served first come,
first served, and give up after ``max_wait`` with :class:`~dataway.engine.clock.WaitTimeout`.
"""
from __future__ import annotations

import asyncio
import os
from collections import deque
from typing import Optional

from ..clock import Clock, WaitTimeout

__all__ = ["LockManager", "MemoryLocks", "LockUnavailable"]


class LockUnavailable(Exception):
    """The lock backend cannot be reached."""


class LockManager:
    """Interface: ``acquire`` returns an owner token; ``release`` frees only its own lease."""

    async def acquire(self, name: str, max_hold: float, max_wait: float) -> str:
        """Wait (FIFO) up to ``max_wait`` seconds; raise WaitTimeout after that."""
        raise NotImplementedError

    async def release(self, name: str, token: str) -> bool:
        """Free the lock if ``token`` still owns it; False when the lease had expired."""
        raise NotImplementedError


class _Lock:
    __slots__ = ("holder", "expires", "waiters")

    def __init__(self) -> None:
        self.holder: Optional[str] = None
        self.expires = 0.0
        self.waiters: deque[tuple[str, asyncio.Future[None], float]] = deque()


class MemoryLocks(LockManager):
    """Locks of one process, FIFO, with lease expiry by the injected clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._locks: dict[str, _Lock] = {}

    def _grant(self, lock: _Lock) -> None:
        now = self.clock.monotonic()
        if lock.holder is not None and lock.expires > now:
            return
        lock.holder = None
        while lock.waiters:
            token, fut, hold = lock.waiters.popleft()
            if not fut.done():
                lock.holder, lock.expires = token, now + hold
                fut.set_result(None)
                return

    async def acquire(self, name: str, max_hold: float, max_wait: float) -> str:
        lock = self._locks.setdefault(name, _Lock())
        token = os.urandom(8).hex()
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        lock.waiters.append((token, fut, max_hold))
        deadline = self.clock.monotonic() + max_wait
        try:
            while True:
                self._grant(lock)
                if fut.done():
                    return token
                now = self.clock.monotonic()
                if now >= deadline:
                    raise WaitTimeout()
                # Wake at the earlier of our deadline and the holder's lease expiry.
                wait = min(deadline, lock.expires) - now if lock.holder else deadline - now
                try:
                    await self.clock.wait_for(asyncio.shield(fut), max(wait, 0.0))
                except WaitTimeout:
                    pass
        except BaseException:
            if fut.done() and not fut.cancelled() and lock.holder == token:
                await self.release(name, token)
            fut.cancel()
            raise

    async def release(self, name: str, token: str) -> bool:
        lock = self._locks.get(name)
        if lock is None or lock.holder != token:
            return False
        owned = lock.expires > self.clock.monotonic()
        lock.holder = None
        self._grant(lock)
        if lock.holder is None and not lock.waiters:
            self._locks.pop(name, None)
        return owned

"""Rate Limiter (§6.21): a token bucket per step and instance, shared by all runs."""
from __future__ import annotations

import asyncio
from typing import Literal

from pydantic import Field

from dataway.engine.clock import Clock, WaitTimeout
from dataway.engine.component import Component, StrictModel
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["RateLimiter", "RateLimiterConfig", "TokenBucket"]


class RateLimiterConfig(StrictModel):
    """Fields of Rate Limiter."""

    unit: Literal["second", "minute"] = "second"
    max_count: int = Field(ge=1)
    strategy: Literal["reject", "wait"] = "reject"
    max_wait: int = Field(30, ge=1, le=300)


class TokenBucket:
    """Capacity ``capacity``, refilled evenly at ``capacity`` per ``period``, starting full."""

    def __init__(self, clock: Clock, capacity: int, period: float) -> None:
        self.clock = clock
        self.capacity = capacity
        self.interval = period / capacity
        self.tokens = float(capacity)
        self.updated = clock.monotonic()
        self.queue = asyncio.Lock()  # asyncio.Lock wakes waiters in FIFO order

    def _refill(self) -> None:
        now = self.clock.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) / self.interval)
        self.updated = now

    def try_take(self) -> bool:
        """Take a token if one is available now."""
        self._refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    async def take(self) -> None:
        """Wait (FIFO) until a token is available and take it."""
        async with self.queue:
            while not self.try_take():
                await self.clock.sleep((1 - self.tokens) * self.interval)


class RateLimiter(Component):
    """``reject`` fails at once without a token; ``wait`` waits up to ``max_wait``."""

    type_name = "rate_limiter"
    title = "Rate Limiter"
    Config = RateLimiterConfig

    def _bucket(self, call: StepCall) -> TokenBucket:
        key = ("rate_limiter", call.state.record.app, call.state.record.flow, self.node.id)
        bucket = call.engine.shared.get(key)
        if bucket is None:
            period = 1.0 if self.config.unit == "second" else 60.0
            bucket = TokenBucket(call.clock, self.config.max_count, period)
            call.engine.shared[key] = bucket
        return bucket

    async def run(self, call: StepCall, msg: Message) -> Message:
        bucket = self._bucket(call)
        if self.config.strategy == "reject":
            if not bucket.try_take():
                raise StepFailed("RATE_LIMIT", "could not obtain a token; rate limit reached")
            return msg.derive()
        if not bucket.queue.locked() and bucket.try_take():
            return msg.derive()
        try:
            await call.clock.wait_for(bucket.take(), self.config.max_wait)
        except WaitTimeout:
            raise StepFailed("RATE_LIMIT", "no token within max_wait; rate limit reached") \
                from None
        return msg.derive()

"""Synchronized (§6.15): run the body while holding a named lock."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from dataway.engine.clock import WaitTimeout
from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall
from dataway.engine.state.locks import LockUnavailable

__all__ = ["Synchronized", "SynchronizedConfig"]


def _lock_name(value: Any) -> str | None:
    return None if value else "must not be empty"


class SynchronizedConfig(StrictModel):
    """Fields of Synchronized."""

    lock: Any = dyn("str", check=_lock_name, description="lock name (project and environment)")
    max_hold: int = Field(3600, ge=1, le=3600)
    max_wait: int = Field(3600, ge=0, le=3600)


class Synchronized(Component):
    """Acquire (FIFO), run, release also on error and cancellation; re-entrant per run."""

    type_name = "synchronized"
    title = "Synchronized"
    Config = SynchronizedConfig
    bodies = ("steps",)
    required_bodies = ("steps",)

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        name = await call.value(msg, "lock")
        if not name:
            raise StepFailed("VALIDATION", f"{self.node.id}.config.lock: must not be empty")
        holds = call.state.holds
        body = self.node.bodies["steps"]
        if holds.get(name):  # re-entrant within one run
            holds[name] += 1
            try:
                return await call.run_body(body, msg)
            finally:
                holds[name] -= 1
        locks = call.engine.locks
        # Lock names are scoped to the project and environment (several apps may share one).
        scoped = f"{call.engine.project.name}/{call.engine.settings.environment}/{name}"
        try:
            token = await locks.acquire(scoped, cfg.max_hold, cfg.max_wait)
        except LockUnavailable as exc:
            raise StepFailed("CONNECTIVITY", f"{self.node.id}: {exc}") from None
        except WaitTimeout:
            raise StepFailed("LOCK_TIMEOUT", f"{self.node.id}: lock {name!r} not acquired within "
                             f"{cfg.max_wait} s") from None
        holds[name] = 1
        guard = (call.clock.monotonic() + cfg.max_hold, "LOCK_TIMEOUT",
                 f"{self.node.id}: lock {name!r} held longer than max_hold ({cfg.max_hold} s)")
        call.state.guards.append(guard)
        try:
            return await call.run_body(body, msg)
        finally:
            call.state.guards.remove(guard)
            holds.pop(name, None)
            await locks.release(scoped, token)

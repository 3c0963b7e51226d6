"""Test-only components for the flow suite: observe concurrency and let virtual time pass.

``probe`` (config ``sleep`` seconds, optional ``fail`` code) records how many probes of the same
step (or ``group``) run at once in ``engine.shared['probe:<group or step>']`` so parallelism is observed, not assumed.
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["Probe", "TxProbe"]


class ProbeConfig(StrictModel):
    """Fields of the probe."""

    sleep: float = 0
    group: Optional[str] = None
    fail: Optional[str] = None
    fail_when: Any = dyn("cond", None)


class Probe(Component):
    """Sleeps on the engine clock; tracks active and peak concurrency per step id."""

    type_name = "probe"
    Config = ProbeConfig

    async def run(self, call: StepCall, msg: Message) -> Message:
        key = f"probe:{self.config.group or self.node.id}"
        stats = call.engine.shared.setdefault(key, {"active": 0, "peak": 0, "calls": 0})
        stats["active"] += 1
        stats["calls"] += 1
        stats["peak"] = max(stats["peak"], stats["active"])
        try:
            if self.config.sleep:
                await call.clock.sleep(self.config.sleep)
        finally:
            stats["active"] -= 1
        should_fail = self.config.fail is not None
        if "fail_when" in self.node.fields:
            should_fail = should_fail and bool(await call.value(msg, "fail_when"))
        if should_fail:
            raise StepFailed(self.config.fail or "GENERAL", f"probe {self.node.id} failed")
        return msg.derive()


class TxProbe(Component):
    """Joins the run's local transaction (if any) and records commit/rollback in shared state."""

    type_name = "tx_probe"
    Config = ProbeConfig

    async def run(self, call: StepCall, msg: Message) -> Message:
        log = call.engine.shared.setdefault("tx", [])
        tx = call.transaction
        if tx is not None:
            key = self.config.group or "db"

            class Participant:
                async def commit(self) -> None:
                    log.append(f"commit {key}")

                async def rollback(self) -> None:
                    log.append(f"rollback {key}")

            tx.join(key, Participant)
        log.append(f"work {self.node.id} {'in' if tx is not None else 'outside'}")
        if self.config.fail is not None:
            raise StepFailed(self.config.fail, f"probe {self.node.id} failed")
        return msg.derive()

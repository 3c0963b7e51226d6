"""Parallel Foreach (§6.9): elements run concurrently; output is the ordered list of payloads."""
from __future__ import annotations

import asyncio
from typing import Any, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import RECORDED_ITERATIONS, StepCall

from .loops import VarName, iterate, loop_vars

__all__ = ["ParallelForeach", "ParallelForeachConfig"]


class ParallelForeachConfig(StrictModel):
    """Fields of Parallel Foreach."""

    collection: Any = dyn("any", description="as For Each")
    max_parallelism: int = Field(4, ge=2, le=8)
    counter: VarName = "counter"
    root_message: VarName = "rootMessage"
    stop_on_error: bool = False



class ParallelForeach(Component):
    """Each element on its own copy of the vars; at most ``max_parallelism`` at once."""

    type_name = "parallel_foreach"
    title = "Parallel Foreach"
    Config = ParallelForeachConfig
    bodies = ("steps",)
    required_bodies = ("steps",)
    boundary = "Parallel Foreach"

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        collection = await call.value(msg, "collection")
        elements = list(iterate(collection, f"{self.node.id}.config.collection"))
        if not elements:
            return msg.derive(payload=[])
        body = self.node.bodies["steps"]
        results: list[Any] = [None] * len(elements)
        failures: dict[int, StepFailed] = {}
        stop = False
        slots = asyncio.Semaphore(min(cfg.max_parallelism, len(elements)))

        async def element(index: int, value: Any) -> None:
            nonlocal stop
            async with slots:
                if stop:
                    return
                item = Message(value, {}, loop_vars(msg.vars, cfg.counter, index,
                                                    cfg.root_message, msg), seq_id=msg.seq_id)
                try:
                    out = await call.run_body(body, item, label=f"[{index}]",
                                              visible=dict(call.visible),
                                              quiet=index >= RECORDED_ITERATIONS)
                except StepFailed as failure:
                    failures[index] = failure
                    if cfg.stop_on_error:
                        stop = True
                    return
                results[index] = out.payload

        tasks = [asyncio.ensure_future(element(i, v)) for i, v in enumerate(elements)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
        first: Optional[int] = min(failures) if failures else None
        if first is not None:
            failure = failures[first]
            raise StepFailed(failure.code, f"element {first}: {failure.description}",
                             detail=failure.detail)
        return msg.derive(payload=results)

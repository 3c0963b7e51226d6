"""Scatter Gather (§6.12): branches run concurrently; output ``{"1": payload, "2": …}``."""
from __future__ import annotations

import asyncio
from typing import Any

from pydantic import Field

from dataway.engine.component import Component, StrictModel
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

from .loops import VarName

__all__ = ["ScatterGather", "ScatterGatherConfig"]


class ScatterGatherConfig(StrictModel):
    """Fields of Scatter Gather (``branches`` is a step-level key)."""

    max_parallelism: int = Field(4, ge=2, le=8)
    root_message: VarName = "rootMessage"



class ScatterGather(Component):
    """All branches finish; the lowest-numbered failure, if any, fails the step."""

    type_name = "scatter_gather"
    title = "Scatter Gather"
    Config = ScatterGatherConfig
    bodies = ("branches",)
    required_bodies = ("branches",)
    boundary = "Scatter Gather"

    @classmethod
    def build_bodies(cls, builder, node, raw) -> None:  # type: ignore[no-untyped-def]
        branches = raw.get("branches")
        path = node.yaml_path + ("branches",)
        if not isinstance(branches, list) or len(branches) < 2:
            builder.error(path if branches is not None else node.yaml_path,
                          "branches: at least 2 branches are required", node)
            node.bodies["branches"] = []
            return
        out = []
        for i, branch in enumerate(branches):
            if not isinstance(branch, dict) or set(branch) - {"steps"}:
                builder.error(path + (i,), "a branch is a mapping with only 'steps'", node)
                continue
            out.append(builder.steps(branch.get("steps"), ("branches", i, "steps"), node))
        node.bodies["branches"] = out

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        branches = self.node.bodies["branches"]
        slots = asyncio.Semaphore(min(cfg.max_parallelism, len(branches)))
        start_vars = dict(msg.vars)
        start_vars[cfg.root_message] = msg

        async def branch(number: int, nodes: list[Any]) -> Any:
            async with slots:
                copy = Message(msg.payload, msg.attrs, start_vars, None, seq_id=msg.seq_id)
                out = await call.run_body(nodes, copy, label=f".branch{number}",
                                          visible=dict(call.visible))
                return out.payload

        outcomes = await asyncio.gather(*(branch(i + 1, b) for i, b in enumerate(branches)),
                                        return_exceptions=True)
        for number, outcome in enumerate(outcomes, 1):
            if isinstance(outcome, StepFailed):
                raise StepFailed(outcome.code, f"branch {number}: {outcome.description}",
                                 detail=outcome.detail)
            if isinstance(outcome, BaseException):
                raise outcome
        return msg.derive(payload={str(i): p for i, p in enumerate(outcomes, 1)})

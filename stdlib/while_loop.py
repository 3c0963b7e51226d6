"""While (§6.19): repeat the body while a condition holds, at most ``max_loops`` times."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message
from dataway.engine.runtime import RECORDED_ITERATIONS, LoopSignal, StepCall

from .loops import VarName, final_vars, loop_vars

__all__ = ["While", "WhileConfig"]


class WhileConfig(StrictModel):
    """Fields of While."""

    condition: Any = dyn("cond", description="evaluated before each iteration")
    counter: VarName = "counter"
    root_message: VarName = "rootMessage"
    max_loops: int = Field(10000, ge=1, le=10000)



class While(Component):
    """Loop with payload None inside; output keeps the input payload and attrs."""

    type_name = "while"
    title = "While"
    Config = WhileConfig
    bodies = ("steps",)
    required_bodies = ("steps",)
    loop = True
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        body = self.node.bodies["steps"]
        current: Any = msg.vars
        payload_at_break: Any = ...
        probe = msg.derive(vars=loop_vars(current, cfg.counter, 0, cfg.root_message, msg))
        index = 0
        while True:
            if index >= cfg.max_loops:
                call.log("WARN", f"{self.node.id}: max_loops ({cfg.max_loops}) reached; "
                         "loop ended")
                break
            if not await call.value(probe, "condition"):
                break
            item = Message(None, {}, loop_vars(current, cfg.counter, index, cfg.root_message, msg),
                           seq_id=msg.seq_id)
            try:
                out = await call.run_body(body, item, label=f"[{index}]",
                                          quiet=index >= RECORDED_ITERATIONS)
            except LoopSignal as signal:
                current = signal.message.vars
                if signal.kind == "break":
                    payload_at_break = signal.message.payload
                    break
                out = signal.message
            else:
                current = out.vars
            index += 1
            probe = out.derive(vars=loop_vars(current, cfg.counter, index, cfg.root_message, msg))
        final = final_vars(msg.vars, current, cfg.counter, cfg.root_message)
        if payload_at_break is not ...:
            return msg.derive(payload=payload_at_break, vars=final)
        return msg.derive(vars=final)

"""For Each (§6.7): run the body once per element, sequentially, keeping the input payload."""
from __future__ import annotations

from typing import Any

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message
from dataway.engine.runtime import RECORDED_ITERATIONS, LoopSignal, StepCall

from .loops import VarName, final_vars, iterate, loop_vars

__all__ = ["ForEach", "ForEachConfig"]


class ForEachConfig(StrictModel):
    """Fields of For Each."""

    collection: Any = dyn("any", description="the collection to iterate")
    counter: VarName = "counter"
    root_message: VarName = "rootMessage"



class ForEach(Component):
    """Sequential loop; iteration payload = element, attrs ``{}``, vars carried over."""

    type_name = "for_each"
    title = "For Each"
    Config = ForEachConfig
    bodies = ("steps",)
    required_bodies = ("steps",)
    loop = True
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        collection = await call.value(msg, "collection")
        elements = iterate(collection, f"{self.node.id}.config.collection")
        body = self.node.bodies["steps"]
        current: Any = msg.vars
        seq = msg.seq_id
        for index, element in enumerate(elements):
            item = Message(element, {}, loop_vars(current, cfg.counter, index, cfg.root_message, msg),
                           seq_id=seq)
            try:
                out = await call.run_body(body, item, label=f"[{index}]",
                                          quiet=index >= RECORDED_ITERATIONS)
            except LoopSignal as signal:
                current = signal.message.vars
                if signal.kind == "break":
                    break
                continue
            current = out.vars
        return msg.derive(vars=final_vars(msg.vars, current, cfg.counter, cfg.root_message))

"""Async (§6.1): start the body as a child run and continue at once."""
from __future__ import annotations

from dataway.engine.component import Component
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["Async"]


class Async(Component):
    """The child run's result and errors never reach the parent; output = the input."""

    type_name = "async"
    title = "Async"
    bodies = ("steps",)
    required_bodies = ("steps",)
    boundary = "Async"

    async def run(self, call: StepCall, msg: Message) -> Message:
        child = await call.engine.spawn_child(call, self.node.bodies["steps"], msg)
        call.log("DEBUG", f"{self.node.id}: started child run {child}")
        return msg.derive()

"""Break (§6.2) and Continue (§6.5): end the innermost loop, or its current iteration."""
from __future__ import annotations

from dataway.engine.component import Component
from dataway.engine.message import Message
from dataway.engine.runtime import LoopSignal, StepCall

__all__ = ["Break", "Continue"]


class Break(Component):
    """Ends the innermost For Each or While; scopes in between complete normally."""

    type_name = "break"
    title = "Break"
    inline = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        builder.loop_control(self.node, "break")

    async def run(self, call: StepCall, msg: Message) -> Message:
        raise LoopSignal("break", msg)


class Continue(Component):
    """Ends the current iteration of the innermost For Each or While."""

    type_name = "continue"
    title = "Continue"
    inline = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        builder.loop_control(self.node, "continue")

    async def run(self, call: StepCall, msg: Message) -> Message:
        raise LoopSignal("continue", msg)

"""Set Payload (§6.13): payload = value; attrs and vars inherited."""
from __future__ import annotations

from typing import Any

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["SetPayload", "SetPayloadConfig"]


class SetPayloadConfig(StrictModel):
    """Fields of Set Payload."""

    value: Any = dyn("any")


class SetPayload(Component):
    """Replaces the payload."""

    type_name = "set_payload"
    title = "Set Payload"
    Config = SetPayloadConfig
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        return msg.derive(payload=await call.value(msg, "value"))

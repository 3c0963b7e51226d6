"""Logger (§6.8): write one log record; the message passes through."""
from __future__ import annotations

from typing import Any, Literal, Optional

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.convert import FieldTypeError, convert_field
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["Logger", "LoggerConfig"]


class LoggerConfig(StrictModel):
    """Fields of Logger."""

    level: Literal["DEBUG", "INFO", "WARN", "ERROR"] = "INFO"
    category: Optional[str] = None
    message: Any = dyn("any", description="str as is; Entity via str(); else the string conversion")


class Logger(Component):
    """Output: the input message, inherited."""

    type_name = "logger"
    title = "Logger"
    Config = LoggerConfig
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        value = await call.value(msg, "message")
        if isinstance(value, str):
            text = value
        elif type(value).__name__ == "Entity":
            text = str(value)
        elif value is None:
            text = "None"
        else:
            try:
                text = convert_field(value, "str")
            except FieldTypeError as exc:
                raise StepFailed("VALIDATION", f"{self.node.id}.config.message: {exc}") from None
        call.log(self.config.level, text, self.config.category or self.node.id)
        return msg.derive()

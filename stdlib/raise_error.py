"""Raise Error (§6.10): fail with a built-in or project error type."""
from __future__ import annotations

from typing import Any

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["RaiseError", "RaiseErrorConfig"]


class RaiseErrorConfig(StrictModel):
    """Fields of Raise Error."""

    error_type: str = "GENERAL"
    description: Any = dyn("str")


class RaiseError(Component):
    """The failed message carries the input payload, attrs and vars."""

    type_name = "raise_error"
    title = "Raise Error"
    Config = RaiseErrorConfig
    inline = True

    def check_project(self, project, app) -> list[tuple[tuple[Any, ...], str]]:  # type: ignore[no-untyped-def]
        """``error_type`` must be known (``CANCELLED`` cannot be raised by a flow)."""
        code = self.config.error_type
        where = self.node.yaml_path + ("config", "error_type")
        if code == "CANCELLED":
            return [(where, "CANCELLED is raised by the engine only")]
        if not project.error_types.known(code):
            return [(where, f"unknown error type {code!r}")]
        return []

    async def run(self, call: StepCall, msg: Message) -> Message:
        description = await call.value(msg, "description")
        raise StepFailed(self.config.error_type, "" if description is None else description)

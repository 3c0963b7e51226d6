"""Transform (§6.16): compute payload, attrs and variables from the input in one step."""
from __future__ import annotations

from typing import Any

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import VAR_NAME_RE, Message
from dataway.engine.runtime import StepCall

__all__ = ["Transform", "TransformConfig"]


class TransformConfig(StrictModel):
    """Fields of Transform; ``vars`` maps variable names to Dataway fields."""

    payload: Any = dyn("any", None)
    attrs: Any = dyn("any", None)
    vars: dict[str, Any] = {}


class Transform(Component):
    """All fields see the input message, not each other's results."""

    type_name = "transform"
    title = "Transform"
    Config = TransformConfig
    inline = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        for name, raw in self.config.vars.items():
            if not isinstance(name, str) or not VAR_NAME_RE.match(name):
                builder.error(self.node.yaml_path + ("config", "vars", name),
                              f"{name!r} is not a variable name", self.node, key=True)
                continue
            builder.field(self.node, ("config", "vars", name), raw, "any", key=f"vars.{name}")
        self._names = [n for n in ("payload", "attrs") if n in self.node.fields]
        self._vars = [n for n in self.config.vars if f"vars.{n}" in self.node.fields]

    async def run(self, call: StepCall, msg: Message) -> Message:
        names = self._names + [f"vars.{n}" for n in self._vars]
        values = await call.values(msg, *names)
        result = dict(zip(names, values))
        payload = result.get("payload", ...) if "payload" in result else ...
        attrs: Any = ...
        if "attrs" in result:
            attrs = result["attrs"]
            if not isinstance(attrs, dict):
                raise StepFailed("VALIDATION", f"{self.node.id}.config.attrs: must be a dict, "
                                 f"got {type(attrs).__name__}")
        new_vars: Any = ...
        if self._vars:
            new_vars = dict(msg.vars)
            for name in self._vars:
                new_vars[name] = result[f"vars.{name}"]
        return msg.derive(payload=payload, attrs=attrs, vars=new_vars)

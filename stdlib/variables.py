"""Set Variable (§6.14, with list/dict operations) and Remove Variable (§6.11)."""
from __future__ import annotations

from typing import Any, Literal

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

from .loops import VarName

__all__ = ["SetVariable", "SetVariableConfig", "RemoveVariable", "RemoveVariableConfig"]

_MISSING = object()


class SetVariableConfig(StrictModel):
    """Fields of Set Variable."""

    name: VarName
    value: Any = dyn("any", None)
    operation: Literal["assign", "append", "extend", "insert", "set", "remove"] = "assign"
    key: Any = dyn("key", None)


class SetVariable(Component):
    """Output: payload and attrs inherited; vars updated (never mutated in place)."""

    type_name = "set_variable"
    title = "Set Variable"
    Config = SetVariableConfig
    inline = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        op = self.config.operation
        where = self.node.yaml_path + ("config",)
        given = self.config.model_fields_set
        if op != "remove" and "value" not in given:
            builder.error(where, "missing required field 'value'", self.node)
        if op in ("set", "remove", "insert") and "key" not in given:
            builder.error(where, f"operation {op!r} needs 'key'", self.node)

    def _bad(self, text: str) -> StepFailed:
        return StepFailed("VALIDATION", f"{self.node.id}: {text}")

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        value, key = await call.values(msg, "value", "key")
        name, op = cfg.name, cfg.operation
        if type(value).__name__ == "Stream":
            value = list(value)
        if op == "assign":
            new = dict(msg.vars)
            new[name] = value
            return msg.derive(vars=new)
        current = msg.vars.get(name, _MISSING)
        if current is _MISSING and op not in ("append", "extend"):
            raise self._bad(f"variable {name!r} does not exist")
        if op in ("append", "extend"):
            items = [] if current is _MISSING else current
            if not isinstance(items, list):
                raise self._bad(f"variable {name!r} is a {type(items).__name__}, not a list")
            if op == "append":
                updated: Any = items + [value]
            else:
                if not isinstance(value, (list, tuple)):
                    raise self._bad(f"extend needs a list, tuple or Stream value, got "
                                    f"{type(value).__name__}")
                updated = items + list(value)
        elif op == "insert":
            if not isinstance(current, list):
                raise self._bad(f"variable {name!r} is a {type(current).__name__}, not a list")
            if not isinstance(key, int) or isinstance(key, bool):
                raise self._bad(f"insert needs an int index, got {key!r}")
            updated = list(current)
            updated.insert(key, value)
        else:
            updated = self._keyed(op, name, current, key, value)
        new = dict(msg.vars)
        new[name] = updated
        return msg.derive(vars=new)

    def _keyed(self, op: str, name: str, current: Any, key: Any, value: Any) -> Any:
        if isinstance(current, dict):
            updated = dict(current)
            if op == "set":
                updated[key] = value
            else:
                updated.pop(key, None)
            return updated
        if isinstance(current, list):
            if not isinstance(key, int) or isinstance(key, bool):
                raise self._bad(f"list index must be an int, got {key!r}")
            if not -len(current) <= key < len(current):
                raise self._bad(f"list index {key} out of range for variable {name!r} "
                                f"(length {len(current)})")
            updated_list = list(current)
            if op == "set":
                updated_list[key] = value
            else:
                del updated_list[key]
            return updated_list
        raise self._bad(f"variable {name!r} is a {type(current).__name__}, not a dict or list")


class RemoveVariableConfig(StrictModel):
    """Fields of Remove Variable."""

    name: VarName


class RemoveVariable(Component):
    """Output: vars without ``name`` (no-op when absent)."""

    type_name = "remove_variable"
    title = "Remove Variable"
    Config = RemoveVariableConfig
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        if self.config.name not in msg.vars:
            return msg.derive()
        return msg.with_vars({}, (self.config.name,))

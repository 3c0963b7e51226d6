"""The component contract: a config model, declared fields, bodies, and one ``run`` coroutine.

A component class (logical component or connector operation) declares

* ``type_name``: the YAML ``type``;
* ``Config``: a pydantic model of its ``config`` mapping. Dataway fields are declared with
  :func:`dyn` (field type plus an optional range check); every other field is static and
  validated when the flow loads;
* ``bodies``: the step-level scope keys it accepts (``steps``, ``branches``, ``default``,
  ``catch``), parsed by :meth:`Component.build_bodies`;
* ``loop`` (a Break/Continue target) or ``boundary`` (Break/Continue may not cross it);
* ``run(call, msg)``: the behaviour, returning a new message or raising StepFailed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar, Optional

from pydantic import BaseModel, ConfigDict, Field

from .message import Message

if TYPE_CHECKING:  # pragma: no cover
    from .graph import StepNode
    from .loader import Builder
    from .runtime import StepCall

__all__ = ["Component", "NoConfig", "StrictModel", "dyn", "DYN_KEY", "field_spec"]

DYN_KEY = "x-dataway-field"
_CHECKS: dict[int, Callable[[Any], Optional[str]]] = {}


class StrictModel(BaseModel):
    """Base of config models: unknown keys are errors; instances are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class NoConfig(StrictModel):
    """The config of a component without fields."""


def dyn(field_type: str, default: Any = ..., *, check: Optional[Callable[[Any], Optional[str]]] = None,
        description: str = "", alias: Optional[str] = None) -> Any:
    """Declare a Dataway field (literal or script) of ``field_type``.

    ``check(value)`` returns an error text for an out-of-range value; it is applied to literals
    at load (a load error) and to script results at run time (VALIDATION).
    """
    extra: dict[str, Any] = {DYN_KEY: field_type}
    if check is not None:
        key = id(check)
        _CHECKS[key] = check
        extra["x-dataway-check"] = key
    # ``alias``: the YAML key when it is a Python keyword (``from``).
    return Field(default, description=description or None, json_schema_extra=extra,
                 alias=alias)


def field_spec(model: type[BaseModel], name: str) -> Optional[tuple[str, Optional[Callable[[Any], Optional[str]]]]]:
    """``(field type, check)`` for a Dataway field of ``model``, else None (a static field)."""
    info = model.model_fields[name]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else None
    if not extra or DYN_KEY not in extra:
        return None
    check_key = extra.get("x-dataway-check")
    return str(extra[DYN_KEY]), _CHECKS.get(check_key) if check_key is not None else None


def int_range(low: int, high: Optional[int] = None, unit: str = "") -> Callable[[Any], Optional[str]]:
    """A check for an int field within ``low``..``high`` (inclusive)."""
    def check(value: Any) -> Optional[str]:
        if value < low or (high is not None and value > high):
            bound = f"{low}–{high}" if high is not None else f"≥ {low}"
            return f"must be {bound}{unit}, got {value}"
        return None
    return check


class Component:
    """Base class of every component; one instance per step, shared by all runs."""

    type_name: ClassVar[str] = ""
    Config: ClassVar[type[StrictModel]] = NoConfig
    bodies: ClassVar[tuple[str, ...]] = ()
    required_bodies: ClassVar[tuple[str, ...]] = ()
    loop: ClassVar[bool] = False
    boundary: ClassVar[Optional[str]] = None
    is_trigger: ClassVar[bool] = False
    title: ClassVar[str] = ""
    # True when ``run`` never waits on anything but its bodies (engine/segments.py): such steps
    # run in one go on a worker thread with their neighbours instead of hopping per field.
    inline: ClassVar[bool] = False

    def __init__(self, node: "StepNode") -> None:
        self.node = node
        self.config = node.config

    @classmethod
    def build_bodies(cls, builder: "Builder", node: "StepNode", raw: dict[str, Any]) -> None:
        """Parse scope bodies into ``node.bodies``; default: a ``steps`` list when declared."""
        if "steps" in cls.bodies:
            node.bodies["steps"] = builder.steps(raw.get("steps"), ("steps",), node,
                                                 required="steps" in cls.required_bodies)

    def runs_inline(self) -> bool:
        """Whether this step, bodies included, can run inside a synchronous segment."""
        if not self.inline:
            return False
        from .graph import body_lists
        from .segments import runs_inline

        return all(runs_inline(n) for body in body_lists(self.node.bodies) for n in body)

    def validate(self, builder: "Builder") -> None:
        """Cross-field load checks (after config and bodies are built); report via builder."""

    async def run(self, call: "StepCall", msg: Message) -> Message:
        """Execute the step on ``msg``; return the output message or raise StepFailed."""
        raise NotImplementedError

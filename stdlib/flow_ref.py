"""Flow Reference (§6.6): run another flow synchronously on the input message."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from dataway.engine.component import Component, StrictModel
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["FlowRef", "FlowRefConfig"]


class FlowRefConfig(StrictModel):
    """Fields of Flow Reference."""

    flow: str = Field(pattern=r"^([A-Za-z][A-Za-z0-9_-]{0,63}/)?[A-Za-z][A-Za-z0-9_-]{0,63}$")


class FlowRef(Component):
    """Output: the referenced flow's final message; its errors propagate from this step."""

    type_name = "flow_ref"
    title = "Flow Reference"
    Config = FlowRefConfig
    boundary = "a flow boundary"

    def check_project(self, project, app) -> list[tuple[tuple[Any, ...], str]]:  # type: ignore[no-untyped-def]
        """The target must exist; another app's target must be ``shared: true``."""
        target = self.config.flow
        where = self.node.yaml_path + ("config", "flow")
        try:  # kept for runs_inline: the target's steps decide whether this step waits
            self._target = project.resolve_reference(target, app.name)
        except KeyError:
            self._target = None
        if "/" in target:
            app_name, flow_name = target.split("/", 1)
            other = project.apps.get(app_name)
            if other is None or flow_name not in other.flows:
                return [(where, f"unknown flow {target!r}")]
            if app_name != app.name and not other.flows[flow_name].shared:
                return [(where, f"flow {target!r} is not shared (shared: true)")]
            return []
        if target not in app.flows:
            return [(where, f"unknown flow {target!r}")]
        return []

    def runs_inline(self) -> bool:
        """Inline when every step of the target flow is (a cycle of references is not)."""
        target = getattr(self, "_target", None)
        if target is None:
            return False
        from dataway.engine.segments import runs_inline

        self.node.inline = False  # provisional: a reference cycle back here sees "not inline"
        return all(runs_inline(n) for n in target.steps)

    async def run(self, call: StepCall, msg: Message) -> Message:
        return await call.engine.call_flow(call, self.config.flow, msg)

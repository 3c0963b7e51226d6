"""Until Successful (§6.18): retry the body until it succeeds and the condition allows."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.errors import StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall

__all__ = ["UntilSuccessful", "UntilSuccessfulConfig"]


class UntilSuccessfulConfig(StrictModel):
    """Fields of Until Successful, both configuration shapes."""

    retry_condition: Any = dyn("cond", None, description="current shape: retry when true")
    condition_type: Optional[Literal["none", "success_condition", "failure_condition"]] = None
    condition: Any = dyn("cond", None, description="legacy shape")
    retries: int = Field(3, ge=1, le=100)
    retry_interval: int = Field(60, ge=1, le=300)


class UntilSuccessful(Component):
    """At most 1 + ``retries`` attempts on the original input, ``retry_interval`` apart."""

    type_name = "until_successful"
    title = "Until Successful"
    Config = UntilSuccessfulConfig
    bodies = ("steps",)
    required_bodies = ("steps",)

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        fields = self.config.model_fields_set
        legacy = self.config.condition_type is not None or "condition" in fields
        if "retry_condition" in fields and legacy:
            builder.error(self.node.yaml_path + ("config",), "configure either retry_condition "
                          "or condition_type/condition, not both", self.node)
        elif "condition" in fields and self.config.condition_type in (None, "none"):
            builder.error(self.node.yaml_path + ("config", "condition_type"),
                          "condition needs condition_type success_condition or "
                          "failure_condition", self.node)

    async def _retry_wanted(self, call: StepCall, out: Message) -> bool:
        fields = self.node.fields
        kind = self.config.condition_type
        if "retry_condition" in fields:
            return bool(await call.value(out, "retry_condition"))
        if kind == "success_condition":
            return not await call.value(out, "condition")
        if kind == "failure_condition":
            return bool(await call.value(out, "condition"))
        return False

    async def run(self, call: StepCall, msg: Message) -> Message:
        cfg = self.config
        attempts = 1 + cfg.retries
        body = self.node.bodies["steps"]
        last: Optional[StepFailed] = None
        last_msg: Message = msg
        for attempt in range(1, attempts + 1):
            if attempt > 1:
                await call.clock.sleep(cfg.retry_interval)
            label = "" if attempt == 1 else f".attempt{attempt}"
            try:
                out = await call.run_body(body, msg, label=label)
            except StepFailed as failure:
                last, last_msg = failure, failure.message or msg
                call.log("INFO", f"{self.node.id}: attempt {attempt} failed: {failure.code}")
                continue
            # A condition that cannot be evaluated fails at once (no retry): not caught here.
            if not await self._retry_wanted(call, out):
                return out
            last, last_msg = None, out
            call.log("INFO", f"{self.node.id}: attempt {attempt}: retry condition still true")
        if last is not None:
            reason = f"{last.code}: {last.description}"
        else:
            reason = "retry condition still true"
        failure = StepFailed("RETRY_EXHAUSTED", f"gave up after {attempts} attempts: {reason}")
        failure.message = last_msg.failed(failure.code, failure.description)
        raise failure

"""Try (§6.17): per-type catches, retries of the body, and a local-transaction hook."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel
from dataway.engine.errors import ANY, StepFailed
from dataway.engine.message import Message
from dataway.engine.runtime import StepCall
from dataway.engine.transactions import LocalTransaction

__all__ = ["Try", "TryConfig", "CatchSpec"]


class TryConfig(StrictModel):
    """Fields of Try (``steps`` and ``catch`` are step-level keys)."""

    transaction: Literal["none", "local"] = "none"


class CatchSpec(StrictModel):
    """One ``catch`` entry."""

    types: list[str] = Field(default_factory=lambda: [ANY])
    retries: int = Field(0, ge=0, le=5)
    retry_interval: int = Field(60, ge=1, le=300)
    steps: list[Any] = Field(default_factory=list)
    description: Optional[str] = None


class Try(Component):
    """Runs the body; on error picks the first matching catch, retries or handles."""

    type_name = "try"
    title = "Try"
    Config = TryConfig
    inline = True
    bodies = ("steps", "catch")
    required_bodies = ("steps", "catch")

    @classmethod
    def build_bodies(cls, builder, node, raw) -> None:  # type: ignore[no-untyped-def]
        from dataway.engine.model import validate_model

        node.bodies["steps"] = builder.steps(raw.get("steps"), ("steps",), node)
        catches = raw.get("catch")
        base = node.yaml_path + ("catch",)
        parsed: list[tuple[CatchSpec, list[Any]]] = []
        if not isinstance(catches, list) or not catches:
            builder.error(base if catches is not None else node.yaml_path,
                          "catch: at least one catch is required", node)
            catches = []
        for i, item in enumerate(catches):
            spec = validate_model(CatchSpec, item, builder.doc, base + (i,), builder.problems,
                                  render=lambda p: builder.render(p, node))
            steps = builder.steps(item.get("steps") if isinstance(item, dict) else None,
                                  ("catch", i, "steps"), node, required=False)
            if isinstance(spec, CatchSpec):
                parsed.append((spec, steps))
        node.bodies["catch"] = parsed

    def check_project(self, project, app) -> list[tuple[tuple[Any, ...], str]]:  # type: ignore[no-untyped-def]
        """Catch types must be known codes (built-in or declared in the project)."""
        out = []
        for i, (spec, _) in enumerate(self.node.bodies.get("catch", [])):
            for j, code in enumerate(spec.types):
                if code != ANY and not project.error_types.known(code):
                    out.append((self.node.yaml_path + ("catch", i, "types", j),
                                f"unknown error type {code!r}"))
        return out

    def runs_inline(self) -> bool:
        """Inline unless it may wait: retry intervals, or commit/rollback of a transaction."""
        if self.config.transaction == "local":
            return False
        if any(spec.retries for spec, _ in self.node.bodies.get("catch", [])):
            return False
        return super().runs_inline()

    async def _attempt(self, call: StepCall, msg: Message, label: str) -> Message:
        body = self.node.bodies["steps"]
        state = call.state
        if self.config.transaction != "local" or state.transaction is not None:
            return await call.run_body(body, msg, label=label)  # none, or joins the outer one
        tx = state.transaction = LocalTransaction()
        try:
            out = await call.run_body(body, msg, label=label)
        except BaseException:
            state.transaction = None
            problem = await tx.rollback()
            if problem is not None:
                call.log("ERROR", f"{self.node.id}: rollback failed: {problem}")
            raise
        state.transaction = None
        await tx.commit()
        return out

    async def run(self, call: StepCall, msg: Message) -> Message:
        types = call.engine.error_types
        catches = self.node.bodies["catch"]
        used = [0] * len(catches)
        attempt = 1
        while True:
            label = "" if attempt == 1 else f".attempt{attempt}"
            try:
                return await self._attempt(call, msg, label)
            except StepFailed as failure:
                chosen = next((k for k, (spec, _) in enumerate(catches)
                               if any(types.matches(t, failure.code) for t in spec.types)), None)
                if chosen is None:
                    raise
                spec, steps = catches[chosen]
                if used[chosen] < spec.retries:
                    used[chosen] += 1
                    attempt += 1
                    call.log("INFO", f"{self.node.id}: attempt {attempt - 1} failed with "
                             f"{failure.code}; retrying in {spec.retry_interval} s")
                    await call.clock.sleep(spec.retry_interval)
                    continue
                failed = failure.message or msg.failed(failure.code, failure.description)
                out = await call.run_body(steps, failed, label=f".catch{chosen + 1}")
                return out.succeeded()

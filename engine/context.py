"""What a step sees of its run: settings, run state, and :class:`StepCall` (its window on the run).

A :class:`StepCall` carries ``segment``: None when the step runs on the event loop (its scripts
hop to the worker pool), or the :class:`~dataway.engine.segments.Segment` whose thread is
running it (its scripts evaluate right there, §4.2; see :mod:`dataway.engine.segments`).
"""
from __future__ import annotations

import asyncio
import itertools
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional

from .clock import Clock
from .errors import StepFailed
from .fields import EvalEnv, ScriptBackend
from .message import Message
from .records import RunRecord

if TYPE_CHECKING:  # pragma: no cover
    from .graph import StepNode
    from .runtime import Engine
    from .segments import Segment

__all__ = ["EngineSettings", "LoopSignal", "RunState", "StepCall", "RECORDED_ITERATIONS"]

# Loop iterations recorded in full per scope (§10); later ones are recorded only when they fail.
RECORDED_ITERATIONS = 100


@dataclass
class EngineSettings:
    """Engine limits (§4.5) and run settings (§9) with their defaults."""

    max_steps_per_run: int = 1_000_000
    max_flow_depth: int = 16
    max_concurrent_runs: int = 64
    max_async_pending: int = 1_000
    shutdown_grace: float = 30.0
    log_level: str = "DEBUG"
    environment: str = "sandbox"
    timezone: Any = None
    seed: Optional[int] = None
    keep_records: int = 1_000
    script_limits: Optional[dict[str, Any]] = None  # L§14 limit name -> value, for every script


class LoopSignal(Exception):
    """Break or Continue travelling to the innermost loop, with the message that reached it."""

    def __init__(self, kind: str, message: Message) -> None:
        super().__init__(kind)
        self.kind = kind
        self.message = message


@dataclass(eq=False)
class RunState:
    """Mutable state of one run (shared by its Flow References, not by Async children).

    Parallel scopes of one run may execute steps on two worker threads at once: the step counter
    is an ``itertools.count`` (atomic in CPython) and ``lock`` guards the rarer read-modify-write
    updates (``unrecorded``, mock counters).
    """

    record: RunRecord
    mocks: Mapping[str, Any] = field(default_factory=dict)
    mock_counts: dict[str, int] = field(default_factory=dict)
    counter: Any = field(default_factory=lambda: itertools.count(1))
    cancel_reason: Optional[str] = None
    guards: list[tuple[float, str, str]] = field(default_factory=list)
    task: Optional[asyncio.Task[Any]] = None
    holds: dict[str, int] = field(default_factory=dict)
    transaction: Any = None
    lock: Any = field(default_factory=threading.Lock)


class StepCall(EvalEnv):
    """A step's window on its run: field evaluation, bodies, logging, time, backends.

    It is also the :class:`~dataway.engine.fields.EvalEnv` of the step's scripts.
    """

    __slots__ = ("engine", "state", "node", "visible", "path", "depth", "quiet", "segment")

    def __init__(self, engine: "Engine", state: RunState, node: "StepNode",
                 visible: dict[str, Message], path: str, depth: int, quiet: bool = False,
                 segment: "Optional[Segment]" = None) -> None:
        self.engine = engine
        self.state = state
        self.node = node
        self.visible = visible
        self.path = path
        self.depth = depth
        self.quiet = quiet
        self.segment = segment

    @property
    def clock(self) -> Clock:
        """The engine's clock."""
        return self.engine.clock

    @property
    def transaction(self) -> Any:
        """The open local transaction of the run (a Try with ``transaction: local``), or None."""
        return self.state.transaction

    @property
    def run_id(self) -> str:
        """The id of the run this step belongs to."""
        return self.state.record.id

    async def values(self, msg: Message, *names: str) -> list[Any]:
        """Evaluate the named fields against ``msg`` in order (missing fields give None)."""
        fields = self.node.fields
        chosen = [fields.get(n) for n in names]
        for f in chosen:
            if f is not None and not f.literal:
                break
        else:  # literals only: nothing to evaluate, no hop to the worker pool
            return [None if f is None else f.value for f in chosen]  # type: ignore[union-attr]
        if self.segment is not None:  # already on the thread that runs this step's scripts
            return _evaluate_all(chosen, msg, self, self.engine.backend)
        return await self._hop(_evaluate_all, chosen, msg, self, self.engine.backend)

    async def value(self, msg: Message, name: str) -> Any:
        """Evaluate one field."""
        field = self.node.fields.get(name)
        if field is None:
            return None
        if field.literal:
            return field.value  # type: ignore[attr-defined]
        if self.segment is not None:
            return field.evaluate(msg, self, self.engine.backend)
        return (await self.values(msg, name))[0]

    @property
    def script_options(self) -> Mapping[str, Any]:
        """Keyword options of every script evaluation (time zone, clock, seed, limits)."""
        return self.engine.script_options

    def print_log(self, text: str) -> None:
        """Script ``print`` output: the run log at DEBUG, category ``print`` (§4.2)."""
        self.engine.write_log(self.state, self.node.id, "DEBUG", "print", text.rstrip("\n"))

    async def offload(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` off the event loop (CPU-heavy work such as decompression)."""
        if self.segment is not None:
            return fn(*args)
        return await self._hop(fn, *args)

    async def _hop(self, fn: Callable[..., Any], *args: Any) -> Any:
        clock = self.engine.clock
        clock.begin_work()  # a virtual clock must not jump while the worker computes
        try:
            return await self.engine.executor.call(fn, *args)
        finally:
            clock.end_work()

    async def run_body(self, nodes: list["StepNode"], msg: Message, *, label: str = "",
                       visible: Optional[dict[str, Message]] = None,
                       quiet: bool = False) -> Message:
        """Run a nested step list; ``label`` extends the step path (``loop[3]``).

        ``quiet`` (loops past :data:`RECORDED_ITERATIONS`) records only failing steps (§10).
        """
        prefix = f"{self.path}{label}/" if label else f"{self.path}/"
        return await self.engine.run_steps(self.state, nodes, msg,
                                           self.visible if visible is None else visible,
                                           prefix, self.depth, self.quiet or quiet, self.segment)

    def log(self, level: str, message: str, category: Optional[str] = None) -> None:
        """Write a log record for this step (dropped below the environment's level)."""
        self.engine.write_log(self.state, self.node.id, level, category or "engine", message)

    def fail(self, code: str, description: str) -> StepFailed:
        """A StepFailed to raise."""
        return StepFailed(code, description)


def _evaluate_all(fields: list[Any], msg: Message, env: EvalEnv,
                  backend: ScriptBackend) -> list[Any]:
    return [None if f is None else f.evaluate(msg, env, backend) for f in fields]

"""Run, step and log records (components spec §10), kept in memory for one run."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .message import Message

__all__ = ["StepRecord", "LogRecord", "RunRecord", "LEVELS", "LOG_MESSAGE_LIMIT"]

LEVELS = {"DEBUG": 10, "INFO": 20, "WARN": 30, "ERROR": 40}
LOG_MESSAGE_LIMIT = 32 * 1024


@dataclass(slots=True)
class StepRecord:
    """One step execution: path such as ``loop[3]/fetch``, status ``ok``/``failed``/…"""

    path: str
    step: str
    type: str
    started: float
    ended: float = 0.0
    status: str = "running"
    error: Optional[dict[str, str]] = None
    detail: Any = None
    output: Optional[Message] = None

    @property
    def duration_ms(self) -> float:
        """Duration in milliseconds."""
        return (self.ended - self.started) * 1000.0


@dataclass(slots=True)
class LogRecord:
    """One log line (§10): time, run, flow, step, level, category, message."""

    time: float
    run_id: str
    flow: str
    step: Optional[str]
    level: str
    category: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output and test matching."""
        return {"time": self.time, "run_id": self.run_id, "flow": self.flow, "step": self.step,
                "level": self.level, "category": self.category, "message": self.message}


@dataclass
class RunRecord:
    """A run: ids, status, timing, final message or error, step trace and logs."""

    id: str
    app: str
    flow: str
    seq_id: str
    parent_run_id: Optional[str] = None
    status: str = "running"
    started_at: float = 0.0
    ended_at: float = 0.0
    error: Optional[dict[str, str]] = None
    error_detail: Any = None
    message: Optional[Message] = None
    steps: list[StepRecord] = field(default_factory=list)
    logs: list[LogRecord] = field(default_factory=list)
    version: str = "draft"
    environment: str = "sandbox"
    unrecorded: int = 0  # successful loop-iteration steps beyond RECORDED_ITERATIONS

    @property
    def duration_ms(self) -> float:
        """Duration in milliseconds."""
        return (self.ended_at - self.started_at) * 1000.0

    def paths(self) -> list[str]:
        """The visited step paths in completion order."""
        return [s.path for s in self.steps]

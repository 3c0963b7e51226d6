"""Pydantic models of the flow file format (components spec §3): project, app, flow, step.

These models validate shapes; component configs are validated by each component's own
``Config`` model. :func:`validation_problems` turns pydantic errors into positioned problems.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .yamlsrc import Located, Path, Problem, format_path

__all__ = ["ProjectFile", "AppFile", "FlowFile", "StepSpec", "ErrorTypeSpec", "ConnectionSpec",
           "validate_model", "FLOW_NAME", "STEP_ID"]

FLOW_NAME = r"^[A-Za-z][A-Za-z0-9_-]{0,63}$"
STEP_ID = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ErrorTypeSpec(_Strict):
    """A custom error type of ``project.yaml`` (§8)."""

    code: str
    parent: Optional[str] = None
    description: str = ""


class ProjectFile(_Strict):
    """``project.yaml``: name, environments, custom error types, shared settings."""

    project: str
    description: Optional[str] = None
    environments: Any = None
    error_types: list[ErrorTypeSpec] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)


class ConnectionSpec(_Strict):
    """A connection of ``app.yaml`` (§7.1)."""

    type: str
    config: dict[str, Any] = Field(default_factory=dict)
    description: Optional[str] = None


class AppFile(_Strict):
    """``<app>/app.yaml``: name, connections, settings, environment overrides."""

    app: str = Field(pattern=FLOW_NAME)
    description: Optional[str] = None
    connections: dict[str, ConnectionSpec] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)
    environments: dict[str, Any] = Field(default_factory=dict)


class StepSpec(_Strict):
    """One step (or the trigger) of a flow file."""

    id: str = Field(pattern=STEP_ID)
    type: str
    config: dict[str, Any] = Field(default_factory=dict)
    connection: Optional[str] = None
    description: Optional[str] = None
    steps: Optional[list[Any]] = None
    branches: Optional[list[Any]] = None
    default: Optional[list[Any]] = None
    catch: Optional[list[Any]] = None


class FlowFile(_Strict):
    """``<app>/flows/<name>.yaml``: one flow."""

    flow: str = Field(pattern=FLOW_NAME)
    shared: bool = False
    description: Optional[str] = None
    trigger: Optional[dict[str, Any]] = None
    steps: list[dict[str, Any]]


def validate_model(model: type[BaseModel], raw: Any, doc: Located, path: Path,
                   problems: list[Problem],
                   render: Optional[Callable[[Path], str]] = None) -> Optional[BaseModel]:
    """Validate ``raw`` (found at ``path`` in ``doc``); append every error as a Problem.

    ``render`` turns an absolute YAML path into the field path shown (default: the path from
    the document root; step configs show ``<step>.config.<field>``).
    """
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(_problem(err, doc, path + loc, render or format_path))
        return None


def _problem(err: dict[str, Any], doc: Located, full: Path,
             render: Callable[[Path], str]) -> Problem:
    kind = err["type"]
    if kind == "extra_forbidden":
        line, col = doc.position(full, key=True)
        return Problem(doc.file, line, col, render(full[:-1]), f"unknown key {full[-1]!r}")
    if kind == "missing":
        line, col = doc.position(full[:-1])
        return Problem(doc.file, line, col, render(full[:-1]),
                       f"missing required field {full[-1]!r}")
    message = err["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        message = f"{err.get('input')!r} does not match {pattern}"
    elif kind == "literal_error":
        message = f"{err.get('input')!r} is not one of {err.get('ctx', {}).get('expected', '')}"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        message = f"{err.get('input')!r}: {message.lower()}"
    line, col = doc.position(full)
    return Problem(doc.file, line, col, render(full), message)

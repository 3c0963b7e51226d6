"""Runs the flow conformance suite: YAML case files, one folder per component.

Case file format (see README.md in this folder)::

    description: what the file covers
    flows:                      # flow files, by name; text is loaded exactly as a flow file
      main: |
        flow: main
        steps: [...]
    error_types: [{code, parent}]   # optional project error types
    connections: {name: {type, config}}   # optional app connections
    project: |                  # optional project.yaml text; with it (or app:) the flows are
      project: shop             # written to a temporary project and loaded from disk, and the
    app: |                      # case's settings resolve per §9 (engine/settings.py)
      app: app
    cases:
      - name: ...
        flow: main              # default: the first flow
        input: {payload, attrs, vars}
        mocks: {step: {output|error|outputs}}
        concurrent: [input, ...]   # instead of input: start several runs at once
        environment: staging    # settings of this environment (files documents; default sandbox)
        expect: {status, payload, attrs, vars, vars_contains, error, paths, logs, peak}
"""
from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any, Optional

from dataway.engine.clock import VirtualClock
from dataway.engine.errors import CustomErrorType
from dataway.engine.loader import load, load_flow_texts
from dataway.engine.settings import engine_settings, resolve_settings
from dataway.engine.model import ConnectionSpec
from dataway.engine.registry import Registry
from dataway.engine.runtime import Engine, EngineSettings
from dataway.engine.executor import InlineExecutor, ScriptExecutor
from dataway.engine.yamlsrc import read_yaml

from .probes import Probe, TxProbe

__all__ = ["collect", "run_case", "CASES_DIR"]

CASES_DIR = Path(__file__).parent / "cases"


def collect() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every ``(id, file document, case)`` of the suite."""
    out = []
    for file in sorted(CASES_DIR.rglob("*.yaml")):
        doc = read_yaml(file.read_text(encoding="utf-8"), file.name)
        assert not doc.problems, doc.problems
        rel = file.relative_to(CASES_DIR).with_suffix("").as_posix()
        for case in doc.value["cases"]:
            out.append((f"{rel}::{case['name']}", doc.value, case))
    return out


def registry() -> Registry:
    """The standard components plus the test probe."""
    reg = Registry()
    reg.register(Probe)
    reg.register(TxProbe)
    return reg


def build_engine(document: dict[str, Any], backend: Any, *, settings: Optional[dict[str, Any]] = None,
                 connections_env: bool = True, executor: Optional[ScriptExecutor] = None) -> Engine:
    """Load the document's flows into an engine with a virtual clock and inline scripts (or
    ``executor``)."""
    files = {f"flows/{name}.yaml": text for name, text in document["flows"].items()}
    customs = [CustomErrorType(e["code"], e.get("parent"), e.get("description", ""))
               for e in document.get("error_types", [])]
    project = load_flow_texts(files, backend=backend, registry=registry(), error_types=customs,
                              connections={k: ConnectionSpec(**v) for k, v in
                                           document.get("connections", {}).items()},
                              scripts=document.get("scripts"))
    return Engine(project, clock=VirtualClock(), executor=executor or InlineExecutor(),
                  settings=EngineSettings(**(settings or {})))


def build_project_engine(document: dict[str, Any], backend: Any, environment: str,
                         executor: Optional[ScriptExecutor] = None) -> Engine:
    """Write ``project``/``app`` files and the flows to a temporary project, load it from disk,
    and configure the engine from the resolved settings of ``environment`` (§9)."""
    with tempfile.TemporaryDirectory(prefix="dataway-case-") as tmp:
        root = Path(tmp)
        app_dir = root / "app"
        (app_dir / "flows").mkdir(parents=True)
        (root / "project.yaml").write_text(document.get("project") or "project: cases\n",
                                           encoding="utf-8")
        (app_dir / "app.yaml").write_text(document.get("app") or "app: app\n", encoding="utf-8")
        for name, text in document["flows"].items():
            (app_dir / "flows" / f"{name}.yaml").write_text(text, encoding="utf-8")
        project = load(app_dir, backend=backend, registry=registry())
    resolved = resolve_settings(project, None, environment)
    return Engine(project, clock=VirtualClock(), executor=executor or InlineExecutor(),
                  settings=engine_settings(resolved))


async def run_case(document: dict[str, Any], case: dict[str, Any], backend: Any,
                   executor: Optional[ScriptExecutor] = None) -> list[Any]:
    """Run one case; returns the run records (one per input)."""
    if "project" in document or "app" in document:
        engine = build_project_engine(document, backend, case.get("environment", "sandbox"),
                                      executor)
    else:
        engine = build_engine(document, backend, settings=case.get("settings"),
                              executor=executor)
    flow = case.get("flow") or next(iter(document["flows"]))
    inputs = case["concurrent"] if "concurrent" in case else [case.get("input")]
    runs = [engine.run_flow(flow, item, mocks=case.get("mocks"), from_step=case.get("from"),
                            to_step=case.get("to")) for item in inputs]
    records = await asyncio.gather(*runs)
    await engine.drain_children()
    for record in records:
        record.engine = engine  # type: ignore[attr-defined]
    return list(records)

"""The Dataway flow engine (components spec §1–§6, §8).

Data flows one way through the package::

    flow YAML ─▶ yamlsrc (values + positions) ─▶ model / loader (validation, all problems)
              ─▶ graph (StepNodes with compiled fields) ─▶ runtime (runs on asyncio)

Typical use::

    from dataway.engine import load, Engine
    project = load("path/to/app")          # LoadError lists every problem with its position
    record = await Engine(project).run_flow("orders", {"payload": {...}})

Components live in ``dataway.stdlib`` and are found through the ``dataway.components``
entry-point group (:mod:`dataway.engine.registry`).
"""
from __future__ import annotations

from typing import Any

__all__ = ["load", "load_flow_texts", "LoadError", "Engine", "EngineSettings", "Message",
           "RunRecord", "StepFailed", "flow_schema"]

_EXPORTS = {
    "load": ("loader", "load"), "load_flow_texts": ("loader", "load_flow_texts"),
    "LoadError": ("loader", "LoadError"), "Engine": ("runtime", "Engine"),
    "EngineSettings": ("runtime", "EngineSettings"), "Message": ("message", "Message"),
    "RunRecord": ("records", "RunRecord"), "StepFailed": ("errors", "StepFailed"),
    "flow_schema": ("schema", "flow_schema"),
}


def __getattr__(name: str) -> Any:
    # Lazy: importing the package (e.g. for the CLI's argument parser) stays cheap.
    if name in _EXPORTS:
        import importlib

        module, attr = _EXPORTS[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

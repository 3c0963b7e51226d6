"""Shared helpers for engine unit tests: load inline flows, run them on a virtual clock."""
from __future__ import annotations

import asyncio
from typing import Any

from dataway.engine.clock import VirtualClock
from dataway.engine.executor import InlineExecutor
from dataway.engine.loader import load_flow_texts
from dataway.engine.runtime import Engine, EngineSettings
from tests.engine.standin import choose_backend
from tests.flows.runner import registry

BACKEND = choose_backend()


def engine_for(flows: dict[str, str], **settings: Any) -> Engine:
    """An engine over ``{name: flow text}`` with a virtual clock and inline scripts."""
    project = load_flow_texts({f"flows/{k}.yaml": v for k, v in flows.items()}, backend=BACKEND,
                              registry=registry())
    return Engine(project, clock=VirtualClock(), executor=InlineExecutor(),
                  settings=EngineSettings(**settings))


def run(coro: Any) -> Any:
    """Run a coroutine to completion."""
    return asyncio.run(coro)

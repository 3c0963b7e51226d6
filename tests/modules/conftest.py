"""Every module test runs inside a fresh evaluation context with a fixed clock, seed and UTC."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from dataway.limits import Limits
from dataway.runtime.context import Context, activate, deactivate

FIXED_CLOCK = 1_714_550_400.25  # 2024-05-01T08:00:00.25Z


def make_context(timezone: Any = None, *, seed: int = 42, clock: float = FIXED_CLOCK,
                 limits: Limits | None = None) -> Context:
    """A context like the evaluator's, with everything that varies pinned. The wall-time limit
    is lifted: a test may reuse one context for many hypothesis examples on a busy machine."""
    limits = (limits or Limits()).replace(time=3600.0)
    return Context(limits, clock=lambda: clock, seed=seed, timezone=timezone)


@pytest.fixture(autouse=True)
def ctx() -> Iterator[Context]:
    """The active evaluation context of the test (replaceable through :func:`use_context`)."""
    context = make_context()
    previous = activate(context)
    try:
        yield context
    finally:
        deactivate(previous)


@pytest.fixture
def use_context() -> Iterator[Any]:
    """Activate another context for the rest of the test: ``use_context(timezone=...)``."""
    stack: list[Any] = []

    def install(*args: Any, **kwargs: Any) -> Context:
        context = make_context(*args, **kwargs)
        stack.append(activate(context))
        return context

    yield install
    while stack:
        deactivate(stack.pop())

"""Every runtime test runs inside a fresh evaluation context (fresh steps, log and limits)."""
from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest

from dataway.limits import Limits
from dataway.runtime.context import Context, activate, deactivate
from dataway.runtime.exceptions import to_exc_value


@pytest.fixture(autouse=True)
def fresh_context() -> Iterator[Context]:
    """A new Context per test so step budgets and logs never leak between tests."""
    ctx = Context(Limits())
    previous = activate(ctx)
    try:
        yield ctx
    finally:
        deactivate(previous)


def outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple:
    """('ok', value) or ('raise', class name, message) for host and Dataway errors alike."""
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - the comparison is the point
        value = to_exc_value(exc)
        return ("raise", value.type.name, str(value))


def host_outcome(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple:
    """CPython's own result in the same shape as :func:`outcome`."""
    try:
        return ("ok", fn(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001
        return ("raise", type(exc).__name__, str(exc))

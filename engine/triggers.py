"""The trigger embedding API: how a trigger starts runs of a loaded flow (components spec §4.5, §4.6).

A trigger (HTTP listener, MQTT/AMQP consumer, scheduler, a host application) gets a
:class:`TriggerPort` for one flow from :meth:`Engine.port` and calls :meth:`TriggerPort.run`
once per event::

    port = engine.port("orders", app="shop")
    try:
        record = await port.run({"payload": body, "attrs": attrs},
                                slot_timeout=0, run_timeout=60)
    except RunRefused:        # no run slot in time, or the engine is shutting down -> 503
        ...
    except RunTimedOut as exc:  # the run was cancelled after run_timeout -> 504 (exc.record)
        ...

Backpressure: at most ``max_concurrent_runs`` runs hold a slot at once. ``slot_timeout=None``
waits for a slot (consumers: the broker keeps the message meanwhile); ``0`` refuses at once when
none is free; a positive value waits at most that long. Graceful shutdown:
:meth:`Engine.shutdown` first stops accepting (every later ``run`` raises ``RunRefused`` with
reason ``stopping``), stops the triggers it started, waits up to the grace period for in-flight
runs, then cancels what is left (those records end ``cancelled``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:  # pragma: no cover
    from .records import RunRecord
    from .runtime import Engine

__all__ = ["RunRefused", "RunTimedOut", "TriggerPort"]


class RunRefused(Exception):
    """No run was started. ``reason``: ``busy`` (no run slot in time) or ``stopping``."""

    status = 503

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RunTimedOut(Exception):
    """The run did not finish within ``run_timeout`` and was cancelled; ``record`` is its record."""

    status = 504

    def __init__(self, record: "RunRecord", timeout: float) -> None:
        super().__init__(f"run {record.id} did not finish within {timeout:g} s")
        self.record = record
        self.timeout = timeout


class TriggerPort:
    """A trigger's handle on one loaded flow of an engine."""

    __slots__ = ("engine", "flow", "app")

    def __init__(self, engine: "Engine", flow: str, app: Optional[str] = None) -> None:
        engine.flow(flow, app)  # KeyError now, not at the first event
        self.engine = engine
        self.flow = flow
        self.app = app

    @property
    def accepting(self) -> bool:
        """False once the engine is shutting down."""
        return self.engine.accepting

    async def run(self, message: Any = None, *, slot_timeout: Optional[float] = None,
                  run_timeout: Optional[float] = None,
                  mocks: Optional[Mapping[str, Any]] = None) -> "RunRecord":
        """Start a run with ``message`` (a Message, ``{payload, attrs, vars}`` or a payload) and
        return its record once it ends (succeeded, failed or cancelled).

        Raises :class:`RunRefused` when no slot frees up within ``slot_timeout`` seconds or the
        engine is stopping, :class:`RunTimedOut` when the run outlives ``run_timeout`` seconds.
        """
        return await self.engine.run_flow(self.flow, message, app=self.app, mocks=mocks,
                                          slot_timeout=slot_timeout, run_timeout=run_timeout)

"""Synchronous segments: consecutive steps that run in one go on a worker thread (§4.2, §4.5).

Most steps of a flow never wait on anything: logical components whose only work is evaluating
Dataway fields (Set Variable, Transform, Choice, loops over such steps, ...). Hopping from the
event loop to the worker pool and back for every field evaluation costs more than the
evaluation itself, so the engine runs each maximal stretch of such steps of a step list as one
**segment**: one hand-off to a worker thread, which runs the steps, their bodies and their
scripts, and returns the last message (or raises the failure). The event loop only sees the
steps that genuinely wait (connectors, Synchronized, Rate Limiter, Cache, Async, parallel scopes,
retries with intervals); their bodies are split into segments again.

A component declares that it can run inside a segment with ``inline = True`` (its ``run``
coroutine never suspends when its bodies do not); :meth:`Component.runs_inline` adds the body
check. Inside a segment the component coroutines are driven by :func:`drive` with ``send(None)``
on the worker thread: the same code serves both paths.

Cancellation (§4.6): cancelling the waiting task sets :attr:`Segment.stop`; the worker stops at
the next step boundary (a running script stops through its own limits) and the task waits for
it, so no step of a cancelled run executes after its record is closed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Coroutine

if TYPE_CHECKING:  # pragma: no cover
    from .graph import StepNode

__all__ = ["Segment", "ON_LOOP", "runs_inline", "drive", "SegmentSuspended"]


class Segment:
    """One hand-off of steps to a thread; ``stop`` asks it to end at the next step boundary."""

    __slots__ = ("stop",)

    def __init__(self) -> None:
        self.stop = False


# Engines whose executor is inline (tests, benchmarks) run every step on the event loop thread,
# with scripts evaluated in place: they pass this segment everywhere. It is never stopped.
ON_LOOP = Segment()


class SegmentSuspended(RuntimeError):
    """A component declared ``inline`` tried to wait inside a segment: a component defect."""


def runs_inline(node: "StepNode") -> bool:
    """Whether ``node`` (bodies included) can run inside a segment; computed once per node."""
    known = node.inline
    if known is None:
        component = node.component
        known = bool(component is not None and component.runs_inline())
        node.inline = known
    return known


def drive(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coro`` to completion on this thread; it must never suspend.

    A suspension is a defect of an ``inline`` component: the coroutine is resumed with
    :class:`SegmentSuspended` so the step that waited fails INTERNAL through the normal path.
    """
    try:
        coro.send(None)
    except StopIteration as done:
        return done.value
    for _ in range(100):  # each enclosing step may catch and wait again; give up eventually
        try:
            coro.throw(SegmentSuspended("a step declared inline waited inside a segment"))
        except StopIteration as done:
            return done.value
    coro.close()
    raise SegmentSuspended("a step declared inline kept waiting inside a segment")

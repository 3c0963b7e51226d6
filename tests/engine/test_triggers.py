"""The trigger embedding API (engine/triggers.py): ports, run slots, run timeouts, shutdown."""
from __future__ import annotations

import asyncio

import pytest

from dataway.engine.clock import RealClock
from dataway.engine.runtime import RunRefused, RunTimedOut
from tests.engine.helpers import engine_for, run

# One flow per sleep time (the probe's sleep is a static field).
NAP = "flow: {name}\nsteps:\n  - {{id: nap, type: probe, config: {{sleep: {sleep}}}}}\n" \
      "  - {{id: done, type: set_payload, config: {{value: {{expr: \"msg.payload * 2\"}}}}}}\n"


def flows(**sleeps: float) -> dict[str, str]:
    return {name: NAP.format(name=name, sleep=s) for name, s in sleeps.items()}


def test_a_port_starts_runs_and_returns_their_records() -> None:
    async def scenario() -> object:
        engine = engine_for(flows(quick=0))
        port = engine.port("quick")
        assert port.accepting
        return await port.run({"payload": 21})

    record = run(scenario())
    assert record.status == "succeeded" and record.message.payload == 42
    assert record.paths() == ["nap", "done"]


def test_a_port_for_an_unknown_flow_fails_at_once() -> None:
    engine = engine_for(flows(quick=0))
    with pytest.raises(KeyError):
        engine.port("nope")


def test_no_free_slot_refuses_at_once_with_slot_timeout_zero() -> None:
    async def scenario() -> tuple[object, str, object]:
        engine = engine_for(flows(slow=10), max_concurrent_runs=1)
        port = engine.port("slow")
        first = asyncio.ensure_future(port.run(1))
        await asyncio.sleep(0)
        assert engine.free_slots == 0
        with pytest.raises(RunRefused) as refused:
            await port.run(2, slot_timeout=0)
        return await first, refused.value.reason, refused.value.status

    first, reason, status = run(scenario())
    assert first.status == "succeeded"
    assert (reason, status) == ("busy", 503)


def test_slot_timeout_waits_that_long_for_a_slot() -> None:
    async def scenario() -> tuple[object, str]:
        engine = engine_for(flows(slow=10), max_concurrent_runs=1)
        port = engine.port("slow")
        first = asyncio.ensure_future(port.run(1))
        await asyncio.sleep(0)
        late = asyncio.ensure_future(port.run(2, slot_timeout=3))  # the slot frees at t=10
        patient = asyncio.ensure_future(port.run(3, slot_timeout=15))
        with pytest.raises(RunRefused) as refused:
            await late
        await first
        return await patient, refused.value.reason

    patient, reason = run(scenario())
    assert reason == "busy"
    assert patient.status == "succeeded" and patient.message.payload == 6


def test_run_timeout_cancels_the_run_and_raises() -> None:
    async def scenario() -> tuple[object, float]:
        engine = engine_for(flows(slow=100))
        with pytest.raises(RunTimedOut) as timed_out:
            await engine.port("slow").run(1, run_timeout=5)
        return timed_out.value, engine.clock.monotonic()

    exc, elapsed = run(scenario())
    assert exc.status == 504 and 5 <= elapsed < 100
    assert exc.record.status == "cancelled"
    assert exc.record.error == {"Code": "CANCELLED", "Description": "run timed out after 5 s"}
    assert [s.status for s in exc.record.steps] == ["cancelled"]


def test_a_run_within_its_timeout_is_unaffected() -> None:
    async def scenario() -> object:
        engine = engine_for(flows(quick=1))
        return await engine.port("quick").run(4, run_timeout=5)

    assert run(scenario()).message.payload == 8


def test_shutdown_refuses_new_runs_drains_then_cancels() -> None:
    async def scenario() -> tuple[object, object, str, str]:
        engine = engine_for(flows(short=0.02, long=30), max_concurrent_runs=2)
        engine.clock = RealClock()
        short, long_ = engine.port("short"), engine.port("long")
        a = asyncio.ensure_future(short.run(1))
        b = asyncio.ensure_future(long_.run(2))
        waiting = asyncio.ensure_future(short.run(3))  # no slot: waits, then sees the shutdown
        await asyncio.sleep(0.005)
        await engine.shutdown(grace=0.3)
        with pytest.raises(RunRefused) as after:
            await short.run(4)
        with pytest.raises(RunRefused) as queued:
            await waiting
        assert not short.accepting
        return await a, await b, after.value.reason, queued.value.reason

    done, cut, after, queued = run(scenario())
    assert done.status == "succeeded"  # finished within the grace period
    assert cut.status == "cancelled" and cut.error["Description"] == "engine shutdown"
    assert (after, queued) == ("stopping", "stopping")

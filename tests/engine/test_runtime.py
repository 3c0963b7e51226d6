"""Runtime behaviour that the data suite cannot express: cancellation, backpressure, pools."""
from __future__ import annotations

import asyncio
import threading

from hypothesis import given, settings, strategies as st

from dataway.engine.clock import RealClock, VirtualClock
from dataway.engine.executor import PoolExecutor
from dataway.engine.ids import new_ulid
from dataway.engine.message import Message
from dataway.engine.runtime import Engine, EngineSettings
from tests.engine.helpers import BACKEND, engine_for, run

SLOW = """
flow: slow
steps:
  - id: guard
    type: try
    steps:
      - id: sync
        type: synchronized
        config: {lock: L}
        steps: [{id: wait, type: probe, config: {sleep: 100}}]
    catch: [{steps: [{id: caught, type: set_payload, config: {value: caught}}]}]
  - {id: after, type: set_payload, config: {value: after}}
"""


def test_cancel_interrupts_waits_and_is_not_catchable() -> None:
    async def scenario() -> tuple[object, object]:
        engine = engine_for({"slow": SLOW})
        task = asyncio.ensure_future(engine.run_flow("slow", {"payload": 1}))
        for _ in range(5):
            await asyncio.sleep(0)
        (run_id,) = engine.active_runs()
        assert engine.cancel(run_id, "operator request")
        record = await task
        # The lock was released on cancellation: a second run gets it at once.
        second = asyncio.ensure_future(engine.run_flow("slow", {"payload": 2}))
        for _ in range(5):
            await asyncio.sleep(0)
        engine.cancel(engine.active_runs()[0])
        return record, await second

    record, second = run(scenario())
    assert record.status == "cancelled"
    assert record.error == {"Code": "CANCELLED", "Description": "operator request"}
    assert record.paths() == ["guard", "guard/sync", "guard/sync/wait"]
    assert [s.status for s in record.steps] == ["cancelled"] * 3
    assert second.paths() == ["guard", "guard/sync", "guard/sync/wait"]


def test_backpressure_limits_concurrent_runs() -> None:
    flow = "flow: f\nsteps: [{id: p, type: probe, config: {sleep: 1}}]\n"

    async def scenario() -> dict[str, int]:
        engine = engine_for({"f": flow}, max_concurrent_runs=2)
        records = await asyncio.gather(*(engine.run_flow("f", i) for i in range(5)))
        assert all(r.status == "succeeded" for r in records)
        return engine.shared["probe:p"]

    stats = run(scenario())
    assert stats["peak"] == 2 and stats["calls"] == 5


def test_async_pending_limit_makes_the_async_step_wait() -> None:
    flow = """
flow: f
steps:
  - id: loop
    type: for_each
    config: {collection: 4}
    steps:
      - id: bg
        type: async
        steps: [{id: p, type: probe, config: {sleep: 5}}]
"""

    async def scenario() -> tuple[object, dict[str, int], float]:
        engine = engine_for({"f": flow}, max_async_pending=2)
        record = await engine.run_flow("f", None)
        await engine.drain_children()
        return record, engine.shared["probe:p"], engine.clock.monotonic()

    record, stats, elapsed = run(scenario())
    assert record.status == "succeeded"
    assert stats["peak"] == 2 and stats["calls"] == 4
    assert elapsed >= 10  # the third child could start only after the first two finished


def test_scripts_run_on_the_worker_pool_not_the_event_loop() -> None:
    flow = "flow: f\nsteps: [{id: s, type: set_payload, config: {value: {expr: 'msg.payload + 1'}}}]\n"
    seen: list[str] = []

    class Spy(type(BACKEND)):  # type: ignore[misc]
        def message_view(self, msg: Message) -> object:
            seen.append(threading.current_thread().name)
            return super().message_view(msg)

    async def scenario() -> object:
        engine = engine_for({"f": flow})
        engine.backend = Spy()
        engine.executor = PoolExecutor(2)
        engine.clock = RealClock()
        try:
            return await engine.run_flow("f", 41)
        finally:
            engine.executor.close()

    record = run(scenario())
    assert record.message.payload == 42
    assert seen and all(name.startswith("dataway-script") for name in seen)


def test_run_ids_are_ulids_sorted_by_time() -> None:
    ids = [new_ulid(1_700_000_000 + i * 0.0005) for i in range(50)]
    assert ids == sorted(ids) and len(set(ids)) == 50 and all(len(i) == 26 for i in ids)


def test_seq_id_is_the_run_id_and_message_ids_are_new() -> None:
    flow = """
flow: f
steps:
  - {id: a, type: set_variable, config: {name: x, value: 1}}
  - {id: b, type: set_payload, config: {value: 2}}
"""
    record = run(engine_for({"f": flow}).run_flow("f", 0))
    outputs = [s.output for s in record.steps]
    assert all(m.seq_id == record.id for m in outputs)
    assert len({m.id for m in outputs}) == 2


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "items"]),
                       st.lists(st.integers(), max_size=3), max_size=3),
       st.lists(st.integers(), max_size=4))
def test_steps_never_mutate_their_input(variables: dict, payload: list) -> None:
    """Every step returns a new message; the input message's parts are untouched."""
    flow = """
flow: f
steps:
  - {id: a, type: set_variable, config: {name: items, operation: append, value: 9}}
  - {id: b, type: set_variable, config: {name: items, operation: remove, key: 0}}
  - id: loop
    type: for_each
    config: {collection: {expr: "msg.payload"}}
    steps: [{id: c, type: set_variable, config: {name: acc, operation: append, value: {expr: "msg.payload"}}}]
  - {id: d, type: remove_variable, config: {name: a}}
"""
    import copy

    before = copy.deepcopy(variables)
    message = Message(list(payload), {}, variables)
    snapshot = copy.deepcopy(payload)
    record = run(engine_for({"f": flow}).run_flow("f", message))
    assert variables == before and payload == snapshot
    assert record.status == "succeeded"
    outputs = {s.step: s.output for s in record.steps if s.step in "ab"}
    assert outputs["a"].vars["items"] == list(variables.get("items", [])) + [9]
    assert record.message.vars["acc"] == list(payload) if payload else "acc" not in record.message.vars
    assert "a" not in record.message.vars


def test_virtual_clock_only_moves_when_idle() -> None:
    async def scenario() -> list[float]:
        clock = VirtualClock(start=100.0)
        marks: list[float] = []

        async def sleeper(delay: float) -> None:
            await clock.sleep(delay)
            marks.append(clock.time())

        await asyncio.gather(sleeper(30), sleeper(10), sleeper(20))
        return marks

    assert run(scenario()) == [110.0, 120.0, 130.0]


def test_shutdown_waits_then_cancels() -> None:
    flow = "flow: f\nsteps: [{id: p, type: probe, config: {sleep: 1000}}]\n"

    async def scenario() -> object:
        engine = engine_for({"f": flow})
        engine.clock = RealClock()
        task = asyncio.ensure_future(engine.run_flow("f", None))
        await asyncio.sleep(0.01)
        await engine.shutdown(grace=0.05)
        return await task

    record = run(scenario())
    assert record.status == "cancelled" and record.error["Code"] == "CANCELLED"


def test_engine_settings_defaults_match_the_spec() -> None:
    s = EngineSettings()
    assert (s.max_steps_per_run, s.max_flow_depth, s.max_concurrent_runs, s.max_async_pending,
            s.shutdown_grace) == (1_000_000, 16, 64, 1_000, 30.0)
    assert Engine  # imported for the type


def test_loops_record_the_first_100_iterations_then_only_failures() -> None:
    flow = """
flow: f
steps:
  - id: loop
    type: for_each
    config: {collection: 150}
    steps:
      - {id: s, type: set_variable, config: {name: n, value: {expr: "msg.payload"}}}
      - {id: boom, type: probe, config: {fail: GENERAL, fail_when: "msg.payload == 149"}}
"""
    record = run(engine_for({"f": flow}).run_flow("f", None))
    assert record.status == "failed"
    paths = record.paths()
    assert paths[:3] == ["loop", "loop[0]/s", "loop[0]/boom"]
    assert "loop[99]/boom" in paths and "loop[100]/s" not in paths
    assert paths[-1] == "loop[149]/boom" and len(paths) == 1 + 200 + 1
    assert record.unrecorded == 99


def test_synchronized_serves_waiters_first_come_first_served() -> None:
    flow = """
flow: f
steps:
  - id: sync
    type: synchronized
    config: {lock: fifo}
    steps: [{id: work, type: probe, config: {sleep: 10}}]
"""

    async def scenario() -> list[float]:
        engine = engine_for({"f": flow})
        tasks = []
        for i in range(5):
            tasks.append(asyncio.ensure_future(engine.run_flow("f", i)))
            await engine.clock.sleep(1)  # arrivals 1 s apart while the first holds the lock
        records = await asyncio.gather(*tasks)
        return [next(s.started for s in r.steps if s.step == "work") for r in records]

    starts = run(scenario())
    assert starts == sorted(starts) and len(set(starts)) == 5


def test_cancelling_a_run_does_not_cancel_its_caller_and_vice_versa() -> None:
    flow = "flow: f\nsteps: [{id: p, type: probe, config: {sleep: 100}}]\n"

    async def scenario() -> tuple[object, str]:
        engine = engine_for({"f": flow})

        async def caller() -> object:
            return await engine.run_flow("f", None)  # awaited directly, no task of its own

        task = asyncio.ensure_future(caller())
        for _ in range(5):
            await asyncio.sleep(0)
        engine.cancel(engine.active_runs()[0], "stop")
        first = await task  # the caller gets the cancelled record, not a CancelledError
        second = asyncio.ensure_future(caller())
        for _ in range(5):
            await asyncio.sleep(0)
        second.cancel()
        try:
            await second
        except asyncio.CancelledError:
            pass
        return first, engine.records[-1].status

    first, second_status = run(scenario())
    assert first.status == "cancelled" and first.error["Description"] == "stop"
    assert second_status == "cancelled"

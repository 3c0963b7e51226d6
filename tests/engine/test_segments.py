"""Synchronous segments (engine/segments.py): one worker hand-off per stretch of inline steps."""
from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, Callable

from dataway.engine.clock import RealClock
from dataway.engine.component import Component
from dataway.engine.executor import PoolExecutor
from dataway.engine.loader import load_flow_texts
from dataway.engine.message import Message
from dataway.engine.runtime import Engine, EngineSettings, StepCall
from tests.bench.engine_flow import SIX_STEPS
from tests.engine.helpers import BACKEND, run
from tests.flows.runner import registry


class CountingPool(PoolExecutor):
    """A pool that counts hand-offs and records the threads that ran them."""

    def __init__(self) -> None:
        super().__init__(2)
        self.submits = 0
        self.calls = 0

    def submit(self, fn: Callable[..., Any], *args: Any) -> "asyncio.Future[Any]":
        self.submits += 1
        return super().submit(fn, *args)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        self.calls += 1
        return await super().call(fn, *args)


class Naughty(Component):
    """Declares ``inline`` but waits: the defect the segment driver must turn into INTERNAL."""

    type_name = "naughty"
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        await asyncio.sleep(0)
        return msg.derive()


class Where(Component):
    """Inline step that records the thread it ran on in ``engine.shared['threads']``."""

    type_name = "where"
    inline = True

    async def run(self, call: StepCall, msg: Message) -> Message:
        call.engine.shared.setdefault("threads", []).append(threading.current_thread().name)
        return msg.derive()


def pool_engine(flows: dict[str, str], pool: PoolExecutor, **settings: Any) -> Engine:
    reg = registry()
    reg.register(Naughty)
    reg.register(Where)
    project = load_flow_texts({f"flows/{k}.yaml": v for k, v in flows.items()}, backend=BACKEND,
                              registry=reg)
    return Engine(project, clock=RealClock(), executor=pool, settings=EngineSettings(**settings))


def test_an_all_inline_flow_is_one_hand_off_per_run() -> None:
    pool = CountingPool()

    async def scenario() -> list[Any]:
        engine = pool_engine({"six": SIX_STEPS}, pool)
        data = {"id": 7, "total": 1500, "items": list(range(10))}
        return [await engine.run_flow("six", {"payload": data}) for _ in range(3)]

    try:
        records = run(scenario())
    finally:
        pool.close()
    assert all(r.status == "succeeded" and r.message.payload == 9 for r in records)
    assert len(records[0].steps) == 15  # 5 steps + 10 loop iterations of one step
    assert (pool.submits, pool.calls) == (3, 0)


def test_waiting_steps_split_segments_and_run_on_the_loop() -> None:
    flow = """
flow: f
steps:
  - {id: a, type: where}
  - {id: b, type: where}
  - id: guard
    type: synchronized
    config: {lock: L}
    steps: [{id: c, type: where}, {id: d, type: where}]
  - {id: e, type: where}
"""
    pool = CountingPool()

    async def scenario() -> tuple[Any, list[str]]:
        engine = pool_engine({"f": flow}, pool)
        record = await engine.run_flow("f", None)
        return record, engine.shared["threads"]

    try:
        record, threads = run(scenario())
    finally:
        pool.close()
    assert record.status == "succeeded"
    assert record.paths() == ["a", "b", "guard", "guard/c", "guard/d", "e"]
    # [a b] one segment, synchronized on the loop, [c d] its body's segment, [e] the last one.
    assert pool.submits == 3
    assert len(threads) == 5 and all(t.startswith("dataway-script") for t in threads)


def test_cancelling_a_run_stops_its_segment_at_the_next_step_boundary() -> None:
    flow = """
flow: spin
steps:
  - id: loop
    type: while
    config: {condition: "True", max_loops: 10000}
    steps:
      - {id: a, type: set_variable, config: {name: n, value: {expr: "msg.vars['counter']"}}}
      - {id: b, type: set_payload, config: {value: {expr: "msg.vars['n'] + 1"}}}
  - {id: never, type: set_payload, config: {value: 1}}
"""
    pool = CountingPool()

    async def scenario() -> tuple[Any, int, int]:
        engine = pool_engine({"spin": flow}, pool)
        task = asyncio.ensure_future(engine.run_flow("spin", None))
        await asyncio.sleep(0.05)
        (run_id,) = engine.active_runs()
        engine.cancel(run_id, "operator request")
        record = await task
        executed = len(record.steps) + record.unrecorded
        await asyncio.sleep(0.05)  # a worker still running steps would keep adding some
        return record, executed, len(record.steps) + record.unrecorded

    try:
        record, executed, later = run(scenario())
    finally:
        pool.close()
    assert record.status == "cancelled"
    assert record.error == {"Code": "CANCELLED", "Description": "operator request"}
    assert executed == later
    loop = next(s for s in record.steps if s.path == "loop")
    assert loop.status == "cancelled" and "never" not in record.paths()


def test_an_inline_component_that_waits_fails_internal() -> None:
    flow = "flow: f\nsteps: [{id: bad, type: naughty}, {id: after, type: set_payload, " \
           "config: {value: 1}}]\n"
    pool = CountingPool()

    async def scenario() -> Any:
        return await pool_engine({"f": flow}, pool).run_flow("f", None)

    try:
        record = run(scenario())
    finally:
        pool.close()
    assert record.status == "failed" and record.error["Code"] == "INTERNAL"
    assert record.paths() == ["bad"]


def test_a_segment_keeps_the_loop_free_for_other_runs() -> None:
    spin = """
flow: spin
steps:
  - id: loop
    type: while
    config: {condition: "msg.vars['counter'] < 3000", max_loops: 10000}
    steps: [{id: a, type: set_payload, config: {value: {expr: "msg.vars['counter']"}}}]
"""
    pool = CountingPool()

    async def scenario() -> tuple[float, float]:
        engine = pool_engine({"spin": spin}, pool)
        task = asyncio.ensure_future(engine.run_flow("spin", None))
        started = time.perf_counter()
        ticks = 0
        while not task.done():  # the loop keeps turning while the worker runs the loop body
            await asyncio.sleep(0.001)
            ticks += 1
        await task
        return ticks, time.perf_counter() - started

    try:
        ticks, elapsed = run(scenario())
    finally:
        pool.close()
    assert ticks >= 2 and elapsed > 0


def test_a_flow_reference_to_an_inline_flow_stays_in_the_segment() -> None:
    main = """
flow: main
steps:
  - {id: a, type: where}
  - {id: call, type: flow_ref, config: {flow: sub}}
  - {id: b, type: where}
"""
    sub = "flow: sub\nsteps: [{id: c, type: where}]\n"
    countdown = """
flow: countdown
steps:
  - id: more
    type: choice
    branches:
      - when: "msg.payload > 0"
        steps:
          - {id: dec, type: set_payload, config: {value: {expr: "msg.payload - 1"}}}
          - {id: again, type: flow_ref, config: {flow: countdown}}
"""
    pool = CountingPool()

    async def scenario() -> tuple[Any, int, Any, int]:
        engine = pool_engine({"main": main, "sub": sub, "countdown": countdown}, pool)
        first = await engine.run_flow("main", None)
        hops = pool.submits
        return first, hops, await engine.run_flow("countdown", 3), pool.submits - hops

    try:
        first, hops, second, cycle_hops = run(scenario())
    finally:
        pool.close()
    assert first.paths() == ["a", "call", "call/c", "b"] and hops == 1
    # A reference cycle is not inline: each level hands its own segments over, same result.
    assert second.status == "succeeded" and second.message.payload == 0
    assert cycle_hops > 1

"""Flow engine benchmarks (issue #6): ``python -m tests.bench.engine_flow [--quick]``.

Figures, each printed next to the cost of evaluating the same scripts directly:

* E1 throughput of a 6-step flow (Set Variable, Choice, Transform with an expression, For Each
  over 10 items with Set Variable inside, Set Payload) on one core, scripts inline and on the
  worker pool. Target ≥ 10,000 messages/s.
* E2 engine overhead per step whose fields are literals. Target ≤ 10 µs.
* E3 memory per in-flight run (runs parked on a lock), minus its data. Target ≤ 20 KiB.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import os
import time
import tracemalloc
from typing import Any

from dataway.engine.executor import InlineExecutor, PoolExecutor
from dataway.engine.loader import load_flow_texts
from dataway.engine.message import Message
from dataway.engine.runtime import Engine, EngineSettings
from tests.engine.standin import choose_backend

SIX_STEPS = """
flow: six
steps:
  - id: order
    type: set_variable
    config: {name: order, value: {expr: "msg.payload"}}
  - id: route
    type: choice
    branches:
      - when: "msg.vars['order']['total'] > 1000"
        steps: []
    default: []
  - id: shape
    type: transform
    config:
      payload: {expr: "msg.vars['order']['items']"}
  - id: loop
    type: for_each
    config: {collection: {expr: "msg.payload"}}
    steps:
      - {id: seen, type: set_variable, config: {name: last, value: {expr: "msg.payload"}}}
  - id: done
    type: set_payload
    config: {value: {expr: "msg.vars['last']"}}
"""

LITERAL = "flow: lit\nsteps:\n" + "".join(
    f"  - {{id: s{i}, type: set_payload, config: {{value: {i}}}}}\n" for i in range(100))

PARKED = """
flow: parked
steps:
  - id: sync
    type: synchronized
    config: {lock: one}
    steps: [{id: x, type: set_payload, config: {value: 1}}]
"""

SCRIPTS = ["msg.payload", "msg.vars['order']['total'] > 1000", "msg.vars['order']['items']",
           "msg.payload"] + ["msg.payload"] * 10 + ["msg.vars['last']"]


def payload() -> dict[str, Any]:
    return {"id": 7, "total": 1500, "items": list(range(10))}


async def _throughput(engine: Engine, n: int, repeat: int = 3) -> float:
    """Best of ``repeat`` batches of ``n`` sequential runs (best-of filters machine noise)."""
    data = payload()
    for _ in range(50):
        await engine.run_flow("six", {"payload": data})
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            await engine.run_flow("six", {"payload": data})
        best = min(best, time.perf_counter() - t0)
    return n / best


def direct_script_cost(backend: Any, n: int, repeat: int = 3) -> float:
    """Seconds per message to evaluate the flow's 15 script evaluations directly."""
    scripts = [backend.compile(s, "expression", f"<s{i}>", "any") for i, s in enumerate(SCRIPTS)]
    data = payload()
    msg = Message(data, {}, {"order": data, "last": 9})
    view = backend.message_view(msg)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            for script in scripts:
                script.evaluate(view, {})
        best = min(best, time.perf_counter() - t0)
    return best / n


async def _overhead(engine: Engine, n: int, repeat: int = 5) -> float:
    for _ in range(20):
        await engine.run_flow("lit", None)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            await engine.run_flow("lit", None)
        best = min(best, time.perf_counter() - t0)
    return best / (n * 100)


async def _memory(engine: Engine, runs: int) -> float:
    token = await engine.locks.acquire("one", 3600, 0)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tasks = [asyncio.ensure_future(engine.run_flow("parked", i)) for i in range(runs)]
    for _ in range(5):
        await asyncio.sleep(0)
    gc.collect()
    during = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    await engine.locks.release("one", token)
    await asyncio.gather(*tasks)
    return (during - before) / runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    n = 300 if args.quick else 3000
    backend = choose_backend()
    project = load_flow_texts({"flows/six.yaml": SIX_STEPS, "flows/lit.yaml": LITERAL,
                               "flows/parked.yaml": PARKED}, backend=backend)
    settings = EngineSettings(keep_records=10, max_concurrent_runs=100_000)
    print(f"script backend: {type(backend).__name__}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (figures are best-of-N)")

    inline = Engine(project, executor=InlineExecutor(), settings=settings)
    rate = asyncio.run(_throughput(inline, n))
    direct = direct_script_cost(backend, n)
    print(f"E1 6-step flow, scripts inline : {rate:10,.0f} msg/s  ({1e6 / rate:7.1f} µs/msg; "
          f"the same 15 script evaluations directly: {direct * 1e6:7.1f} µs/msg) target ≥ 10,000")
    from tests.engine.standin import StandinBackend

    light = load_flow_texts({"flows/six.yaml": SIX_STEPS}, backend=StandinBackend())
    rate_light = asyncio.run(_throughput(Engine(light, executor=InlineExecutor(),
                                                settings=settings), n))
    light_direct = direct_script_cost(StandinBackend(), n)
    print(f"E1 same flow, stand-in scripts : {rate_light:10,.0f} msg/s  ({1e6 / rate_light:7.1f} µs/msg; "
          f"its 15 evaluations directly: {light_direct * 1e6:7.1f} µs/msg): the engine's own cost")
    pool = Engine(project, executor=PoolExecutor(1), settings=settings)
    rate_pool = asyncio.run(_throughput(pool, n // 3))
    pool.executor.close()
    print(f"E1 6-step flow, worker pool    : {rate_pool:10,.0f} msg/s  ({1e6 / rate_pool:7.1f} µs/msg)")
    per_step = asyncio.run(_overhead(Engine(project, executor=InlineExecutor(), settings=settings),
                                     max(n // 10, 20)))
    print(f"E2 engine overhead per step    : {per_step * 1e6:10.2f} µs (literal fields) target ≤ 10")
    per_run = asyncio.run(_memory(Engine(project, executor=InlineExecutor(),
                                         settings=EngineSettings(max_concurrent_runs=100_000)),
                                  200 if args.quick else 2000))
    print(f"E3 memory per in-flight run    : {per_run / 1024:10.2f} KiB target ≤ 20")


if __name__ == "__main__":
    main()

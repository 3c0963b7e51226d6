"""Flow engine benchmarks (issue #6): ``python -m tests.bench.engine_flow [--quick]``.

Figures, each printed next to the cost of evaluating the same scripts directly:

* E1 throughput of a 6-step flow (Set Variable, Choice, Transform with an expression, For Each
  over 10 items with Set Variable inside, Set Payload) on one core, scripts inline and on the
  worker pool (the production path: one segment hand-off per run, engine/segments.py), runs
  one after another and 32 at a time. Target ≥ 10,000 messages/s.

Each E1 line gives wall-clock msg/s and the process CPU time per message (all threads): on a
shared machine the CPU figure is the one that says what one core does; the load average is
printed with the figures.
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
from dataway.engine.graph import iter_nodes
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


async def _batch(engine: Engine, n: int, width: int) -> None:
    data = payload()

    async def runner(count: int) -> None:
        for _ in range(count):
            await engine.run_flow("six", {"payload": data})

    await asyncio.gather(*(runner(n // width) for _ in range(width)))


async def _throughput(engine: Engine, n: int, repeat: int = 3,
                      width: int = 1) -> tuple[float, float]:
    """Best of ``repeat`` batches of ``n`` runs, ``width`` at a time (best-of filters machine
    noise): (messages per wall-clock second, CPU seconds per message)."""
    await _batch(engine, 50, min(width, 50))
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        await _batch(engine, n, width)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return n / wall, cpu / n


def direct_script_cost(backend: Any, n: int, repeat: int = 3) -> float:
    """CPU seconds per message to evaluate the flow's 15 script evaluations directly."""
    scripts = [backend.compile(s, "expression", f"<s{i}>", "any") for i, s in enumerate(SCRIPTS)]
    data = payload()
    msg = Message(data, {}, {"order": data, "last": 9})
    view = backend.message_view(msg)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for _ in range(n):
            for script in scripts:
                script.evaluate(view, {})
        best = min(best, time.process_time() - t0)
    return best / n


def _e1(label: str, rate: float, cpu: float, note: str = "") -> None:
    print(f"E1 {label:<31}: {rate:8,.0f} msg/s wall, {cpu * 1e6:7.1f} µs CPU/msg "
          f"(= {1 / cpu:8,.0f} msg/s per core){note}")


async def _overhead(engine: Engine, n: int, repeat: int = 5) -> tuple[float, float]:
    """(wall seconds, CPU seconds) per step of the 100-step literal flow, best of ``repeat``."""
    for _ in range(20):
        await engine.run_flow("lit", None)
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(n):
            await engine.run_flow("lit", None)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return wall / (n * 100), cpu / (n * 100)


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

    print("E1 target ≥ 10,000 msg/s on one core")
    inline = Engine(project, executor=InlineExecutor(), settings=settings)
    rate, cpu = asyncio.run(_throughput(inline, n))
    direct = direct_script_cost(backend, n)
    _e1("6-step flow, scripts inline", rate, cpu)
    print(f"   the same 15 script evaluations directly: {direct * 1e6:7.1f} µs CPU/msg; "
          f"engine share {(cpu - direct) * 1e6:7.1f} µs CPU/msg")
    from tests.engine.standin import StandinBackend

    light = load_flow_texts({"flows/six.yaml": SIX_STEPS}, backend=StandinBackend())
    rate_l, cpu_l = asyncio.run(_throughput(Engine(light, executor=InlineExecutor(),
                                                   settings=settings), n))
    light_direct = direct_script_cost(StandinBackend(), n)
    _e1("same flow, stand-in scripts", rate_l, cpu_l)
    print(f"   its 15 evaluations directly: {light_direct * 1e6:7.1f} µs CPU/msg; the engine's "
          f"own cost {(cpu_l - light_direct) * 1e6:7.1f} µs CPU/msg")
    # Paired baseline: the same flow with no step inline, i.e. one worker hop per field
    # evaluation (the engine before segments), measured in this same process run.
    hopping = load_flow_texts({"flows/six.yaml": SIX_STEPS}, backend=backend)
    for node in iter_nodes(hopping.flow("six").steps):
        node.inline = False
    for width in (1, 32):
        results = []
        for proj in (project, hopping):
            pool = Engine(proj, executor=PoolExecutor(1), settings=settings)
            results.append(asyncio.run(_throughput(pool, n // 3, width=width)))
            pool.executor.close()
        (rate_p, cpu_p), (rate_h, cpu_h) = results
        _e1(f"worker pool, {width:>2} run(s) at a time", rate_p, cpu_p,
            f"; one hop per field: {rate_h:,.0f} msg/s, x{rate_p / rate_h:.1f}")
    per_step = asyncio.run(_overhead(Engine(project, executor=InlineExecutor(), settings=settings),
                                     max(n // 10, 20)))
    print(f"E2 engine overhead per step    : {per_step[0] * 1e6:10.2f} µs wall, "
          f"{per_step[1] * 1e6:.2f} µs CPU (literal fields) target ≤ 10")
    per_run = asyncio.run(_memory(Engine(project, executor=InlineExecutor(),
                                         settings=EngineSettings(max_concurrent_runs=100_000)),
                                  200 if args.quick else 2000))
    print(f"E3 memory per in-flight run    : {per_run / 1024:10.2f} KiB target ≤ 20")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

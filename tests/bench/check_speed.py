"""Check speed: W4 (issue #2) and ``check`` of a 2,000-line script (issue #5).

``python -m tests.bench.check_speed [--repeat N]``

* W4: parse+check throughput of the generated 500-line script (target ≥ 20,000 lines/s);
* ``check`` of a 2,000-line script in a warm process (target ≤ 150 ms).

Each figure is the best of ``N`` runs, measured twice: wall time (what a user waits) and this
thread's CPU time (what the machine's load cannot inflate much: on a shared machine, read this
one). CPython's own ``compile`` of the same source runs in the same process as the baseline, so
the printed ratio stays comparable across machines; the load average is printed beside it.
"""
from __future__ import annotations

import argparse
import os
import time
from typing import Any, Callable

import dataway

from .workloads import w4_script


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(best wall time, best thread CPU time) of ``repeat`` runs of ``fn``."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.thread_time()
        fn()
        cpu = min(cpu, time.thread_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return wall, cpu


def measure(lines: int, repeat: int) -> dict[str, float]:
    """Figures for ``dataway.check`` of a generated script of about ``lines`` lines."""
    source = w4_script(lines)
    count = source.count("\n") + 1
    assert not [d for d in dataway.check(source) if d.is_error], "the workload must check clean"
    wall, cpu = best_of(lambda: dataway.check(source), repeat)
    base_wall, base_cpu = best_of(lambda: compile(source, "<bench>", "exec"), repeat)
    return {"lines": count, "wall": wall, "cpu": cpu, "ratio": cpu / base_cpu,
            "base_cpu": base_cpu}


def report(repeat: int) -> None:
    """Print both figures (``python -m tests.bench`` calls this too)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    w4 = measure(500, repeat)
    print(f"{'W4 parse+check 500':<24} {w4['lines'] / w4['cpu']:9.0f} lines/s CPU  "
          f"{w4['lines'] / w4['wall']:9.0f} lines/s wall  (CPython compile ratio "
          f"{w4['ratio']:.1f}x; target ≥20,000 lines/s)  load {load:.1f}")
    big = measure(2000, max(3, repeat // 3))
    print(f"{'check 2,000 lines':<24} {big['cpu'] * 1e3:9.1f} ms CPU  "
          f"{big['wall'] * 1e3:9.1f} ms wall  (CPython compile ratio {big['ratio']:.1f}x; "
          f"target ≤150 ms)  load {load:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15, help="runs per figure (best is kept)")
    report(parser.parse_args().repeat)


if __name__ == "__main__":
    main()

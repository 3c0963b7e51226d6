"""The ``memory`` limit (spec §14): approximate accounting by charges and RSS audits.

Budgets here are small (16-32 MiB) so an accounting failure costs the test process little;
the many-small-values case with a 64 MiB budget runs capped in children (test_bombs).
"""
from __future__ import annotations

import threading
import time

import pytest

import dataway
from dataway.runtime import memory
from dataway.runtime.context import Context, LimitExceeded, activate, deactivate

from .harness import code, expect, run, run_isolated

P = pytest.param
MIB = 2**20
SMALL = dataway.Limits(memory=8 * MIB, steps=10**9, time=30)


@pytest.mark.parametrize("body", [
    P("a = []\nwhile True:\n    a.append('x' * 1000)", id="small_strings"),
    P("a = []\nwhile True:\n    a.append([0] * 100)", id="small_lists"),
    P("d = {}\ni = 0\nwhile True:\n    d[i] = i * 1000000\n    i += 1", id="dict_of_ints"),
    P("a = []\nwhile True:\n    a.append('y' * 200000)", id="large_strings"),
    P("return [[j * 1000 for j in range(50)] for i in range(10**6)]",
      id="nested_comprehension"),
    P("a = []\nwhile True:\n    a.append(json.loads('[' + '1.5,' * 20000 + '0]'))",
      id="parsed_json"),
    P("a = []\nwhile True:\n    a.append(bytes(5000))", id="bytes_values"),
])
def test_accumulation_stops_on_memory(body: str) -> None:
    out = expect(code(body), ("limit", "memory"), mode="code", limits=SMALL)
    # Stopped near the budget: well under twice it plus the audit interval's allowance.
    assert out.rss_growth < 2 * SMALL.memory + 32 * MIB, out


def test_single_charge_past_budget_is_refused_before_building() -> None:
    out = expect("len('x' * (4 * 2**20))", ("limit", "memory"),
                 limits=dataway.Limits(memory=MIB))
    assert out.rss_growth < 4 * MIB, out


def test_churn_is_not_counted() -> None:
    """Allocating and dropping far more than the budget is fine: only growth counts."""
    src = code("n = 0\nfor i in range(400):\n    s = 'x' * 2**20\n    n += len(s)\nreturn n")
    expect(src, ("ok", 400 * MIB), mode="code", limits=SMALL)


def test_holding_below_budget_is_fine() -> None:
    src = code("a = []\nfor i in range(4000):\n    a.append('x' * 1000)\nreturn len(a)")
    expect(src, ("ok", 4000), mode="code", limits=SMALL)


def test_limit_error_is_uncatchable_and_names_memory() -> None:
    src = code("a = []\ntry:\n    while True:\n        a.append('x' * 1000)\n"
               "except:\n    return 'caught'\nfinally:\n    a = None")
    out = run(src, "code", SMALL)
    assert (out.kind, out.code, out.limit) == ("LimitError", 1200003, "memory"), out
    assert "memory" in out.message


def test_default_budget_stops_before_the_host_suffers() -> None:
    """Default limits (256 MiB): a child capped at 1 GiB of address space ends cleanly."""
    out = run_isolated(code("a = []\nwhile True:\n    a.append('x' * 1000)"), "code",
                       address_space=1 << 30, timeout=120)
    assert out["kind"] == "LimitError" and out["limit"] == "memory", out
    assert out["rss_growth"] < 400 * MIB, out


def _held_context(budget: int) -> Context:
    return Context(dataway.Limits(memory=budget, time=30))


def test_same_thread_evaluations_never_share() -> None:
    """A thread runs one evaluation at a time: an earlier one on it grants nothing."""
    memory._active.clear()
    first = _held_context(64 * MIB)
    previous = activate(first)
    try:
        memory.audit_now()
    finally:
        deactivate(previous)
    second = _held_context(8 * MIB)
    previous = activate(second)
    try:
        with pytest.raises(LimitExceeded) as info:
            memory.audit_now(upcoming=40 * MIB)
        assert info.value.limit == "memory"
    finally:
        deactivate(previous)
    assert first is not None  # alive until here on purpose


def test_concurrent_evaluations_share_growth_by_budget() -> None:
    """Growth while another thread's evaluation runs is allowed up to both budgets."""
    memory._active.clear()
    other = _held_context(64 * MIB)
    ready = threading.Event()
    done = threading.Event()

    def meter_on_thread() -> None:
        previous = activate(other)
        try:
            while not done.is_set():  # a running evaluation passes checkpoints
                memory.audit_now()
                ready.set()
                done.wait(0.05)
        finally:
            deactivate(previous)

    worker = threading.Thread(target=meter_on_thread)
    worker.start()
    try:
        assert ready.wait(10)
        mine = _held_context(8 * MIB)
        previous = activate(mine)
        try:
            memory.audit_now()
            memory.audit_now(upcoming=40 * MIB)  # over mine, within mine + other's
            with pytest.raises(LimitExceeded) as info:
                memory.audit_now(upcoming=100 * MIB)
            assert info.value.limit == "memory"
        finally:
            deactivate(previous)
    finally:
        done.set()
        worker.join()


def test_meter_expires_at_deadline() -> None:
    """A concurrent evaluation's allowance ends with its time limit, even if its Context is
    still referenced somewhere."""
    memory._active.clear()
    short = Context(dataway.Limits(memory=64 * MIB, time=0.05))

    def meter_on_thread() -> None:
        previous = activate(short)
        memory.audit_now()
        deactivate(previous)

    worker = threading.Thread(target=meter_on_thread)
    worker.start()
    worker.join()
    time.sleep(0.1)
    mine = _held_context(8 * MIB)
    previous = activate(mine)
    try:
        with pytest.raises(LimitExceeded):
            memory.audit_now(upcoming=40 * MIB)
    finally:
        deactivate(previous)
    assert short is not None  # kept alive on purpose until here


def test_no_memory_verdict_past_the_deadline() -> None:
    """Past its deadline a context is not metered: inside an evaluation the time limit ends
    the run; outside one (host code using ``current()``'s default context) nothing raises."""
    stale = Context(dataway.Limits(memory=MIB, time=0.01))
    time.sleep(0.05)
    previous = activate(stale)
    try:
        memory.audit_now(upcoming=64 * MIB)  # would be past the budget if still metered
    finally:
        deactivate(previous)
    assert stale.memory == 0

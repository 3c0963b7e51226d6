"""The flow conformance suite (tests/flows/cases/<component>/*.yaml), run case by case."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest

from dataway.engine.executor import PoolExecutor

from tests.engine.standin import choose_backend
from tests.flows.runner import collect, run_case

CASES = collect()
BACKEND = choose_backend()


def subset(expected: Any, actual: Any) -> bool:
    """Dicts recursively, lists by position, anything else by equality."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and subset(v, actual[k])
                                                for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) <= len(actual) and all(
            subset(e, a) for e, a in zip(expected, actual))
    return expected == actual and type(expected) is type(actual) or (
        isinstance(expected, (int, float)) and not isinstance(expected, bool)
        and isinstance(actual, (int, float)) and not isinstance(actual, bool) and expected == actual)


def check_run(record: Any, expect: dict[str, Any], engine: Any = None) -> None:
    """Assert one run against the ``expect`` block of a case."""
    msg = record.message
    assert record.status == expect.get("status", "succeeded"), (record.status, record.error)
    if "error" in expect:
        assert record.error == expect["error"]
    if "error_code" in expect:
        assert record.error is not None and record.error["Code"] == expect["error_code"], record.error
    if "description_contains" in expect:
        assert expect["description_contains"] in record.error["Description"], record.error
    if "description_ends" in expect:
        assert record.error["Description"].endswith(expect["description_ends"]), record.error
    if "payload" in expect:
        assert msg.payload == expect["payload"]
        assert type(msg.payload) is type(expect["payload"]) or expect["payload"] is None
    if "payload_contains" in expect:
        assert subset(expect["payload_contains"], msg.payload), msg.payload
    if "attrs" in expect:
        assert msg.attrs == expect["attrs"]
    if "vars" in expect:
        assert msg.vars == expect["vars"]
    if "vars_contains" in expect:
        assert subset(expect["vars_contains"], msg.vars), msg.vars
    if "vars_absent" in expect:
        for name in expect["vars_absent"]:
            assert name not in msg.vars, name
    if "message_error" in expect:
        assert msg.error == expect["message_error"]
    if "paths" in expect:
        assert record.paths() == expect["paths"]
    if "environment" in expect:
        assert record.environment == expect["environment"]
    for want in expect.get("logs", []):
        found = [l for l in record.logs if all(
            (k == "contains" and v in l.message) or (k != "contains" and getattr(l, k) == v)
            for k, v in want.items())]
        assert found, (want, [l.to_dict() for l in record.logs])
    if "log_count" in expect:
        assert len([l for l in record.logs if l.category != "engine"]) == expect["log_count"]
    engine = engine or record.engine
    shared = engine.shared
    for step, peak in expect.get("peak", {}).items():
        assert shared[f"probe:{step}"]["peak"] == peak, shared[f"probe:{step}"]
    for step, calls in expect.get("calls", {}).items():
        got = shared.get(f"probe:{step}", {"calls": 0})["calls"]
        assert got == calls, (step, got)
    if "transaction_log" in expect:
        assert shared.get("tx", []) == expect["transaction_log"]
    if "children" in expect:
        children = [r for r in engine.records if r.parent_run_id == record.id]
        assert len(children) == len(expect["children"])
        for child, want in zip(children, expect["children"]):
            check_run(child, want, engine)
    if "steps" in expect:
        outputs = {s.step: s.output for s in record.steps if s.output is not None}
        for step, want in expect["steps"].items():
            assert subset(want, {"payload": outputs[step].payload, "vars": outputs[step].vars,
                                 "attrs": outputs[step].attrs}), (step, outputs[step].payload)


@pytest.fixture(scope="module")
def worker_pool() -> Any:
    """One two-thread pool shared by the worker-pool runs of the suite."""
    pool = PoolExecutor(2)
    yield pool
    pool.close()


@pytest.mark.parametrize("case_id,document,case", CASES, ids=[c[0] for c in CASES])
def test_flow_case(case_id: str, document: dict[str, Any], case: dict[str, Any]) -> None:
    """Each case of the suite: run it and compare with its ``expect`` block."""
    _run_and_check(document, case, None)


@pytest.mark.parametrize("case_id,document,case", CASES, ids=[c[0] for c in CASES])
def test_flow_case_on_worker_pool(case_id: str, document: dict[str, Any], case: dict[str, Any],
                                  worker_pool: PoolExecutor) -> None:
    """The same case with steps handed to worker threads in segments, as in production."""
    _run_and_check(document, case, worker_pool)


def _run_and_check(document: dict[str, Any], case: dict[str, Any], executor: Any) -> None:
    needs = case.get("needs") or document.get("needs")
    if needs == "language" and type(BACKEND).__name__ == "StandinBackend":
        pytest.skip("waits for the Dataway language pipeline (dataway.compile end to end)")
    records = asyncio.run(run_case(document, case, BACKEND, executor))
    if "runs" in case["expect"]:
        for record, want in zip(records, case["expect"]["runs"]):
            check_run(record, want)
    else:
        check_run(records[0], case["expect"])

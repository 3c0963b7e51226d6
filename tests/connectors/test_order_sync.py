"""The order-sync main job: its unit-test file (§11 format) and the README demo end to end."""
from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dataway.connectors.base import close_pools
from dataway.engine.executor import InlineExecutor
from dataway.engine.loader import load
from dataway.engine.runtime import Engine
from dataway.engine.yamlsrc import read_yaml

APP = Path(__file__).resolve().parents[2] / "examples" / "order-sync"


def _tests() -> list[dict[str, Any]]:
    doc = read_yaml((APP / "tests" / "orders.yaml").read_text(encoding="utf-8"), "orders.yaml")
    assert not doc.problems, doc.problems
    return doc.value["tests"]


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k])
                                                for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) <= len(actual) and all(
            _subset(e, a) for e, a in zip(expected, actual))
    return bool(expected == actual)


@pytest.mark.parametrize("case", _tests(), ids=lambda c: c["name"])
def test_unit_test_file(case: dict[str, Any], tmp_path: Path) -> None:
    app = tmp_path / "order-sync"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("*.db"))

    async def scenario() -> Any:
        engine = Engine(load(app), executor=InlineExecutor())
        try:
            return await engine.run_flow(case["flow"], case.get("input"),
                                         mocks=case.get("mocks"))
        finally:
            await close_pools(engine)
            await engine.shutdown(grace=0)

    record = asyncio.run(scenario())
    expect = case["expect"]
    assert record.status == expect["status"], record.error
    if "error" in expect:
        assert record.error == expect["error"]
    if "vars" in expect:
        assert _subset(expect["vars"], record.message.vars), record.message.vars
    if "payload" in expect:
        assert record.message.payload == expect["payload"]
    if "payload_contains" in expect:
        assert _subset(expect["payload_contains"], record.message.payload)


def test_store_flow_writes_sqlite_in_one_transaction(tmp_path: Path) -> None:
    """Unmocked: the lines insert fails (duplicate line) → the order insert is rolled back."""
    import sqlite3

    app = tmp_path / "order-sync"
    shutil.copytree(APP, app, ignore=shutil.ignore_patterns("*.db"))
    order = {"id": "T-9", "customer": "C", "country": "DE", "received_at": "2024-05-01"}
    good = [{"line": 1, "sku": "X", "qty": 1, "amount": "1.00"}]
    dup = good + good

    async def scenario() -> list[Any]:
        engine = Engine(load(app), executor=InlineExecutor())
        try:
            out = []
            for lines in (dup, good, good):
                out.append(await engine.run_flow("store", {"vars": {
                    "order": order, "warehouse": "EU", "lines": lines}}))
            return out
        finally:
            await close_pools(engine)
            await engine.shutdown(grace=0)

    first, second, third = asyncio.run(scenario())
    assert [r.message.vars["stored"] for r in (first, second, third)] == [False, True, False]
    with sqlite3.connect(app / "orders.db") as db:
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone() == (1,)
        assert db.execute("SELECT COUNT(*) FROM order_lines").fetchone() == (1,)


def test_readme_demo_runs_end_to_end() -> None:
    """Exactly what README's first command runs: serve + scripted requests + SIGTERM."""
    proc = subprocess.run([sys.executable, str(APP / "demo.py")], capture_output=True,
                          text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert out.count("[ok ]") == 5 and "[BAD]" not in out
    assert "A-1001  Erika Mustermann" in out and "A-1002  John Doe" in out
    assert "order-sync/receive succeeded" in out and "stopped" in out

"""Loading project and app directories (§3.1, §3.4), file scripts, schema, scheduler serving."""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest

from dataway.engine.clock import VirtualClock
from dataway.engine.executor import InlineExecutor
from dataway.engine.loader import LoadError, load
from dataway.engine.runtime import Engine
from dataway.engine.schema import flow_schema
from dataway.stdlib.scheduler import serve
from tests.engine.helpers import BACKEND, run


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_project_with_two_apps_custom_types_and_a_shared_flow(tmp_path: Path) -> None:
    write(tmp_path, {
        "project.yaml": "project: shop\nerror_types:\n  - {code: STOCK, parent: GENERAL}\n",
        "orders/app.yaml": "app: orders\n",
        "orders/scripts/total.dw": "def dw_process(msg):\n    return msg.payload['n'] * 3\n",
        "orders/flows/main.yaml": (
            "flow: main\nsteps:\n"
            "  - {id: t, type: set_payload, config: {value: {file: scripts/total.dw}}}\n"
            "  - {id: call, type: flow_ref, config: {flow: common/fmt}}\n"
            "  - id: guard\n    type: try\n"
            "    steps: [{id: boom, type: raise_error, config: {error_type: STOCK, description: x}}]\n"
            "    catch: [{types: [STOCK], steps: []}]\n"),
        "common/app.yaml": "app: common\n",
        "common/flows/fmt.yaml": ("flow: fmt\nshared: true\nsteps:\n"
                                  "  - {id: f, type: set_payload, config: {value: {text: 'n=${msg.payload}'}}}\n"),
    })
    project = load(tmp_path, backend=BACKEND)
    assert sorted(project.apps) == ["common", "orders"]
    engine = Engine(project, clock=VirtualClock(), executor=InlineExecutor())
    record = run(engine.run_flow("main", {"payload": {"n": 2}}, app="orders"))
    assert record.status == "succeeded", record.error
    assert record.message.payload == "n=6"


def test_every_problem_of_every_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, {
        "project.yaml": "project: p\nerror_types: [{code: 'HTTP:MINE'}]\n",
        "app1/app.yaml": "app: app1\nunknown: 1\n",
        "app1/flows/a.yaml": "flow: a\nsteps:\n  - {id: x, type: flow_ref, config: {flow: app2/private}}\n",
        "app1/flows/b.yaml": "flow: b\nsteps: [{id: s, type: set_payload, config: {value: {file: missing.dw}}}]\n",
        "app2/app.yaml": "app: app2\n",
        "app2/flows/private.yaml": "flow: private\nsteps: []\n",
    })
    with pytest.raises(LoadError) as caught:
        load(tmp_path, backend=BACKEND)
    text = [str(p) for p in caught.value.problems]
    assert text[0] == "app1/app.yaml:2:1: unknown key 'unknown'"
    assert text[1] == "app1/flows/a.yaml:3:44: x.config.flow: flow 'app2/private' is not shared (shared: true)"
    assert text[2].startswith("app1/flows/b.yaml:2:59: s.config.value.file: cannot read script file 'missing.dw'")
    assert text[3] == "project.yaml:2:22: error_types[0].code: error type 'HTTP:MINE' uses a built-in namespace"


def test_an_app_directory_alone_is_a_project(tmp_path: Path) -> None:
    write(tmp_path, {"flows/only.yaml": "flow: only\nsteps: [{id: s, type: set_payload, config: {value: 1}}]\n"})
    project = load(tmp_path, backend=BACKEND)
    assert project.flow("only").steps[0].id == "s"


def test_schema_describes_every_component_and_script_fields() -> None:
    schema = flow_schema()
    json.dumps(schema)
    step = schema["$defs"]["Step"]
    types = step["properties"]["type"]["enum"]
    for name in ("choice", "for_each", "try", "cache", "scheduler", "crypto", "compress"):
        assert name in types
    cache = next(c["then"]["properties"]["config"] for c in step["allOf"]
                 if c["if"]["properties"]["type"]["const"] == "cache")
    assert cache["additionalProperties"] is False
    assert {"$ref": "#/$defs/ScriptField"} in cache["properties"]["key"]["anyOf"]
    assert cache["properties"]["operation"]["enum"][0] == "store"


def test_scheduler_fires_on_the_virtual_clock_and_skips_while_running() -> None:
    from dataway.engine.loader import load_flow_texts
    from tests.flows.runner import registry

    flow = """
flow: tick
trigger: {id: cron, type: scheduler, config: {cron: "*/10 * * * * ?", skip_if_running: true, timezone: "UTC+08:00"}}
steps:
  - {id: work, type: probe, config: {sleep: 15}}
"""
    project = load_flow_texts({"flows/tick.yaml": flow}, backend=BACKEND, registry=registry())
    clock = VirtualClock(start=dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc).timestamp())
    engine = Engine(project, clock=clock, executor=InlineExecutor())

    async def scenario() -> list[object]:
        stop = asyncio.Event()
        server = asyncio.ensure_future(serve(engine, "tick", stop=stop))
        while clock.time() < dt.datetime(2024, 5, 1, 0, 1, tzinfo=dt.timezone.utc).timestamp():
            await clock.sleep(1)
        stop.set()
        await clock.sleep(30)
        await server
        return engine.records

    records = run(scenario())
    starts = [r.started_at for r in records]
    assert len(starts) == 3  # 00:10, 00:30, 00:50: every other firing is skipped while running
    times = [dt.datetime.fromtimestamp(t, dt.timezone.utc).second for t in starts]
    assert times == [10, 30, 50]
    scheduled = records[0].message.attrs["scheduled_time"]
    assert scheduled.utcoffset() == dt.timedelta(hours=8) and scheduled.second == 10


def test_scope_nesting_deeper_than_32_is_a_load_error() -> None:
    from dataway.engine.loader import load_flow_texts

    body = "[{id: leaf, type: set_payload, config: {value: 1}}]"
    for depth in range(33):
        body = f"[{{id: s{depth}, type: try, steps: {body}, catch: [{{}}]}}]"
    with pytest.raises(LoadError) as caught:
        load_flow_texts({"flows/deep.yaml": f"flow: deep\nsteps: {body}\n"}, backend=BACKEND)
    assert [p.message for p in caught.value.problems] == ["scopes nested deeper than 32"]


def test_engine_starts_and_stops_scheduler_triggers() -> None:
    from dataway.engine.loader import load_flow_texts
    from tests.flows.runner import registry

    flow = ("flow: tick\ntrigger: {id: cron, type: scheduler, config: {mode: interval, interval: 60}}\n"
            "steps: [{id: work, type: probe, config: {sleep: 1}}]\n")
    project = load_flow_texts({"flows/tick.yaml": flow}, backend=BACKEND, registry=registry())
    clock = VirtualClock(start=1_000_000.0)
    engine = Engine(project, clock=clock, executor=InlineExecutor())

    async def scenario() -> int:
        assert engine.start_triggers() == 1
        await clock.sleep(300.5)
        await engine.shutdown(grace=5)
        return len(engine.records)

    assert run(scenario()) == 5  # fired at 60, 120, 180, 240, 300 s


def test_an_app_inside_a_project_loads_with_its_siblings(tmp_path: Path) -> None:
    write(tmp_path, {
        "project.yaml": "project: shop\n",
        "a/app.yaml": "app: a\n",
        "a/flows/main.yaml": "flow: main\nsteps: [{id: c, type: flow_ref, config: {flow: b/lib}}]\n",
        "b/app.yaml": "app: b\n",
        "b/flows/lib.yaml": "flow: lib\nshared: true\nsteps: [{id: s, type: set_payload, config: {value: lib}}]\n",
    })
    project = load(tmp_path / "a", backend=BACKEND)
    assert project.default_app == "a" and sorted(project.apps) == ["a", "b"]
    engine = Engine(project, clock=VirtualClock(), executor=InlineExecutor())
    assert run(engine.run_flow("main", None)).message.payload == "lib"

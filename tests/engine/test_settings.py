"""Settings (§9): load-time checks with positions, resolution per environment, `flow run --env`."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dataway.engine.cli import flow_run
from dataway.engine.loader import LoadError, load
from dataway.engine.runtime import engine_for_project
from dataway.engine.settings import environment_names, resolve_settings

PROJECT = """project: shop
environments: [staging]
settings: {max_steps_per_run: 5, cache: {backend: memory, max_entries: 10}}
"""
APP = """app: orders
settings:
  max_steps_per_run: 6
  cache: {max_bytes: 2048}
environments:
  staging: {settings: {max_steps_per_run: 2, timezone: Asia/Shanghai}}
"""
FLOW = """flow: three
steps:
  - {id: a, type: set_payload, config: {value: 1}}
  - {id: b, type: set_payload, config: {value: 2}}
  - {id: c, type: set_payload, config: {value: {expr: "msg.payload + 1"}}}
"""


def make_project(root: Path, project: str = PROJECT, app: str = APP) -> Path:
    (root / "project.yaml").write_text(project, encoding="utf-8")
    app_dir = root / "orders"
    (app_dir / "flows").mkdir(parents=True)
    (app_dir / "app.yaml").write_text(app, encoding="utf-8")
    (app_dir / "flows" / "three.yaml").write_text(FLOW, encoding="utf-8")
    return app_dir


def test_resolution_order_and_mapping_merge(tmp_path: Path) -> None:
    project = load(make_project(tmp_path))
    assert environment_names(project) == ["sandbox", "production", "staging"]
    sandbox = resolve_settings(project, "orders")
    assert sandbox["max_steps_per_run"] == 6 and sandbox["log_level"] == "DEBUG"
    assert sandbox["cache"] == {"backend": "memory", "max_entries": 10, "max_bytes": 2048}
    staging = resolve_settings(project, "orders", "staging")
    assert staging["max_steps_per_run"] == 2 and staging["timezone"] == "Asia/Shanghai"
    assert staging["environment"] == "staging"
    production = resolve_settings(project, "orders", "production")
    assert production["log_level"] == "INFO" and production["max_steps_per_run"] == 6
    with pytest.raises(KeyError, match="unknown environment 'qa'"):
        resolve_settings(project, "orders", "qa")


def test_the_engine_uses_the_environment_settings(tmp_path: Path) -> None:
    project = load(make_project(tmp_path))
    engine = engine_for_project(project, "orders", environment="staging")
    assert engine.settings.max_steps_per_run == 2 and engine.settings.environment == "staging"
    assert engine.script_options["timezone"] == "Asia/Shanghai"
    assert engine.cache.max_entries == 10


def test_bad_settings_are_load_errors_with_positions(tmp_path: Path) -> None:
    project = """project: shop
environments: {staging: {settings: {log_level: LOUD}}, "bad name": {}}
settings:
  max_concurrent_runs: 0
  timezone: Mars/Olympus
  script_limits: {steps: 10, wings: 2}
  cache: {backend: tape}
"""
    app = """app: orders
environments:
  qa: {settings: {}}
  staging: {settings: {max_steps_per_run: many}, color: red}
"""
    with pytest.raises(LoadError) as caught:
        load(make_project(tmp_path, project, app))
    got = [str(p) for p in caught.value.problems]
    assert got == [
        "orders/app.yaml:3:3: environments.qa: unknown environment 'qa'; declared: sandbox, "
        "production, staging",
        "orders/app.yaml:4:43: environments.staging.settings.max_steps_per_run: Input should "
        "be a valid integer, unable to parse string as an integer",
        "orders/app.yaml:4:50: environments.staging: unknown key 'color'",
        "project.yaml:2:48: environments.staging.settings.log_level: 'LOUD' is not one of "
        "'DEBUG', 'INFO', 'WARN' or 'ERROR'",
        "project.yaml:2:56: environments.bad name: 'bad name' is not an environment name",
        "project.yaml:4:24: settings.max_concurrent_runs: 0: input should be greater than or "
        "equal to 1",
        "project.yaml:5:13: settings.timezone: unknown time zone 'Mars/Olympus': use an IANA "
        "name such as 'Asia/Shanghai' or an offset such as '+08:00'",
        "project.yaml:6:18: settings.script_limits: unknown limit(s): wings",
        "project.yaml:7:20: settings.cache.backend: 'tape' is not one of 'memory', 'sqlite' or "
        "'redis'",
    ]


def test_flow_run_env_selects_the_settings(tmp_path: Path) -> None:
    app = make_project(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert flow_run(str(app), "three", out=out, err=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["message"]["payload"] == 3
    out, err = io.StringIO(), io.StringIO()
    assert flow_run(str(app), "three", environment="staging", out=out, err=err) == 1
    result = json.loads(out.getvalue())
    assert result["error"]["Code"] == "LIMIT" and "more than 2" in result["error"]["Description"]


def test_flow_run_refuses_production_and_unknown_environments(tmp_path: Path) -> None:
    app = make_project(tmp_path)
    err = io.StringIO()
    assert flow_run(str(app), "three", environment="production", out=io.StringIO(),
                    err=err) == 2
    assert "does not run in production" in err.getvalue()
    err = io.StringIO()
    assert flow_run(str(app), "three", environment="qa", out=io.StringIO(), err=err) == 2
    assert err.getvalue() == ("error: unknown environment 'qa'; declared: sandbox, production, "
                              "staging\n")

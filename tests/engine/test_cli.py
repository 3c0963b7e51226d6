"""The flow commands (engine.cli): run prints the final message and a trace; check lists problems."""
from __future__ import annotations

import io
import json
from pathlib import Path

from dataway.engine.cli import flow_check, flow_run, main

FLOW = """flow: orders
steps:
  - id: order
    type: set_variable
    config: {name: order, value: {expr: "msg.payload", type: dict}}
  - id: fetch
    type: set_payload
    config: {value: real}
  - {id: out, type: set_payload, config: {value: {text: "n=${len(msg.vars['order']['items'])} ${msg.payload}"}}}
"""


def _app(tmp_path: Path) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "orders.yaml").write_text(FLOW, encoding="utf-8")
    (tmp_path / "in.yaml").write_text("payload: {items: [1, 2]}\n", encoding="utf-8")
    (tmp_path / "mocks.yaml").write_text("fetch: {output: {payload: mocked}}\n", encoding="utf-8")
    return tmp_path


def test_flow_run_prints_message_and_trace(tmp_path: Path) -> None:
    app = _app(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = flow_run(str(app), "orders", input_file=str(app / "in.yaml"),
                    mocks_file=str(app / "mocks.yaml"), out=out, err=err)
    assert code == 0, err.getvalue()
    result = json.loads(out.getvalue())
    assert result["status"] == "succeeded" and len(result["run_id"]) == 26
    assert result["message"]["payload"] == "n=2 mocked"
    assert [line.split()[0] for line in err.getvalue().splitlines()] == ["order", "fetch", "out"]


def test_flow_run_range_and_failure_exit_code(tmp_path: Path) -> None:
    app = _app(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    code = flow_run(str(app), "orders", from_step="out", out=out, err=err)
    result = json.loads(out.getvalue())
    assert code == 1 and result["status"] == "failed"
    assert result["error"]["Code"] == "EXPRESSION"
    assert "KeyError" in err.getvalue()


def test_flow_check_reports_problems_and_exit_code(tmp_path: Path) -> None:
    app = _app(tmp_path)
    out = io.StringIO()
    assert flow_check(str(app), out=out) == 0
    (app / "flows" / "bad.yaml").write_text("flow: bad\nsteps: [{id: x, type: nope}]\n")
    out = io.StringIO()
    assert flow_check(str(app), out=out) == 1
    assert out.getvalue().splitlines()[0] == "flows/bad.yaml:2:23: x.type: unknown component type 'nope'"


def test_schema_command(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Dataway flow file"


class FakeTerminal(io.StringIO):
    """stderr that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def test_flow_run_shows_progress_on_a_terminal_then_erases_it(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "slow.yaml").write_text("""flow: slow
steps:
  - id: each
    type: for_each
    config: {collection: 2}
    steps:
      - id: gate
        type: rate_limiter
        config: {unit: second, max_count: 1, strategy: wait, max_wait: 5}
""", encoding="utf-8")
    out, err = io.StringIO(), FakeTerminal()
    assert flow_run(str(tmp_path), "slow", out=out, err=err, progress_after=0.1) == 0
    text = err.getvalue()
    status, _, trace = text.rpartition("\r\x1b[K")  # the last erase ends the progress display
    assert "running slow:" in status and "steps, at each[1]/gate" in status
    assert [line.split()[0] for line in trace.splitlines()] == [
        "each", "each[0]/gate", "each[1]/gate"]


def test_flow_run_prints_no_progress_when_not_a_terminal(tmp_path: Path) -> None:
    app = _app(tmp_path)
    err = io.StringIO()
    flow_run(str(app), "orders", input_file=str(app / "in.yaml"), out=io.StringIO(), err=err,
             progress_after=0)
    assert "\r" not in err.getvalue() and "running" not in err.getvalue()

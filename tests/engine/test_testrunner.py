"""``dataway test``: the unit-test file format of components spec §11, end to end.

Each test writes a small app (flows + tests/*.yaml) to a temporary directory and runs the
real command entry point, asserting exit codes and the report lines users read.
"""
from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dataway.cli.main import main

FLOW = """\
flow: orders
steps:
  - id: order
    type: set_variable
    config: {name: order, value: {expr: "msg.payload"}}
  - id: route
    type: choice
    branches:
      - when: "msg.payload['total'] > 1000"
        steps:
          - {id: big, type: logger, config: {message: {text: "big order ${msg.payload['id']}"}}}
  - id: stamp
    type: set_payload
    config:
      value:
        code: |
          import time, random
          def dw_process(msg):
              return {'id': msg.payload['id'], 'at': time.time(), 'pick': random.randint(1, 10**6)}
"""


def make_app(tmp_path: Path, tests: str, flow: str = FLOW) -> Path:
    app = tmp_path / "shop"
    (app / "flows").mkdir(parents=True)
    (app / "tests").mkdir()
    (app / "app.yaml").write_text("app: shop\n")
    (app / "flows" / "orders.yaml").write_text(flow)
    (app / "tests" / "orders.yaml").write_text(textwrap.dedent(tests))
    return app


def run(app: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["test", str(app), *extra])
    return code, capsys.readouterr().out


def test_spec_example_passes(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, """\
        tests:
          - name: big orders are logged
            flow: orders
            clock: 2024-05-01T08:00:00Z
            seed: 7
            input:
              payload: !entity {mime_type: application/json, value: {id: 7, total: 1500}}
              attrs: {method: POST}
            expect:
              status: succeeded
              vars: {order: {id: 7}}
              payload_contains: {id: 7, at: 1714550400.0}
              steps:
                route: {payload_contains: {total: 1500}}
              logs:
                - {level: INFO, contains: big order 7}

          - name: a failing logger fails the run
            flow: orders
            input:
              payload: !entity {mime_type: application/json, value: {id: 8, total: 2000}}
            range: {from: order, to: route}
            mocks:
              big:
                error: {Code: GENERAL, Description: disk full}
            expect:
              status: failed
              error: {Code: GENERAL, Description: disk full}
        """)
    code, out = run(app, capsys)
    assert code == 0, out
    assert "PASS tests/orders.yaml:2: big orders are logged" in out
    assert "PASS tests/orders.yaml:18: a failing logger fails the run" in out
    assert out.rstrip().endswith("2 passed, 0 failed")


def test_seed_makes_random_repeatable(tmp_path: Path, capsys) -> None:
    picks = []
    for seed in (1, 1, 2):
        app = make_app(tmp_path / str(len(picks)), f"""\
            tests:
              - name: pick
                flow: orders
                seed: {seed}
                input: {{payload: {{id: 1, total: 1}}}}
                expect: {{payload: {{id: 1}}}}
            """)
        code, out = run(app, capsys)
        assert code == 1  # payload is exact: the report shows the actual value
        picks.append(out.split('"pick": ')[1].split("}")[0])
    assert picks[0] == picks[1] != picks[2]


def test_failure_shows_expected_against_actual(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, """\
        tests:
          - name: wrong expectations
            flow: orders
            input: {payload: {id: 3, total: 5}}
            expect:
              status: failed
              vars: {order: {id: 4}}
              logs: [{level: INFO, contains: big order}]
        """)
    code, out = run(app, capsys)
    assert code == 1
    assert "FAIL tests/orders.yaml:2: wrong expectations" in out
    assert "    status:\n      expected: \"failed\"\n      actual:   \"succeeded\"" in out
    assert '    vars:\n      expected: {"order": {"id": 4}}' in out
    assert '"id": 3' in out
    assert "logs[0]:" in out
    assert out.rstrip().endswith("0 passed, 1 failed")


def test_load_problems_name_file_line_column(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, """\
        tests:
          - name: bad
            flow: orders
            mocks: {nope: {output: {payload: 1}}}
            range: {from: order, to: missing}
            clock: yesterday
            expect:
              status: done
              steps: {ghost: {payload: 1}}
              colour: red
          - name: unknown flow
            flow: nothing
            expect: {status: succeeded}
        """)
    code, out = run(app, capsys)
    assert code == 1
    lines = out.splitlines()
    for needle in (
            "tests/orders.yaml:4:13: tests[0].mocks.nope: unknown step id 'nope' in flow 'orders'",
            "tests/orders.yaml:5:30: tests[0].range.to: unknown step id 'missing'",
            "tests/orders.yaml:6:12: tests[0].clock: expected an ISO 8601 date-time",
            "tests/orders.yaml:8:15: tests[0].expect.status: unknown status 'done'",
            "tests/orders.yaml:9:15: tests[0].expect.steps.ghost: unknown step id 'ghost'",
            "tests/orders.yaml:10:7: tests[0].expect.colour: unknown key 'colour'",
            "tests/orders.yaml:12:11: tests[1].flow: unknown flow 'nothing'"):
        assert any(line.startswith(needle) for line in lines), (needle, out)
    assert "0 passed, 0 failed, 7 load problem(s)" in out


def test_junit_report(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, """\
        tests:
          - {name: ok, flow: orders, input: {payload: {id: 1, total: 1}},
             expect: {status: succeeded}}
          - {name: not ok, flow: orders, input: {payload: {id: 1, total: 1}},
             expect: {status: failed}}
        """)
    report = tmp_path / "junit.xml"
    code, _ = run(app, capsys, "--junit", str(report))
    assert code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failed = [c for c in suite.findall("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["not ok"]
    assert failed[0].get("line") == "4"


def test_select_by_name_and_no_tests(tmp_path: Path, capsys) -> None:
    app = make_app(tmp_path, """\
        tests:
          - {name: alpha, flow: orders, input: {payload: {id: 1, total: 1}},
             expect: {status: succeeded}}
          - {name: beta, flow: orders, input: {payload: {id: 1, total: 1}},
             expect: {status: failed}}
        """)
    code, out = run(app, capsys, "-k", "alpha")
    assert code == 0 and "1 passed, 0 failed" in out
    (app / "tests" / "orders.yaml").unlink()
    code, out = run(app, capsys)
    assert code == 1 and "no test files" in out


@pytest.mark.parametrize("example", ["order-sync"])
def test_examples_unit_tests_pass(example: str, capsys, tmp_path: Path) -> None:
    import shutil

    root = Path(__file__).resolve().parents[2] / "examples" / example
    copy = tmp_path / example  # the examples write their SQLite database next to app.yaml
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("*.db"))
    code, out = run(copy, capsys)
    assert code == 0, out

"""Unit-test files (components spec §11): loading and validation, with positions.

A test file is ``<app>/tests/*.yaml`` holding ``tests:``, a list of cases (see the spec and
``engine/README.md``). Everything that can be wrong with a file is reported at once, each
problem naming ``file:line:col`` and the field path, exactly like flow load errors; a case
that does not load does not run. Step ids named in ``mocks``, ``range`` and
``expect.steps`` must exist in the case's flow.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Optional

from .yamlsrc import Located, Path, Problem, read_yaml

__all__ = ["TestCase", "load_test_file", "EXPECT_KEYS", "STEP_EXPECT_KEYS", "STATUSES"]

STATUSES = ("succeeded", "failed", "cancelled")
STEP_EXPECT_KEYS = frozenset({"payload", "payload_contains", "attrs", "vars", "error", "status"})
EXPECT_KEYS = STEP_EXPECT_KEYS | {"steps", "logs"}
_CASE_KEYS = frozenset({"name", "flow", "app", "input", "mocks", "range", "clock", "seed",
                        "timezone", "expect"})
_MOCK_KEYS = frozenset({"output", "error", "outputs"})
_LOG_KEYS = frozenset({"level", "contains", "message", "step", "category"})


@dataclass
class TestCase:
    """One loaded test: what to run and what to expect, with its file position."""

    __test__ = False  # not a pytest class

    name: str
    file: str
    line: int
    flow: str
    input: dict[str, Any] = field(default_factory=dict)
    mocks: dict[str, Any] = field(default_factory=dict)
    range_from: Optional[str] = None
    range_to: Optional[str] = None
    clock: Optional[float] = None
    seed: Optional[int] = None
    timezone: Optional[str] = None
    expect: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """``file:line`` of the case, for reports."""
        return f"{self.file}:{self.line}"


def _step_ids(project: Any, flow: str) -> Optional[set[str]]:
    try:
        graph = project.flow(flow)
    except KeyError:
        return None
    ids = {node.id for node in graph.nodes}
    if graph.trigger is not None:
        ids.add(graph.trigger.id)
    return ids


def _parse_clock(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    stamp = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=_dt.timezone.utc)
    return stamp.timestamp()


class _CaseReader:
    """Validates one case mapping, collecting problems against the document's positions."""

    def __init__(self, doc: Located, project: Any, problems: list[Problem]) -> None:
        self.doc = doc
        self.project = project
        self.problems = problems

    def problem(self, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, key=key))

    def unknown_keys(self, value: dict, allowed: frozenset, path: Path) -> None:
        for key in value:
            if key not in allowed:
                self.problem(path + (key,), f"unknown key {key!r} (expected one of "
                                            f"{', '.join(sorted(allowed))})", key=True)

    def read(self, raw: Any, path: Path) -> Optional[TestCase]:
        if not isinstance(raw, dict):
            self.problem(path, "a test must be a mapping")
            return None
        before = len(self.problems)
        self.unknown_keys(raw, _CASE_KEYS, path)
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem(path, "'name' (a non-empty string) is required")
        flow = raw.get("flow")
        if not isinstance(flow, str):
            self.problem(path, "'flow' (the flow name) is required")
            return None
        if isinstance(raw.get("app"), str) and "/" not in flow:
            flow = f"{raw['app']}/{flow}"
        ids = _step_ids(self.project, flow)
        if ids is None:
            self.problem(path + ("flow",), f"unknown flow {flow!r}")
            return None
        case = TestCase(name=str(name), file=self.doc.file,
                        line=self.doc.position(path)[0], flow=flow)
        self._input(raw.get("input"), path + ("input",), case)
        self._mocks(raw.get("mocks"), path + ("mocks",), ids, case)
        self._range(raw.get("range"), path + ("range",), ids, case)
        self._fixed(raw, path, case)
        self._expect(raw.get("expect"), path + ("expect",), ids, case)
        return case if len(self.problems) == before else None

    def _input(self, value: Any, path: Path, case: TestCase) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.problem(path, "'input' must be a mapping of payload, attrs, vars")
            return
        self.unknown_keys(value, frozenset({"payload", "attrs", "vars"}), path)
        for key in ("attrs", "vars"):
            if key in value and not isinstance(value[key], dict):
                self.problem(path + (key,), f"'{key}' must be a mapping")
        case.input = dict(value)

    def _mocks(self, value: Any, path: Path, ids: set[str], case: TestCase) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.problem(path, "'mocks' must map step ids to {output|error|outputs}")
            return
        for step, mock in value.items():
            if step not in ids:
                self.problem(path + (step,), f"unknown step id {step!r} in flow {case.flow!r}",
                             key=True)
            elif not isinstance(mock, dict) or len(set(mock) & _MOCK_KEYS) != 1:
                self.problem(path + (step,), "a mock is one of output, error or outputs")
            else:
                self.unknown_keys(mock, _MOCK_KEYS, path + (step,))
        case.mocks = dict(value)

    def _range(self, value: Any, path: Path, ids: set[str], case: TestCase) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.problem(path, "'range' must be a mapping with from and/or to")
            return
        self.unknown_keys(value, frozenset({"from", "to"}), path)
        for key in ("from", "to"):
            step = value.get(key)
            if step is not None and step not in ids:
                self.problem(path + (key,), f"unknown step id {step!r} in flow {case.flow!r}")
        case.range_from, case.range_to = value.get("from"), value.get("to")

    def _fixed(self, raw: dict, path: Path, case: TestCase) -> None:
        if raw.get("clock") is not None:
            try:
                case.clock = _parse_clock(raw["clock"])
            except ValueError:
                self.problem(path + ("clock",), "expected an ISO 8601 date-time such as "
                                                "2024-05-01T08:00:00Z")
        seed = raw.get("seed")
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, int):
                self.problem(path + ("seed",), "'seed' must be an integer")
            case.seed = seed
        if raw.get("timezone") is not None:
            from dataway.api import resolve_timezone

            try:
                resolve_timezone(str(raw["timezone"]))
                case.timezone = str(raw["timezone"])
            except ValueError as exc:
                self.problem(path + ("timezone",), str(exc))

    def _expect(self, value: Any, path: Path, ids: set[str], case: TestCase) -> None:
        if value is None:
            self.problem(path[:-1], "'expect' is required")
            return
        if not isinstance(value, dict):
            self.problem(path, "'expect' must be a mapping")
            return
        self.unknown_keys(value, EXPECT_KEYS, path)
        self._status(value, path)
        steps = value.get("steps", {})
        if not isinstance(steps, dict):
            self.problem(path + ("steps",), "'steps' must map step ids to expectations")
        else:
            for step, spec in steps.items():
                if step not in ids:
                    self.problem(path + ("steps", step), f"unknown step id {step!r} in flow "
                                                         f"{case.flow!r}", key=True)
                elif not isinstance(spec, dict):
                    self.problem(path + ("steps", step), "expected a mapping of expectations")
                else:
                    self.unknown_keys(spec, STEP_EXPECT_KEYS, path + ("steps", step))
        logs = value.get("logs", [])
        if not isinstance(logs, list):
            self.problem(path + ("logs",), "'logs' must be a list of {level, contains}")
        else:
            for index, item in enumerate(logs):
                if not isinstance(item, dict):
                    self.problem(path + ("logs", index), "expected a mapping")
                else:
                    self.unknown_keys(item, _LOG_KEYS, path + ("logs", index))
        case.expect = dict(value)

    def _status(self, value: dict, path: Path) -> None:
        status = value.get("status")
        if status is not None and status not in STATUSES:
            self.problem(path + ("status",), f"unknown status {status!r} (expected "
                                             f"{', '.join(STATUSES)})")


def load_test_file(path: FsPath, project: Any, display: str) -> tuple[list[TestCase],
                                                                      list[Problem]]:
    """The loadable cases of one file and every problem found in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(display, 1, 1, "", f"cannot read the file: {exc}")]
    doc = read_yaml(text, display)
    problems = list(doc.problems)
    if problems:
        return [], problems
    root = doc.value
    if not isinstance(root, dict) or not isinstance(root.get("tests"), list):
        return [], [doc.problem((), "a test file is a mapping with a 'tests' list")]
    reader = _CaseReader(doc, project, problems)
    reader.unknown_keys(root, frozenset({"tests"}), ())
    cases = []
    for index, raw in enumerate(root["tests"]):
        case = reader.read(raw, ("tests", index))
        if case is not None:
            cases.append(case)
    return cases, problems

"""``dataway test``: run unit-test files (components spec §11) and report.

Every case runs its flow in ``sandbox`` on a fresh engine (so caches, locks and rate limiters
do not leak between cases), without starting triggers; unmocked connectors run for real. A
case with ``clock`` runs on a virtual clock fixed at that instant, so retries and waits take no
real time and scripts see that time; ``seed`` and ``timezone`` fix the scripts' random module
and local time.

Matching decisions (where §11 leaves room):

* ``payload`` and ``error`` compare exactly (``error`` only the keys given); ``payload_contains``,
  ``attrs`` and ``vars`` are subset matches: dicts recursively, lists by position and of the same
  length.
* An expected plain value compared with an Entity compares with the Entity's parsed value; an
  expected ``!entity`` compares MIME type and bytes. MultiMaps compare as their dict form.
* ``steps.<id>`` checks the last execution of that step; ``status`` there is the step record's
  status (``ok``, ``failed``, ``skipped`` …).
* ``logs``: each expected record must be matched by one record of the run (``level`` exact,
  ``contains`` a substring of the message, ``message``/``step``/``category`` exact).
"""
from __future__ import annotations

import asyncio
import time
from decimal import Decimal
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any, Optional, TextIO

from .testfile import TestCase, load_test_file

__all__ = ["Outcome", "run_case", "run_tests", "compare"]


@dataclass
class Outcome:
    """The result of one case: failures are ``(what, expected, actual)`` lines."""

    case: TestCase
    failures: list[tuple[str, Any, Any]] = field(default_factory=list)
    seconds: float = 0.0
    crashed: Optional[str] = None

    @property
    def passed(self) -> bool:
        """No failed expectation and no crash."""
        return not self.failures and self.crashed is None


def _plain(value: Any) -> Any:
    """A comparable form: Entities as parsed values, MultiMaps as dicts, tuples as lists."""
    from dataway.data.entity import Entity
    from dataway.data.multimap import MultiMap

    if isinstance(value, Entity):
        return _plain(value.parsed())
    if isinstance(value, MultiMap):
        return {k: _plain(v) for k, v in value.to_dict().items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _same(expected: Any, actual: Any) -> bool:
    from dataway.data.entity import Entity

    if isinstance(expected, Entity):
        return isinstance(actual, Entity) and expected.blob == actual.blob and \
            expected.media_type.essence == actual.media_type.essence
    return _equal(_plain(expected), _plain(actual))


def _equal(expected: Any, actual: Any) -> bool:
    """Equality that does not let ``True`` pass for ``1`` or ``'1'`` for ``1``."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            _equal(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _equal(e, a) for e, a in zip(expected, actual))
    if _numeric(expected) and _numeric(actual):
        return expected == actual
    return type(expected) is type(actual) and expected == actual


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _contains(expected: Any, actual: Any) -> bool:
    from dataway.data.entity import Entity

    if isinstance(expected, Entity):
        return _same(expected, actual)
    actual = _plain(actual)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and _contains(value, actual[key]) for key, value in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _contains(e, a) for e, a in zip(expected, actual))
    return _same(expected, actual)


def compare(expect: dict[str, Any], *, payload: Any, attrs: Any, vars: Any, error: Any,
            status: Optional[str], prefix: str = "") -> list[tuple[str, Any, Any]]:
    """The failed expectations among ``payload``, ``payload_contains``, ``attrs``, ``vars``,
    ``error`` and ``status``."""
    failures: list[tuple[str, Any, Any]] = []
    if "status" in expect and expect["status"] != status:
        failures.append((prefix + "status", expect["status"], status))
    if "payload" in expect and not _same(expect["payload"], payload):
        failures.append((prefix + "payload", expect["payload"], payload))
    for key, actual in (("payload_contains", payload), ("attrs", attrs), ("vars", vars)):
        if key in expect and not _contains(expect[key], actual):
            failures.append((prefix + key, expect[key], actual))
    if "error" in expect:
        wanted = expect["error"]
        if wanted is None:
            if error is not None:
                failures.append((prefix + "error", None, error))
        elif not isinstance(error, dict) or any(error.get(k) != v for k, v in wanted.items()):
            failures.append((prefix + "error", wanted, error))
    return failures


def _log_matches(wanted: dict[str, Any], record: Any) -> bool:
    if "level" in wanted and str(wanted["level"]).upper() != record.level:
        return False
    if "contains" in wanted and str(wanted["contains"]) not in record.message:
        return False
    return all(getattr(record, key) == wanted[key] for key in ("message", "step", "category")
               if key in wanted)


def _check(case: TestCase, record: Any) -> list[tuple[str, Any, Any]]:
    msg = record.message
    failures = compare(case.expect, payload=getattr(msg, "payload", None),
                       attrs=getattr(msg, "attrs", None), vars=getattr(msg, "vars", None),
                       error=record.error, status=record.status)
    for step, spec in (case.expect.get("steps") or {}).items():
        runs = [s for s in record.steps if s.step == step]
        if not runs:
            failures.append((f"steps.{step}", "the step to run", "it did not run"))
            continue
        last = runs[-1]
        out = last.output
        failures += compare(spec, payload=getattr(out, "payload", None),
                            attrs=getattr(out, "attrs", None), vars=getattr(out, "vars", None),
                            error=last.error, status=last.status, prefix=f"steps.{step}.")
    for index, wanted in enumerate(case.expect.get("logs") or []):
        if not any(_log_matches(wanted, rec) for rec in record.logs):
            failures.append((f"logs[{index}]", wanted,
                             [f"{r.level} {r.message}" for r in record.logs]))
    return failures


async def _run(project: Any, case: TestCase) -> Any:
    from .clock import RealClock, VirtualClock
    from .runtime import Engine
    from .settings import engine_settings, make_cache, make_locks, resolve_settings

    app = case.flow.split("/", 1)[0] if "/" in case.flow else None
    settings = resolve_settings(project, app, "sandbox")
    clock = VirtualClock(case.clock) if case.clock is not None else RealClock()
    run_settings = engine_settings(settings)
    overrides: dict[str, Any] = {}
    if case.seed is not None:
        overrides["seed"] = case.seed
    if case.timezone is not None:
        from dataway.api import resolve_timezone

        overrides["timezone"] = resolve_timezone(case.timezone)
    engine = Engine(project, clock=clock, settings=replace(run_settings, **overrides),
                    cache=make_cache(settings, clock), locks=make_locks(settings, clock))
    try:
        return await engine.run_flow(case.flow, case.input or {}, mocks=case.mocks or None,
                                     from_step=case.range_from, to_step=case.range_to)
    finally:
        await engine.shutdown(grace=0)


def run_case(project: Any, case: TestCase) -> Outcome:
    """Run one case on a fresh engine and compare its run with the expectations."""
    started = time.perf_counter()
    outcome = Outcome(case)
    try:
        record = asyncio.run(_run(project, case))
    except Exception as exc:  # a defect or an environment problem: report, keep going
        outcome.crashed = f"{type(exc).__name__}: {exc}"
    else:
        outcome.failures = _check(case, record)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _show(value: Any) -> str:
    """Compact JSON with the tagged forms of run snapshots (``{"$decimal": "1.10"}``)."""
    import json

    from dataway.data.tagged import NOT_SCALAR, tag_scalar

    def tagged(item: Any) -> Any:
        if isinstance(item, dict):
            return {str(k): tagged(v) for k, v in item.items()}
        if isinstance(item, list):
            return [tagged(v) for v in item]
        scalar = tag_scalar(item)
        return repr(item) if scalar is NOT_SCALAR else scalar

    return json.dumps(tagged(_plain(value)), ensure_ascii=False)


def report(outcomes: list[Outcome], problems: list[Any], out: TextIO) -> None:
    """Print load problems, one line per case, expected-against-actual for failures."""
    for problem in problems:
        out.write(f"{problem}\n")
    for outcome in outcomes:
        case = outcome.case
        mark = "PASS" if outcome.passed else "FAIL"
        out.write(f"{mark} {case.where}: {case.name} ({outcome.seconds * 1000:.0f} ms)\n")
        if outcome.crashed:
            out.write(f"    error: {outcome.crashed}\n")
        for what, expected, actual in outcome.failures:
            out.write(f"    {what}:\n      expected: {_show(expected)}\n"
                      f"      actual:   {_show(actual)}\n")
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed
    out.write(f"{passed} passed, {failed} failed" +
              (f", {len(problems)} load problem(s)" if problems else "") + "\n")


def write_junit(outcomes: list[Outcome], problems: list[Any], path: str) -> None:
    """A JUnit XML report (one testsuite per file) for CI systems."""
    from xml.sax.saxutils import quoteattr, escape

    by_file: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_file.setdefault(outcome.case.file, []).append(outcome)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<testsuites>"]
    for file, items in by_file.items():
        failures = sum(not o.passed for o in items)
        total = sum(o.seconds for o in items)
        lines.append(f"  <testsuite name={quoteattr(file)} tests=\"{len(items)}\" "
                     f"failures=\"{failures}\" time=\"{total:.3f}\">")
        for o in items:
            lines.append(f"    <testcase classname={quoteattr(file)} name={quoteattr(o.case.name)}"
                         f" file={quoteattr(o.case.file)} line=\"{o.case.line}\" "
                         f"time=\"{o.seconds:.3f}\">")
            if not o.passed:
                detail = o.crashed or "\n".join(
                    f"{w}: expected {_show(e)}, actual {_show(a)}" for w, e, a in o.failures)
                lines.append(f"      <failure message={quoteattr(detail.splitlines()[0])}>"
                             f"{escape(detail)}</failure>")
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    if problems:
        lines.append(f"  <testsuite name=\"load problems\" tests=\"{len(problems)}\" "
                     f"errors=\"{len(problems)}\">")
        for problem in problems:
            lines.append(f"    <testcase name={quoteattr(str(problem))}><error "
                         f"message={quoteattr(str(problem))}/></testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    FsPath(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _test_files(root: FsPath, project: Any) -> list[FsPath]:
    files: list[FsPath] = []
    for app in project.apps.values():
        app_dir = FsPath(app.root or root)
        files += sorted((app_dir / "tests").glob("*.yaml")) + \
            sorted((app_dir / "tests").glob("*.yml"))
    if not files:
        files = sorted((root / "tests").glob("*.yaml")) + sorted((root / "tests").glob("*.yml"))
    return list(dict.fromkeys(files))


def run_tests(path: str = ".", *, junit: Optional[str] = None, out: Optional[TextIO] = None,
              select: Optional[str] = None) -> int:
    """Run every test of the app or project at ``path``; 0 when all pass, 1 otherwise."""
    import sys

    from .loader import load_or_report

    out = out or sys.stdout
    root = FsPath(path)
    project = load_or_report(root, out)
    if project is None:
        return 1
    outcomes: list[Outcome] = []
    problems: list[Any] = []
    files = _test_files(root, project)
    if not files:
        out.write(f"no test files under {path} (expected <app>/tests/*.yaml)\n")
        return 1
    for file in files:
        display = str(file.relative_to(root)) if file.is_relative_to(root) else str(file)
        cases, found = load_test_file(file, project, display)
        problems += found
        for case in cases:
            if select is None or select in case.name:
                outcomes.append(run_case(project, case))
    from dataway.connectors.secrets import mask  # resolved secrets never print

    class _Masked:
        def write(self, text: str) -> None:
            out.write(mask(text))

    report(outcomes, problems, _Masked())  # type: ignore[arg-type]
    if junit:
        write_junit(outcomes, problems, junit)
    return 0 if outcomes and all(o.passed for o in outcomes) and not problems else 1

"""The flow commands of the CLI: ``dataway flow run``, ``dataway flow check``, ``dataway schema``.

:func:`register` adds them to the main parser's subparsers; each handler returns an exit code
(0 success, 1 a failed run or any load problem, 2 bad usage such as an unknown flow).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Optional, TextIO

# asyncio and pathlib are imported inside the handlers that use them: the main ``dataway``
# parser imports this module just to call register(), and ``dataway eval`` must not pay for
# asyncio at cold start.

__all__ = ["register", "flow_run", "flow_check", "schema"]


def register(subparsers: Any) -> None:
    """Add ``flow run``, ``flow check``, ``schema`` and ``test`` to an argparse subparsers
    object."""
    flow = subparsers.add_parser("flow", help="check and run flows")
    flow_sub = flow.add_subparsers(dest="flow_command", required=True)
    run_p = flow_sub.add_parser("run", help="run a flow of an app with an input message")
    run_p.add_argument("app", help="app (or project) directory")
    run_p.add_argument("flow", help="flow name, or app/flow in a project")
    run_p.add_argument("--input", help="YAML or JSON file {payload, attrs, vars}")
    run_p.add_argument("--mocks", help="YAML file {step id: {output|error|outputs}}")
    run_p.add_argument("--from", dest="from_step", help="first step id to run")
    run_p.add_argument("--to", dest="to_step", help="last step id to run")
    run_p.add_argument("--trace", choices=("compact", "none"), default="compact")
    run_p.add_argument("--env", default="sandbox",
                       help="environment whose settings apply (default sandbox; not production)")
    run_p.set_defaults(handler=lambda a: flow_run(a.app, a.flow, input_file=a.input,
                                                  mocks_file=a.mocks, from_step=a.from_step,
                                                  to_step=a.to_step, trace=a.trace != "none",
                                                  environment=a.env))
    check_p = flow_sub.add_parser("check", help="load an app and report every problem")
    check_p.add_argument("app", help="app (or project) directory")
    check_p.set_defaults(handler=lambda a: flow_check(a.app))
    schema_p = subparsers.add_parser("schema", help="print the JSON Schema of flow files")
    schema_p.set_defaults(handler=lambda a: schema())
    test_p = subparsers.add_parser("test", help="run the unit-test files of an app or project")
    test_p.add_argument("app", nargs="?", default=".", help="app or project directory "
                                                            "(default: the current directory)")
    test_p.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    test_p.add_argument("-k", dest="select", metavar="TEXT",
                        help="run only the tests whose name contains TEXT")
    test_p.set_defaults(handler=_test_command)


def _test_command(args: Any) -> int:
    from .testrunner import run_tests

    return run_tests(args.app, junit=args.junit, select=args.select)


def schema(out: Optional[TextIO] = None) -> int:
    """Print the flow file JSON Schema."""
    from .schema import flow_schema_json

    out = out or sys.stdout
    out.write(flow_schema_json() + "\n")
    return 0


def flow_check(app: str, out: Optional[TextIO] = None) -> int:
    """Load ``app`` and print every problem as ``file:line:col: path: message``."""
    from .loader import LoadError, load

    out = out or sys.stdout
    try:
        project = load(app)
    except LoadError as exc:
        for problem in exc.problems:
            out.write(f"{problem}\n")
        out.write(f"{len(exc.problems)} problem(s)\n")
        return 1
    count = sum(len(a.flows) for a in project.apps.values())
    out.write(f"ok: {count} flow(s) in {len(project.apps)} app(s)\n")
    return 0


def _read_data(path: Optional[str]) -> Any:
    from pathlib import Path

    from .yamlsrc import read_yaml

    if path is None:
        return None
    doc = read_yaml(Path(path).read_text(encoding="utf-8"), path)
    if doc.problems:
        raise ValueError("\n".join(str(p) for p in doc.problems))
    return doc.value


def flow_run(app: str, flow: str, *, input_file: Optional[str] = None,
             mocks_file: Optional[str] = None, from_step: Optional[str] = None,
             to_step: Optional[str] = None, trace: bool = True, out: Optional[TextIO] = None,
             err: Optional[TextIO] = None, environment: str = "sandbox",
             progress_after: float = 1.0) -> int:
    """Run one flow of the working copy; print the final message as JSON and the step trace.

    ``environment`` selects the settings (§9). The working copy never runs in ``production``
    (only deployed versions do). On a terminal, a progress line appears after
    ``progress_after`` seconds and is erased when the run ends; the trace is printed as is.
    """
    import asyncio

    from .loader import load_or_report
    from .runtime import engine_for_project
    from .settings import resolve_settings
    from .snapshot import snapshot_message

    out = out or sys.stdout
    err = err or sys.stderr
    project = load_or_report(app, err)
    if project is None:
        return 1
    try:
        message = _read_data(input_file) or {}
        mocks = _read_data(mocks_file) or {}
    except (OSError, ValueError) as exc:
        err.write(f"error: {exc}\n")
        return 2
    if not isinstance(message, dict) or set(message) - {"payload", "attrs", "vars"}:
        err.write("error: --input must be a mapping with payload, attrs and vars\n")
        return 2
    try:
        project.flow(flow)
    except KeyError:
        err.write(f"error: unknown flow {flow!r}\n")
        return 2
    if environment == "production":
        err.write("error: the working copy does not run in production (§9: deployed versions "
                  "only); use sandbox or another declared environment\n")
        return 2
    app_name = flow.split("/", 1)[0] if "/" in flow else None
    try:
        resolve_settings(project, app_name, environment)
    except KeyError as exc:
        err.write(f"error: {exc.args[0]}\n")
        return 2

    async def main() -> Any:
        engine = engine_for_project(project, app_name, environment=environment)
        progress = None
        if err.isatty():
            progress = asyncio.ensure_future(_progress(engine, err, progress_after))
        try:
            return await engine.run_flow(flow, message, mocks=mocks, from_step=from_step,
                                         to_step=to_step)
        except KeyError as exc:
            err.write(f"error: {exc.args[0]}\n")
            return None
        finally:
            if progress is not None:
                progress.cancel()
                try:
                    await progress
                except asyncio.CancelledError:
                    pass
            await engine.shutdown(grace=0)

    record = asyncio.run(main())
    if record is None:
        return 2
    result = {"run_id": record.id, "status": record.status, "error": record.error,
              "message": snapshot_message(record.message)}
    from dataway.connectors.secrets import mask  # resolved secret values print as ***

    out.write(mask(json.dumps(result, indent=2, ensure_ascii=False)) + "\n")
    if trace:
        for step in record.steps:
            line = f"{step.path:<40} {step.status:<9} {step.duration_ms:8.2f} ms"
            if step.error:
                line += f"  {step.error['Code']}: {step.error['Description']}"
            err.write(mask(line) + "\n")
    return 0 if record.status == "succeeded" else 1


async def _progress(engine: Any, err: TextIO, after: float = 1.0,
                    every: float = 0.25) -> None:
    """One status line for long runs on a terminal, rewritten in place and erased at the end:
    elapsed time, steps executed (loop iterations past the recorded ones included), and the
    step path currently running."""
    import asyncio

    started = time.monotonic()
    shown = False
    try:
        await asyncio.sleep(after)
        while True:
            runs = [engine._active[r] for r in engine.active_runs() if r in engine._active]
            if runs:
                record = runs[0].record
                done = len(record.steps) + record.unrecorded
                current = record.steps[-1].path if record.steps else "-"
                line = (f"running {record.flow}: {time.monotonic() - started:5.1f} s, "
                        f"{done} steps, at {current}")
                err.write("\r\x1b[K" + line[:_terminal_width() - 1])
                err.flush()
                shown = True
            await asyncio.sleep(every)
    finally:
        if shown:  # leave the terminal as it was: the trace starts on a clean line
            err.write("\r\x1b[K")
            err.flush()


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def main(argv: Optional[list[str]] = None) -> int:
    """Stand-alone entry for the flow commands (``python -m dataway.engine.cli``)."""
    parser = argparse.ArgumentParser(prog="dataway")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())

"""Run a corpus case through Dataway, via the embedding API and via the CLI contract.

Both runners return an :class:`~differential.outcome.Outcome`, so the tests compare them with the
CPython reference in one way. Nothing here imports ``dataway`` at module import time: the corpus
must stay collectable while the implementation is landing.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

from differential.cases import Case
from differential.outcome import (Outcome, chain_from_text, exception_text, frames_from_text,
                                  last_line)

CLI_TIMEOUT_S = 120
# Start the console script's entry point with the interpreter of the test run, so the CLI is
# tested whether or not `pip install -e .` has (re)generated the `dataway` script.
_LAUNCHER = "import sys; from dataway.cli.main import main; sys.exit(main())"


def api_available() -> Optional[str]:
    """None when the embedding API can run scripts, else the reason it cannot (for skips)."""
    try:
        import dataway
    except Exception as exc:  # any import failure means "not landed yet"
        return f"dataway does not import yet: {exc!r}"
    for name in ("compile", "Message", "ScriptError", "CheckError"):
        try:
            getattr(dataway, name)
        except Exception as exc:
            return f"dataway.{name} is not available yet: {exc!r}"
    return None


def cli_available() -> Optional[str]:
    """None when ``dataway.cli.main:main`` exists, else the reason (for skips)."""
    try:
        from dataway.cli import main as cli_main  # noqa: F401
    except Exception as exc:
        return f"dataway.cli.main does not import yet: {exc!r}"
    if not hasattr(cli_main, "main"):
        return "dataway.cli.main has no main() yet"
    return None


def cli_command(*args: str) -> list[str]:
    """The argv that runs ``dataway ARGS...``."""
    return [sys.executable, "-c", _LAUNCHER, *args]


def cli_env() -> dict[str, str]:
    """A deterministic environment (same hash seed and zone as the reference)."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"
    return env


def run_cli_raw(args: list[str], cwd: Optional[Path] = None,
                timeout: float = CLI_TIMEOUT_S) -> subprocess.CompletedProcess:
    """Run ``dataway ARGS`` and capture stdout/stderr as text."""
    return subprocess.run(cli_command(*args), cwd=cwd, capture_output=True, text=True,
                          env=cli_env(), timeout=timeout)


def _input_args(case: Case) -> list[str]:
    args = []
    for key in ("payload", "vars", "attrs"):
        text = case.json_input(key)
        if text is not None:
            args += [f"--{key}-json", text]
    return args


def run_cli(case: Case) -> Outcome:
    """``dataway run FILE --format repr`` in the case's folder (frames show the base name)."""
    args = ["run", case.filename, "--format", "repr", "--mode", case.mode, *_input_args(case)]
    try:
        proc = run_cli_raw(args, cwd=case.path.parent)
    except subprocess.TimeoutExpired:
        return Outcome(harness_error=f"CLI timed out after {CLI_TIMEOUT_S}s")
    if proc.returncode == 0:
        out = proc.stdout[:-1] if proc.stdout.endswith("\n") else proc.stdout
        return Outcome(value_repr=out, log=proc.stderr)
    if proc.returncode == 1:
        if "Traceback" in proc.stderr and ('.py"' in proc.stderr):
            return Outcome(harness_error=f"host traceback on stderr:\n{proc.stderr}")
        return Outcome(error_line=exception_text(proc.stderr), frames=frames_from_text(proc.stderr),
                       chain=chain_from_text(proc.stderr))
    return Outcome(harness_error=f"exit code {proc.returncode}; stderr:\n{proc.stderr[-3000:]}")


def _message(case: Case) -> Any:
    import dataway

    return dataway.Message(payload=case.input("payload"), vars=case.input("vars"),
                           attrs=case.input("attrs"))


def run_api(case: Case) -> Outcome:
    """``dataway.compile(...).evaluate(msg, raw=True)``; errors become error outcomes."""
    import dataway

    try:
        script = dataway.compile(case.source, mode=case.mode, name=case.filename)
        ev = script.evaluate(_message(case), raw=True)
    except dataway.DatawayError as exc:
        info = exc.error
        frames = tuple((f.script, f.line, f.function) for f in info.traceback)
        return Outcome(error_line=exception_text(info.text), frames=frames,
                       chain=chain_from_text(info.text))
    except Exception as exc:  # a host exception escaping the API is a defect to report
        return Outcome(harness_error=f"host exception escaped the API: {exc!r}")
    try:
        text = repr(ev.value)
    except Exception as exc:
        return Outcome(harness_error=f"repr() of the raw value failed on the host: {exc!r}")
    return Outcome(value_repr=text, log=ev.log or "")


def expected_outcome(case: Case, reference: Optional[Outcome]) -> Outcome:
    """The explicit expectation of ``case`` or, without one, the CPython reference outcome."""
    if "expect-repr" in case.headers:
        return Outcome(value_repr=case.headers["expect-repr"])
    if "expect-error" in case.headers:
        return Outcome(error_line=case.headers["expect-error"])
    assert reference is not None
    return reference


def explicit_error_compare(case: Case) -> bool:
    """Whether an explicit ``expect-error`` names a message (``Class: message``) to compare."""
    return ":" in case.headers.get("expect-error", "")


def reference_job(case: Case) -> dict:
    """The reference runner's job for ``case``."""
    return {"filename": case.filename, "source": case.source, "mode": case.mode,
            "payload": case.input("payload"), "vars": case.input("vars"),
            "attrs": case.input("attrs")}


def dumps(outcome: Outcome) -> str:
    """A readable one-object rendering for failure messages."""
    return json.dumps(outcome.to_dict(), ensure_ascii=False, indent=1)

"""The CPython reference: run corpus programs under the CPython that runs the tests.

Run as a script (``python reference.py < jobs.json > outcomes.json``) so that every batch gets a
fresh interpreter with a fixed hash seed and time zone; :func:`run_reference` does that. Each job
runs with fresh globals that bind what Dataway preloads (spec §2.4, §12) and a stand-in ``msg``.
Running real Python here is the point of a differential test: this is the oracle, never the
product.
"""
from __future__ import annotations

import builtins
import io
import json
import linecache
import os
import signal
import subprocess
import sys
import traceback
import types
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any, Iterable

HERE = Path(__file__).resolve().parent
if __name__ == "__main__":  # pragma: no cover - subprocess entry
    sys.path.insert(0, str(HERE.parent))

from differential.outcome import Outcome  # noqa: E402

PRELOADED = ("time", "json", "math", "base64", "hmac", "random", "hashlib", "struct", "decimal",
             "urllib", "csv", "datetime", "socket", "Crypto")
JOB_TIMEOUT_S = 20


class StandInMessage:
    """What a script sees as ``msg`` under CPython: the §6 attributes over plain values."""

    def __init__(self, payload: Any = None, vars: Any = None, attrs: Any = None) -> None:
        self.payload = payload
        self.vars = dict(vars or {})
        self.attrs = dict(attrs or {})
        self.id = "00000000-0000-0000-0000-000000000001"
        self.seq_id = "00000000-0000-0000-0000-000000000000"
        self.error = None
        self.isthrowing = False

    @property
    def var(self) -> dict:
        """Legacy alias of ``vars``."""
        return self.vars

    @property
    def attributes(self) -> dict:
        """Alias of ``attrs``."""
        return self.attrs

    @property
    def attr(self) -> dict:
        """Legacy alias of ``attrs``."""
        return self.attrs

    def __repr__(self) -> str:
        return f"Message(id={self.id!r}, seq_id={self.seq_id!r})"


def _modules() -> dict[str, Any]:
    import importlib

    mods = {name: importlib.import_module(name) for name in PRELOADED}
    importlib.import_module("urllib.parse")
    for sub in ("Crypto.Cipher.AES", "Crypto.Util.Padding"):
        importlib.import_module(sub)
    # Dataway's csv module adds StringIO (spec §12); mirror it on a copy of the real module.
    csv_copy = types.ModuleType("csv")
    csv_copy.__dict__.update(mods["csv"].__dict__)
    csv_copy.StringIO = io.StringIO
    mods["csv"] = csv_copy
    return mods


def _globals(mods: dict[str, Any], msg: StandInMessage, mode: str) -> dict[str, Any]:
    real_import = builtins.__import__

    def dw_import(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "csv":
            return mods["csv"]
        return real_import(name, globals, locals, fromlist, level)

    bdict = dict(builtins.__dict__)
    bdict["__import__"] = dw_import
    g: dict[str, Any] = {"__builtins__": bdict, "__name__": "__main__"}
    g.update(mods)
    if mode != "code":
        g["msg"] = msg
    return g


def _line(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")


def _chain(exc: BaseException) -> tuple[tuple[str, str], ...]:
    out = []
    while True:
        if exc.__cause__ is not None:
            exc, kind = exc.__cause__, "cause"
        elif exc.__context__ is not None and not exc.__suppress_context__:
            exc, kind = exc.__context__, "context"
        else:
            break
        out.append((kind, _line(exc)))
    return tuple(reversed(out))


def _error_outcome(exc: BaseException, filename: str, log: str) -> Outcome:
    frames = tuple((f.filename, f.lineno or 0, f.name)
                   for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename)
    return Outcome(error_line=_line(exc), frames=frames, log=log, chain=_chain(exc))


def _timeout(signum, frame):  # pragma: no cover - only on a runaway reference
    raise TimeoutError("reference run timed out")


def run_job(job: dict, mods: dict[str, Any]) -> Outcome:
    """Run one job (``source``, ``filename``, ``mode``, ``payload``, ``vars``, ``attrs``)."""
    filename, source, mode = job["filename"], job["source"], job.get("mode", "code")
    msg = StandInMessage(job.get("payload"), job.get("vars"), job.get("attrs"))
    g = _globals(mods, msg, mode)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    buf = io.StringIO()
    try:
        code = compile(source, filename, "eval" if mode == "expression" else "exec",
                       dont_inherit=True)
    except SyntaxError as exc:
        return Outcome(harness_error=f"not valid CPython: {exc}")
    signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(JOB_TIMEOUT_S)
    try:
        with redirect_stdout(buf):
            if mode == "expression":
                value = eval(code, g)
            else:
                exec(code, g)
                value = g["dw_process"](msg)
        return Outcome(value_repr=repr(value), log=buf.getvalue())
    except TimeoutError as exc:
        return Outcome(harness_error=str(exc))
    except BaseException as exc:  # the script's exception is the outcome
        return _error_outcome(exc, filename, buf.getvalue())
    finally:
        signal.alarm(0)


def main() -> None:
    """Read a JSON list of jobs on stdin; write a JSON list of outcomes on stdout."""
    jobs = json.load(sys.stdin)
    mods = _modules()
    out = []
    for job in jobs:
        out.append(run_job(job, mods).to_dict())
    sys.stdout = sys.__stdout__
    json.dump(out, sys.__stdout__)


def reference_env() -> dict[str, str]:
    """The environment of a deterministic run: fixed hash seed, UTC."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["TZ"] = "UTC"
    return env


def run_reference(jobs: Iterable[dict]) -> list[Outcome]:
    """Run jobs under CPython in one fresh subprocess and return their outcomes in order."""
    jobs = list(jobs)
    proc = subprocess.run([sys.executable, str(HERE / "reference.py")],
                          input=json.dumps(jobs), capture_output=True, text=True,
                          env=reference_env(), timeout=60 + JOB_TIMEOUT_S * 2)
    if proc.returncode != 0:
        raise RuntimeError(f"reference runner failed:\n{proc.stderr}")
    return [Outcome.from_dict(d) for d in json.loads(proc.stdout)]


if __name__ == "__main__":  # pragma: no cover
    main()

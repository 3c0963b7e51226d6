"""Shared driver of the sandbox attack suite (issue #3).

Every attack goes through the public API only (``dataway.compile(...).evaluate(...)`` or
``dataway.check``), because an escape that needs internal imports is not an escape a script
author could use. Each run is bounded twice, in the test process itself: wall time and the
growth of peak RSS. The bounds are generous on purpose: they exist to catch a bomb that runs
away (minutes, gigabytes), not to benchmark, so they must never make the suite flaky.

Attacks that are known to break the sandbox badly enough to hurt the machine (a runaway host
allocation) run in a child process under ``RLIMIT_AS`` and a timeout, see :func:`run_isolated`.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from typing import Any, Optional

import dataway

MAX_SECONDS = 5.0
MAX_RSS_GROWTH = 512 * 1024 * 1024

SMALL = dataway.Limits(time=2)
"""Fast limits for loops and recursion: the attack must stop on steps/time, never hang."""


@dataclass
class Outcome:
    """What one attack produced: an error class and its §15.2 fields, or a value."""

    kind: str                       # "ok", "CheckError", "ScriptError", "LimitError", ...
    code: Optional[int] = None
    type: Optional[str] = None
    limit: Optional[str] = None
    message: str = ""
    diagnostics: tuple[str, ...] = ()
    value: Any = None
    seconds: float = 0.0
    rss_growth: int = 0


def _peak_rss() -> int:
    # ru_maxrss is in KiB on Linux; the peak only grows, so a delta bounds what one run held.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def code(body: str) -> str:
    """A code-mode script whose ``dw_process`` runs ``body`` (dedented, then indented)."""
    lines = textwrap.dedent(body).strip("\n").splitlines()
    return "def dw_process(msg):\n" + "\n".join("    " + line for line in lines) + "\n"


def run(src: str, mode: str = "expression", limits: Optional[dataway.Limits] = None,
        payload: Any = None) -> Outcome:
    """Compile and evaluate ``src``; any exception that is not a DatawayError propagates.

    A host exception leaving the library is itself a finding, so it is deliberately not
    caught here: pytest then reports it with its traceback.
    """
    before, start = _peak_rss(), time.monotonic()
    try:
        script = dataway.compile(src, mode=mode, limits=limits)
        result = script.evaluate(dataway.Message(payload=payload))
        out = Outcome("ok", value=result.value)
    except dataway.DatawayError as exc:
        info = exc.error
        out = Outcome(type(exc).__name__, info.code, info.type, info.limit, info.message,
                      tuple(d.code for d in info.diagnostics))
    out.seconds = time.monotonic() - start
    out.rss_growth = _peak_rss() - before
    return out


def assert_bounded(out: Outcome) -> None:
    """The run stopped promptly and held no runaway memory."""
    assert out.seconds < MAX_SECONDS, f"took {out.seconds:.1f}s: {out}"
    assert out.rss_growth < MAX_RSS_GROWTH, f"peak RSS grew {out.rss_growth >> 20} MiB: {out}"


def expect(src: str, want: tuple, mode: str = "expression",
           limits: Optional[dataway.Limits] = None, payload: Any = None) -> Outcome:
    """Run ``src`` and assert the outcome ``want``:

    ``("check", "DW502", "AttributeError")`` - CheckError 1000001 with that first diagnostic;
    ``("script", "TypeError")`` - ScriptError 1200001 of that type;
    ``("limit", "steps")`` - LimitError 1200003 naming that limit;
    ``("ok", value)`` - evaluates to ``value`` (harmless outcomes, e.g. ``hasattr`` False).
    """
    out = run(src, mode, limits, payload)
    assert_bounded(out)
    return _assert_outcome(out, want)


def expect_unbounded(src: str, want: tuple, mode: str = "expression",
                     limits: Optional[dataway.Limits] = None, payload: Any = None) -> Outcome:
    """:func:`expect` without the wall-time bound, for a test that bounds CPU time itself."""
    return _assert_outcome(run(src, mode, limits, payload), want)


def _assert_outcome(out: Outcome, want: tuple) -> Outcome:
    """Assert that ``out`` is the outcome ``want`` (see :func:`expect`)."""
    kind = want[0]
    if kind == "check":
        assert out.kind == "CheckError", out
        assert out.code == 1000001, out
        assert out.diagnostics and out.diagnostics[0] == want[1], out
        assert out.type == want[2], out
    elif kind == "script":
        assert out.kind == "ScriptError", out
        assert out.code == 1200001, out
        assert out.type == want[1], out
    elif kind == "limit":
        assert out.kind == "LimitError", out
        assert out.code == 1200003, out
        assert out.type == "LimitError", out
        assert out.limit == want[1], out
    elif kind == "ok":
        assert out.kind == "ok", out
        assert out.value == want[1], out
    else:  # pragma: no cover - a typo in a case table
        raise AssertionError(f"unknown expectation {want!r}")
    return out


_CHILD = """
import json, resource, sys, time, dataway
src, mode, limits = sys.stdin.read(), sys.argv[1], json.loads(sys.argv[2])
limits = dataway.Limits(**limits) if limits else None
dataway.compile("1", mode="expression").evaluate(dataway.Message())  # warm: time the attack only
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.monotonic()
try:
    dataway.compile(src, mode=mode, limits=limits).evaluate(dataway.Message())
    out = {"kind": "ok"}
except dataway.DatawayError as e:
    out = {"kind": type(e).__name__, "code": e.error.code, "type": e.error.type,
           "limit": e.error.limit}
out["seconds"] = time.monotonic() - t
out["rss_growth"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024
print(json.dumps(out))
"""


def run_isolated(src: str, mode: str = "expression", address_space: int = 2 << 30,
                 timeout: float = 30.0, limits: Optional[dict] = None) -> dict:
    """Run one attack in a child process capped at ``address_space`` bytes and ``timeout``.

    Used for attacks that are known to allocate without bound in the host: in-process they
    would take the test machine (shared with other work) down with them. A child killed by the
    timeout or dying without output reports ``{"kind": "crash", ...}``.
    """
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    env = dict(os.environ, PYTHONHASHSEED="0")
    try:
        proc = subprocess.run([sys.executable, "-c", _CHILD, mode, json.dumps(limits or {})],
                              input=src, capture_output=True,
                              text=True, timeout=timeout, preexec_fn=cap, env=env)
    except subprocess.TimeoutExpired:
        return {"kind": "crash", "reason": f"timeout after {timeout}s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"kind": "crash", "reason": f"exit {proc.returncode}: {proc.stderr[-500:]}"}
    return json.loads(lines[-1])


def run_isolated_many(srcs: list[str], mode: str = "expression", **kwargs: Any) -> list[dict]:
    """:func:`run_isolated` for several attacks at once, in parallel child processes, so a
    family of variants that each run into the timeout costs one timeout of wall time."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(srcs)) as pool:
        return list(pool.map(lambda s: run_isolated(s, mode, **kwargs), srcs))

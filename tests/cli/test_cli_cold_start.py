"""Cold start of ``dataway eval``: a deterministic stand-in for the timing target.

``dataway eval '1+1'`` should start in about a quarter of a second. Wall-clock limits are flaky on
shared machines, so this checks what the time goes on instead: the heavy host libraries that only
some commands or some scripts need (asyncio for ``dataway flow``, pycryptodome for ``Crypto``,
lxml and pydantic for flows, Lark when the parse tables are not cached) must not be imported by
a plain evaluation.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("asyncio", "pydantic", "lark", "Crypto", "lxml")

# Runs the real console entry point in a fresh interpreter, then reports which heavy top-level
# packages ended up in sys.modules.
PROBE = """
import json, sys
from dataway.cli.main import main
code = main(["eval", "1+1"])
sys.stdout.flush()
heavy = sorted(name for name in sys.modules if name.split(".")[0] in %r)
sys.stderr.write("\\nHEAVY=" + json.dumps({"code": code, "heavy": heavy}) + "\\n")
""" % (HEAVY,)


def _probe(cwd: Path) -> tuple[subprocess.CompletedProcess, dict]:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, capture_output=True,
                          text=True, timeout=120)
    marker = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY=")]
    assert marker, proc.stderr
    return proc, json.loads(marker[-1][len("HEAVY="):])


def test_eval_imports_no_heavy_library(tmp_path: Path) -> None:
    # The first run may have to build (and cache) the LALR tables with Lark; the cached path,
    # which every later start takes, must not import Lark at all.
    _probe(tmp_path)
    proc, report = _probe(tmp_path)
    assert report["code"] == 0, proc.stderr
    assert proc.stdout == "2\n"
    assert report["heavy"] == [], f"dataway eval imported {report['heavy']}"

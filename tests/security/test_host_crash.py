"""Attacks on the host process itself rather than on the sandbox's policy: a script must not
be able to crash the embedder or the CLI (spec §4.5, §14 value_depth, §17 CLI contract).

Every case runs in a child process, because a successful attack here is a segfault.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

DEEP_SCRIPT = ("def dw_process(msg):\n    a = []\n    for _ in range(80000):\n"
               "        a = [a]\n    return a\n")

_API_CHILD = """
import sys, dataway
src = sys.stdin.read()
try:
    r = dataway.compile(src).evaluate(dataway.Message(), raw=True)
    repr(r.value)
except dataway.DatawayError as e:
    print(e.error.type, e.error.limit)
except RecursionError:
    print('RecursionError')
"""


def _cli() -> str:
    return str(Path(sys.executable).with_name("dataway"))


def test_cli_repr_of_deep_result_does_not_crash(tmp_path: Path) -> None:
    script = tmp_path / "deep.dw"
    script.write_text(DEEP_SCRIPT)
    proc = subprocess.run([_cli(), "run", str(script), "--format", "repr"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-300:])


def test_embedder_repr_of_raw_deep_result_does_not_crash() -> None:
    proc = subprocess.run([sys.executable, "-c", _API_CHILD], input=DEEP_SCRIPT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-300:])

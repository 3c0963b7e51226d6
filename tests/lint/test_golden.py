"""Golden tests: one small script per diagnostic code, its text, JSON and SARIF output.

``golden/DWxxx.dw`` (``.dwx``: expression mode, ``.dwt``: text mode) is a minimal script that
makes ``dataway check`` report DWxxx; ``golden/expected/DWxxx.txt``, ``.json`` and ``.sarif``
hold the exact output (SARIF: the ``results`` of the run; the tool driver with every rule is
``expected/_driver.sarif``, shared by all). DW108 (script longer than 256 KiB) is generated
here rather than stored. Regenerate after an intended change with::

    DATAWAY_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/lint/test_golden.py

and review the diff. Codes the checker cannot report yet are listed in EXPECTED_MISSING: their
scripts exist, ``test_code_is_reported`` is a strict xfail for them (it fails loudly once the
checker reports them, so the entry must then go and the outputs be generated).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dataway.lint import ALL_CODES

GOLDEN = Path(__file__).parent / "golden"
EXPECTED = GOLDEN / "expected"
REGEN = os.environ.get("DATAWAY_REGEN_GOLDEN") == "1"

#: The one list of codes whose golden script is not yet reported as that code.
EXPECTED_MISSING: dict[str, str] = {}

#: Extra options per code (the declared type is an option of the check, not of the script).
OPTIONS = {"DW409": ["--type", "int"]}
_MODES = {".dw": "code", ".dwx": "expression", ".dwt": "text"}
_GENERATED = {"DW108": ("DW108.dw", "def dw_process(msg):\n    return 1\n" + "#" * 262_144 + "\n")}


def _source(code: str, tmp_path: Path) -> tuple[Path, str]:
    """(directory to run in, file name) of the golden script of ``code``."""
    if code in _GENERATED:
        name, text = _GENERATED[code]
        (tmp_path / name).write_text(text, encoding="utf-8")
        return tmp_path, name
    (path,) = [p for p in GOLDEN.glob(f"{code}.*") if p.suffix in _MODES]
    return GOLDEN, path.name


def _check(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, code: str, fmt: str):
    where, name = _source(code, tmp_path)
    monkeypatch.chdir(where)
    mode = _MODES[Path(name).suffix]
    return cli("check", name, "--mode", mode, "--format", fmt, *OPTIONS.get(code, []))


def _compare(path: Path, actual: str) -> None:
    if REGEN:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run with DATAWAY_REGEN_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


REPORTED = [c for c in ALL_CODES if c not in EXPECTED_MISSING]


def test_every_code_has_a_golden_script() -> None:
    """Every code of the table has its script; no script is for a code that does not exist."""
    scripts = {p.stem for p in GOLDEN.iterdir() if p.suffix in _MODES} | set(_GENERATED)
    assert scripts == set(ALL_CODES)
    assert set(EXPECTED_MISSING) <= set(ALL_CODES)


@pytest.mark.parametrize("code", [
    pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=EXPECTED_MISSING[c]))
    if c in EXPECTED_MISSING else c for c in ALL_CODES])
def test_code_is_reported(cli, monkeypatch, tmp_path, code: str) -> None:
    """The golden script of a code makes `dataway check` report that code."""
    result = _check(cli, monkeypatch, tmp_path, code, "text")
    assert f" {code}: " in result.out, result.out
    assert result.code == (1 if any(line.split()[1] == "error" for line in
                                    result.out.splitlines()) else 0)


@pytest.mark.parametrize("code", REPORTED)
def test_text(cli, monkeypatch, tmp_path, code: str) -> None:
    """Text output of the golden script equals the stored output."""
    _compare(EXPECTED / f"{code}.txt", _check(cli, monkeypatch, tmp_path, code, "text").out)


@pytest.mark.parametrize("code", REPORTED)
def test_json(cli, monkeypatch, tmp_path, code: str) -> None:
    """JSON output of the golden script equals the stored output."""
    _compare(EXPECTED / f"{code}.json", _check(cli, monkeypatch, tmp_path, code, "json").out)


@pytest.mark.parametrize("code", REPORTED)
def test_sarif(cli, monkeypatch, tmp_path, code: str) -> None:
    """SARIF results of the golden script equal the stored ones; the driver is shared."""
    log = json.loads(_check(cli, monkeypatch, tmp_path, code, "sarif").out)
    (run,) = log["runs"]
    _compare(EXPECTED / f"{code}.sarif", json.dumps(run["results"], indent=2) + "\n")
    _compare(EXPECTED / "_driver.sarif", json.dumps(run["tool"]["driver"], indent=2) + "\n")

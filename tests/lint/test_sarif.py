"""SARIF 2.1.0 structure, and the README anchors that helpUri links point to."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

from dataway.lint import ALL_CODES, help_uri

README = Path(__file__).resolve().parents[2] / "README.md"
_LEVELS = {"none", "note", "warning", "error"}


def validate_sarif(log: dict) -> None:
    """Assert the SARIF 2.1.0 rules a consumer (GitHub code scanning) relies on."""
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and log["runs"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert isinstance(driver["name"], str) and driver["name"]
        assert run.get("columnKind") in (None, "utf16CodeUnits", "unicodeCodePoints")
        rules = driver["rules"]
        ids = [r["id"] for r in rules]
        assert len(ids) == len(set(ids)), "rule ids are unique"
        for rule in rules:
            uri = urlparse(rule["helpUri"])
            assert uri.scheme in ("http", "https") and uri.fragment == rule["id"].lower()
            assert rule["shortDescription"]["text"]
            assert rule["defaultConfiguration"]["level"] in _LEVELS
        for result in run["results"]:
            assert result["message"]["text"]
            assert result["level"] in _LEVELS
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            for loc in result["locations"]:
                physical = loc["physicalLocation"]
                assert physical["artifactLocation"]["uri"]
                region = physical["region"]
                assert region["startLine"] >= 1 and region["startColumn"] >= 1
                assert region["endLine"] >= region["startLine"] and region["endColumn"] >= 1
                if region["endLine"] == region["startLine"]:
                    assert region["endColumn"] >= region["startColumn"]


def test_sarif_of_several_files(tmp_path: Path, cli) -> None:
    """A multi-file, multi-severity run is valid SARIF; levels and regions are mapped."""
    (tmp_path / "a.dw").write_text("def dw_process(msg):\n    sum = 0\n    return msg.payloads\n")
    (tmp_path / "b.dw").write_text("def dw_process(msg):\n    x = 'é'; y = 1\n    return x\n")
    result = cli("check", str(tmp_path), "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    validate_sarif(log)
    results = log["runs"][0]["results"]
    got = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
           for r in results]
    assert got == [("DW203", "warning", 2), ("DW205", "note", 2), ("DW404", "error", 3),
                   ("DW203", "warning", 2)]
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == (tmp_path / "a.dw").as_uri()
    assert "did you mean 'payload'?" in results[2]["message"]["text"]


def test_relative_paths_are_relative_uris(tmp_path: Path, cli, monkeypatch) -> None:
    """A relative path stays relative (resolved against %SRCROOT%), spaces escaped."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my dir").mkdir()
    (tmp_path / "my dir" / "c.dw").write_text("def dw_process(msg):\n    unused = 1\n    return 1\n")
    log = json.loads(cli("check", "my dir", "--format", "sarif").out)
    validate_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "my%20dir/c.dw", "uriBaseId": "%SRCROOT%"}


def test_readme_has_an_anchor_per_code() -> None:
    """Every helpUri anchor exists in the README's code table, with the code's severity."""
    text = README.read_text(encoding="utf-8")
    for code, info in ALL_CODES.items():
        anchor = help_uri(code).rsplit("#", 1)[1]
        row = re.search(rf'^\| <a id="{anchor}"></a>{code} \| {info.severity} \|', text, re.M)
        assert row, f"README code table lacks the row of {code}"

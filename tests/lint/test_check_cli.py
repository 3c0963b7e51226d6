"""``dataway check`` as a linter: selection, suppression, many files, formats and exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataway.lint import Selection, lint_source, parse_code_list
from dataway.lint.comments import find_comments

UNUSED = "def dw_process(msg):\n    x = 1\n    return 2\n"


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_text_output_and_warnings_exit_0(tmp_path: Path, cli) -> None:
    """A warning is printed as path:line:col: severity CODE: message and exits 0."""
    path = _write(tmp_path, "w.dw", UNUSED)
    result = cli("check", path)
    assert result.code == 0
    assert result.out == f"{path}:2:5: warning DW203: local variable 'x' is assigned to but never used\n"


def test_error_exits_1_and_clean_file_prints_nothing(tmp_path: Path, cli) -> None:
    """Any remaining error exits 1; a clean file prints nothing and exits 0."""
    bad = _write(tmp_path, "bad.dw", "def dw_process(msg):\n    return nope\n")
    good = _write(tmp_path, "good.dw", "def dw_process(msg):\n    return 1\n")
    assert cli("check", good).out == ""
    assert cli("check", good).code == 0
    result = cli("check", good, bad)
    assert result.code == 1
    assert result.out.startswith(f"{bad}:2:12: error DW201: ")


def test_inline_suppression_of_listed_code_only(tmp_path: Path, cli) -> None:
    """`# dw: ignore[DW203]` hides DW203 on its line, not other codes nor other lines."""
    path = _write(tmp_path, "s.dw", "def dw_process(msg):\n"
                                    "    x = 1  # dw: ignore[DW203]\n"
                                    "    y = 2  # dw: ignore[DW204]\n"
                                    "    return 0\n")
    report = json.loads(cli("check", path, "--format", "json").out)
    codes = [(d["code"], d["line"]) for d in report["files"][0]["diagnostics"]]
    assert codes == [("DW203", 3)]
    assert report["files"][0]["suppressed"] == 1


def test_bare_suppression_and_error_codes(tmp_path: Path, cli) -> None:
    """`# dw: ignore` hides every code of its line, errors too (exit 0 then)."""
    path = _write(tmp_path, "s.dw", "def dw_process(msg):\n    return nope  # why  # dw: ignore\n")
    result = cli("check", path)
    assert (result.code, result.out) == (0, "")


def test_unknown_code_in_suppression_is_reported(tmp_path: Path, cli) -> None:
    """A suppression naming a code that does not exist is DW001, at the code's column."""
    path = _write(tmp_path, "u.dw", "def dw_process(msg):\n    x = 1  # dw: ignore[DW203,DW2O3]\n"
                                    "    return 0\n")
    result = cli("check", path)
    assert result.code == 0
    assert result.out == (f"{path}:2:31: warning DW001: unknown code 'DW2O3' in suppression "
                          "comment\n")


def test_suppression_inside_string_is_not_a_comment(tmp_path: Path, cli) -> None:
    """A '# dw: ignore' inside a string literal suppresses nothing."""
    path = _write(tmp_path, "q.dw", "def dw_process(msg):\n    x = '# dw: ignore'\n    return 0\n")
    assert "DW203" in cli("check", path).out


def test_syntax_errors_cannot_be_suppressed_or_ignored(tmp_path: Path, cli) -> None:
    """Syntax errors are reported even when suppressed or ignored: the file cannot run."""
    path = _write(tmp_path, "x.dw", "def dw_process(msg):\n    return (1 +  # dw: ignore\n")
    result = cli("check", path, "--ignore", "DW1")
    assert result.code == 1
    assert "DW101" in result.out or "DW100" in result.out


def test_select_and_ignore_prefixes(tmp_path: Path, cli) -> None:
    """--select/--ignore take codes and prefixes; the more specific entry wins."""
    path = _write(tmp_path, "m.dw", "import json\ndef dw_process(msg):\n    x = 1\n    class A: pass\n"
                                    "    return 0\n")
    def codes(*opts: str) -> list[str]:
        return [line.split()[2].rstrip(":") for line in cli("check", path, *opts).out.splitlines()]

    assert codes() == ["DW204", "DW203", "DW301"]
    assert codes("--select", "DW2") == ["DW204", "DW203"]
    assert codes("--select", "DW2", "--ignore", "DW203") == ["DW204"]
    assert codes("--ignore", "DW2", "--select", "DW203,DW301") == ["DW203", "DW301"]
    assert codes("--ignore", "dw301, DW204") == ["DW203"]
    assert cli("check", path, "--ignore", "DW3").code == 0  # the only error is ignored


@pytest.mark.parametrize("value", ["DW9", "E501", "DW2031", ",", "DWX"])
def test_bad_code_list_is_usage_error(tmp_path: Path, cli, value: str) -> None:
    """An entry matching no code is a usage error (exit 2) naming it."""
    path = _write(tmp_path, "m.dw", UNUSED)
    result = cli("check", path, "--select", value)
    assert result.code == 2
    assert result.out == ""
    assert "--select" in result.err


def test_directories_recurse_sorted_skipping_dot_dirs(tmp_path: Path, cli) -> None:
    """A directory is searched for *.dw and *.dwx (expression mode), sorted; .dirs skipped."""
    _write(tmp_path, "b/z.dw", UNUSED)
    _write(tmp_path, "a.dw", UNUSED)
    _write(tmp_path, "b/e.dwx", "msg.payload +")
    _write(tmp_path, ".venv/hidden.dw", UNUSED)
    _write(tmp_path, "notes.txt", "not a script")
    report = json.loads(cli("check", str(tmp_path), "--format", "json").out)
    rel = [(Path(f["path"]).relative_to(tmp_path).as_posix(), f["mode"]) for f in report["files"]]
    assert rel == [("a.dw", "code"), ("b/e.dwx", "expression"), ("b/z.dw", "code")]
    assert report["summary"] == {"files": 3, "error": 1, "warning": 2, "info": 0, "hint": 0,
                                 "suppressed": 0}


def test_stdin_and_mode(cli) -> None:
    """`-` reads standard input (named <stdin>); --mode applies to it."""
    result = cli("check", "-", "--mode", "expression", stdin="msg.payload[")
    assert result.code == 1
    assert result.out.startswith("<stdin>:1:12: error DW101")
    assert cli("check", "-", "--mode", "text", stdin="Hi ${msg.payload}").code == 0


def test_missing_file_is_usage_error(tmp_path: Path, cli) -> None:
    """An unreadable file is a usage error (exit 2), not a crash."""
    result = cli("check", str(tmp_path / "missing.dw"))
    assert result.code == 2
    assert "cannot read" in result.err


def test_json_schema_shape(tmp_path: Path, cli) -> None:
    """The JSON report has the documented version-1 fields and types."""
    path = _write(tmp_path, "j.dw", "def dw_process(msg):\n    return msg.payloads\n")
    report = json.loads(cli("check", path, "--format", "json").out)
    assert set(report) == {"version", "files", "summary"}
    assert report["version"] == 1
    (entry,) = report["files"]
    assert set(entry) == {"path", "mode", "suppressed", "diagnostics"}
    (diag,) = entry["diagnostics"]
    assert diag == {"code": "DW404", "severity": "error",
                    "message": "'Message' object has no attribute 'payloads'",
                    "line": 2, "column": 16, "end_line": 2, "end_column": 24,
                    "suggestion": "did you mean 'payload'?"}


def test_comments_found_outside_strings_only() -> None:
    """Comments: the first '#' outside string literals on each line, f-strings included."""
    text = ("x = '#no'  # yes 1\n"
            "y = f\"{x}#\" + '''\n# in a string\n'''  # yes 2\n"
            "# yes 3\n")
    found = [(c.line, c.column, c.text) for c in find_comments(text)]
    assert found == [(1, 12, "# yes 1"), (4, 6, "# yes 2"), (5, 1, "# yes 3")]
    assert find_comments("Hello # ${msg}", "text") == []


def test_lint_source_api() -> None:
    """lint_source applies suppressions and the selection; parse_code_list validates."""
    report = lint_source(UNUSED, name="x.dw", selection=Selection(ignore=parse_code_list("DW203")))
    assert report.diagnostics == ()
    assert not report.failed
    with pytest.raises(ValueError):
        parse_code_list("DW999")

"""``dataway fmt``: in place, --check, --diff, stdin, refusals and exit codes."""
from __future__ import annotations

from pathlib import Path

from tests.lint.conftest import cli  # noqa: F401  (fixture)

UGLY = "def dw_process(msg):\n  return msg.payload[ 'a' ]+1\n"
PRETTY = "def dw_process(msg):\n    return msg.payload['a'] + 1\n"


def test_rewrites_in_place(tmp_path: Path, cli) -> None:  # noqa: F811
    """Changed files are rewritten and named on stderr; formatted files are left alone."""
    ugly, pretty = tmp_path / "u.dw", tmp_path / "p.dw"
    ugly.write_text(UGLY)
    pretty.write_text(PRETTY)
    before = pretty.stat().st_mtime_ns
    result = cli("fmt", str(tmp_path))
    assert result.code == 0
    assert ugly.read_text() == PRETTY
    assert pretty.stat().st_mtime_ns == before
    assert result.err == f"reformatted {ugly}\n"
    assert result.out == ""


def test_check_writes_nothing_and_exits_1(tmp_path: Path, cli) -> None:  # noqa: F811
    """--check reports files that would change and exits 1; 0 when all are formatted."""
    path = tmp_path / "u.dw"
    path.write_text(UGLY)
    result = cli("fmt", "--check", str(path))
    assert (result.code, result.err) == (1, f"would reformat {path}\n")
    assert path.read_text() == UGLY
    path.write_text(PRETTY)
    assert cli("fmt", "--check", str(path)).code == 0


def test_diff(tmp_path: Path, cli) -> None:  # noqa: F811
    """--diff prints a unified diff and writes nothing."""
    path = tmp_path / "u.dw"
    path.write_text(UGLY)
    result = cli("fmt", "--diff", str(path))
    assert result.code == 0
    assert f"--- {path}\n+++ {path} (formatted)\n" in result.out
    assert "-  return msg.payload[ 'a' ]+1\n+    return msg.payload['a'] + 1\n" in result.out
    assert path.read_text() == UGLY


def test_stdin_to_stdout(cli) -> None:  # noqa: F811
    """`-` formats standard input to standard output."""
    result = cli("fmt", "-", stdin=UGLY)
    assert (result.code, result.out) == (0, PRETTY)
    assert cli("fmt", "-", "--check", stdin=UGLY).code == 1


def test_syntax_error_refused_others_still_formatted(tmp_path: Path, cli) -> None:  # noqa: F811
    """A file with a syntax error is refused (exit 1, message with its place); others proceed."""
    bad, ugly = tmp_path / "a_bad.dw", tmp_path / "b.dw"
    bad.write_text("def dw_process(msg):\n    return (\n")
    ugly.write_text(UGLY)
    result = cli("fmt", str(bad), str(ugly))
    assert result.code == 1
    assert f"error: cannot format {bad}: the script has a syntax error" in result.err
    assert "2:12: DW101" in result.err
    assert bad.read_text() == "def dw_process(msg):\n    return (\n"
    assert ugly.read_text() == PRETTY


def test_crlf_files_keep_crlf(tmp_path: Path, cli) -> None:  # noqa: F811
    """A CRLF file is written back with CRLF line endings."""
    path = tmp_path / "w.dw"
    path.write_bytes(UGLY.replace("\n", "\r\n").encode())
    assert cli("fmt", str(path)).code == 0
    assert path.read_bytes() == PRETTY.replace("\n", "\r\n").encode()
    assert cli("fmt", "--check", str(path)).code == 0

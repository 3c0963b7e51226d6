"""The CLI contract: `dataway run FILE` / `dataway eval EXPR`, exit codes 0/1/2, the stdout/stderr
split, `print` to stderr, `--format repr|json`, `--payload-file`, and never a host traceback."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from differential.dataway_side import api_available, cli_available, run_cli_raw

HOST_TRACE = re.compile(r'File "[^"]*\.py"|site-packages|/dataway/')


@pytest.fixture(autouse=True)
def _needs_cli() -> None:
    reason = api_available() or cli_available()
    if reason:
        pytest.skip(reason)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, *args: str):
    """Run the CLI in ``tmp_path`` and check the invariants every run must keep."""
    proc = run_cli_raw(list(args), cwd=tmp_path)
    assert proc.returncode in (0, 1, 2), proc
    assert not HOST_TRACE.search(proc.stderr), f"host traceback or path on stderr:\n{proc.stderr}"
    assert not HOST_TRACE.search(proc.stdout), proc.stdout
    return proc


def test_run_json_default(tmp_path: Path) -> None:
    """Default --format json prints the boundary-normalised result; nothing on stderr."""
    _write(tmp_path, "ok.dw", "def dw_process(msg):\n    return {'a': (1, 2), 'b': None}\n")
    proc = run(tmp_path, "run", "ok.dw")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"a": [1, 2], "b": None}
    assert proc.stderr == ""


def test_run_repr_is_raw_cpython_repr(tmp_path: Path) -> None:
    """--format repr prints CPython's repr of the raw value (tuples and sets kept)."""
    _write(tmp_path, "t.dw", "def dw_process(msg):\n    return ('a', 1.5, {2, 1}, b'\\x00', None)\n")
    proc = run(tmp_path, "run", "t.dw", "--format", "repr")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip("\n") == repr(('a', 1.5, {2, 1}, b'\x00', None))


def test_print_goes_to_stderr(tmp_path: Path) -> None:
    """print output goes to stderr; stdout carries only the result."""
    _write(tmp_path, "p.dw", "def dw_process(msg):\n    print('log line', 1)\n    return 'result'\n")
    proc = run(tmp_path, "run", "p.dw", "--format", "repr")
    assert proc.returncode == 0
    assert proc.stdout.rstrip("\n") == "'result'"
    assert "log line 1" in proc.stderr
    assert "log line" not in proc.stdout


def test_payload_vars_attrs_json(tmp_path: Path) -> None:
    """--payload-json, --vars-json and --attrs-json build the input message."""
    _write(tmp_path, "m.dw", "def dw_process(msg):\n"
                            "    return [msg.payload['n'] + 1, msg.vars['v'], msg.attrs['a']]\n")
    proc = run(tmp_path, "run", "m.dw", "--payload-json", '{"n": 41}', "--vars-json", '{"v": "x"}',
               "--attrs-json", '{"a": true}', "--format", "repr")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip("\n") == "[42, 'x', True]"


def test_script_error_exit_1_with_script_frames_only(tmp_path: Path) -> None:
    """A script error exits 1 with the §15.2 traceback text of script frames only."""
    _write(tmp_path, "x.dw", "def dw_process(msg):\n    return f(msg.payload)\n\n"
                            "def f(p):\n    return p['id']\n")
    proc = run(tmp_path, "run", "x.dw", "--payload-json", '{"name": 1}')
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.rstrip("\n").splitlines()
    assert lines[-1] == "KeyError: 'id'"
    assert "Traceback (most recent call last):" in lines
    assert '  File "x.dw", line 2, in dw_process' in lines
    assert '  File "x.dw", line 5, in f' in lines
    assert lines.index('  File "x.dw", line 2, in dw_process') < lines.index('  File "x.dw", line 5, in f')


def test_check_error_exit_1(tmp_path: Path) -> None:
    """A check error exits 1 with the caret rendering and the DW code."""
    _write(tmp_path, "c.dw", "def dw_process(msg):\n    class A:\n        pass\n")
    proc = run(tmp_path, "run", "c.dw")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "DW301" in proc.stderr
    assert proc.stderr.rstrip("\n").splitlines()[-1].startswith("SyntaxError: ")
    assert 'File "c.dw", line 2, column 5' in proc.stderr


def test_limit_error_exit_1(tmp_path: Path) -> None:
    """A LimitError exits 1 and names the limit on the last line."""
    _write(tmp_path, "l.dw", "def dw_process(msg):\n    return 10 ** 200000\n")
    proc = run(tmp_path, "run", "l.dw")
    assert proc.returncode == 1
    assert proc.stderr.rstrip("\n").splitlines()[-1].startswith("LimitError")


def test_print_before_error_still_on_stderr(tmp_path: Path) -> None:
    """The log printed before an error still reaches stderr."""
    _write(tmp_path, "pe.dw", "def dw_process(msg):\n    print('before')\n    return 1 // 0\n")
    proc = run(tmp_path, "run", "pe.dw")
    assert proc.returncode == 1
    assert "before" in proc.stderr
    assert proc.stderr.rstrip("\n").splitlines()[-1] == "ZeroDivisionError: integer division or modulo by zero"


def test_expression_and_text_modes(tmp_path: Path) -> None:
    """--mode expression and --mode text run the file in those modes."""
    _write(tmp_path, "e.dw", "msg.payload['a'] * 2\n")
    proc = run(tmp_path, "run", "e.dw", "--mode", "expression", "--payload-json", '{"a": 21}')
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == 42
    _write(tmp_path, "t.txt", "Hello ${msg.payload['name']}!")
    proc = run(tmp_path, "run", "t.txt", "--mode", "text", "--payload-json", '{"name": "Ann"}')
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == "Hello Ann!"


def test_eval_command(tmp_path: Path) -> None:
    """`dataway eval EXPR` takes the same input and output options."""
    proc = run(tmp_path, "eval", "1 + 2")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == 3
    proc = run(tmp_path, "eval", "('a', msg.payload)", "--payload-json", "[1]", "--format", "repr")
    assert proc.stdout.rstrip("\n") == "('a', [1])"
    proc = run(tmp_path, "eval", "{}['k']")
    assert proc.returncode == 1
    assert proc.stderr.rstrip("\n").splitlines()[-1] == "KeyError: 'k'"


def test_payload_file_is_an_entity(tmp_path: Path) -> None:
    """--payload-file with --mime gives an Entity payload."""
    _write(tmp_path, "body.json", '{"a": {"b": 7}}')
    _write(tmp_path, "f.dw", "def dw_process(msg):\n"
                            "    return [msg.payload['a']['b'], msg.payload['^mime_type']]\n")
    proc = run(tmp_path, "run", "f.dw", "--payload-file", "body.json", "--mime", "application/json",
               "--format", "repr")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip("\n") == "[7, 'application/json']"


def test_payload_file_raw_bytes(tmp_path: Path) -> None:
    """A binary payload file keeps its bytes unchanged."""
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01")
    _write(tmp_path, "b.dw", "def dw_process(msg):\n    return msg.payload['^blob']\n")
    proc = run(tmp_path, "run", "b.dw", "--payload-file", "blob.bin", "--mime",
               "application/octet-stream", "--format", "repr")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.rstrip("\n") == "b'\\x00\\x01'"


@pytest.mark.parametrize("args", [
    pytest.param(["run", "ok.dw", "--payload-json", "{not json"], id="bad-payload-json"),
    pytest.param(["run", "ok.dw", "--vars-json", "[1,"], id="bad-vars-json"),
    pytest.param(["run", "missing.dw"], id="missing-file"),
    pytest.param(["run", "ok.dw", "--mode", "java"], id="bad-mode"),
    pytest.param(["run", "ok.dw", "--format", "yaml"], id="bad-format"),
    pytest.param(["run", "ok.dw", "--payload-file", "nope.json"], id="missing-payload-file"),
    pytest.param(["frobnicate"], id="unknown-command"),
    pytest.param(["run"], id="missing-argument"),
    pytest.param(["eval"], id="eval-missing-expression"),
])
def test_usage_errors_exit_2_without_traceback(tmp_path: Path, args: list[str]) -> None:
    """Usage errors exit 2 with a message and never a traceback."""
    _write(tmp_path, "ok.dw", "def dw_process(msg):\n    return 1\n")
    proc = run(tmp_path, *args)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert proc.stderr.strip(), "a usage error must say what is wrong"
    assert "Traceback" not in proc.stderr


def test_syntax_error_is_not_a_usage_error(tmp_path: Path) -> None:
    """A syntax error in the script is a check error (exit 1), not a usage error."""
    _write(tmp_path, "s.dw", "def dw_process(msg):\n    return (\n")
    proc = run(tmp_path, "run", "s.dw")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert re.search(r"DW10\d", proc.stderr)


def test_invalid_utf8_source(tmp_path: Path) -> None:
    """Invalid UTF-8 source is DW109 (exit 1)."""
    (tmp_path / "u.dw").write_bytes(b"def dw_process(msg):\n    return '\xff'\n")
    proc = run(tmp_path, "run", "u.dw")
    assert proc.returncode == 1
    assert "DW109" in proc.stderr


def test_non_core_result_json_vs_repr(tmp_path: Path) -> None:
    """A set fails the boundary in json format but prints raw with --format repr."""
    _write(tmp_path, "set.dw", "def dw_process(msg):\n    return {1, 2}\n")
    proc = run(tmp_path, "run", "set.dw")
    assert proc.returncode == 1
    assert proc.stderr.rstrip("\n").splitlines()[-1].startswith("TypeError: cannot return a value of type 'set'")
    proc = run(tmp_path, "run", "set.dw", "--format", "repr")
    assert proc.returncode == 0
    assert proc.stdout.rstrip("\n") == "{1, 2}"


def test_non_ascii_output_is_utf8_even_in_c_locale(tmp_path: Path) -> None:
    """Results and log are written as UTF-8 whatever the locale (no UnicodeEncodeError)."""
    import subprocess

    from differential.dataway_side import cli_command, cli_env

    _write(tmp_path, "u.dw", "def dw_process(msg):\n    print('日志 é')\n    return ['中文', 'é']\n")
    env = dict(cli_env(), LC_ALL="C", LANG="C")
    env.pop("PYTHONIOENCODING", None)
    proc = subprocess.run(cli_command("run", "u.dw", "--format", "repr"), cwd=tmp_path,
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8").rstrip("\n") == "['中文', 'é']"
    assert "日志 é" in proc.stderr.decode("utf-8")

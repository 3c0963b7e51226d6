"""``dataway repl`` as a process: through a real pseudo-terminal, and with piped stdin."""
from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

# The console script's entry point (``-m dataway.cli.main`` would run a second copy of the
# module as __main__, with its own exception classes).
COMMAND = [sys.executable, "-c", "import sys; from dataway.cli.main import main; "
           "sys.exit(main(sys.argv[1:]))", "repl", "--no-history", "--seed", "1"]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]|\r")


def _env(tmp_path: Path) -> dict[str, str]:
    # No cursor-position requests: nothing on the other side of the pty would answer them.
    env = dict(os.environ, TERM="xterm", XDG_CACHE_HOME=str(tmp_path), COLUMNS="100",
               LINES="30", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("NO_COLOR", None)
    return env


class Terminal:
    """A child process on a pseudo-terminal, read with a deadline."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     close_fds=True, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            plain = _ANSI.sub("", self.seen)
            if re.search(pattern, plain):
                return plain
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        raise AssertionError(f"{pattern!r} not seen; screen so far:\n{_ANSI.sub('', self.seen)}")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())
        time.sleep(0.3)

    def close(self) -> int:
        try:
            return self.proc.wait(20)
        finally:
            os.close(self.master)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_repl_on_a_real_terminal(tmp_path: Path) -> None:
    term = Terminal(COMMAND + ["--payload", '{"name": "Ann"}'], _env(tmp_path))
    try:
        term.read_until(r"dw\[code\]>")
        term.send("def shout(s):\r")
        term.send("return s.upper() + '!'\r")
        term.send("\r")
        term.send("shout(msg.payload['na")
        term.read_until(r"name\s+str")  # the completion menu, shown while typing
        term.send("\t")  # takes its first entry
        term.send("'])\r")
        term.read_until(r"'ANN!'  # str")
        term.send("1/0\r")
        term.read_until(r"ZeroDivisionError: division by zero")
        term.send(":quit\r")
        assert term.close() == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()


def test_piped_stdin_runs_a_script(tmp_path: Path) -> None:
    script = "\n".join([
        ':payload {"items": [1, 2, 3]}',
        "total = 0",
        "for n in msg.payload['items']:",
        "    total += n",
        "def half(v):",
        "    return v / 2",
        "half(total)",
        "print('done')",
        "msg.payload['nope']",
        ":mode expression",
        "msg.payload['items'][-1]",
    ]) + "\n"
    proc = subprocess.run(COMMAND, input=script, capture_output=True, text=True, timeout=120,
                          env=_env(tmp_path))
    assert proc.stdout == "3.0  # float\n3  # int\n"
    assert "done\n" in proc.stderr
    assert "KeyError: 'nope'" in proc.stderr
    assert proc.returncode == 1  # one input failed


def test_piped_stdin_all_good_exits_zero(tmp_path: Path) -> None:
    proc = subprocess.run(COMMAND + ["--mode", "expression"], input="1 + 1\n'a' * 3\n",
                          capture_output=True, text=True, timeout=120, env=_env(tmp_path))
    assert (proc.stdout, proc.returncode) == ("2  # int\n'aaa'  # str\n", 0)


def test_bad_option_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run(COMMAND + ["--vars", "[1]"], input="", capture_output=True,
                          text=True, timeout=120, env=_env(tmp_path))
    assert proc.returncode == 2
    assert "--vars: expected a JSON object" in proc.stderr

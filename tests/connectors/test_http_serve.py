"""``dataway serve`` in a real subprocess: start-up, one log line per run, graceful signals."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import httpx

from .http_support import SLOW_CALLS, serve_asgi, upstream, wait_for_slow_call


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_app(root: Path, upstream_url: str, extra: str = "") -> Path:
    app = root / "shop"
    (app / "flows").mkdir(parents=True)
    (app / "app.yaml").write_text(textwrap.dedent(f"""
        app: shop
        connections:
          up: {{type: http, config: {{base_url: "{upstream_url}"}}}}
    """))
    (app / "flows" / "slow.yaml").write_text(textwrap.dedent(f"""
        flow: slow
        trigger:
          id: rx
          type: http_listener
          config:
            path: /slow
            timeout: 60
            {extra}
        steps:
          - {{id: call, type: http_request, connection: up,
              config: {{path: /slow, query: {{expr: "{{'s': msg.attrs['query'].get('s', '0')}}"}}}}}}
          - {{id: out, type: set_payload, config: {{value: done}}}}
    """))
    return app


def start(app: Path, port: int, *args: str, env: Any = None) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("dataway")
    return subprocess.Popen([str(exe), "serve", str(app), "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)


def finish(proc: subprocess.Popen) -> str:
    """The process's stderr once it exits by itself (killed, and the test failed, otherwise)."""
    try:
        return proc.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("dataway serve did not exit by itself") from None


def wait_port(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("serve did not start")


def scenario(tmp_path: Path, sig: int, seconds: float, *args: str) -> tuple[int, str, int]:
    async def main() -> tuple[int, str, int]:
        async with serve_asgi(upstream) as url:
            app = make_app(tmp_path, url)
            port = free_port()
            proc = start(app, port, *args)
            try:
                return await exercise(proc, port)
            finally:
                if proc.poll() is None:  # a failed assertion must not leave a server behind
                    proc.kill()
                    proc.wait()

    async def exercise(proc: subprocess.Popen, port: int) -> tuple[int, str, int]:
        await asyncio.to_thread(wait_port, proc, port)
        async with httpx.AsyncClient(timeout=60) as client:
            quick = await client.get(f"http://127.0.0.1:{port}/shop/slow")
            assert quick.status_code == 200 and quick.text == "done", quick.text
            calls = len(SLOW_CALLS)
            pending = asyncio.ensure_future(
                client.get(f"http://127.0.0.1:{port}/shop/slow?s={seconds}"))
            await wait_for_slow_call(calls + 1)  # the run is in flight
            proc.send_signal(sig)
            reply = await pending
        _, log = await asyncio.to_thread(proc.communicate, timeout=60)
        return reply.status_code, log, proc.returncode

    return asyncio.run(main())


def test_sigterm_drains_in_flight_runs(tmp_path: Path) -> None:
    status, log, code = scenario(tmp_path, signal.SIGTERM, 1.5)
    assert status == 200 and code == 0, log
    lines = [line for line in log.splitlines() if " run " in line]
    assert len(lines) == 2 and all("shop/slow succeeded" in line for line in lines), log
    assert log.index("shutting down") < log.index(lines[1]) and log.rstrip().endswith("stopped")


def test_sigint_cancels_runs_past_the_grace_period(tmp_path: Path) -> None:
    status, log, code = scenario(tmp_path, signal.SIGINT, 20, "--grace", "0.5")
    assert status == 503 and code == 0, log
    assert "shop/slow cancelled" in log and "CANCELLED: engine shutdown" in log


def test_load_problems_and_missing_secret_stop_start_up(tmp_path: Path) -> None:
    app = make_app(tmp_path, "http://127.0.0.1:9", "methods: [FETCH]")
    proc = start(app, free_port())
    err = finish(proc)
    assert proc.returncode == 1
    assert "flows/slow.yaml:" in err and "FETCH" in err and "Traceback" not in err

    other = tmp_path / "b"
    app = make_app(other, "http://127.0.0.1:9",
                   "auth: {username: u, password: !secret SERVE_TEST_PW}")
    env = {k: v for k, v in os.environ.items() if k != "DATAWAY_SECRET_SERVE_TEST_PW"}
    proc = start(app, free_port(), env=env)
    err = finish(proc)
    assert proc.returncode == 1 and "SERVE_TEST_PW" in err and "Traceback" not in err


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    app = make_app(tmp_path, "http://127.0.0.1:9")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        proc = start(app, busy.getsockname()[1])
        err = finish(proc)
    assert proc.returncode == 1 and "cannot start" in err and "Traceback" not in err

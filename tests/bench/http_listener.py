"""HTTP Listener benchmark (issue #7): ``python -m tests.bench.http_listener [--seconds N]``.

HTTP Listener → Transform → response, measured on loopback at 64 keep-alive connections:
requests/s and p50/p99 latency. The load generator is ``wrk`` when installed, else the
Python asyncio client below (it shares the 2 CPU cores with the server, so its own cost is in
both figures). Side by side, in the same run: Node-RED (installed from npm into a temporary
folder) serving the equivalent http-in → function → http-response flow; skipped with a message
when npm is absent or the install fails. Targets: at least Node-RED's requests/s; p99 ≤ 50 ms.

The Dataway server runs as ``dataway serve --env production`` (a separate process, as deployed),
its per-run log lines discarded.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any, Optional

CONNECTIONS = 64
BODY = json.dumps({"id": 7, "items": [{"sku": "a", "qty": 2, "price": 3.5},
                                      {"sku": "b", "qty": 1, "price": 10}]}).encode()

FLOW = """
flow: bench
trigger:
  id: rx
  type: http_listener
  config: {path: /orders, methods: [POST]}
steps:
  - id: shape
    type: transform
    config:
      payload: {expr: "{'id': msg.payload['id'], 'total': sum(i['qty'] * i['price'] for i in msg.payload['items'])}"}
"""

NODE_FUNCTION = ("const p = msg.payload; msg.payload = {id: p.id, total: p.items.reduce("
                 "(s, i) => s + i.qty * i.price, 0)}; return msg;")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# -- load generators ---------------------------------------------------------------------------

async def _python_load(port: int, path: str, seconds: float) -> dict[str, Any]:
    from tests.connectors.http_support import RawClient

    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    headers = {"Content-Type": "application/json"}

    async def worker() -> None:
        nonlocal errors
        client = RawClient("127.0.0.1", port)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                status, _, _ = await client.request("POST", path, BODY, headers)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors += 1
        finally:
            await client.close()

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000, "tool": "python asyncio"}


def _wrk_load(port: int, path: str, seconds: float) -> dict[str, Any]:
    script = Path(tempfile.mkdtemp()) / "post.lua"
    script.write_text("wrk.method = 'POST'\nwrk.body = [[" + BODY.decode() + "]]\n"
                      "wrk.headers['Content-Type'] = 'application/json'\n")
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{int(seconds)}s",
                          "--latency", "-s", str(script), f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out)
        if not found:
            return float("nan")
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]
        return float(found.group(1)) * scale

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": ms("50%"), "p99_ms": ms("99%"), "tool": "wrk",
            "errors": int(errors.group(1)) if errors else 0}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), 0.0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def load(port: int, path: str, seconds: float, pid: int) -> dict[str, Any]:
    """Drive ``POST path`` for ``seconds`` at 64 connections (after a 1 s warm-up).

    Also reports the server's CPU time per request, a figure that does not depend on how busy
    the rest of the machine is (wall-clock figures on a shared 2-core machine do).
    """
    if shutil.which("wrk"):
        _wrk_load(port, path, 1)
        before = cpu_seconds(pid)
        figures = _wrk_load(port, path, seconds)
        figures["requests"] = figures["rps"] * seconds
    else:
        asyncio.run(_python_load(port, path, 1))
        before = cpu_seconds(pid)
        figures = asyncio.run(_python_load(port, path, seconds))
    used = cpu_seconds(pid) - before
    figures["cpu_ms"] = used * 1000 / max(1, figures["requests"])
    return figures


# -- servers -----------------------------------------------------------------------------------

def dataway_server(work: Path) -> tuple[subprocess.Popen, int, str]:
    app = work / "bench"
    (app / "flows").mkdir(parents=True)
    (app / "app.yaml").write_text("app: bench\n")
    (app / "flows" / "bench.yaml").write_text(FLOW)
    port = free_port()
    exe = Path(sys.executable).with_name("dataway")
    proc = subprocess.Popen([str(exe), "serve", str(app), "--port", str(port),
                             "--env", "production"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    return proc, port, "/bench/orders"


def node_red_server(work: Path) -> Optional[tuple[subprocess.Popen, int, str]]:
    npm = shutil.which("npm")
    if npm is None:
        print("Node-RED: skipped (npm is not installed)")
        return None
    prefix = work / "node-red"
    print("Node-RED: installing from npm into a temporary folder ...", flush=True)
    done = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund",
                           "--loglevel=error", "node-red"], capture_output=True, text=True)
    binary = prefix / "node_modules" / ".bin" / "node-red"
    if done.returncode != 0 or not binary.exists():
        print(f"Node-RED: skipped (npm install failed: {done.stderr.strip()[-300:]})")
        return None
    user_dir = work / "node-red-user"
    user_dir.mkdir()
    flows = [{"id": "t1", "type": "tab", "label": "bench"},
             {"id": "in", "type": "http in", "z": "t1", "url": "/orders", "method": "post",
              "wires": [["fn"]]},
             {"id": "fn", "type": "function", "z": "t1", "func": NODE_FUNCTION, "outputs": 1,
              "wires": [["out"]]},
             {"id": "out", "type": "http response", "z": "t1", "statusCode": "",
              "headers": {}, "wires": []}]
    (user_dir / "flows.json").write_text(json.dumps(flows))
    (user_dir / "settings.js").write_text(textwrap.dedent("""
        module.exports = {uiHost: "127.0.0.1", flowFile: "flows.json",
                          logging: {console: {level: "warn"}}, editorTheme: {tours: false}};
    """))
    port = free_port()
    proc = subprocess.Popen([str(binary), "-u", str(user_dir), "-p", str(port), "flows.json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_port(port, proc)
    time.sleep(2)  # flows deploy after the port opens
    return proc, port, "/orders"


def report(name: str, figures: dict[str, Any]) -> None:
    print(f"{name:<10} {figures['rps']:9.0f} req/s   p50 {figures['p50_ms']:6.1f} ms   "
          f"p99 {figures['p99_ms']:6.1f} ms   server CPU {figures['cpu_ms']:.2f} ms/req   "
          f"non-200 {figures['errors']}   "
          f"({CONNECTIONS} connections, {figures['tool']})", flush=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--no-node-red", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="dw-http-bench-"))
    results: dict[str, dict[str, Any]] = {}
    try:
        proc, port, path = dataway_server(work)
        try:
            results["Dataway"] = load(port, path, args.seconds, proc.pid)
        finally:
            stop(proc)
        report("Dataway", results["Dataway"])
        node = None if args.no_node_red else node_red_server(work)
        if node is not None:
            proc, port, path = node
            try:
                results["Node-RED"] = load(port, path, args.seconds, proc.pid)
            finally:
                stop(proc)
            report("Node-RED", results["Node-RED"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    dw = results["Dataway"]
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load_avg:.1f} at the end")
    print(f"target p99 <= 50 ms: {'met' if dw['p99_ms'] <= 50 else 'MISSED'} "
          f"({dw['p99_ms']:.1f} ms)")
    if "Node-RED" in results:
        ratio = dw["rps"] / results["Node-RED"]["rps"]
        print(f"target req/s >= Node-RED: {'met' if ratio >= 1 else 'MISSED'} "
              f"(Dataway / Node-RED = {ratio:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

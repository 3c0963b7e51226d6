"""End-to-end demo of the order-sync app: ``dataway serve`` plus scripted requests.

    python examples/order-sync/demo.py        (from the repository root, inside the venv)

Copies the app to a temporary directory (so its SQLite file starts empty and the checkout stays
clean), starts ``dataway serve`` on a free port, POSTs every sample of ``samples/`` (JSON and
XML, valid and invalid) plus one duplicate, prints each answer, lists what the database holds,
then stops the server with SIGTERM (graceful shutdown) and shows the server's run log.
Exit status 0 when every answer had the expected status.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REQUESTS = [  # sample, content type, expected status
    ("order-de.json", "application/json", 201),
    ("order-us.xml", "application/xml", 201),
    ("order-invalid.json", "application/json", 400),
    ("order-nowhere.json", "application/json", 400),
    ("order-de.json", "application/json", 409),   # the same order again: a duplicate
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dataway() -> list[str]:
    exe = Path(sys.executable).with_name("dataway")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dataway.cli.main"]


def post(url: str, body: bytes, ctype: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, body, {"Content-Type": ctype}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_until_serving(proc: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"dataway serve exited with {proc.returncode}:\n"
                             + proc.stderr.read())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("dataway serve did not start within 60 s")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="order-sync-"))
    app = work / "order-sync"
    shutil.copytree(HERE, app, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    port = free_port()
    proc = subprocess.Popen(dataway() + ["serve", str(app), "--port", str(port)],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    ok = True
    try:
        wait_until_serving(proc, port)
        url = f"http://127.0.0.1:{port}/order-sync/orders"
        print(f"dataway serve is up: POST {url}\n")
        for sample, ctype, expected in REQUESTS:
            status, body = post(url, (HERE / "samples" / sample).read_bytes(), ctype)
            mark = "ok " if status == expected else "BAD"
            ok &= status == expected
            print(f"[{mark}] {sample:<20} -> {status} {json.dumps(body, ensure_ascii=False)}")
        with sqlite3.connect(app / "orders.db") as db:
            rows = db.execute("SELECT o.id, o.customer, o.warehouse, COUNT(l.line), "
                              "SUM(l.qty) FROM orders o JOIN order_lines l ON l.order_id = o.id"
                              " GROUP BY o.id ORDER BY o.id").fetchall()
        print("\nstored in SQLite:")
        for row in rows:
            print(f"  {row[0]}  {row[1]:<18} warehouse {row[2]}  {row[3]} line(s), "
                  f"{row[4]} unit(s)")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, log = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, log = proc.communicate()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nserver log (exit status {proc.returncode}):")
    for line in log.splitlines():
        print("  " + line)
    return 0 if ok and proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

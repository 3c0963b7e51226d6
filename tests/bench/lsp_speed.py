"""Language server latency (issue #5): ``python -m tests.bench.lsp_speed [--quick]``.

L1: a client opens a 2,000-line document in a ``dataway lsp`` process, then makes one-character
edits (a digit inside a literal, alternating, so the document stays valid) and measures, on the
client's clock, the time from sending ``didChange`` to receiving the ``publishDiagnostics`` of
that version. Target ≤ 100 ms. The baseline printed beside it is ``dataway.check`` of the same
text in this process (the work the server cannot avoid without incremental checking), so the
figure reads as "server overhead on top of one full check".
"""
from __future__ import annotations

import argparse
import statistics
import time

import dataway

from tests.bench.workloads import w4_script
from tests.lsp.client import LspClient

TARGET_MS = 100.0
URI = "file:///bench/big.dw"


def _document(lines: int = 2000) -> str:
    return w4_script(lines)


def measure(edits: int) -> dict[str, float]:
    """Latencies (ms) of ``edits`` one-character changes; also open and check baselines."""
    text = _document()
    # The edited character: the digit of ``factor=1`` in helper_1's signature.
    line_no = next(i for i, line in enumerate(text.split("\n")) if "factor=1)" in line)
    column = text.split("\n")[line_no].index("factor=1)") + len("factor=")
    client = LspClient()
    try:
        client.initialize({})
        t0 = time.perf_counter()
        mark = len(client.notifications)
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": URI, "languageId": "dataway", "version": 1, "text": text}})
        _, arrived, first = client.wait_notification(
            "textDocument/publishDiagnostics", lambda p: p.get("version") == 1, after=mark)
        opened = (arrived - t0) * 1000
        assert first["diagnostics"] == [], first["diagnostics"][:3]
        latencies = []
        for version in range(2, edits + 2):
            digit = "2" if version % 2 == 0 else "1"
            mark = len(client.notifications)
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [{"range": {
                    "start": {"line": line_no, "character": column},
                    "end": {"line": line_no, "character": column + 1}}, "text": digit}]})
            _, arrived, _ = client.wait_notification(
                "textDocument/publishDiagnostics", lambda p, v=version: p.get("version") == v,
                after=mark)
            latencies.append((arrived - sent) * 1000)
        client.shutdown()
    finally:
        client.kill()
    check = []
    for _ in range(max(3, edits // 4)):
        t = time.perf_counter()
        dataway.check(text)
        check.append((time.perf_counter() - t) * 1000)
    return {"open": opened, "median": statistics.median(latencies), "best": min(latencies),
            "worst": max(latencies), "check": min(check)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer edits")
    args = parser.parse_args()
    figures = measure(8 if args.quick else 30)
    print(f"L1 LSP diagnostics after a one-character change, 2,000-line document: "
          f"median {figures['median']:.1f} ms, best {figures['best']:.1f} ms, "
          f"worst {figures['worst']:.1f} ms [target ≤ {TARGET_MS:.0f} ms]")
    print(f"   first diagnostics after didOpen {figures['open']:.1f} ms; "
          f"baseline: dataway.check of the same text in-process {figures['check']:.1f} ms "
          f"(ratio {figures['median'] / figures['check']:.2f}x)")


if __name__ == "__main__":
    main()

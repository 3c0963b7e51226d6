"""Language server latency (issue #5): ``python -m tests.bench.lsp_speed [--quick]``.

L1: a client opens a 2,000-line document in a ``dataway lsp`` process, then makes one-character
edits (a digit inside a literal in a function body in the middle of the document, alternating,
so the document stays valid) and measures, on the client's clock, the time from sending
``didChange`` to receiving the first ``publishDiagnostics`` of that version (the provisional
answer of :mod:`dataway.lsp.incremental`). Target ≤ 100 ms.

L2: the same for an edit on a ``def`` line, which takes the full check (no target; shown so the
cost of the fallback is visible).

The baseline printed beside them is ``dataway.check`` of the same text in this process.
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


def _edit_site(text: str, needle: str) -> tuple[int, int]:
    """(line, character) of the digit after ``needle`` in the middle of the document."""
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if needle in line]
    line_no = candidates[len(candidates) // 2]
    return line_no, lines[line_no].index(needle) + len(needle)


def _latencies(client: LspClient, site: tuple[int, int], first_version: int,
               edits: int) -> list[float]:
    line_no, column = site
    latencies = []
    for version in range(first_version, first_version + edits):
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
    return latencies


def measure(edits: int) -> dict[str, float]:
    """Latencies (ms) of one-character edits in a body (L1) and on a def line (L2)."""
    text = _document()
    body_site = _edit_site(text, "if len(n) > ")
    def_site = _edit_site(text, "(order, factor=")
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
        body = _latencies(client, body_site, 2, edits)
        time.sleep(1.0)  # let the exact check of the last body edit finish
        header = _latencies(client, def_site, 2 + edits, max(3, edits // 4))
        client.shutdown()
    finally:
        client.kill()
    check = []
    for _ in range(3):
        t = time.perf_counter()
        dataway.check(text)
        check.append((time.perf_counter() - t) * 1000)
    return {"open": opened, "median": statistics.median(body), "best": min(body),
            "worst": max(body), "def": statistics.median(header), "check": min(check),
            "cpu": _provisional_cpu(text, body_site)}


def _provisional_cpu(text: str, site: tuple[int, int]) -> float:
    """CPU milliseconds of one provisional check in this process (best of 5): the server's
    share of L1, independent of how busy the machine is."""
    from dataway.lint import lint_source
    from dataway.lsp.incremental import baseline, provisional
    from dataway.syntax.parser import parse

    def check(source: str) -> list:
        return list(lint_source(source).diagnostics)

    base = baseline(text, parse(text).tree, check(text))
    lines = text.split("\n")
    line_no, column = site
    lines[line_no] = lines[line_no][:column] + "7" + lines[line_no][column + 1:]
    edited = "\n".join(lines)
    best = float("inf")
    for _ in range(5):
        t = time.process_time()
        assert provisional(base, edited, check) is not None
        best = min(best, time.process_time() - t)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer edits")
    args = parser.parse_args()
    figures = measure(8 if args.quick else 30)
    print(f"L1 LSP diagnostics after a one-character change, 2,000-line document: "
          f"median {figures['median']:.1f} ms, best {figures['best']:.1f} ms, "
          f"worst {figures['worst']:.1f} ms [target ≤ {TARGET_MS:.0f} ms]")
    print(f"L2 after a one-character change on a def line (full check): median "
          f"{figures['def']:.1f} ms; first diagnostics after didOpen {figures['open']:.1f} ms")
    print(f"   L1 server work: provisional check {figures['cpu']:.1f} ms CPU in-process")
    print(f"   baseline: dataway.check of the same text in-process {figures['check']:.1f} ms "
          f"(L1 ratio {figures['median'] / figures['check']:.2f}x)")


if __name__ == "__main__":
    main()

"""Linter and formatter speed (issue #5): ``python -m tests.bench.lint_speed [--quick]``.

* ``check`` of a generated 2,000-line script in a warm process (target ≤ 150 ms): the whole
  ``dataway check`` pipeline (:func:`dataway.lint.lint_source`: check, suppressions, selection)
  and :func:`dataway.check` alone, so the linter's own share is visible.
* ``check`` and ``fmt`` of every script of the conformance corpus in one process (what
  ``dataway check tests/conformance`` costs after start-up).
* ``fmt`` of the 2,000-line script (it parses twice: the input, and the result to compare trees).

Baseline, measured in the same run: CPython's own front end (``ast.parse`` + ``compile``) on the
same sources. Figures are best-of wall times; ratios are against the baseline.
"""
from __future__ import annotations

import argparse
import ast
import warnings
from pathlib import Path

import dataway
from dataway.fmt import format_source
from dataway.lint import lint_source
from tests.bench.__main__ import best_of
from tests.bench.workloads import w4_script

TARGET_MS = 150.0
ROOT = Path(__file__).resolve().parents[2]


def _cpython(source: str) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # corpus scripts that fail on purpose warn in CPython
        return compile(ast.parse(source), "<bench>", "exec")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 10

    script = w4_script(2000)
    lines = script.count("\n") + 1
    assert not lint_source(script).failed, "the workload must be a valid script"
    base = best_of(lambda: _cpython(script), repeat)
    lint = best_of(lambda: lint_source(script, name="big.dw"), repeat)
    check = best_of(lambda: dataway.check(script), repeat)
    fmt = best_of(lambda: format_source(script), repeat)
    print(f"2,000-line script ({lines} lines); baseline CPython ast.parse+compile "
          f"{base * 1e3:.1f} ms")
    print(f"  dataway check (lint_source)   {lint * 1e3:8.1f} ms  {lint / base:6.1f}x")
    print(f"  dataway.check alone           {check * 1e3:8.1f} ms  {check / base:6.1f}x")
    print(f"  dataway fmt (format_source)   {fmt * 1e3:8.1f} ms  {fmt / base:6.1f}x")

    corpus = [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted((ROOT / "tests" / "conformance").rglob("*.dw"))]
    valid = [s for s in corpus if not lint_source(s).failed]

    def check_all() -> None:
        for s in corpus:
            lint_source(s)

    def fmt_all() -> None:
        for s in valid:
            format_source(s)

    def base_all() -> None:
        for s in valid:
            _cpython(s)

    few = max(1, repeat // 3)
    base_many = best_of(base_all, few)
    check_many = best_of(check_all, few)
    fmt_many = best_of(fmt_all, few)
    print(f"conformance corpus: check {len(corpus)} files {check_many * 1e3:.0f} ms "
          f"({check_many / len(corpus) * 1e3:.2f} ms/file); fmt {len(valid)} files "
          f"{fmt_many * 1e3:.0f} ms ({fmt_many / len(valid) * 1e3:.2f} ms/file, "
          f"{fmt_many / base_many:.1f}x CPython ast.parse+compile)")
    verdict = "OK" if lint * 1e3 <= TARGET_MS else "OVER TARGET"
    print(f"check of a 2,000-line script: {lint * 1e3:.1f} ms (target ≤ {TARGET_MS:.0f} ms) "
          f"{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

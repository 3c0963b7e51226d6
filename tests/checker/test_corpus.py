"""No false check errors: every conformance script that CPython runs without a compile-time
error gets no error diagnostic from the checker (warnings are allowed: they are maybes)."""
from __future__ import annotations

from pathlib import Path

import pytest

from dataway.checker import check_tree

parser = pytest.importorskip("dataway.syntax.parser")

CORPUS = Path(__file__).resolve().parents[1] / "conformance"
SCRIPTS = sorted(CORPUS.rglob("*.dw")) if CORPUS.is_dir() else []


def _header(text: str, key: str):
    for line in text.splitlines()[:5]:
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


@pytest.mark.skipif(not SCRIPTS, reason="waits for the conformance corpus (tests/conformance)")
@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(CORPUS)))
def test_scripts_without_expected_errors_pass_the_check(path):
    text = path.read_text(encoding="utf-8")
    expected = _header(text, "expect-error")
    mode = (_header(text, "mode") or "code").split()[0]
    result = parser.parse(text, mode)
    if result.tree is None:
        pytest.skip("the parser refuses this script; its own tests cover it")
    errors = [d for d in check_tree(result.tree, mode, result.source) if d.is_error]
    if expected is None:
        assert errors == [], errors
    elif errors and "[DW" in expected:
        # A script expecting a check error names its code; the first error must be it.
        assert f"[{errors[0].code}]" in expected, (expected, errors)

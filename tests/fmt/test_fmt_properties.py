"""Formatter properties: meaning kept, idempotent, comments kept, PEP 8 layout invariants.

Over the whole conformance corpus (as written, and re-laid-out at random) and over
hypothesis-generated programs. The tree comparison here is independent of the one
``format_source`` does itself before returning.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataway.fmt import format_source
from dataway.fmt.equivalence import first_difference
from dataway.lint.comments import find_comments
from dataway.syntax.parser import parse

from .messy import EXPRESSIONS, PROGRAMS, mess_up

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted(p for p in (ROOT / "tests" / "conformance").rglob("*.dw")) + \
    sorted((ROOT / "examples").rglob("*.dw"))


def _parses(text: str) -> bool:
    result = parse(text, "code")
    return result.tree is not None and result.ok


FORMATTABLE = [p for p in CORPUS if _parses(p.read_text(encoding="utf-8", errors="replace"))]


def assert_good_format(source: str) -> str:
    """Format and check every property; returns the result."""
    result = format_source(source)
    assert first_difference(parse(source, "code").tree, parse(result, "code").tree) is None
    assert format_source(result) == result, "not idempotent"
    comments = [c.text.split("#", 1)[1].strip() for c in find_comments(source)]
    assert [c.text.split("#", 1)[1].strip() for c in find_comments(result)] == comments
    for line in result.splitlines():
        assert line == line.rstrip() or _in_string(result, line), repr(line)
        indent = len(line) - len(line.lstrip(" "))
        assert "\t" not in line[:indent + 1] or _in_string(result, line)
    assert "\n\n\n\n" not in result
    assert result == "" or result.endswith("\n") and not result.endswith("\n\n")
    return result


def _in_string(text: str, line: str) -> bool:
    # Lines inside multi-line string literals are content, kept byte for byte.
    return "'''" in text or '"""' in text


def test_corpus_is_large() -> None:
    """The property runs on the real corpus (hundreds of scripts), not on an empty list."""
    assert len(FORMATTABLE) > 500


@pytest.mark.parametrize("path", FORMATTABLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_corpus_file(path: Path) -> None:
    """Each formattable corpus script formats to an equivalent, stable, PEP 8 layout."""
    assert_good_format(path.read_text(encoding="utf-8"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMATTABLE), st.randoms(use_true_random=False))
def test_messy_corpus_file(path: Path, rng: random.Random) -> None:
    """A corpus script with a random layout formats like the original does, and to the same tree."""
    original = path.read_text(encoding="utf-8")
    messy = mess_up(original, rng)
    assert _parses(messy), messy
    result = assert_good_format(messy)
    assert first_difference(parse(original, "code").tree, parse(result, "code").tree) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PROGRAMS, st.randoms(use_true_random=False))
def test_generated_programs(program: str, rng: random.Random) -> None:
    """Generated programs, as written and re-laid-out at random, keep their tree and settle."""
    assert _parses(program), program
    assert_good_format(program)
    messy = mess_up(program, rng)
    assert _parses(messy), messy
    assert_good_format(messy)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(EXPRESSIONS, st.randoms(use_true_random=False))
def test_generated_expressions(expression: str, rng: random.Random) -> None:
    """Expression mode: spacing settles in one pass and keeps the tree."""
    messy = mess_up(expression, rng, mode="expression")
    before = parse(messy, "expression")
    assert before.ok, messy
    result = format_source(messy, mode="expression")
    assert first_difference(before.tree, parse(result, "expression").tree) is None
    assert format_source(result, mode="expression") == result

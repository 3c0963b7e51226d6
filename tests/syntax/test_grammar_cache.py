"""The LALR tables: built by Lark, cached per user, any cache problem falls back silently."""
from __future__ import annotations

from pathlib import Path

import pytest

from dataway.syntax import grammar


@pytest.fixture()
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh per-test cache directory (XDG_CACHE_HOME)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "dataway"


def test_tables_are_cached_and_reloaded(cache_home: Path) -> None:
    """Tables are cached and reloaded."""
    built = grammar._load_or_build()
    files = sorted(p.name for p in cache_home.iterdir())
    assert any(name.startswith("tables-") for name in files)
    assert any(name.startswith("lalr-") for name in files)
    loaded = grammar._load_or_build()
    assert loaded.actions == built.actions and loaded.rules == built.rules
    assert loaded.gotos == built.gotos and loaded.terminal_text == built.terminal_text


def test_corrupt_cache_is_rebuilt(cache_home: Path) -> None:
    """Corrupt cache is rebuilt."""
    grammar._load_or_build()
    for path in cache_home.iterdir():
        path.write_bytes(b"not a pickle")
    again = grammar._load_or_build()
    assert _shape(again) == _shape(grammar.tables())


def test_no_writable_cache_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """No writable cache directory."""
    monkeypatch.setattr(grammar, "_cache_dir", lambda: None)
    assert _shape(grammar._load_or_build()) == _shape(grammar.tables())


def _shape(t: grammar.Tables) -> tuple:
    # State numbers may differ between builds (Lark iterates sets); the shape may not.
    return (sorted(t.rules), len(t.actions), sum(len(row) for row in t.actions.values()),
            t.terminal_text)


def test_every_rule_has_a_callback_or_passes_through() -> None:
    """Every rule has a callback or passes through."""
    from dataway.syntax.parser import _Run
    from dataway.limits import DEFAULT_LIMITS
    run = _Run(DEFAULT_LIMITS)  # raises if a rule of several symbols has no callback
    assert len(run.rules) == len(grammar.tables().rules)

"""The LALR(1) tables of ``grammar/dataway.lark``, built by Lark once per process.

Lark generates the tables (with its own ``cache=`` file in a per-user cache directory, keyed by
the grammar text and Lark's version). They are then flattened into plain dicts and tuples that
:mod:`dataway.syntax.parser` drives directly: Lark objects (trees, tokens, rules) never leave
this module. The flattened tables are cached too, next to Lark's file and under the same key, so
a process that finds them neither imports Lark nor rebuilds anything. Any cache problem (no
writable directory, a stale or corrupt file) silently falls back to building.

Table encoding: ``actions[state][terminal]`` is ``state >= 0`` for a shift and ``-1 - rule``
for a reduce; ``gotos[state][nonterminal]`` is the state after a reduction; ``rules[i]`` is
``(nonterminal, size, callback_key)``.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import os
import pickle
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

__all__ = ["Tables", "tables", "grammar_text"]


@dataclass(frozen=True)
class Tables:
    """Flattened LALR tables for the Dataway grammar."""

    actions: dict[int, dict[str, int]]
    gotos: dict[int, dict[str, int]]
    rules: tuple[tuple[str, int, str], ...]
    start_states: dict[str, int]
    end_states: dict[str, int]
    terminal_text: dict[str, str]  # terminal name -> its literal text ("(" for LPAR)
    #: (state below, top state, terminal) -> top state after a run of unit reductions;
    #: filled lazily by the parser driver.
    unit_memo: dict[tuple[int, int, str], int] = field(default_factory=dict)


_lock = threading.Lock()
_tables: Optional[Tables] = None


def grammar_text() -> str:
    """The grammar source."""
    return (importlib.resources.files("dataway.grammar") / "dataway.lark").read_text("utf-8")


_FORMAT = "dataway-tables-3"


def _cache_dir() -> Optional[Path]:
    """A writable per-user cache directory, or None."""
    candidates = []
    if os.environ.get("XDG_CACHE_HOME"):
        candidates.append(Path(os.environ["XDG_CACHE_HOME"]) / "dataway")
    candidates.append(Path.home() / ".cache" / "dataway")
    user = os.getuid() if hasattr(os, "getuid") else "user"
    candidates.append(Path(tempfile.gettempdir()) / f"dataway-{user}")
    for directory in candidates:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if os.access(directory, os.W_OK):
                return directory
        except OSError:
            continue
    return None


def _cache_key(text: str) -> str:
    # The flattened tables depend only on the grammar (and their own format), not on the Lark
    # version that generated them; Lark's own cache file checks its version itself.
    data = f"{_FORMAT}\0{text}".encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:24]


def _load_flat(path: Path) -> Optional[Tables]:
    try:
        with open(path, "rb") as handle:
            data = pickle.load(handle)
        if data.get("format") != _FORMAT:
            return None
        return Tables(data["actions"], data["gotos"], tuple(data["rules"]),
                      data["start_states"], data["end_states"], data["terminal_text"])
    except Exception:  # missing, stale or corrupt: rebuild
        return None


def _save_flat(path: Path, t: Tables) -> None:
    data = {"format": _FORMAT, "actions": t.actions, "gotos": t.gotos, "rules": list(t.rules),
            "start_states": t.start_states, "end_states": t.end_states,
            "terminal_text": t.terminal_text}
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # atomic: concurrent processes never see a partial file
    except OSError:
        pass


def _build(text: str, lark_cache: Optional[str]) -> Tables:
    """Generate the tables with Lark and flatten them."""
    import lark
    from lark.parsers.lalr_analysis import Shift

    from dataway.syntax.lark_lexer import ExternalLexer

    options = dict(parser="lalr", lexer=ExternalLexer, start=["file_input", "eval_input"])
    try:
        parser = lark.Lark(text, cache=lark_cache or False, **options)
    except (OSError, EOFError, ValueError, pickle.PickleError):
        parser = lark.Lark(text, **options)
    table = parser.parser.parser.parser.parse_table
    rule_index: dict[object, int] = {}
    rules = []
    for rule in parser.rules:  # grammar order, so rule numbers are stable between builds
        rule_index[rule] = len(rules)
        # str(): Lark names may be its Token class, which would drag Lark into the cache.
        origin = str(rule.origin.name)
        rules.append((origin, len(rule.expansion), str(rule.alias) if rule.alias else origin))
    actions: dict[int, dict[str, int]] = {}
    gotos: dict[int, dict[str, int]] = {}
    for state, row in table.states.items():
        acts = actions.setdefault(state, {})
        gos = gotos.setdefault(state, {})
        for symbol, (action, arg) in row.items():
            symbol = str(symbol)
            if action is Shift:
                if symbol.isupper() or symbol.startswith("$"):
                    acts[symbol] = arg
                else:
                    gos[symbol] = arg
            else:
                acts[symbol] = -1 - rule_index[arg]
    terminal_text = {str(t.name): str(t.pattern.value) for t in parser.terminals
                     if hasattr(t.pattern, "value")}
    return Tables(actions, gotos, tuple(rules),
                  {str(k): int(v) for k, v in table.start_states.items()},
                  {str(k): int(v) for k, v in table.end_states.items()}, terminal_text)


def _load_or_build() -> Tables:
    text = grammar_text()
    directory = _cache_dir()
    if directory is None:
        return _build(text, None)
    key = _cache_key(text)
    flat_path = directory / f"tables-{key}.pickle"
    cached = _load_flat(flat_path)
    if cached is not None:
        return cached
    built = _build(text, str(directory / f"lalr-{key}.lark-cache"))
    _save_flat(flat_path, built)
    return built


def tables() -> Tables:
    """The process-wide tables (built, or loaded from the cache, on first use)."""
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _load_or_build()
    return _tables

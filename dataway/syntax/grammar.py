"""The LALR(1) tables of ``grammar/dataway.lark``, built by Lark once per process.

Lark generates the tables (with its own ``cache=`` file in a per-user cache directory, keyed by
the grammar text and Lark's version, so a process normally loads them instead of rebuilding).
They are then flattened into plain dicts and tuples that :mod:`dataway.syntax.parser` drives
directly: Lark objects (trees, tokens, rules) never leave this module.

Table encoding: ``actions[state][terminal]`` is ``state >= 0`` for a shift and ``-1 - rule``
for a reduce; ``gotos[state][nonterminal]`` is the state after a reduction; ``rules[i]`` is
``(nonterminal, size, callback_key)``.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import lark
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

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


def _cache_path(text: str, version: str) -> Optional[str]:
    """A writable per-user cache file name for these tables, or None."""
    key = hashlib.sha256(f"{version}\0{text}".encode("utf-8")).hexdigest()[:24]
    candidates = []
    if os.environ.get("XDG_CACHE_HOME"):
        candidates.append(Path(os.environ["XDG_CACHE_HOME"]) / "dataway")
    candidates.append(Path.home() / ".cache" / "dataway")
    candidates.append(Path(tempfile.gettempdir()) / f"dataway-{os.getuid()}"
                      if hasattr(os, "getuid") else Path(tempfile.gettempdir()) / "dataway")
    for directory in candidates:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if os.access(directory, os.W_OK):
                return str(directory / f"lalr-{key}.lark-cache")
        except OSError:
            continue
    return None


class _ExternalLexer(Lexer):
    """Placeholder lexer: tokens come from dataway.syntax.tokenizer, never from Lark."""

    def __init__(self, conf: object) -> None:
        pass

    def lex(self, lexer_state: object, parser_state: object):  # pragma: no cover
        raise NotImplementedError


def _build() -> Tables:
    text = grammar_text()
    options = dict(parser="lalr", lexer=_ExternalLexer, start=["file_input", "eval_input"])
    cache = _cache_path(text, lark.__version__)
    try:
        parser = lark.Lark(text, cache=cache or False, **options)
    except (OSError, EOFError, ValueError):
        # An unreadable or unwritable cache is never fatal.
        parser = lark.Lark(text, **options)
    table = parser.parser.parser.parser.parse_table
    rule_index: dict[object, int] = {}
    rules = []
    for rule in {id(r): r for state in table.states.values()
                 for action, r in state.values() if action is not Shift}.values():
        rule_index[rule] = len(rules)
        rules.append((rule.origin.name, len(rule.expansion), rule.alias or rule.origin.name))
    actions: dict[int, dict[str, int]] = {}
    gotos: dict[int, dict[str, int]] = {}
    for state, row in table.states.items():
        acts = actions.setdefault(state, {})
        gos = gotos.setdefault(state, {})
        for symbol, (action, arg) in row.items():
            if action is Shift:
                if symbol.isupper() or symbol.startswith("$"):
                    acts[symbol] = arg
                else:
                    gos[symbol] = arg
            else:
                acts[symbol] = -1 - rule_index[arg]
    terminal_text = {t.name: t.pattern.value for t in parser.terminals
                     if hasattr(t.pattern, "value")}
    return Tables(actions, gotos, tuple(rules), dict(table.start_states),
                  dict(table.end_states), terminal_text)


def tables() -> Tables:
    """The process-wide tables (built on first use)."""
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _build()
    return _tables

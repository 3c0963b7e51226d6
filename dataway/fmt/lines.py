"""A script as formatter entries: statements and comment lines, with depth and blank lines.

The token stream gives logical lines (NEWLINE-terminated) and block depth (INDENT/DEDENT).
Each logical line becomes one or more *statement* entries: a one-line compound statement
(``if x: y``) is split into its header and its body one level deeper, and ``a; b`` into two
statements, as PEP 8 asks. Comment-only lines become *comment* entries; comments that share a
line with code, or sit inside a bracketed statement, belong to that statement.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from dataway.lint.comments import Comment

from .tokens import CLOSERS, COMPOUND_STARTS, OPENERS, Tok

__all__ = ["Entry", "build_entries"]


@dataclass
class Entry:
    """One output unit: a statement (``tokens``) or a comment line (``comment``)."""

    depth: int
    first_line: int
    last_line: int
    tokens: list[Tok] = field(default_factory=list)
    comment: Optional[str] = None
    header: bool = False  # a compound statement header: its body follows one level deeper
    split: bool = False   # came from splitting a source line (its column means nothing)
    comments: dict[int, str] = field(default_factory=dict)  # statement comments by line
    blanks: int = 0       # blank source lines just before it
    column: int = 0       # a comment line's source indentation (code points)

    @property
    def is_def(self) -> bool:
        """A function or class definition (or its decorator): PEP 8 puts blank lines around."""
        if not self.tokens:
            return False
        first = self.tokens[0].type
        if first == "ASYNC" and len(self.tokens) > 1:
            first = self.tokens[1].type
        return first in ("DEF", "CLASS", "AT")

    @property
    def decorator(self) -> bool:
        """A decorator line: the definition it decorates follows without a blank line."""
        return bool(self.tokens) and self.tokens[0].type == "AT"


def _header_colon(tokens: list[Tok]) -> Optional[int]:
    """Index of a compound header's ':' (not a lambda's, not inside brackets)."""
    depth = lambdas = 0
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in OPENERS:
            depth += 1
        elif t in CLOSERS:
            depth -= 1
        elif depth == 0:
            if t == "LAMBDA":
                lambdas += 1
            elif t == "COLON":
                if not lambdas:
                    return i
                lambdas -= 1
    return None


def _split_semicolons(tokens: list[Tok]) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.type in OPENERS:
            depth += 1
        elif tok.type in CLOSERS:
            depth -= 1
        if tok.type == "SEMI" and depth == 0:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _statements(tokens: list[Tok], depth: int) -> list[Entry]:
    """The statement entries of one logical line."""
    out: list[Entry] = []

    def add(part: list[Tok], d: int, header: bool = False) -> None:
        out.append(Entry(d, part[0].line, part[-1].end_line, part, header=header,
                         split=bool(out)))

    body = tokens
    if tokens[0].type in COMPOUND_STARTS:
        colon = _header_colon(tokens)
        if colon is not None:
            add(tokens[:colon + 1], depth, header=True)
            body = tokens[colon + 1:]
            depth += 1
    for part in _split_semicolons(body):
        add(part, depth)
    return out


def build_entries(tokens: list[Tok], comments: list[Comment]) -> list[Entry]:
    """Statements and comment lines in source order, comments attached, blank lines counted."""
    entries: list[Entry] = []
    depth = 0
    line: list[Tok] = []
    for tok in tokens:
        t = tok.type
        if t == "INDENT":
            depth += 1
        elif t == "DEDENT":
            depth -= 1
        elif t == "NEWLINE":
            if line:
                entries.extend(_statements(line, depth))
            line = []
        elif t != "$END":
            line.append(tok)
    if line:
        entries.extend(_statements(line, depth))
    merged = _attach_comments(entries, comments)
    previous_last = 0
    for entry in merged:
        entry.blanks = max(0, entry.first_line - previous_last - 1) if previous_last else 0
        previous_last = max(previous_last, entry.last_line)
    _place_comments(merged)
    return merged


def _attach_comments(entries: list[Entry], comments: list[Comment]) -> list[Entry]:
    """Give statement-line comments to their statements; the rest become comment entries."""
    owner: dict[int, Entry] = {}
    for entry in entries:
        for n in range(entry.first_line, entry.last_line + 1):
            owner[n] = entry  # a later statement on the same line wins (split lines)
    merged: list[Entry] = []
    pending = iter(entries)
    nxt = next(pending, None)
    for c in comments:
        target = owner.get(c.line)
        if target is not None:
            target.comments[c.line] = c.text
            continue
        while nxt is not None and nxt.first_line < c.line:
            merged.append(nxt)
            nxt = next(pending, None)
        merged.append(Entry(0, c.line, c.line, comment=c.text, column=c.column - 1))
    while nxt is not None:
        merged.append(nxt)
        nxt = next(pending, None)
    return merged


def _place_comments(entries: list[Entry]) -> None:
    """Give each comment line the block depth its indentation shows, within what is open.

    A comment between two statements may belong to any block open at that point: from the
    next statement's depth up to the previous statement's (one deeper after a header). Of
    those it takes the deepest whose source indentation it reaches.
    """
    next_depth = [0] * len(entries)
    following = 0
    for i in range(len(entries) - 1, -1, -1):
        if entries[i].comment is None:
            following = entries[i].depth
        next_depth[i] = following
    widths: list[int] = []  # source indentation of each open block level
    prev: Optional[Entry] = None
    for i, entry in enumerate(entries):
        if entry.comment is None:
            if not entry.split:
                del widths[entry.depth:]
                while len(widths) < entry.depth:
                    widths.append(widths[-1] + 1 if widths else 0)
                widths.append(entry.tokens[0].col - 1)
            prev = entry
            continue
        low = next_depth[i]
        high = prev.depth + (1 if prev.header else 0) if prev is not None else 0
        depth = low
        for d in range(low + 1, high + 1):
            if d < len(widths) and widths[d] <= entry.column:
                depth = d
        entry.depth = depth

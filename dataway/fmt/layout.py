"""Layout: statements to physical lines, and blank lines between entries (PEP 8).

Within a statement the author's line breaks are kept (inside brackets, and backslash
continuations); only indentation and spaces are decided here. A continuation line inside a
bracket uses a *hanging* indent when the bracket ends its line (one level deeper than the line
that opened it, two levels for a compound statement header so the body stands out) and is
otherwise *aligned* with the first token after the bracket; a line starting with the closing
bracket goes back to the opening line's indentation. All of it depends only on the output, so
formatting twice changes nothing.

Blank lines: two around top-level ``def`` (and ``class``), one around nested ones, none at the
start of a block or after a decorator; elsewhere the author's blank lines are kept, at most two
at top level and one inside blocks. Comment lines directly above a definition stay with it.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lines import Entry
from .spacing import roles, spaces
from .tokens import CLOSERS, OPENERS

__all__ = ["render_entries", "INDENT"]

INDENT = "    "


def normalise_comment(text: str) -> str:
    """``#comment`` -> ``# comment`` (PEP 8), keeping ``#!``, ``#:`` and ``##`` forms."""
    text = text.rstrip()
    if len(text) > 1 and text[1] not in " #!:":
        return "# " + text[1:]
    return text


@dataclass
class _Open:
    indent: int  # continuation lines inside this bracket
    closer: int  # a line starting with the closing bracket


def _indent_of(line: str) -> int:
    last = line[line.rfind("\n") + 1:]
    return len(last) - len(last.lstrip(" "))


def render_statement(entry: Entry) -> list[str]:
    """The physical output lines of one statement entry (multi-line strings inside one item)."""
    tokens = entry.tokens
    role = roles(tokens)
    space = spaces(tokens, role)
    base = len(INDENT) * entry.depth
    extra = 2 * len(INDENT) if entry.header else len(INDENT)
    out: list[str] = []
    cur = " " * base
    stack: list[_Open] = []
    for i, tok in enumerate(tokens):
        if i:
            prev = tokens[i - 1]
            if tok.line > prev.end_line:
                comment = entry.comments.get(prev.end_line)
                if comment is not None:
                    cur += "  " + normalise_comment(comment)
                elif not stack:
                    cur += " \\"
                out.append(cur)
                inner = stack[-1].indent if stack else base + extra
                for n in range(prev.end_line + 1, tok.line):
                    if n in entry.comments:
                        out.append(" " * inner + normalise_comment(entry.comments[n]))
                if tok.type in CLOSERS and stack:
                    cur = " " * stack[-1].closer
                else:
                    cur = " " * inner
            elif space[i]:
                cur += " "
        if tok.type in CLOSERS and stack:
            stack.pop()
        cur += tok.text
        if tok.type in OPENERS:
            line_indent = _indent_of(cur)
            hanging = i + 1 < len(tokens) and tokens[i + 1].line > tok.end_line
            if hanging:
                stack.append(_Open(line_indent + extra, line_indent))
            else:
                stack.append(_Open(len(cur) - (cur.rfind("\n") + 1), line_indent))
    last = tokens[-1].end_line
    if last in entry.comments:
        cur += "  " + normalise_comment(entry.comments[last])
    out.append(cur)
    return out


def _blank_lines(entries: list[Entry], i: int, followers: set[int]) -> int:
    """Blank lines before ``entries[i]`` (not the first of an attached comment block)."""
    entry = entries[i]
    if i == 0 or i in followers:
        return 0
    prev = entries[i - 1]
    if prev.comment is None and (prev.decorator or (prev.header and entry.depth > prev.depth)):
        return 0
    wanted = 2 if entry.depth == 0 else 1
    if (entry.comment is None and entry.is_def) or _leaves_definition(entries, i):
        return wanted
    return min(entry.blanks, wanted)


def _leaves_definition(entries: list[Entry], i: int) -> bool:
    """True when ``entries[i]`` is the first entry after the body of a def at its depth."""
    entry = entries[i]
    if entries[i - 1].depth <= entry.depth:
        return False
    for j in range(i - 1, -1, -1):
        e = entries[j]
        if e.comment is None and e.depth <= entry.depth:
            return e.is_def and e.depth == entry.depth
    return False


def _attached_comments(entries: list[Entry]) -> dict[int, int]:
    """Comment blocks directly above a definition: first comment index -> definition index.

    Returns the mapping and implies that the rest of the block and the definition get no
    blank line before them.
    """
    result: dict[int, int] = {}
    i = 0
    while i < len(entries):
        if entries[i].comment is None:
            i += 1
            continue
        j = i
        while j < len(entries) and entries[j].comment is not None \
                and (j == i or entries[j].blanks == 0):
            j += 1
        if j < len(entries) and entries[j].comment is None and entries[j].blanks == 0 \
                and entries[j].is_def and all(entries[k].depth == entries[j].depth
                                               for k in range(i, j)):
            result[i] = j
        i = j
    return result


def render_entries(entries: list[Entry]) -> str:
    """The formatted script: every entry's lines with the blank lines between them."""
    attached_blocks = _attached_comments(entries)
    followers: set[int] = set()
    for start, definition in attached_blocks.items():
        followers.update(range(start + 1, definition + 1))
    lines: list[str] = []
    for i, entry in enumerate(entries):
        if i in attached_blocks:
            blanks = _blank_before_definition(entries, i, attached_blocks[i])
        else:
            blanks = _blank_lines(entries, i, followers)
        lines.extend([""] * blanks)
        if entry.comment is not None:
            lines.append(INDENT * entry.depth + normalise_comment(entry.comment))
        else:
            lines.extend(render_statement(entry))
    return "\n".join(lines) + "\n" if lines else ""


def _blank_before_definition(entries: list[Entry], start: int, definition: int) -> int:
    """Blank lines before a comment block attached to a definition: the definition's own."""
    if start == 0:
        return 0
    prev = entries[start - 1]
    if prev.comment is None and (prev.decorator or (prev.header and
                                                    entries[start].depth > prev.depth)):
        return 0
    return 2 if entries[definition].depth == 0 else 1

"""Fast provisional diagnostics after an edit inside one function of a large code-mode script.

A full check of a 2,000-line script costs hundreds of milliseconds of parsing and checking;
typing needs an answer in well under that. When an edit stays inside the body of one top-level
function, the server checks a *synthetic* script instead: every line outside the edited function
is kept, except the other top-level functions: those whose name the edited function mentions
(and ``dw_process``) keep their ``def`` lines over a ``pass`` body, so calls, signatures and
redefinitions are still checked; the others become blank lines. Line numbers are unchanged, so
the synthetic script's diagnostics inside the edited function are those of the real script, and
diagnostics elsewhere are taken from the last full check (shifted by the lines the edit added or
removed).

The result is provisional: a finding outside the edited function that the edit changes (the
last use of an import removed, a ``global`` declared in another function) shows up with the full
check that follows when typing pauses. Everything that is not a plain edit inside one function
body (an edited ``def`` line, text between functions, several functions touched, a script that
did not parse) takes the full check directly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Optional

from dataway.diagnostics import Diagnostic, sort_diagnostics
from dataway.syntax import ast as A

__all__ = ["Baseline", "baseline", "provisional"]

_WORD = re.compile(r"[^\W\d]\w*")
#: Errors only the parser reports; it then gives no tree and the checker does not run.
_SYNTAX = frozenset(f"DW{n}" for n in (*range(100, 110), 113, 114))
#: Errors both the parser (no tree) and the checker (with a tree) report: which one spoke
#: cannot be told from the diagnostics, so they take the full check.
_AMBIGUOUS = frozenset({"DW110", "DW111", "DW112"})
#: Constructs left open: where the parser notices depends on all the text after them.
_UNTERMINATED = frozenset({"DW101", "DW102"})
#: What the parser reports while still giving a tree (a warning and two refusals).
_PARSE_FINDINGS = frozenset({"DW120", "DW309", "DW311"})


@dataclass(frozen=True)
class _Function:
    """A top-level function whose body starts below its ``def`` line (1-based lines)."""

    name: str
    start: int       # the def line
    body: int        # first line of the body
    end: int         # last line
    indent: str      # indentation of the first body line


@dataclass(frozen=True)
class Baseline:
    """The last fully checked state of a document: its lines, functions and diagnostics."""

    lines: tuple[str, ...]
    functions: tuple[_Function, ...]
    diagnostics: tuple[Diagnostic, ...]


def _split(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def baseline(text: str, tree: Optional[A.Node], diagnostics: list[Diagnostic]
             ) -> Optional[Baseline]:
    """A baseline from a full check of ``text`` and its parsed tree (None: no fast path)."""
    if not isinstance(tree, A.Module):
        return None
    lines = _split(text)
    functions = []
    for stmt in tree.body:
        if isinstance(stmt, A.FunctionDef) and stmt.body and stmt.body[0].line > stmt.line:
            first = lines[stmt.body[0].line - 1]
            indent = first[:len(first) - len(first.lstrip())]
            if indent:
                functions.append(_Function(stmt.name, stmt.line, stmt.body[0].line,
                                           stmt.end_line, indent))
    return Baseline(tuple(lines), tuple(functions), tuple(diagnostics))


def _changed(old: tuple[str, ...], new: list[str]) -> tuple[int, int, int]:
    """(lines in common at the start, at the end, line delta) of two versions."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix, len(new) - len(old)


def _shift(d: Diagnostic, delta: int) -> Diagnostic:
    return replace(d, line=d.line + delta, end_line=d.end_line + delta) if delta else d


def provisional(base: Baseline, text: str,
                check: Callable[[str], list[Diagnostic]]) -> Optional[list[Diagnostic]]:
    """Diagnostics of ``text`` computed by ``check`` on a synthetic script, or None when the
    edit since ``base`` is not confined to one function body."""
    new = _split(text)
    prefix, suffix, delta = _changed(base.lines, new)
    if prefix == len(base.lines) == len(new):
        return list(base.diagnostics)  # same text
    first_old, last_old = prefix + 1, len(base.lines) - suffix  # changed old lines (1-based)
    edited = next((f for f in base.functions
                   if f.body <= first_old and max(last_old, first_old - 1) <= f.end), None)
    if edited is None:
        return None
    end_new = edited.end + delta
    # Other functions the edited one can see by name keep their def line (for calls, arity
    # and redefinition checks) with a ``pass`` body; the rest become blank lines.
    words = set(_WORD.findall("\n".join(new[edited.start - 1:end_new])))
    kept = {f.start: f for f in base.functions
            if f is not edited and (f.name in words or f.name == "dw_process")}
    blanked = {f.start: f for f in base.functions if f is not edited and f.start not in kept}
    synthetic = []
    number = 0
    while number < len(new):
        line_no = number + 1
        if edited.start <= line_no <= end_new:
            synthetic.append(new[number])
            number += 1
            continue
        old_no = line_no if line_no < edited.start else line_no - delta
        if old_no in kept:
            stub = kept[old_no]
            synthetic.extend(new[number:number + stub.body - stub.start])
            synthetic.append(stub.indent + "pass")
            synthetic.extend([""] * (stub.end - stub.body))
            number += stub.end - stub.start + 1
            continue
        if old_no in blanked:
            gone = blanked[old_no]
            synthetic.extend([""] * (gone.end - gone.start + 1))
            number += gone.end - gone.start + 1
            continue
        synthetic.append(new[number])
        number += 1
    found = check("\n".join(synthetic))
    if any(d.code in _AMBIGUOUS and d.is_error for d in found):
        return None
    if any(d.code in _SYNTAX and d.is_error for d in found):
        # A syntax error stops the parse (no tree, no checker): the full check reports the
        # parser's findings up to it. Inside the edited function those are the synthetic
        # script's; before it, the last full check's; after it there are none. An error the
        # edit pushes past the function's end (an unclosed bracket or string, a token running
        # on) depends on text the synthetic script changed: full check.
        inside = range(edited.start, end_new + 1)
        if any(d.line not in inside or d.end_line not in inside or d.code in _UNTERMINATED
               for d in found if d.code in _SYNTAX):
            return None
        before = [d for d in base.diagnostics
                  if d.line < edited.start and d.code in _PARSE_FINDINGS]
        return sort_diagnostics(before + [d for d in found if d.line in inside and (
            d.code in _SYNTAX or d.code in _PARSE_FINDINGS)])
    inside = [d for d in found if edited.start <= d.line <= end_new]
    kept = [d for d in base.diagnostics if d.line < edited.start]
    kept += [_shift(d, delta) for d in base.diagnostics if d.line > edited.end]
    return sort_diagnostics(kept + inside)

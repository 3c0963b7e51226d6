"""How REPL inputs become one Dataway script, and how positions map back to the inputs.

**State decision (code mode).** The sandbox has no persistent namespace to keep between
evaluations, so the session keeps the *source* of every accepted input and evaluates a fresh
script per input:

* inputs made only of ``def`` and ``import`` statements are kept at the top level;
* every other input is kept as a statement of the body of an implicit ``dw_process(msg)``, so
  ``msg`` is in scope as in a real script; earlier body inputs run again before the new one;
* when the new input ends with an expression, that expression is the result shown.

Re-running earlier inputs re-creates their values, not their effects on the outside world
(scripts have none): ``print`` output of earlier inputs is hidden by a marker, and the session
fixes the ``random`` seed so re-runs see the same numbers. An input that fails is not kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from dataway.syntax import ast as A
from dataway.syntax.parser import parse

__all__ = ["Program", "build_program", "LOG_MARKER", "split_input", "TOP_LEVEL"]

LOG_MARKER = "\x00dataway-repl-input\x00"
"""Printed right before the new input runs; the log before it belongs to earlier inputs."""

TOP_LEVEL = (A.FunctionDef, A.Import, A.ImportFrom)
_INDENT = "    "


@dataclass
class Program:
    """A generated script: ``source`` plus, per script line, the (input index, input line,
    column shift) it came from; the input index is -1 for the new input, None for glue."""

    source: str
    origins: list[Optional[tuple[int, int, int]]] = field(default_factory=list)
    has_result: bool = False

    def origin(self, line: int) -> Optional[tuple[int, int, int]]:
        """Where script line ``line`` (1-based) came from, or None for generated lines."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return None


@dataclass(frozen=True)
class Split:
    """A parsed input: ``top`` when every statement belongs at the top level; ``result`` the
    (first line, last line) of a final expression statement, if any."""

    top: bool
    defines_process: bool
    result: Optional[tuple[int, int]]
    has_return: bool


def split_input(text: str) -> Optional[Split]:
    """Classify an input (None when it does not parse on its own)."""
    tree = parse(text, "code").tree
    if not isinstance(tree, A.Module) or not tree.body:
        return None
    body = tree.body
    top = all(isinstance(s, TOP_LEVEL) for s in body)
    defines = any(isinstance(s, A.FunctionDef) and s.name == "dw_process" for s in body)
    last = body[-1]
    result = (last.line, last.end_line) if isinstance(last, A.ExprStmt) else None
    has_return = any(isinstance(s, (A.Return,)) for s in body)
    return Split(top, defines, result, has_return)


def build_program(top: list[str], body: list[str], new: str, split: Optional[Split]) -> Program:
    """The script for evaluating ``new`` after the kept ``top`` and ``body`` inputs."""
    prog = Program("")
    lines: list[str] = []

    def add(text: str, index: int, shift: int, start: int = 1) -> None:
        for offset, line in enumerate(text.split("\n")):
            lines.append((_INDENT if shift else "") + line if line.strip() else "")
            prog.origins.append((index, start + offset, shift))

    for i, text in enumerate(top):
        add(text, i, 0)
    new_is_top = split is not None and split.top
    if new_is_top:
        add(new, -1, 0)
    lines.append("def dw_process(msg):")
    prog.origins.append(None)
    for i, text in enumerate(body):
        add(text, len(top) + i, len(_INDENT))
    lines.append(f"{_INDENT}print({LOG_MARKER!r}, end='')")
    prog.origins.append(None)
    if not new_is_top:
        new_lines = new.split("\n")
        if split is not None and split.result is not None:
            first, last = split.result
            if first > 1:
                add("\n".join(new_lines[:first - 1]), -1, len(_INDENT))
            lines.append(f"{_INDENT}return (")
            prog.origins.append(None)
            add("\n".join(new_lines[first - 1:last]), -1, len(_INDENT), first)
            lines.append(f"{_INDENT})")
            prog.origins.append(None)
            prog.has_result = True
        else:
            add(new, -1, len(_INDENT))
    lines.append(f"{_INDENT}return None")
    prog.origins.append(None)
    prog.source = "\n".join(lines) + "\n"
    return prog

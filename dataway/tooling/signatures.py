"""Signature help: the signature of the call the cursor is in, with the active parameter.

Works on unfinished code (``json.dumps(value, ind|``): the enclosing call is found by scanning
the text before the cursor for an unclosed ``(`` (strings and comments skipped), the callee is
resolved by :func:`dataway.tooling.lookup.lookup`, and the argument being written is counted
from the commas at the call's own bracket depth. A keyword argument (``indent=``) selects its
parameter by name.

Editor-independent: the cursor is a 1-based line and 1-based code-point column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from dataway.tooling import catalog
from dataway.tooling.lookup import function_params, lookup

__all__ = ["SignatureInfo", "signature_help", "render_signature"]

#: How far back (lines) the enclosing call's ``(`` is searched for.
WINDOW = 30
_KEYWORD = re.compile(r"\s*([^\W\d]\w*)\s*=(?!=)")


@dataclass(frozen=True)
class SignatureInfo:
    """``label`` (``dumps(obj, *, indent=None) -> str``), ``params``: each parameter's
    [start, end) offsets in the label, ``active``: index into ``params`` (None when the
    argument matches no parameter), ``doc``: one line."""

    label: str
    params: tuple[tuple[int, int], ...]
    active: Optional[int]
    doc: str = ""


def render_signature(name: str, params: tuple[catalog.Param, ...],
                     returns: Optional[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Label and parameter offsets, with ``/`` and ``*`` markers as Python writes them."""
    label = f"{name}("
    offsets = []
    star_done = False
    parts: list[tuple[str, bool]] = []  # (text, is a parameter)
    for i, p in enumerate(params):
        if p.kind == catalog.KEYWORD_ONLY and not star_done:
            parts.append(("*", False))
            star_done = True
        if p.kind == catalog.VAR_POSITIONAL:
            star_done = True
        parts.append((p.render(), True))
        nxt = params[i + 1] if i + 1 < len(params) else None
        if p.kind == catalog.POSITIONAL_ONLY and (nxt is None
                                                   or nxt.kind != catalog.POSITIONAL_ONLY):
            parts.append(("/", False))
    for index, (text, is_param) in enumerate(parts):
        if index:
            label += ", "
        if is_param:
            offsets.append((len(label), len(label) + len(text)))
        label += text
    label += ")"
    if returns:
        label += f" -> {returns}"
    return label, tuple(offsets)


def _open_call(text: str) -> Optional[int]:
    """Index of the innermost ``(`` left open at the end of ``text`` (None if none)."""
    stack: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 1
                elif text[j] == "\n" and len(quote) == 1:
                    break
                j += 1
            i = j + len(quote)
            continue
        if ch in "([{":
            stack.append(i)
        elif ch in ")]}" and stack:
            stack.pop()
        i += 1
    # Inside a list or dict display that is an argument, the call around it is still the one
    # being written.
    for top in reversed(stack):
        if text[top] == "(":
            return top
    return None


def _arguments(text: str) -> tuple[int, str]:
    """(index of the argument being written, its text) for the text after ``(``."""
    depth = 0
    index = 0
    current_start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            end = text.find(ch, i + 1)
            i = len(text) if end < 0 else end + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            index += 1
            current_start = i + 1
        i += 1
    return index, text[current_start:]


def _active(params: tuple[catalog.Param, ...], index: int, current: str) -> Optional[int]:
    keyword = _KEYWORD.match(current)
    if keyword:
        for i, p in enumerate(params):
            if p.name == keyword.group(1) and p.kind not in (catalog.POSITIONAL_ONLY,
                                                             catalog.VAR_POSITIONAL):
                return i
        kwargs = [i for i, p in enumerate(params) if p.kind == catalog.VAR_KEYWORD]
        return kwargs[0] if kwargs else None
    positional = [i for i, p in enumerate(params)
                  if p.kind in (catalog.POSITIONAL_ONLY, catalog.POSITIONAL)]
    if index < len(positional):
        return positional[index]
    star = [i for i, p in enumerate(params) if p.kind == catalog.VAR_POSITIONAL]
    return star[0] if star else None


def signature_help(source: str, line: int, column: int,
                   mode: str = "code") -> Optional[SignatureInfo]:
    """Signature help at 1-based ``line``/``column`` (None outside a known call)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not 0 < line <= len(lines):
        return None
    first = max(0, line - 1 - WINDOW)
    window = lines[first:line - 1] + [lines[line - 1][:max(column - 1, 0)]]
    text = "\n".join(window)
    opened = _open_call(text)
    if opened is None:
        return None
    call_line = first + text.count("\n", 0, opened) + 1
    call_col = opened - (text.rfind("\n", 0, opened) + 1)  # 0-based code points
    target = lookup(source, call_line, call_col, mode)
    if target is None:
        return None
    index, current = _arguments(text[opened + 1:])
    if target.function is not None:
        params = function_params(target.function, source)
        label, offsets = render_signature(target.function.name, params, None)
        return SignatureInfo(label, offsets, _active(params, index, current))
    entry = target.entry
    if entry is None or entry.params is None:
        return None
    returns = entry.returns if entry.kind not in ("class", "exception") else None
    label, offsets = render_signature(entry.name, entry.params, returns)
    return SignatureInfo(label, offsets, _active(entry.params, index, current),
                         entry.doc)

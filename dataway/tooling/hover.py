"""Hover text for a name under the cursor: signature and one-line documentation of builtins,
modules, module members, methods and ``msg`` fields (from the catalog), the ``def`` line and
docstring of script functions, and the inferred type of script variables where it is known.

Editor-independent: the cursor is a 1-based line and 1-based code-point column; the answer is
Markdown plus the span of the hovered word.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from dataway.syntax import ast as A
from dataway.tooling import catalog
# The completion engine's one-line lexical test, shared so both agree on what is code.
from dataway.tooling.completion_names import _ends_open as ends_in_string_or_comment
from dataway.tooling.lookup import Target, function_params, lookup

__all__ = ["HoverInfo", "hover", "word_at", "render_entry", "function_signature"]

_KIND_WORDS = {"function": "function", "method": "method", "class": "class",
               "exception": "exception", "module": "module", "const": "constant",
               "attr": "attribute", "field": "field"}
_BINDING_WORDS = {"param": "parameter", "import": "module", "def": "function"}


@dataclass(frozen=True)
class HoverInfo:
    """Markdown to show and the hovered word's span (1-based line and columns, end
    exclusive)."""

    markdown: str
    line: int
    column: int
    end_column: int


def word_at(text: str, column: int) -> Optional[tuple[int, int]]:
    """0-based [start, end) of the identifier at or just before 1-based ``column``."""
    index = column - 1
    if not (0 <= index <= len(text)):
        return None
    start = end = index
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    if start == end or text[start].isdigit():
        return None
    return start, end


def _code(text: str) -> str:
    return f"```python\n{text}\n```"


def render_entry(entry: catalog.Entry) -> str:
    """Markdown for a catalog entry: kind, qualified signature, the one-line doc."""
    word = _KIND_WORDS.get(entry.kind, entry.kind)
    if entry.kind == "module":
        head = f"(module) {entry.qualified}"
        doc = entry.doc or catalog.MODULE_DOCS.get(entry.qualified, "")
    else:
        signature = entry.signature()
        head = f"({word}) {entry.owner + '.' if entry.owner else ''}{signature}"
        doc = entry.doc
    return _code(head) + (f"\n\n{doc}" if doc else "")


def function_signature(fn: A.FunctionDef, source: str) -> str:
    """``def name(params)`` of a script function, defaults as written."""
    return f"def {fn.name}({catalog.render_params(function_params(fn, source))})"


def _docstring(fn: A.FunctionDef) -> str:
    first = fn.body[0] if fn.body else None
    if isinstance(first, A.ExprStmt) and isinstance(first.value, A.Constant) \
            and isinstance(first.value.value, str):
        lines = [ln.strip() for ln in first.value.value.strip().splitlines()]
        return lines[0] if lines else ""
    return ""


def _render(target: Target, word: str, source: str) -> Optional[str]:
    if target.function is not None:
        doc = _docstring(target.function)
        return _code("(function) " + function_signature(target.function, source)) + (
            f"\n\n{doc}" if doc else "")
    if target.entry is not None:
        return render_entry(target.entry)
    kind = target.kind
    type_text = kind.type_key or kind.module or (f"type[{kind.type_object}]"
                                                 if kind.type_object else None)
    if target.name is not None:
        if kind.module:  # ``import json as j``: the module's documentation
            doc = catalog.MODULE_DOCS.get(kind.module, "")
            text = f"(module) {word}" + (f" = {kind.module}" if kind.module != word else "")
            return _code(text) + (f"\n\n{doc}" if doc else "")
        if kind.type_object:  # ``from decimal import Decimal``
            return _code(f"(class) {word}: {type_text}")
        word_kind = _BINDING_WORDS.get(target.name.binding, "variable")
        return _code(f"({word_kind}) {word}" + (f": {type_text}" if type_text else ""))
    if word == "msg" and kind.type_key == "Message":
        return _code("(variable) msg: Message") + "\n\nThe message being processed."
    return None


def hover(source: str, line: int, column: int, mode: str = "code") -> Optional[HoverInfo]:
    """Hover for the name at 1-based ``line``/``column``, or None when there is nothing to
    say (whitespace, strings, comments, unknown attributes)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    span = word_at(text, column)
    if span is None or ends_in_string_or_comment(text[:span[0]]):
        return None
    start, end = span
    target = lookup(source, line, end, mode)
    if target is None:
        return None
    markdown = _render(target, text[start:end], source)
    if markdown is None:
        return None
    return HoverInfo(markdown, line, start + 1, end + 1)

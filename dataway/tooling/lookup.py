"""What the expression written before a cursor refers to: the shared step of hover and
signature help.

The cursor usually sits in unfinished code, so the expression is read backwards from the text
of one line (``json.dumps``, ``msg.payload.get``, ``'a,b'.split``, ``s.strip().lower``), never
from a successful parse. Its head is looked up among the script names visible at the cursor
(:func:`dataway.tooling.completion_names.visible_names`, the same inference completion uses),
then ``msg``, then the builtins and preloaded modules of the catalog; each ``.attr`` and call
after it is followed through the catalog's member and return types.

Script functions come with their ``def`` node so callers can show the real parameters.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from dataway.syntax import ast as A
from dataway.tooling import catalog
from dataway.tooling.completion_names import (UNKNOWN, Kind, ScopeName, call_kind, entry_kind,
                                              member_kind, parse_repaired, visible_names)

__all__ = ["Target", "read_chain", "lookup", "function_params", "find_function", "class_entry"]

_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class Target:
    """What a chain refers to.

    ``kind``: what reading it gives; ``entry``: the catalog entry of its last part (a builtin,
    module member, method, attribute or ``msg`` field); ``name``: the script name when the chain
    is one visible script name; ``function``: the script ``def`` a bare name is bound to.
    """

    text: str
    kind: Kind
    entry: Optional[catalog.Entry] = None
    name: Optional[ScopeName] = None
    function: Optional[A.FunctionDef] = None


def _ident_start(text: str, end: int) -> int:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    while start < end and text[start].isdigit():  # identifiers do not start with a digit
        start += 1
    return start


def _matching_open(text: str, close: int) -> int:
    """Index of the bracket opening the one at ``close`` (-1 when unbalanced)."""
    depth = 0
    quote = ""
    for i in range(close, -1, -1):
        ch = text[i]
        if quote:
            if ch == quote and (i == 0 or text[i - 1] != "\\"):
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in ")]}":
            depth += 1
        elif ch in "([{":
            depth -= 1
            if depth == 0:
                return i
    return -1


def read_chain(text: str, end: int) -> Optional[list[tuple[str, str]]]:
    """The chain ending at index ``end`` of one line, head first: ``('name', id)``,
    ``('literal', type key)``, then ``('attr', id)``, ``('call', '')``, ``('index', '')``.
    None when no chain ends there."""
    ops: list[tuple[str, str]] = []
    pos = end
    while True:
        if pos > 0 and text[pos - 1] in _CLOSERS:
            opened = _matching_open(text, pos - 1)
            if opened < 0:
                return None
            before = opened
            if before > 0 and (text[before - 1].isalnum() or text[before - 1] in "_)]'\""):
                ops.append(("call" if text[pos - 1] == ")" else "index", ""))
                pos = before
                continue
            ops.append(("literal", "list" if text[pos - 1] == "]" else "tuple"))
            pos = opened
        elif pos > 0 and text[pos - 1] in "'\"":
            quote = text[pos - 1]
            opened = text.rfind(quote, 0, pos - 1)
            if opened < 0:
                return None
            prefix = _ident_start(text, opened)
            kind = "bytes" if "b" in text[prefix:opened].lower() else "str"
            ops.append(("literal", kind))
            pos = prefix
        else:
            start = _ident_start(text, pos)
            if start == pos:
                return None
            ops.append(("name", text[start:pos]))
            pos = start
        if pos > 0 and text[pos - 1] == "." and not (pos > 1 and text[pos - 2] == "."):
            if ops[-1][0] == "name":
                ops[-1] = ("attr", ops[-1][1])
            elif ops[-1][0] == "literal":
                return None  # ``x.'a'`` is not a chain
            pos -= 1
            continue
        break
    ops.reverse()
    if ops[0][0] not in ("name", "literal"):
        return None
    return ops


def lookup(source: str, line: int, end: int, mode: str = "code") -> Optional[Target]:
    """What the chain ending at 0-based code-point ``end`` of 1-based ``line`` refers to."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    ops = read_chain(text, end)
    if ops is None:
        return None
    head_kind, head_value = ops[0]
    chain_start = end - len(_render(ops))
    entry: Optional[catalog.Entry] = None
    name: Optional[ScopeName] = None
    if head_kind == "literal":
        kind = Kind(head_value)
    else:
        name = visible_names(source, line, max(chain_start, 0), mode).get(head_value) \
            if mode == "code" else None
        if name is not None:
            kind = name.kind
            if kind.type_object:  # ``from decimal import Decimal``: the class's own entry
                entry = class_entry(kind.type_object)
        elif head_value == "msg" and mode != "code":
            kind = Kind("Message")
        else:
            entry = catalog.global_entry(head_value)
            kind = entry_kind(entry) if entry is not None else UNKNOWN
    function = None
    if name is not None and name.binding == "def" and len(ops) <= 2:
        function = find_function(source, line, chain_start, head_value, mode)
    for op, value in ops[1:]:
        if op == "attr":
            kind, entry = member_kind(kind, value)
            name = None
        elif op == "call":
            kind, entry, name, function = call_kind(kind, entry), None, None, None
        else:
            kind, entry, name = UNKNOWN, None, None
    if len(ops) > 1 and ops[-1][0] == "call":
        function = None
    return Target(_render(ops), kind, entry, name if len(ops) == 1 else None, function)


def class_entry(type_key: str) -> Optional[catalog.Entry]:
    """The catalog entry of the class whose instances have ``type_key`` (builtins first)."""
    tables = [catalog.GLOBALS, *catalog.MODULES.values()]
    for table in tables:
        for entry in table.values():
            if entry.kind in ("class", "exception") and entry.returns == type_key:
                return entry
    return None


def _render(ops: list[tuple[str, str]]) -> str:
    out = []
    for op, value in ops:
        out.append({"name": value, "attr": "." + value, "call": "()", "index": "[]",
                    "literal": f"<{value}>"}[op])
    return "".join(out)


def find_function(source: str, line: int, column: int, name: str,
                  mode: str = "code") -> Optional[A.FunctionDef]:
    """The ``def name`` visible at the cursor: the innermost enclosing function's own, else
    the module's last (what a call made at run time, after all defs ran, would find)."""
    tree = parse_repaired(source, line, column, mode)
    if tree is None:
        return None
    found: list[tuple[int, int, A.FunctionDef]] = []
    stack: list[tuple[A.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, A.FunctionDef):
            if node.name == name:
                found.append((depth, node.line, node))
            if not node.line <= line <= node.end_line:
                continue  # defs inside other functions are invisible from here
            depth += 1
        stack.extend((child, depth) for child in node.children())
    return max(found, key=lambda f: (f[0], f[1]))[2] if found else None


def function_params(fn: A.FunctionDef, source: str) -> tuple[catalog.Param, ...]:
    """The parameters of a script function as catalog parameters (defaults as written)."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)

    def written(node: A.Node) -> str:
        a = starts[node.line - 1] + node.column - 1
        b = starts[node.end_line - 1] + node.end_column - 1
        return " ".join(text[a:b].split())

    args = fn.args
    out: list[catalog.Param] = []
    positional = list(args.posonlyargs) + list(args.args)
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for i, (arg, default) in enumerate(zip(positional, defaults)):
        kind = catalog.POSITIONAL_ONLY if i < len(args.posonlyargs) else catalog.POSITIONAL
        out.append(catalog.Param(arg.arg, kind, written(default) if default else None))
    if args.vararg is not None:
        out.append(catalog.Param(args.vararg.arg, catalog.VAR_POSITIONAL))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        out.append(catalog.Param(arg.arg, catalog.KEYWORD_ONLY,
                                 written(default) if default is not None else None))
    if args.kwarg is not None:
        out.append(catalog.Param(args.kwarg.arg, catalog.VAR_KEYWORD))
    return tuple(out)

"""Completion for Dataway scripts, shared by the REPL and the language server.

:func:`complete` takes the whole source and a cursor given as a **1-based line** and a
**0-based column counted in code points** (Python ``str`` indexes; the LSP adapter converts
from UTF-16 units). It works on unfinished code: the context (after ``x.``, inside
``x['``, a bare word, an ``import``) is read from the tokens of the cursor line, never from a
successful parse; names in scope come from :mod:`dataway.tooling.completion_names`, which
parses repaired variants of the source.

Offered: script names in scope (locals, globals, parameters), builtins, preloaded modules and
keywords; module members after ``mod.``; methods and attributes after a value of a statically
known type (the :mod:`~dataway.tooling.catalog`); ``msg`` fields; Entity selectors and the keys
of the sample ``payload``/``vars``/``attrs`` inside ``[' ``; after ``msg.payload.`` the sample's
keys are offered as ``['key']`` items that replace the dot (attribute-style key access does not
exist outside ``steps`` paths, spec §7).
"""
from __future__ import annotations

import ast as _pyast
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from dataway.syntax.tokenizer import KEYWORDS, SyntaxProblem, tokenize
from dataway.tooling import catalog
from dataway.tooling.completion_names import (UNKNOWN, Kind, call_kind, entry_kind, member_kind,
                                              visible_names)

__all__ = ["CompletionItem", "complete"]

_NO_SAMPLE = object()
_MESSAGE = object()  # the "sample" of a chain standing for the message itself
_ERROR_KEYS = {"Code": "", "Description": ""}  # msg.error's keys (spec §6)

_UNSUPPORTED_KEYWORDS = frozenset({"async", "await", "class", "with"})
_EXPRESSION_KEYWORDS = ("and", "or", "not", "in", "is", "lambda", "if", "else", "for",
                        "None", "True", "False")
_KIND_RANK = {"key": 0, "selector": 0, "field": 1, "parameter": 1, "variable": 1,
              "function": 2, "method": 2, "attribute": 2, "module": 3, "class": 3,
              "constant": 3, "exception": 4, "keyword": 5}
_ENTRY_KINDS = {"function": "function", "method": "method", "class": "class",
                "exception": "exception", "module": "module", "const": "constant",
                "attr": "attribute", "field": "field"}


@dataclass(frozen=True)
class CompletionItem:
    """One proposal. Accepting it replaces columns ``start``..``end`` (0-based code points) of
    the cursor line with ``insert_text``."""

    label: str
    kind: str
    detail: str = ""
    doc: str = ""
    insert_text: str = ""
    start: int = 0
    end: int = 0


@dataclass
class _State:
    """What a chain of trailers evaluates to: a static kind plus, for ``msg`` parts, the
    sample value when one was supplied."""

    kind: Kind
    sample: Any = _NO_SAMPLE
    entry: Optional[catalog.Entry] = None  # the catalog entry just read (for a call after it)


def complete(source: str, line: int, column: int, *, mode: str = "code",
             payload: Any = _NO_SAMPLE, vars: Optional[dict] = None,
             attrs: Optional[dict] = None) -> list[CompletionItem]:
    """Completion items at ``line`` (1-based) / ``column`` (0-based code points).

    ``mode`` is ``'code'``, ``'expression'`` or ``'text'`` (in text mode only inside
    ``${...}``). ``payload``/``vars``/``attrs`` are sample message parts whose keys are
    offered. Never raises for bad source; returns ``[]`` when nothing fits (inside a comment
    or a plain string, ...).
    """
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    line = min(max(line, 1), len(lines))
    text = lines[line - 1]
    column = min(max(column, 0), len(text))
    prefix = text[:column]
    if mode in ("text", "template"):
        start = _interpolation_start(lines, line, column)
        if start is None:
            return []
        prefix = prefix[start:]
        offset = start
    else:
        offset = 0
    samples = {"payload": payload, "vars": vars if vars is not None else _NO_SAMPLE,
               "attrs": attrs if attrs is not None else _NO_SAMPLE}
    ctx = _Context(source, line, column, mode, samples)
    items = ctx.items(prefix, offset)
    return items


def _interpolation_start(lines: list[str], line: int, column: int) -> Optional[int]:
    """Column just after the ``${`` of the interpolation the cursor is in, or None (text
    mode, cursor line only): ``$${`` is an escape, and an interpolation ends at the first
    ``}`` outside brackets and string literals (spec §2.3)."""
    text = lines[line - 1][:column]
    start: Optional[int] = None
    depth = 0
    quote = ""
    i = 0
    while i < len(text):
        if start is None:
            if text.startswith("$${", i):
                i += 3
            elif text.startswith("${", i):
                start, depth, quote = i + 2, 0, ""
                i += 2
            else:
                i += 1
            continue
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if ch == "}" and depth == 0:
                start = None
            else:
                depth -= 1
        i += 1
    return start


class _Context:
    """One completion request."""

    def __init__(self, source: str, line: int, column: int, mode: str,
                 samples: dict[str, Any]) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.mode = "text" if mode == "template" else mode
        self.samples = samples
        self._names: Optional[dict] = None

    @property
    def names(self) -> dict:
        """Script names in scope (parsed lazily: key completion never needs them)."""
        if self._names is None:
            self._names = (visible_names(self.source, self.line, self.column, self.mode)
                           if self.mode == "code" else {})
        return self._names

    # -- dispatch ------------------------------------------------------------------------------

    def items(self, prefix: str, offset: int) -> list[CompletionItem]:
        state = _lexical_state(prefix)
        if state == "comment":
            return []
        if isinstance(state, tuple):  # inside a string opened at state[1]
            return self._key_items(prefix, state[0], state[1], offset)
        word = re.search(r"[^\W\d]\w*$|$", prefix)
        assert word is not None
        partial = word.group()
        start = word.start()
        before = prefix[:start]
        import_items = self._import_items(prefix, partial, offset)
        if import_items is not None:
            return import_items
        if before.rstrip().endswith(".") and not before.rstrip().endswith(".."):
            dot = len(before.rstrip()) - 1
            return self._member_items(prefix[:dot], partial, offset + dot, offset + start)
        if before and (before[-1].isdigit()):
            return []
        return self._name_items(partial, offset + start)

    # -- contexts ------------------------------------------------------------------------------

    def _name_items(self, partial: str, start: int) -> list[CompletionItem]:
        out: list[CompletionItem] = []
        seen: set[str] = set()
        for name, info in self.names.items():
            kind = ("parameter" if info.binding == "param" else "function"
                    if info.binding == "def" else "module" if info.kind.module else "variable")
            out.append(CompletionItem(name, kind, info.detail, "", name, start))
            seen.add(name)
        if self.mode != "code":
            for name, detail, doc in (("msg", "Message", "The message being processed."),):
                out.append(CompletionItem(name, "variable", detail, doc, name, start))
                seen.add(name)
        if "steps" not in seen:
            out.append(CompletionItem("steps", "variable", "ReadOnlyMap",
                                      "Output messages of completed components, by id.",
                                      "steps", start))
            seen.add("steps")
        for name, entry in catalog.GLOBALS.items():
            if name not in seen:
                out.append(_entry_item(entry, start))
        words = (_EXPRESSION_KEYWORDS if self.mode != "code" else
                 [k for k in KEYWORDS if k not in _UNSUPPORTED_KEYWORDS])
        for word in words:
            if word not in seen:
                out.append(CompletionItem(word, "keyword", "keyword", "", word, start))
        return _finish(out, partial, self.column)

    def _member_items(self, chain_text: str, partial: str, dot: int,
                      start: int) -> list[CompletionItem]:
        state = self._evaluate(chain_text)
        if state is None:
            return []
        out = [_entry_item(e, start) for e in _members(state.kind).values()]
        keys = _sample_keys(state.sample)
        for key in keys:
            if isinstance(key, str):
                out.append(CompletionItem(key, "key", _value_detail(state.sample, key), "",
                                          f"[{key!r}]", dot))
        items = _finish(out, partial, self.column)
        return items

    def _key_items(self, prefix: str, quote: str, opened: int,
                   offset: int) -> list[CompletionItem]:
        head = prefix[:opened].rstrip()
        if not head.endswith("["):
            return []
        partial = prefix[opened + len(quote):]
        state = self._evaluate(head[:-1])
        if state is None:
            return []
        out: list[CompletionItem] = []
        start = offset + opened + len(quote)
        if state.kind.type_key == "Entity" or _is_entity(state.sample):
            for name, entry in catalog.SELECTORS.items():
                out.append(CompletionItem(name, "selector", entry.returns or "", entry.doc,
                                          name, start))
        for key in _sample_keys(state.sample):
            if isinstance(key, str):
                body = key.replace("\\", "\\\\").replace(quote, "\\" + quote)
                out.append(CompletionItem(key, "key", _value_detail(state.sample, key), "",
                                          body, start))
        return _finish(out, partial, self.column)

    def _import_items(self, prefix: str, partial: str,
                      offset: int) -> Optional[list[CompletionItem]]:
        if self.mode != "code":
            return None
        m = re.match(r"\s*from\s+([\w.]+)\s+import\s+(?:[\w\s,]*,\s*)?\w*$", prefix)
        if m:
            members = catalog.module_members(m.group(1))
            out = [_entry_item(e, offset + len(prefix) - len(partial)) for e in members.values()]
            return _finish(out, partial, self.column)
        m = re.match(r"\s*(?:import|from)\s+(?:[\w.]+\s*,\s*)*([\w.]*)$", prefix)
        if m:
            dotted = m.group(1)
            begin = offset + m.start(1)
            out = [CompletionItem(path, "module", "module", catalog.MODULE_DOCS.get(path, ""),
                                  path, begin) for path in catalog.MODULES]
            return _finish(out, dotted, self.column)
        return None

    # -- chains --------------------------------------------------------------------------------

    def _evaluate(self, text: str) -> Optional[_State]:
        ops = _chain(_tokens(text))
        if not ops:
            return None
        first, rest = ops[0], ops[1:]
        state = self._start(first)
        for op in rest:
            if state is None:
                return None
            state = self._apply(state, op)
        return state

    def _start(self, op: tuple) -> Optional[_State]:
        what, value = op
        if what == "literal":
            return _State(Kind(value))
        if what != "name":
            return None
        info = self.names.get(value)
        if info is not None:
            if info.kind == UNKNOWN:
                return None
            return _State(info.kind,
                          _MESSAGE if info.kind.type_key == "Message" else _NO_SAMPLE)
        if value == "msg" and self.mode != "code":
            return _State(Kind("Message"), _MESSAGE)
        entry = catalog.GLOBALS.get(value)
        if entry is None:
            return None
        return _State(entry_kind(entry), entry=entry)

    def _apply(self, state: _State, op: tuple) -> Optional[_State]:
        what, value = op
        if what == "attr":
            if state.sample is _MESSAGE:
                if value == "error":
                    return _State(Kind("ReadOnlyMap"), _ERROR_KEYS)
                part = {"var": "vars", "attributes": "attrs", "attr": "attrs"}.get(value, value)
                sample = self.samples.get(part, _NO_SAMPLE)
                if sample is not _NO_SAMPLE:
                    return _State(Kind(catalog.type_key(sample)), sample)
            kind, entry = member_kind(state.kind, value)
            if entry is None:
                return None
            return _State(kind, entry=entry)
        if what == "call":
            kind = call_kind(state.kind, state.entry)
            return None if kind == UNKNOWN else _State(kind)
        if what == "index":
            sample = _index(state.sample, value)
            if sample is _NO_SAMPLE:
                return None
            return _State(Kind(catalog.type_key(sample)), sample)
        return None


def _members(kind: Kind) -> dict[str, catalog.Entry]:
    if kind.module:
        return dict(catalog.module_members(kind.module))
    if kind.type_object:
        return catalog.type_object_members(kind.type_object)
    if kind.type_key:
        return dict(catalog.type_members(kind.type_key))
    return {}


# -- lexical helpers ---------------------------------------------------------------------------

def _lexical_state(prefix: str) -> Any:
    """``'comment'``, ``(quote, index)`` when the prefix ends inside a string literal opened at
    ``index`` (its prefix letters excluded), else None. Single-line view of the cursor line."""
    i = 0
    n = len(prefix)
    while i < n:
        ch = prefix[i]
        if ch == "#":
            return "comment"
        if ch in "'\"":
            quote = prefix[i:i + 3] if prefix[i:i + 3] in ("'\'\'", '"""') else ch
            j = i + len(quote)
            while j < n:
                if prefix[j] == "\\":
                    j += 2
                    continue
                if prefix.startswith(quote, j):
                    break
                j += 1
            if j >= n:
                return (quote, i)
            i = j + len(quote)
            continue
        i += 1
    return None


def _tokens(text: str) -> list[tuple]:
    """Tokens of one line of text, skipping past unmatched closing brackets."""
    offset = 0
    for _ in range(50):
        out: list[tuple] = []
        try:
            for tok in tokenize(text[offset:], mode="expression", in_brackets=True):
                out.append(tok)
            return out
        except SyntaxProblem as problem:
            column = problem.diagnostic.column
            if problem.diagnostic.line != 1 or column < 1:
                return out
            offset += column
    return []


_OPEN = {"RPAR": "LPAR", "RSQB": "LSQB", "RBRACE": "LBRACE"}
_LITERAL_GROUPS = {"LSQB": "list", "LBRACE": "dict", "LPAR": "tuple"}


def _chain(tokens: list[tuple]) -> list[tuple]:
    """The trailer chain ending the token list: ``[(start), (op, value)...]`` with start
    ``('name', id)`` or ``('literal', type key)`` and ops ``attr``/``call``/``index``."""
    toks = [t for t in tokens if t[0] not in ("$END", "NEWLINE", "INDENT", "DEDENT")]
    ops: list[tuple] = []
    i = len(toks) - 1
    while i >= 0:
        kind = toks[i][0]
        if kind in _OPEN:
            j = _matching(toks, i)
            if j < 0:
                return []
            inner = toks[j + 1:i]
            preceded = j > 0 and toks[j - 1][0] in ("NAME", "RPAR", "RSQB", "RBRACE", "STRING")
            if not preceded:
                if toks[j][0] == "LPAR" and inner and not _has_comma(inner):
                    head = _chain(inner)  # a parenthesised expression: its own chain
                    return head + list(reversed(ops)) if head else []
                ops.append(("literal", _LITERAL_GROUPS[toks[j][0]]))
                break
            if kind == "RPAR":
                ops.append(("call", None))
            elif kind == "RSQB":
                ops.append(("index", _literal(inner)))
            else:
                return []
            i = j - 1
            continue
        if kind == "NAME":
            if i > 0 and toks[i - 1][0] == "DOT":
                ops.append(("attr", toks[i][1]))
                i -= 2
                continue
            ops.append(("name", toks[i][1]))
            break
        if kind == "STRING":
            raw = str(toks[i][1]).lstrip("rRuUfF")
            ops.append(("literal", "bytes" if raw[:1] in "bB" else "str"))
            break
        if kind == "NUMBER":
            ops.append(("literal", catalog.type_key(toks[i][1])))
            break
        return []
    ops.reverse()
    return ops if ops and ops[0][0] in ("name", "literal") else []


def _has_comma(toks: list[tuple]) -> bool:
    depth = 0
    for tok in toks:
        if tok[0] in ("LPAR", "LSQB", "LBRACE"):
            depth += 1
        elif tok[0] in _OPEN:
            depth -= 1
        elif tok[0] == "COMMA" and depth == 0:
            return True
    return False


def _matching(toks: list[tuple], i: int) -> int:
    depth = 0
    for j in range(i, -1, -1):
        kind = toks[j][0]
        if kind in _OPEN:
            depth += 1
        elif kind in ("LPAR", "LSQB", "LBRACE"):
            depth -= 1
            if depth == 0:
                return j
    return -1


def _literal(inner: list[tuple]) -> Any:
    """The value of a one-literal subscript (``['a']``, ``[0]``, ``[-1]``), else no sample."""
    if len(inner) == 1 and inner[0][0] == "STRING":
        try:
            return _pyast.literal_eval(inner[0][1])
        except (ValueError, SyntaxError):
            return _NO_SAMPLE
    if len(inner) == 1 and inner[0][0] == "NUMBER" and isinstance(inner[0][1], int):
        return inner[0][1]
    if len(inner) == 2 and inner[0][0] == "MINUS" and inner[1][0] == "NUMBER":
        return -inner[1][1]
    return _NO_SAMPLE


# -- samples -----------------------------------------------------------------------------------

def _is_entity(value: Any) -> bool:
    return type(value).__name__ == "Entity"


def _index(sample: Any, key: Any) -> Any:
    if sample is _NO_SAMPLE or key is _NO_SAMPLE or isinstance(sample, str):
        return _NO_SAMPLE
    try:
        if _is_entity(sample):
            return sample[key]
        if isinstance(sample, (dict, list, tuple)) or hasattr(sample, "getall"):
            return sample[key]
    except Exception:  # noqa: BLE001 - a missing key or bad index just means no sample
        return _NO_SAMPLE
    return _NO_SAMPLE


def _sample_keys(sample: Any) -> Iterable[Any]:
    if sample is _NO_SAMPLE or sample is None:
        return ()
    try:
        if _is_entity(sample):
            value = sample["^value"]
            return list(value.keys()) if hasattr(value, "keys") else ()
        if isinstance(sample, dict) or hasattr(sample, "getall"):
            return list(dict.fromkeys(sample.keys()))
    except Exception:  # noqa: BLE001 - an unparsable sample offers no keys
        return ()
    return ()


def _value_detail(sample: Any, key: Any) -> str:
    value = _index(sample, key)
    return "" if value is _NO_SAMPLE else catalog.type_key(value)


def _entry_item(entry: catalog.Entry, start: int) -> CompletionItem:
    return CompletionItem(entry.name, _ENTRY_KINDS.get(entry.kind, entry.kind),
                          entry.signature(), entry.doc, entry.name, start)


def _finish(items: list[CompletionItem], partial: str, end: int) -> list[CompletionItem]:
    """Keep items starting with ``partial`` (case-insensitively), drop ``_`` names unless
    typed, set the end column and sort: exact-case matches, then kind, then name."""
    low = partial.lower()
    kept = []
    for item in items:
        if not item.label.lower().startswith(low):
            continue
        if item.label.startswith("_") and not partial.startswith("_"):
            continue
        kept.append(item)
    kept.sort(key=lambda it: (not it.label.startswith(partial), _KIND_RANK.get(it.kind, 6),
                              it.label.lower(), it.label))
    return [CompletionItem(it.label, it.kind, it.detail, it.doc, it.insert_text or it.label,
                           it.start, end) for it in kept]

"""The script names visible at a cursor, with statically known types, for completion.

The cursor usually sits in unfinished code, so the source is parsed as is first and, when that
fails, in repaired variants that keep every line where it was: the cursor line cut at the
cursor and finished with a placeholder name and the brackets still open (plus ``: pass`` for
a compound-statement header), or replaced by ``pass``. The first variant that parses gives the
scopes (``checker.symbols``); when none parses, only the global names are known.

Types are inferred for the simple cases completion needs: literals, known calls, imports,
attribute chains over catalog types, the ``dw_process`` parameter (a Message) and names bound
once to one of those.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from dataway.checker.symbols import Binding, Scope, build_scopes
from dataway.syntax import ast as A
from dataway.syntax.parser import parse
from dataway.syntax.tokenizer import SyntaxProblem, tokenize
from dataway.tooling import catalog

__all__ = ["ScopeName", "Kind", "visible_names", "PLACEHOLDER", "parse_repaired",
           "repaired_scopes", "clear_caches"]

PLACEHOLDER = "dw_completion_cursor_"


@dataclass(frozen=True)
class Kind:
    """What a name or expression statically is: an instance of ``type_key``, a module
    (``module`` path), a type object (``type_object`` key) or a Message; all None: unknown."""

    type_key: Optional[str] = None
    module: Optional[str] = None
    type_object: Optional[str] = None


UNKNOWN = Kind()


@dataclass(frozen=True)
class ScopeName:
    """A script-bound name visible at the cursor: ``binding`` is the checker's binding kind
    (param, assign, def, import, for, ...)."""

    name: str
    binding: str
    kind: Kind
    detail: str


def _repairs(lines: list[str], line: int, column: int, mode: str) -> list[str]:
    """Sources to try parsing, likeliest first; every variant keeps the line count.

    The variant with the cursor line replaced by ``pass`` is the same for every keystroke on
    that line, so it is tried first (and found in the cache) unless the line itself binds
    names the cursor can see (a ``lambda`` or ``for``); a line that ends inside a string
    literal or a comment cannot parse as it is, so only that variant is tried for it."""
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    head = current[:column]
    stripped = head.rstrip()
    cut = len(stripped)
    while cut and (stripped[cut - 1].isalnum() or stripped[cut - 1] == "_"):
        cut -= 1
    indent = current[:len(current) - len(current.lstrip())]
    before, after = lines[:line - 1], lines[line:]
    blanked = "\n".join(before + [indent + "pass"] + after)
    truncated = "\n".join(before + [indent + "pass"])
    if _ends_open(head):
        return [blanked, truncated] if mode == "code" else [blanked]
    partial = stripped[:cut] + PLACEHOLDER
    closers = _open_brackets(partial)
    kept = ["\n".join(before + [fixed] + after)
            for fixed in (partial + closers, partial + closers + ": pass")]
    binds_here = re.search(r"\b(lambda|for)\b", head) is not None
    variants = (kept + [blanked] if binds_here else [blanked] + kept)
    variants.append("\n".join(lines))
    if mode == "code":
        variants.append(truncated)
    return variants


def _ends_open(head: str) -> bool:
    """True when ``head`` ends inside a string literal or a comment (one-line view)."""
    quote = ""
    i = 0
    while i < len(head):
        ch = head[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if head.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        elif ch == "#":
            return True
        elif ch in "'\"":
            quote = head[i:i + 3] if head[i:i + 3] in ("\'\'\'", '"""') else ch
            i += len(quote)
            continue
        i += 1
    return bool(quote)


def _open_brackets(text: str) -> str:
    """The closers for the brackets ``text`` leaves open (ignoring strings and comments)."""
    stack: list[str] = []
    try:
        for tok in tokenize(text, mode="expression", in_brackets=False):
            if tok[0] in ("LPAR", "LSQB", "LBRACE"):
                stack.append({"LPAR": ")", "LSQB": "]", "LBRACE": "}"}[tok[0]])
            elif tok[0] in ("RPAR", "RSQB", "RBRACE") and stack:
                stack.pop()
    except SyntaxProblem:
        pass
    return "".join(reversed(stack))


@functools.lru_cache(maxsize=32)
def _tree(text: str, mode: str) -> Optional[A.Node]:
    """The tree of ``text`` or None (cached: consecutive keystrokes on one line produce the
    same repaired variant). Trees are never modified by their users."""
    return parse(text, "code" if mode == "code" else "expression").tree


@functools.lru_cache(maxsize=32)
def _scopes(text: str, mode: str) -> Optional[Scope]:
    """The symbol table of ``text``, or None when it does not parse (cached as the tree)."""
    tree = _tree(text, mode)
    return build_scopes(tree) if tree is not None else None


def parse_repaired(source: str, line: int, column: int, mode: str) -> Optional[A.Node]:
    """The tree of ``source`` or of its first repaired variant that parses (None if none)."""
    for variant in _repairs(source.split("\n"), line, column, mode):
        tree = _tree(variant, mode)
        if tree is not None:
            return tree
    return None


def clear_caches() -> None:
    """Forget cached trees (benchmarks measure the first keystroke on a line with it)."""
    _tree.cache_clear()
    _scopes.cache_clear()


def repaired_scopes(source: str, line: int, column: int, mode: str) -> Optional[Scope]:
    """The scopes of ``source`` or of its first repaired variant that parses (None if none)."""
    for variant in _repairs(source.split("\n"), line, column, mode):
        root = _scopes(variant, mode)
        if root is not None:
            return root
    return None


def _contains(node: A.Node, line: int, column: int, lines: list[str]) -> bool:
    if not isinstance(node, A.FunctionDef):
        return (node.line, node.column) <= (line, column) <= (node.end_line, node.end_column)
    # A def's body runs on while lines are indented deeper than the def (the repaired cursor
    # line may have shortened it, and the cursor may sit on a fresh line after it).
    if line <= node.line:
        return False
    for number in range(node.line + 1, line + 1):
        text = lines[number - 1] if number <= len(lines) else ""
        if number == line:
            text = text[:column - 1]
            if not text.strip():
                return len(text) >= node.column or number <= node.end_line
        elif not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip()) < node.column:
            return False
    return True


def _enclosing(root: Scope, line: int, column: int, lines: list[str]) -> list[Scope]:
    """The chain of scopes containing the cursor, innermost first (the module last)."""
    chain = [root]
    scope = root
    while True:
        inner = next((s for s in scope.children if _contains(s.node, line, column, lines)),
                     None)
        if inner is None:
            break
        chain.append(inner)
        scope = inner
    return list(reversed(chain))


def visible_names(source: str, line: int, column: int, mode: str) -> dict[str, ScopeName]:
    """Script-bound names visible at ``line``/``column`` (1-based line, 0-based column)."""
    root = repaired_scopes(source, line, column, mode)
    if root is None:
        return {}
    chain = _enclosing(root, line, column + 1, source.split("\n"))
    out: dict[str, ScopeName] = {}
    for depth, scope in enumerate(chain):
        for name, bindings in scope.bindings.items():
            if name in out or name.startswith(PLACEHOLDER):
                continue
            out[name] = _describe(name, bindings, scope, chain[depth:], 0)
    return out


def _describe(name: str, bindings: list[Binding], scope: Scope, chain: list[Scope],
              depth: int) -> ScopeName:
    first = bindings[0]
    kind = UNKNOWN
    if first.kind == "param" and scope.kind == "function" and scope.name == "dw_process" \
            and scope.parent is not None and scope.parent.kind == "module":
        kind = Kind("Message")
    elif first.kind == "import" and first.target:
        kind = _import_kind(first.target)
    elif len(bindings) == 1 and first.value is not None:
        kind = infer(first.value, chain, depth + 1)
    detail = kind.type_key or kind.module or (f"type {kind.type_object}"
                                              if kind.type_object else first.kind)
    if first.kind == "def":
        detail = "function"
    return ScopeName(name, first.kind, kind, detail)


def _import_kind(target: str) -> Kind:
    if target in catalog.MODULES:
        return Kind(module=target)
    owner, _, member = target.rpartition(".")
    entry = catalog.module_members(owner).get(member)
    return entry_kind(entry) if entry is not None else UNKNOWN


def entry_kind(entry: catalog.Entry) -> Kind:
    """What reading (not calling) a catalog entry gives."""
    if entry.kind == "module":
        return Kind(module=entry.qualified)
    if entry.kind == "class" and entry.returns:
        return Kind(type_object=entry.returns)
    if entry.params is None and entry.returns:
        return Kind(entry.returns)
    return UNKNOWN


def call_kind(kind: Kind, entry: Optional[catalog.Entry]) -> Kind:
    """What calling an entry (or a type object) gives."""
    if kind.type_object:
        return Kind(kind.type_object)
    if entry is not None and entry.params is not None and entry.returns:
        returns = entry.returns
        if returns in catalog.TYPES:
            return Kind(returns)
    return UNKNOWN


def member_kind(base: Kind, attr: str) -> tuple[Kind, Optional[catalog.Entry]]:
    """The kind of ``base.attr`` and its catalog entry."""
    if base.module:
        entry = catalog.module_members(base.module).get(attr)
    elif base.type_object:
        entry = catalog.type_object_members(base.type_object).get(attr)
    elif base.type_key:
        entry = catalog.member(base.type_key, attr)
    else:
        return UNKNOWN, None
    if entry is None:
        return UNKNOWN, None
    return entry_kind(entry), entry


_LITERALS = {A.List: "list", A.ListComp: "list", A.Dict: "dict", A.DictComp: "dict",
             A.Set: "set", A.SetComp: "set", A.Tuple: "tuple", A.JoinedStr: "str"}


def infer(node: A.Node, chain: list[Scope], depth: int) -> Kind:
    """The static kind of an expression, or UNKNOWN."""
    if depth > 8:
        return UNKNOWN
    literal = _LITERALS.get(type(node))
    if literal:
        return Kind(literal)
    if isinstance(node, A.Constant):
        return Kind(catalog.type_key(node.value)) if node.value is not ... else UNKNOWN
    if isinstance(node, A.Name):
        return name_kind(node.id, chain, depth + 1)
    if isinstance(node, A.Attribute):
        return member_kind(infer(node.value, chain, depth + 1), node.attr)[0]
    if isinstance(node, A.Call):
        func = node.func
        if isinstance(func, A.Attribute):
            base, entry = member_kind(infer(func.value, chain, depth + 1), func.attr)
            return call_kind(base, entry)
        if isinstance(func, A.Name):
            return call_kind(name_kind(func.id, chain, depth + 1), catalog.GLOBALS.get(func.id))
    return UNKNOWN


def name_kind(name: str, chain: list[Scope], depth: int = 0) -> Kind:
    """The kind of a name looked up through the scope chain, then the globals."""
    for scope in chain:
        bindings = scope.bindings.get(name)
        if bindings:
            if depth > 8:
                return UNKNOWN
            return _describe(name, bindings, scope, chain[chain.index(scope):], depth).kind
    entry = catalog.GLOBALS.get(name)
    return entry_kind(entry) if entry is not None else UNKNOWN

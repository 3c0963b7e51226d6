"""Go-to-definition, references and document symbols for script functions and variables.

Editor-independent: positions in and out are Dataway's (1-based lines, 1-based code-point
columns, end exclusive); :mod:`dataway.tooling.positions` converts them for LSP.

Names are resolved by the checker's resolver (:func:`dataway.checker.scopes.resolve`), the same
one the compiler uses, so "which variable does this name mean" has one answer everywhere. This
module only adds two things the resolver does not need: the span of the *name* inside nodes
that carry one without a node of its own (``def f``, ``except E as e``, ``import a as b``), and
the identity of a variable across scopes (a free name in a closure is the same variable as the
local it captures).

A variable is identified by ``(scope, name)`` where ``scope`` is the scope that binds it: the
function-like scope for locals, cells and free names, the module scope for globals. Builtins
and undefined names have no definition in the script; their references are still collected so
an editor can highlight them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

from dataway.checker import names_table as T
from dataway.checker.scopes import RefKind, Resolution, Scope, resolve
from dataway.source import Source
from dataway.syntax import ast as A

__all__ = ["Span", "Occurrence", "DocumentSymbol", "Analysis", "analyse", "definitions", "references",
           "occurrence_at", "document_symbols"]

_IDENT = r"([^\W\d]\w*)"
_DEF_NAME = re.compile(r"def\s+" + _IDENT)
_AS_NAME = re.compile(r"\bas\s+" + _IDENT)
_WORD = re.compile(r"[^\W\d]\w*")


@dataclass(frozen=True, slots=True)
class Span:
    """A source span: 1-based lines, 1-based code-point columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    def contains(self, line: int, column: int) -> bool:
        """True when (line, column) is inside the span or just after its end (a cursor)."""
        return (self.line, self.column) <= (line, column) <= (self.end_line, self.end_column)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place a name appears: its node, span, variable key and whether it binds."""

    name: str
    node: A.Node
    span: Span
    key: tuple[Optional[Scope], str]  # (binding scope or None for builtin/undefined, name)
    binds: bool
    kind: RefKind


@dataclass
class Analysis:
    """A parsed and resolved script: the input of every query here.

    ``tree`` is None when syntax errors left no tree (every query then answers nothing).
    """

    source: Source
    mode: str
    tree: Optional[A.Node]
    resolution: Optional[Resolution]
    occurrences: list[Occurrence] = field(default_factory=list)


def analyse(text: str, mode: str = "code") -> Analysis:
    """Parse and resolve ``text``; never raises for problems in the script."""
    from dataway.syntax.parser import parse

    result = parse(text, mode)
    if result.tree is None:
        return Analysis(result.source, mode, None, None)
    builtins = T.builtin_names() | T.preloaded_modules() | T.DATA_NAMES
    predefined = {"steps"} | ({"msg"} if mode != "code" else set())
    resolution = resolve(result.tree, builtins=builtins, predefined=predefined)
    analysis = Analysis(result.source, mode, result.tree, resolution)
    analysis.occurrences = sorted(_occurrences(analysis),
                                  key=lambda o: (o.span.line, o.span.column))
    return analysis


# ----------------------------------------------------------------------------- name spans

def _search(source: Source, node: A.Node, pattern: re.Pattern, name: str) -> Optional[Span]:
    """The span of ``name`` matched by ``pattern`` (group 1) inside ``node``'s span."""
    start = source.offset(node.line, node.column)
    end = source.offset(node.end_line, node.end_column) if node.end_line else len(source.text)
    for match in pattern.finditer(source.text, start, max(end, start)):
        found = match.group(1)
        # Identifiers are NFKC-normalised: the written name may differ from ``name``.
        if found == name or _nfkc(found) == name:
            line, column = source.position(match.start(1))
            return Span(line, column, line, column + len(found))
    return None


def _nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


def _word_at(source: Source, node: A.Node) -> Span:
    """The identifier starting at ``node``'s start (its whole span if none is found)."""
    match = _WORD.match(source.text, source.offset(node.line, node.column))
    if match is None:
        return Span(node.line, node.column, node.end_line, node.end_column)
    return Span(node.line, node.column, node.line, node.column + len(match.group(0)))


def name_span(source: Source, node: A.Node, name: str) -> Span:
    """Span of the name a name-carrying node binds or reads."""
    if isinstance(node, A.FunctionDef):
        return _search(source, node, _DEF_NAME, name) or _word_at(source, node)
    if isinstance(node, A.ClassDef):
        pattern = re.compile(r"class\s+" + _IDENT)
        return _search(source, node, pattern, name) or _word_at(source, node)
    if isinstance(node, A.ExceptHandler):
        return _search(source, node, _AS_NAME, name) or _word_at(source, node)
    if isinstance(node, A.Alias) and node.asname is not None:
        return _search(source, node, _AS_NAME, name) or _word_at(source, node)
    return _word_at(source, node)  # Name, Arg, plain Alias: the node starts with the name


# ----------------------------------------------------------------------------- occurrences

def _binder(ref_scope: Scope, name: str, kind: RefKind, module: Scope) -> Optional[Scope]:
    """The scope that binds the variable a reference of ``kind`` finds."""
    if kind in (RefKind.LOCAL, RefKind.CELL):
        return ref_scope
    if kind is RefKind.FREE:
        scope: Optional[Scope] = ref_scope.parent
        while scope is not None:
            if scope.is_local(name):
                return scope
            scope = scope.parent
        return None
    if kind is RefKind.GLOBAL:
        return module
    return None


def _binds(node: A.Node) -> bool:
    if isinstance(node, A.Name):
        return node.ctx != "load"
    return True  # FunctionDef, Arg, Alias, ExceptHandler, ClassDef


def _occurrences(analysis: Analysis) -> Iterator[Occurrence]:
    resolution = analysis.resolution
    assert resolution is not None
    module = resolution.module
    for node, ref in resolution.refs.items():
        binder = _binder(ref.scope, ref.name, ref.kind, module)
        yield Occurrence(ref.name, node, name_span(analysis.source, node, ref.name),
                         (binder, ref.name), _binds(node), ref.kind)
    # ``x += 1`` reads x too: the resolver records that read only in Scope.uses.


def occurrence_at(analysis: Analysis, line: int, column: int) -> Optional[Occurrence]:
    """The name occurrence under a cursor at (line, column), if any."""
    best: Optional[Occurrence] = None
    for occ in analysis.occurrences:
        if occ.span.line > line:
            break
        if occ.span.contains(line, column):
            # Prefer the occurrence that starts at the cursor over one that ends there.
            if best is None or (occ.span.line, occ.span.column) == (line, column):
                best = occ
    return best


def references(analysis: Analysis, line: int, column: int, *,
               include_declaration: bool = True) -> list[Occurrence]:
    """Every occurrence of the variable under the cursor, in source order."""
    target = occurrence_at(analysis, line, column)
    if target is None:
        return []
    return [o for o in analysis.occurrences
            if o.key == target.key and (include_declaration or not o.binds)]


def definitions(analysis: Analysis, line: int, column: int) -> list[Occurrence]:
    """Where the variable under the cursor is bound: ``def``s, parameters, imports and
    assignments (augmented assignments and ``del`` excluded), in source order. Empty for
    builtins and undefined names."""
    target = occurrence_at(analysis, line, column)
    if target is None or target.key[0] is None:
        return []
    found = [o for o in analysis.occurrences if o.key == target.key and o.binds
             and not (isinstance(o.node, A.Name) and o.node.ctx == "del")
             and not _is_augmented_target(analysis, o.node)]
    return found


def _is_augmented_target(analysis: Analysis, node: A.Node) -> bool:
    return isinstance(node, A.Name) and node.ctx == "store" and id(node) in _aug_targets(analysis)


def _aug_targets(analysis: Analysis) -> set[int]:
    """Ids of ``x`` in every ``x += ...``: rebinding, not a definition worth jumping to."""
    cached = getattr(analysis, "_aug", None)
    if cached is None:
        cached = set()
        stack = [analysis.tree]
        while stack:
            node = stack.pop()
            if isinstance(node, A.AugAssign):
                cached.add(id(node.target))
            stack.extend(node.children())
        analysis._aug = cached  # type: ignore[attr-defined]
    return cached


# ------------------------------------------------------------------------------- symbols

@dataclass
class DocumentSymbol:
    """One entry of the outline: ``kind`` is function, variable, module (an import) or class;
    ``span`` covers the whole definition, ``selection`` its name."""

    name: str
    kind: str
    span: Span
    selection: Span
    detail: str = ""
    children: list["DocumentSymbol"] = field(default_factory=list)


def _node_span(node: A.Node) -> Span:
    return Span(node.line, node.column, node.end_line or node.line,
                node.end_column or node.column)


def _scope_symbols(analysis: Analysis, scope: Scope) -> list[DocumentSymbol]:
    out: list[DocumentSymbol] = []
    nested = {child.node: child for child in scope.children}
    params = set(scope.params) if scope.is_function else set()
    for name, nodes in scope.bindings.items():
        if name in params or name in scope.declared_global or name in scope.declared_nonlocal:
            continue
        for node in nodes:
            if isinstance(node, A.FunctionDef):
                sym = DocumentSymbol(name, "function", _node_span(node),
                                     name_span(analysis.source, node, name),
                                     detail=_signature(node))
                inner = nested.get(node)
                if inner is not None:
                    sym.children = _scope_symbols(analysis, inner)
                out.append(sym)
            elif isinstance(node, A.ClassDef):
                out.append(DocumentSymbol(name, "class", _node_span(node),
                                          name_span(analysis.source, node, name)))
        first = nodes[0]
        if not isinstance(first, (A.FunctionDef, A.ClassDef)) and not _is_del(first):
            kind = "module" if isinstance(first, A.Alias) else "variable"
            span = name_span(analysis.source, first, name)
            out.append(DocumentSymbol(name, kind, span, span))
    out.sort(key=lambda s: (s.span.line, s.span.column))
    return out


def _is_del(node: A.Node) -> bool:
    return isinstance(node, A.Name) and node.ctx == "del"


def _signature(node: A.FunctionDef) -> str:
    args = node.args
    parts = [a.arg for a in args.args]
    if args.vararg is not None:
        parts.append("*" + args.vararg.arg)
    elif args.kwonlyargs:
        parts.append("*")
    parts += [a.arg for a in args.kwonlyargs]
    if args.kwarg is not None:
        parts.append("**" + args.kwarg.arg)
    return f"({', '.join(parts)})"


def document_symbols(analysis: Analysis) -> list[DocumentSymbol]:
    """The outline of the script: top-level functions (with their nested functions and local
    variables), module variables and imports, in source order."""
    if analysis.resolution is None:
        return []
    return _scope_symbols(analysis, analysis.resolution.module)

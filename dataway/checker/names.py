"""Name lints over the symbol table: DW201, DW203-DW205, DW207, DW208 and DW504.

Resolution follows CPython: a name is local to a function-like scope when bound there and not
declared ``global``/``nonlocal``; otherwise the enclosing function scopes, then the module
globals (names bound at top level or through ``global`` in a function), then the builtins,
preloaded modules, Dataway classes, ``steps`` and, outside code mode, ``msg`` (spec §2.4).
"""
from __future__ import annotations

import difflib
from typing import Optional

from dataway.checker import names_table as T
from dataway.checker.report import Report
from dataway.checker.symbols import Binding, Scope
from dataway.syntax import ast as A

__all__ = ["check_names", "resolve", "module_globals", "predefined_names"]

#: Binding kinds that count as "assigned a value" for the unused-local lint.
_VALUE_KINDS = frozenset({"assign", "annassign", "augassign", "except", "with"})


def predefined_names(mode: str) -> frozenset[str]:
    """Names bound before any script code runs in ``mode`` (spec §2.4)."""
    names = T.builtin_names() | T.preloaded_modules() | T.DATA_NAMES | {"steps"}
    if mode != "code":
        names = names | {"msg"}
    return frozenset(names)


def module_globals(root: Scope) -> frozenset[str]:
    """Names the script binds as globals: at top level, or in a function declaring them global."""
    names = set(root.bindings)
    for scope in root.walk():
        if scope is not root:
            names.update(n for n in scope.globals if n in scope.bindings)
    return frozenset(names)


def resolve(scope: Scope, name: str) -> Optional[Scope]:
    """The scope whose binding a read of ``name`` in ``scope`` finds, or None for a global.

    "Global" here means: the module namespace, then the predefined names.
    """
    current: Optional[Scope] = scope
    while current is not None and current.is_function:
        if name in current.globals:
            return None
        if current.is_local(name):
            return current
        # Not local (free, or declared nonlocal): the binding is further out.
        current = current.parent
    return None


def check_names(root: Scope, mode: str, report: Report) -> None:
    """Report the name lints of every scope under ``root``."""
    predefined = predefined_names(mode)
    globals_ = module_globals(root)
    unavailable = T.unavailable_names()
    used: set[tuple[int, str]] = set()
    for scope in root.walk():
        for use in scope.uses:
            owner = resolve(scope, use.name)
            if owner is not None:
                used.add((id(owner), use.name))
                continue
            used.add((id(root), use.name))
            if use.name.startswith("__"):
                continue  # DW503, reported by the rules pass
            if use.name in globals_ or use.name in predefined:
                continue
            if use.name in unavailable:
                report.add("DW504", f"name '{use.name}' is not available in Dataway", use.node)
                continue
            report.add("DW201", f"name '{use.name}' is not defined", use.node,
                       suggestion=_suggest(scope, use.name, mode, globals_, predefined))
        for name in scope.nonlocals:
            owner = _nonlocal_owner(scope, name)
            if owner is not None:
                used.add((id(owner), name))
    for scope in root.walk():
        _declarations(scope, report)
        _bindings(scope, root, used, report)


def _nonlocal_owner(scope: Scope, name: str) -> Optional[Scope]:
    parent = scope.parent
    while parent is not None and parent.is_function:
        if name in parent.globals:
            return None
        if parent.is_local(name):
            return parent
        parent = parent.parent
    return None


def _suggest(scope: Scope, name: str, mode: str, globals_: frozenset[str],
             predefined: frozenset[str]) -> Optional[str]:
    if name == "msg" and mode == "code":
        return "'msg' is the parameter of dw_process; pass it to this function"
    visible: set[str] = set(globals_) | set(predefined)
    current: Optional[Scope] = scope
    while current is not None:
        visible.update(current.bindings)
        current = current.parent
    visible.discard(name)
    close = difflib.get_close_matches(name, sorted(visible), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _before(node: A.Node, mark: A.Node) -> bool:
    return (node.line, node.column) < (mark.line, mark.column)


def _declarations(scope: Scope, report: Report) -> None:
    """DW208 (and DW207 for ``global steps``) on each global/nonlocal statement."""
    for word, name, stmt in scope.declarations:
        if name == "steps":
            report.add("DW207", "'steps' is reserved and cannot be bound", stmt)
        problem = _declaration_problem(scope, word, name, stmt)
        if problem is not None:
            report.add("DW208", problem, stmt)


def _declaration_problem(scope: Scope, word: str, name: str, stmt: A.Node) -> Optional[str]:
    # CPython's order: problems visible at the statement itself, then whole-scope analysis.
    if name in scope.params:
        return f"name '{name}' is parameter and {word}"
    if any(_before(u.node, stmt) for u in scope.uses if u.name == name and not u.implicit):
        return f"name '{name}' is used prior to {word} declaration"
    if any(_before(b.node, stmt) for b in scope.bindings.get(name, ())):
        return f"name '{name}' is assigned to before {word} declaration"
    if name in scope.globals and name in scope.nonlocals:
        return f"name '{name}' is nonlocal and global"
    if word == "nonlocal" and scope.is_function and _nonlocal_owner(scope, name) is None:
        return f"no binding for nonlocal '{name}' found"
    return None


def _bindings(scope: Scope, root: Scope, used: set[tuple[int, str]], report: Report) -> None:
    """DW203, DW204, DW205 and DW207 on the bindings of one scope."""
    shadowable = T.builtin_names() | T.preloaded_modules() | T.DATA_NAMES
    preloaded = T.preloaded_modules()
    owner = scope if scope.is_function else root
    for name, bindings in scope.bindings.items():
        if name == "steps":
            for b in bindings:
                report.add("DW207", "'steps' is reserved and cannot be bound", b.node,
                           header=True)
            continue
        if name in scope.globals or name in scope.nonlocals:
            continue
        first = bindings[0]
        if name in shadowable and name not in ("True", "False", "None"):
            same_module = first.kind == "import" and first.target == name and name in preloaded
            if not same_module:
                what = "preloaded module" if name in preloaded else "builtin"
                report.add("DW205", f"'{name}' shadows the {what} '{name}'", first.node,
                           header=True)
        if (id(owner), name) in used:
            continue
        for b in bindings:
            if b.kind == "import" and _resolvable(b.target):
                report.add("DW204", f"'{b.target}' imported but unused", b.node)
        if (scope.kind == "function" and not name.startswith("_")
                and all(b.kind in _VALUE_KINDS for b in bindings)
                and any(b.simple or b.kind == "except" for b in bindings)):
            report.add("DW203", f"local variable '{name}' is assigned to but never used",
                       _first_value_binding(bindings).node, header=True)


def _first_value_binding(bindings: list[Binding]) -> Binding:
    for b in bindings:
        if b.simple or b.kind == "except":
            return b
    return bindings[0]


def _resolvable(target: Optional[str]) -> bool:
    """True when an import's target exists (a broken import already has its own error)."""
    if not target:
        return False
    if T.is_module_path(target):
        return True
    module, _, member = target.rpartition(".")
    return member in (T.module_members(module) or ())

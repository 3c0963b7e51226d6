"""The checker: every diagnostic of spec §16.

``check_tree`` runs independent passes over a parsed tree and returns their diagnostics ordered
by position, then code. It never raises for a problem in the script; a defect in one pass loses
that pass's findings instead of failing the whole check (set ``DATAWAY_CHECKER_STRICT=1`` to make
such defects raise, as the tests do).

Passes, one module each: ``rules`` (refused constructs, ``_`` names), ``context`` (statements in
their context, entry point, unreachable code), ``imports`` (imports and module members),
``names`` (undefined, unused, shadowing, reserved names, ``global``/``nonlocal``), ``flow``
(use before assignment), ``sandbox`` (read-only message data, ``_`` names reaching getattr or
format strings, refused keywords), ``typed`` (argument counts of builtins, module functions
and methods, unknown attributes, impossible operand types, non-callables: types from
``infer`` and signatures from the catalog), ``boundary`` (results that cannot leave the
script), ``calls`` (argument counts of script functions), ``formats`` (literal format
strings) and ``outputs`` (declared type).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Optional

from dataway.diagnostics import Diagnostic, sort_diagnostics
from dataway.syntax import ast as A

__all__ = ["check_tree"]

_MODES = ("code", "expression", "text")


def _dw_param(tree: A.Node) -> Optional[str]:
    if isinstance(tree, A.Module):
        for stmt in tree.body:
            if isinstance(stmt, A.FunctionDef) and stmt.name == "dw_process" and stmt.args \
                    and stmt.args.args:
                return stmt.args.args[0].arg
    return None


def _normal_mode(mode: str) -> str:
    return {"expr": "expression", "eval": "expression", "exec": "code",
            "template": "text"}.get(mode, mode)


def check_tree(tree: A.Node, mode: str, source: Any, *,
               output_type: str = "any") -> list[Diagnostic]:
    """All type-free diagnostics of ``tree`` (Module, Expression or Template) in ``mode``."""
    from dataway.checker import (boundary, calls, context, flow, formats, imports, names,
                                 outputs, rules, sandbox, typed)
    from dataway.checker.infer import Types
    from dataway.checker.report import Report
    from dataway.checker.static import StaticNames
    from dataway.checker.symbols import build_scopes
    from dataway.checker.treewalk import indexed

    mode = _normal_mode(mode)
    report = Report(source)
    if not isinstance(tree, (A.Module, A.Expression, A.Template)):
        return []  # no tree (the parser already reported why): nothing to check
    strict = os.environ.get("DATAWAY_CHECKER_STRICT") == "1"

    def run(step: Callable[[], Any]) -> Any:
        try:
            return step()
        except Exception:  # noqa: BLE001 - a checker defect must not fail the user's check
            if strict:
                raise
            return None

    # One traversal shared by the node-by-node passes; it also remembers every node's children
    # so the passes that walk expressions again (scopes, flow, context) only look them up.
    with indexed(tree) as nodes:
        run(lambda: outputs.check_output_type(tree, mode, output_type or "any", report))
        run(lambda: rules.check_rules(nodes, report))
        run(lambda: context.check_context(tree, mode, report, nodes))
        if mode == "code":
            run(lambda: context.check_entry_point(tree, report))
        run(lambda: imports.check_imports(nodes, report))
        root = run(lambda: build_scopes(tree))
        static = None
        if root is not None:
            run(lambda: names.check_names(root, mode, report))
            run(lambda: flow.check_flow(root, mode, report))
            static = run(lambda: StaticNames(root, mode))
            if static is not None:
                run(lambda: imports.check_module_attributes(nodes, static, report))
                types = Types(static)
                run(lambda: typed.check_typed(nodes, static, report, types))
                run(lambda: boundary.check_boundary(tree, mode, output_type, report, types))
                run(lambda: sandbox.check_sandbox(nodes, static, _dw_param(tree), report))
                run(lambda: calls.check_calls(nodes, static, root, report))
                run(lambda: formats.check_formats(nodes, static, report))
        if static is None:  # no static types: literal shapes only
            run(lambda: boundary.check_boundary(tree, mode, output_type, report))
    return sort_diagnostics(report.items)

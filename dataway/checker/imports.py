"""Imports and module members: DW307, DW308, DW501 and DW403 (spec §3.4, §12).

Imports are resolved entirely at check time: only the preloaded module paths exist, ``from m
import x`` needs ``x`` to be a member, and ``json.nope`` on a name that statically refers to a
module is reported before the script ever runs.
"""
from __future__ import annotations

from dataway.checker import names_table as T
from dataway.checker.report import Report, suggest
from dataway.checker.treewalk import select
from dataway.checker.static import StaticNames
from dataway.syntax import ast as A

__all__ = ["check_imports", "check_module_attributes", "missing_module"]


def missing_module(path: str) -> str:
    """The first prefix of ``path`` that is not a module (what CPython's error names)."""
    parts = path.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if not T.is_module_path(prefix):
            return prefix
    return path


def _no_module(report: Report, path: str, node: A.Node) -> None:
    missing = missing_module(path)
    report.add("DW501", f"No module named '{missing}'", node, header=True,
               suggestion=suggest(missing, T.importable_modules()))


def check_imports(nodes: list[A.Node], report: Report) -> None:
    """Check every import statement of ``tree``."""
    for node in select(nodes, (A.Import, A.ImportFrom)):
        if isinstance(node, A.Import):
            for alias in node.names:
                if not T.is_module_path(alias.name):
                    _no_module(report, alias.name, node)
        elif isinstance(node, A.ImportFrom):
            _check_from(node, report)


def _check_from(node: A.ImportFrom, report: Report) -> None:
    if node.level:
        report.add("DW308", "relative imports are not supported in Dataway", node, header=True)
        return
    module = node.module or ""
    if any(alias.name == "*" for alias in node.names):
        report.add("DW307", "star imports are not supported in Dataway", node, header=True)
    if not T.is_module_path(module):
        _no_module(report, module, node)
        return
    members = T.module_members(module) or frozenset()
    for alias in node.names:
        if alias.name == "*" or alias.name.startswith("__"):
            continue  # DW307 above / DW503 from the rules pass
        if alias.name not in members and not T.is_module_path(f"{module}.{alias.name}"):
            report.add("DW403", f"cannot import name '{alias.name}' from '{module}'",
                       alias if alias.line else node, error_type="ImportError",
                       suggestion=suggest(alias.name, members))


def check_module_attributes(nodes: list[A.Node], static: StaticNames, report: Report) -> None:
    """DW403 for ``m.x`` where ``m`` statically names a module that has no member ``x``."""
    for node in select(nodes, A.Attribute):
        if (not isinstance(node, A.Attribute) or node.attr.startswith("_")
                or node.ctx != "load"):
            continue
        module = static.module_of(node.value)
        if module is None:
            continue
        members = T.module_members(module) or frozenset()
        if node.attr in members or T.is_module_path(f"{module}.{node.attr}"):
            continue
        report.add("DW403", f"module '{module}' has no attribute '{node.attr}'",
                   span=attr_span(node), suggestion=suggest(node.attr, members))


def attr_span(node: A.Attribute) -> tuple[int, int, int, int]:
    """The span of the attribute name of ``value.attr`` (it ends the node's span)."""
    if not node.end_line:
        return (node.line or 1, node.column or 1, node.line or 1, (node.column or 1) + 1)
    start = max(1, node.end_column - len(node.attr))
    return (node.end_line, start, node.end_line, node.end_column)

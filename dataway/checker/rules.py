"""Constructs Dataway refuses: DW301-DW311 (spec §3.3), DW502 and DW503 (spec §4.4).

These are purely syntactic: the node kind, a flag on it, or a literal name is enough. One
iterative walk over the tree reports them all.
"""
from __future__ import annotations

from typing import Callable

from dataway.checker.imports import attr_span
from dataway.checker.report import Report
from dataway.syntax import ast as A

__all__ = ["check_rules"]

_IN = "is not supported in Dataway"
_ARE = "are not supported in Dataway"


def check_rules(nodes: list[A.Node], report: Report) -> None:
    """Report every refused construct and forbidden identifier in ``tree``."""
    for node in nodes:
        handler = _HANDLERS.get(type(node))
        if handler is not None:
            handler(node, report)


def _class(node: A.ClassDef, report: Report) -> None:
    report.add("DW301", f"class definitions {_ARE}", node, header=True)
    _dunder(node.name, node, report, header=True)
    _decorators(node.decorator_list, report)


def _with(node: A.With, report: Report) -> None:
    word = "async with statements" if node.is_async else "with statements"
    report.add("DW302", f"{word} {_ARE}", node, header=True)


def _function(node: A.FunctionDef, report: Report) -> None:
    if node.is_async:
        report.add("DW303", f"async functions {_ARE}", node, header=True)
    _dunder(node.name, node, report, header=True)
    _decorators(node.decorator_list, report)


def _decorators(decorators: tuple, report: Report) -> None:
    for d in decorators:
        # The '@' sits just before the decorator expression on the same line.
        line, col = d.line, max(1, d.column - 1)
        report.add("DW304", f"decorators {_ARE}", span=(line, col, d.end_line, d.end_column))


def _await(node: A.Await, report: Report) -> None:
    report.add("DW303", f"await {_IN}", node)


def _for(node: A.For, report: Report) -> None:
    if node.is_async:
        report.add("DW303", f"async for loops {_ARE}", node, header=True)


def _comprehension(node: A.Node, report: Report) -> None:
    # Reported on the whole display: a clause has no reliable position of its own.
    if any(gen.is_async for gen in node.generators):  # type: ignore[attr-defined]
        report.add("DW303", f"async comprehensions {_ARE}", node)


def _named(node: A.NamedExpr, report: Report) -> None:
    report.add("DW305", f"assignment expressions (:=) {_ARE}", node)


def _arguments(node: A.Arguments, report: Report) -> None:
    if node.posonlyargs:
        last = node.posonlyargs[-1]
        report.add("DW306", f"positional-only parameters (/) {_ARE}", last)
    for arg in (*node.posonlyargs, *node.args, node.vararg, *node.kwonlyargs, node.kwarg):
        if arg is not None:
            _dunder(arg.arg, arg, report)


def _constant(node: A.Constant, report: Report) -> None:
    if isinstance(node.value, complex):
        report.add("DW309", f"imaginary literals {_ARE}", node)


def _attribute(node: A.Attribute, report: Report) -> None:
    if node.ctx == "store":
        report.add("DW310", f"attribute assignment {_IN}", node)
    elif node.ctx == "del":
        report.add("DW310", f"attribute deletion {_IN}", node)
    if node.attr.startswith("_"):
        report.add("DW502", f"attribute '{node.attr}' is not accessible in Dataway "
                            "(names starting with '_' are refused)", span=attr_span(node))


def _unsupported(node: A.Unsupported, report: Report) -> None:
    report.add("DW311", f"{node.construct or 'this syntax'} {_IN}", node, header=True)


def _try(node: A.Try, report: Report) -> None:
    if node.is_star:
        report.add("DW311", f"except* {_IN}", node, header=True)


def _name(node: A.Name, report: Report) -> None:
    _dunder(node.id, node, report)


def _keyword(node: A.Keyword, report: Report) -> None:
    if node.arg:
        _dunder(node.arg, node, report)


def _aliases(node: A.Node, report: Report) -> None:
    for alias in node.names:  # type: ignore[attr-defined]
        bound = alias.asname or (alias.name if isinstance(node, A.ImportFrom) else None)
        if bound and bound != "*":
            _dunder(bound, alias if alias.line else node, report)


def _declaration(node: A.Node, report: Report) -> None:
    for name in node.names:  # type: ignore[attr-defined]
        _dunder(name, node, report)


def _handler(node: A.ExceptHandler, report: Report) -> None:
    if node.name:
        _dunder(node.name, node, report, header=True)


def _dunder(name: str, node: A.Node, report: Report, header: bool = False) -> None:
    if name.startswith("__"):
        report.add("DW503", f"identifier '{name}' is not allowed in Dataway "
                            "(names starting with '__' are refused)", node, header=header)


_HANDLERS: dict[type, Callable[[A.Node, Report], None]] = {
    A.ClassDef: _class, A.With: _with, A.FunctionDef: _function, A.Await: _await,
    A.For: _for, A.ListComp: _comprehension, A.SetComp: _comprehension,
    A.DictComp: _comprehension, A.GeneratorExp: _comprehension, A.NamedExpr: _named,
    A.Arguments: _arguments, A.Constant: _constant, A.Attribute: _attribute,
    A.Unsupported: _unsupported, A.Try: _try, A.Name: _name, A.Keyword: _keyword,
    A.Import: _aliases, A.ImportFrom: _aliases, A.Global: _declaration,
    A.Nonlocal: _declaration, A.ExceptHandler: _handler,
}


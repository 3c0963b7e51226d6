"""Shared helpers for the parser tests: parse with ours and with CPython, compare."""
from __future__ import annotations

import ast as py
from typing import Optional

from dataway.syntax import ast
from dataway.syntax.parser import ParseResult, parse
from tests.support.pyast import from_source

# Nodes whose positions follow a different convention in CPython 3.11 (or do not exist there):
# CPython gives every part inside an f-string the span of the whole string, and has no
# positions for comprehension clauses, parameter lists and the module.
_NO_POSITION_CHECK = (ast.Arguments, ast.Comprehension, ast.Module, ast.Expression)


def _skipped(tree: ast.Node) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, _NO_POSITION_CHECK):
            skip.add(id(node))
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if inner is not node and isinstance(inner, (ast.Constant, ast.FormattedValue,
                                                            ast.JoinedStr)):
                    skip.add(id(inner))
    return skip


def positions(tree: ast.Node) -> list[str]:
    """``Kind line:col-end_line:end_col`` for every node whose position CPython agrees on."""
    skip = _skipped(tree)
    return [f"{type(n).__name__} {n.line}:{n.column}-{n.end_line}:{n.end_column}"
            for n in ast.walk(tree) if id(n) not in skip]


def ours(source: str, mode: str = "code") -> ParseResult:
    """Parse with Dataway's parser."""
    return parse(source, mode)


def assert_same_as_cpython(source: str, mode: str = "code", *, check_positions: bool = True
                           ) -> None:
    """Our tree equals CPython's (structure, values and positions)."""
    ref = from_source(source, "exec" if mode == "code" else "eval")
    result = parse(source, mode)
    errors = [d for d in result.diagnostics if d.is_error and d.code not in ("DW309", "DW311")]
    assert result.tree is not None and not errors, (source, result.diagnostics)
    assert ast.dump(result.tree) == ast.dump(ref), source
    if check_positions:
        assert positions(result.tree) == positions(ref), source


def cpython_accepts(source: str, mode: str = "exec") -> bool:
    """True when CPython parses ``source`` without a SyntaxError."""
    try:
        py.parse(source, mode=mode)
    except (SyntaxError, ValueError):
        return False
    return True


def codes(source: str, mode: str = "code") -> list[str]:
    """The diagnostic codes our parser reports."""
    return [d.code for d in parse(source, mode).diagnostics]


def first_error(source: str, mode: str = "code"):
    """The first error diagnostic (or None)."""
    for d in parse(source, mode).diagnostics:
        if d.is_error:
            return d
    return None


def tree(source: str, mode: str = "code") -> Optional[ast.Node]:
    """Our tree, asserting there were no errors."""
    result = parse(source, mode)
    assert result.tree is not None, result.diagnostics
    return result.tree

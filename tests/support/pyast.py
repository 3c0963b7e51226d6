"""Convert CPython ``ast`` trees into ``dataway.syntax.ast`` trees, for tests.

CPython is the reference grammar for everything Dataway accepts, so tests can build our trees
from ``ast.parse`` before (and independently of) our own parser, and differential parser tests can
compare the two. Positions are converted from CPython's convention (1-based lines, 0-based UTF-8
byte column offsets) to ours (1-based lines, 1-based code-point columns, end exclusive).

Usage::

    tree = from_source("x = 1\\n")                 # Module
    tree = from_source("a + b", mode="eval")       # Expression
"""
from __future__ import annotations

import ast as py
import re
import sys
from typing import Any

from dataway.syntax import ast as dw

__all__ = ["from_source", "convert", "LineIndex"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps CPython (line, byte offset) positions to 1-based code-point columns."""

    def __init__(self, source: str) -> None:
        self.lines = _LINE_BREAK.split(source)

    def column(self, line: int, byte_offset: int) -> int:
        """1-based code-point column of a 0-based UTF-8 byte offset on a 1-based line."""
        if line < 1 or line > len(self.lines):
            return byte_offset + 1
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1


_BINOPS = {py.Add: "+", py.Sub: "-", py.Mult: "*", py.Div: "/", py.FloorDiv: "//",
           py.Mod: "%", py.Pow: "**", py.MatMult: "@", py.LShift: "<<", py.RShift: ">>",
           py.BitAnd: "&", py.BitOr: "|", py.BitXor: "^"}
_UNARY = {py.USub: "-", py.UAdd: "+", py.Invert: "~", py.Not: "not"}
_BOOL = {py.And: "and", py.Or: "or"}
_CMP = {py.Eq: "==", py.NotEq: "!=", py.Lt: "<", py.LtE: "<=", py.Gt: ">", py.GtE: ">=",
        py.Is: "is", py.IsNot: "is not", py.In: "in", py.NotIn: "not in"}
_CTX = {py.Load: "load", py.Store: "store", py.Del: "del"}
_CONVERSION = {-1: None, ord("s"): "s", ord("r"): "r", ord("a"): "a"}

# CPython class -> our class, where the names differ or the fields need care.
_RENAMED = {
    "Expr": dw.ExprStmt, "keyword": dw.Keyword, "arg": dw.Arg, "arguments": dw.Arguments,
    "comprehension": dw.Comprehension, "alias": dw.Alias, "ExceptHandler": dw.ExceptHandler,
    "AsyncFunctionDef": dw.FunctionDef, "AsyncFor": dw.For, "AsyncWith": dw.With,
    "TryStar": dw.Try, "withitem": dw.WithItem,
}
_ASYNC = {"AsyncFunctionDef", "AsyncFor", "AsyncWith"}


class _Converter:
    def __init__(self, source: str) -> None:
        self.index = LineIndex(source)

    def positions(self, node: Any) -> dict[str, int]:
        line = getattr(node, "lineno", None)
        if line is None:
            return {}
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        return {
            "line": line,
            "column": self.index.column(line, node.col_offset),
            "end_line": end_line,
            "end_column": self.index.column(end_line, end_col if end_col is not None
                                            else node.col_offset),
        }

    def value(self, v: Any) -> Any:
        if isinstance(v, py.AST):
            return self.node(v)
        if isinstance(v, list):
            return tuple(self.value(x) for x in v)
        return v

    def node(self, n: py.AST) -> dw.Node:
        kind = type(n).__name__
        if kind == "Match":
            return dw.Unsupported(construct="match statement", **self.positions(n))
        cls = _RENAMED.get(kind) or getattr(dw, kind)
        fields: dict[str, Any] = {}
        our_fields = set(cls.__dataclass_fields__)
        for name in n._fields:
            raw = getattr(n, name, None)
            if name in ("op",):
                table = _BOOL if isinstance(n, py.BoolOp) else (
                    _UNARY if isinstance(n, py.UnaryOp) else _BINOPS)
                fields["op"] = table[type(raw)]
            elif name == "ops":
                fields["ops"] = tuple(_CMP[type(o)] for o in raw)
            elif name == "ctx":
                fields["ctx"] = _CTX[type(raw)]
            elif name == "conversion":
                fields["conversion"] = _CONVERSION.get(raw, None)
            elif name in ("is_async", "simple"):
                fields[name] = bool(raw)
            elif name in ("type_comment", "type_params"):
                continue
            elif name in our_fields:
                fields[name] = self.value(raw)
        if kind in _ASYNC:
            fields["is_async"] = True
        if kind == "TryStar":
            fields["is_star"] = True
        if isinstance(n, py.arguments):
            fields["bare_star"] = bool(n.kwonlyargs) and n.vararg is None
        if isinstance(n, py.Constant) and n.value is Ellipsis:
            fields["value"] = Ellipsis
        pos = self.positions(n)
        if not pos:
            pos = self.synthetic_positions(n, fields)
        return cls(**fields, **pos)

    @staticmethod
    def synthetic_positions(n: py.AST, fields: dict[str, Any]) -> dict[str, int]:
        """Span of the children for CPython nodes without positions (comprehension, arguments)."""
        kids = [c for v in fields.values() for c in (v if isinstance(v, tuple) else (v,))
                if isinstance(c, dw.Node) and c.line]
        if not kids:
            return {}
        first = min(kids, key=lambda c: (c.line, c.column))
        last = max(kids, key=lambda c: (c.end_line, c.end_column))
        return {"line": first.line, "column": first.column, "end_line": last.end_line,
                "end_column": last.end_column}


def convert(tree: py.AST, source: str) -> dw.Node:
    """Convert a CPython tree parsed from ``source`` into our node classes."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20000))
    try:
        return _Converter(source).node(tree)
    finally:
        sys.setrecursionlimit(limit)


def from_source(source: str, mode: str = "exec") -> dw.Node:
    """Parse ``source`` with CPython (``mode`` 'exec' or 'eval') and convert the tree."""
    return convert(py.parse(source, mode=mode), source)


def to_module(source: str) -> dw.Module:
    """Shorthand for code-mode sources."""
    tree = from_source(source, "exec")
    assert isinstance(tree, dw.Module)
    return tree


def to_expression(source: str) -> dw.Expression:
    """Shorthand for expression-mode sources."""
    tree = from_source(source, "eval")
    assert isinstance(tree, dw.Expression)
    return tree


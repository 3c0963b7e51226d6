"""Assignment, deletion and augmented-assignment targets (DW111).

The grammar parses a target as an ordinary expression (``a, b = ...`` starts like a tuple); when
the ``=`` (or ``del``, ``for``, ``as``) shows it is a target, it is rebuilt here with the right
``ctx`` and checked against CPython's rules. Rebuilding uses an explicit stack: targets nest only
through brackets, but the embedder may raise ``parse_depth`` far above the host recursion limit.
"""
from __future__ import annotations

from typing import Any

from dataway.syntax import ast

__all__ = ["to_target", "describe", "check_aug_target"]

_KINDS = {
    ast.Call: "function call", ast.BinOp: "expression", ast.UnaryOp: "expression",
    ast.BoolOp: "expression", ast.Compare: "comparison", ast.IfExp: "conditional expression",
    ast.Lambda: "lambda", ast.Dict: "dict literal", ast.Set: "set display",
    ast.ListComp: "list comprehension", ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension", ast.GeneratorExp: "generator expression",
    ast.Yield: "yield expression", ast.YieldFrom: "yield expression",
    ast.Await: "await expression", ast.JoinedStr: "f-string expression",
    ast.FormattedValue: "f-string expression", ast.NamedExpr: "named expression",
    ast.Starred: "starred", ast.Tuple: "tuple", ast.List: "list",
    ast.Attribute: "attribute", ast.Subscript: "subscript", ast.Name: "name",
}


def describe(node: ast.Node) -> str:
    """CPython's wording for the kind of ``node`` in 'cannot assign to ...' messages."""
    if isinstance(node, ast.Constant):
        if node.value is None or node.value is True or node.value is False:
            return repr(node.value)
        if node.value is ...:
            return "ellipsis"
        return "literal"
    return _KINDS.get(type(node), "expression")


def _retag(node: ast.Expr, ctx: str, elts: tuple = ()) -> ast.Expr:
    pos = {"line": node.line, "column": node.column, "end_line": node.end_line,
           "end_column": node.end_column}
    if isinstance(node, ast.Name):
        return ast.Name(id=node.id, ctx=ctx, **pos)
    if isinstance(node, ast.Attribute):
        return ast.Attribute(value=node.value, attr=node.attr, ctx=ctx, **pos)
    if isinstance(node, ast.Subscript):
        return ast.Subscript(value=node.value, slice=node.slice, ctx=ctx, **pos)
    if isinstance(node, ast.Starred):
        return ast.Starred(value=elts[0], ctx=ctx, **pos)
    if isinstance(node, ast.Tuple):
        return ast.Tuple(elts=elts, ctx=ctx, **pos)
    return ast.List(elts=elts, ctx=ctx, **pos)


def to_target(node: ast.Expr, ctx: str, builder: Any, what: str = "assign to") -> ast.Expr:
    """``node`` rebuilt with ``ctx`` (``'store'`` or ``'del'``) throughout.

    Invalid parts are reported through ``builder.error`` (DW111) and returned unchanged, so that
    several mistakes in one script are all reported.
    """
    verb = "delete" if ctx == "del" else what
    # Post-order rebuild: each stack entry is (node, rebuilt children so far or None).
    results: list[ast.Expr] = []
    stack: list[tuple[ast.Expr, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if isinstance(current, (ast.Name, ast.Attribute, ast.Subscript)):
            results.append(_retag(current, ctx))
            continue
        if isinstance(current, (ast.Tuple, ast.List, ast.Starred)):
            if isinstance(current, ast.Starred) and ctx == "del":
                builder.error("DW111", "cannot delete starred", current)
                results.append(current)
                continue
            children = (current.value,) if isinstance(current, ast.Starred) else current.elts
            if not expanded:
                stack.append((current, True))
                for child in reversed(children):
                    stack.append((child, False))
                continue
            count = len(children)
            rebuilt = tuple(results[len(results) - count:]) if count else ()
            del results[len(results) - count:]
            if isinstance(current, (ast.Tuple, ast.List)):
                starred = sum(1 for e in rebuilt if isinstance(e, ast.Starred))
                if starred > 1:
                    builder.error("DW111", "multiple starred expressions in assignment",
                                  current)
            results.append(_retag(current, ctx, rebuilt))
            continue
        message = f"cannot {verb} {describe(current)}"
        suggestion = None
        if isinstance(current, ast.Compare) and verb == "assign to":
            suggestion = "did you mean '==' instead of '='?"
        builder.error("DW111", message, current, suggestion=suggestion)
        results.append(current)
    if isinstance(node, ast.Starred) and ctx == "store" and what == "assign to":
        builder.error("DW111", "starred assignment target must be in a list or tuple", node)
    return results[0]


def check_aug_target(node: ast.Expr, builder: Any) -> ast.Expr:
    """The target of ``x op= v``: a name, attribute or subscript only (DW111)."""
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript)):
        return _retag(node, "store")
    builder.error("DW111", f"'{describe(node)}' is an illegal expression for augmented "
                  "assignment", node)
    return node

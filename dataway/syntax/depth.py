"""The ``parse_depth`` rule of spec §14, checked over the finished tree without recursion.

Each of these adds one level: a block (compound statement body), a bracket pair (parenthesised
expression, display, subscript, call arguments), a lambda, a conditional expression, a unary
operator, a comprehension, the right operand of ``**``. A chain of one binary operator, a
boolean chain, a comparison chain and a trailer chain (``a.b[c](d).e``) each count as one level
however long. Parentheses leave no node behind, so the builder records which nodes were written
inside explicit parentheses, and which ``If`` nodes came from ``elif`` (an ``elif`` ladder is one
block level, not one per clause).
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.syntax import ast

__all__ = ["first_too_deep"]

_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers")
_TRAILERS = (ast.Attribute, ast.Subscript, ast.Call)
_DISPLAYS = (ast.List, ast.Set, ast.Dict)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp)
_ONE_LEVEL = (ast.Lambda, ast.IfExp, ast.UnaryOp, ast.BoolOp, ast.Compare)


def first_too_deep(root: ast.Node, builder: Any, limit: int) -> Optional[ast.Node]:
    """The first node (pre-order) whose nesting level exceeds ``limit``, or None."""
    parens = builder.parens
    elifs = builder.elifs
    # Stack of (node, level of the context it appears in, continues_chain_of).
    stack: list[tuple[Any, int, Any]] = [(root, 0, None)]
    pop, push = stack.pop, stack.append
    while stack:
        node, level, chain = pop()
        if id(node) in parens:
            level += 1
        cls = type(node)
        if cls is ast.Name or cls is ast.Constant:
            if level > limit:
                return node
            continue
        if cls is ast.BinOp:
            if chain is not node.op:
                level += 1
            if level > limit:
                return node
            if node.op == "**":
                push((node.right, level + 1, None))
                push((node.left, level, None))
            else:
                push((node.right, level, None))
                push((node.left, level, node.op))
            continue
        if cls in _TRAILERS:
            if chain is not _TRAILERS:
                level += 1
            if level > limit:
                return node
            if cls is ast.Attribute:
                push((node.value, level, _TRAILERS))
            elif cls is ast.Subscript:
                push((node.slice, level + 1, None))
                push((node.value, level, _TRAILERS))
            else:
                for child in reversed(node.keywords):
                    push((child, level + 1, None))
                for child in reversed(node.args):
                    push((child, level + 1, None))
                push((node.func, level, _TRAILERS))
            continue
        if cls in _ONE_LEVEL or cls in _DISPLAYS:
            level += 1
        elif cls in _COMPREHENSIONS:
            level += 2  # the brackets and the comprehension
        elif cls is ast.GeneratorExp:
            level += 1
        if level > limit:
            return node
        if isinstance(node, ast.Stmt) or cls is ast.ExceptHandler:
            _push_statement(node, level, push, elifs)
            continue
        for child in reversed(list(node.children())):
            push((child, level, None))
    return None


def _push_statement(node: ast.Node, level: int, push: Any, elifs: dict) -> None:
    """Children of a statement: block bodies one level deeper, other parts at ``level``."""
    children: list[tuple[Any, int]] = []
    for name in node.__slots__ if hasattr(node, "__slots__") else ():
        pass
    for field_name, value in _fields(node):
        if field_name in _BLOCK_FIELDS and isinstance(value, tuple):
            for child in value:
                if id(child) in elifs and field_name == "orelse":
                    children.append((child, level))
                else:
                    children.append((child, level + 1))
        elif isinstance(value, ast.Node):
            children.append((value, level))
        elif isinstance(value, tuple):
            for child in value:
                if isinstance(child, ast.Node):
                    children.append((child, level))
    for child, child_level in reversed(children):
        push((child, child_level, None))


def _fields(node: ast.Node) -> list[tuple[str, Any]]:
    from dataclasses import fields
    return [(f.name, getattr(node, f.name)) for f in fields(node)
            if f.name not in ("line", "column", "end_line", "end_column")]

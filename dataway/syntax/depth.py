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

from dataclasses import fields
from typing import Any, Optional

from dataway.syntax import ast

__all__ = ["first_too_deep"]

# An except clause is part of its try statement, not a block; its own body is the block.
_BLOCK_FIELDS = ("body", "orelse", "finalbody")
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
            if chain != node.op:
                level += 1
            if level > limit:
                return node
            if node.op == "**":
                # Right-associative: the chain continues in the right operand, which adds one.
                push((node.right, level + 1, "**"))
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
        is_stmt = cls in _STATEMENTS
        layout = _LAYOUT.get(cls)
        if layout is None:
            layout = _LAYOUT[cls] = _layout(cls)
        for name, is_tuple in layout:
            value = getattr(node, name)
            if value is None:
                continue
            # Block bodies of a statement are one level deeper; an elif If is not.
            child_level = level + 1 if is_stmt and name in _BLOCK_FIELDS else level
            if is_tuple:
                for child in reversed(value):
                    if child is None:
                        continue
                    if child_level != level and id(child) in elifs:
                        push((child, level, None))
                    else:
                        push((child, child_level, None))
            else:
                push((value, child_level, None))
    return None


_STATEMENTS = frozenset(c for c in vars(ast).values()
                        if isinstance(c, type) and issubclass(c, ast.Stmt)) | {ast.ExceptHandler}
_LAYOUT: dict[type, tuple[tuple[str, bool], ...]] = {}


def _layout(cls: type) -> tuple[tuple[str, bool], ...]:
    """(field name, holds a tuple) for the child-bearing fields of ``cls``, reversed so that
    pushing them yields source order when popped."""
    out = []
    for f in fields(cls):
        if f.name in ("line", "column", "end_line", "end_column"):
            continue
        if f.type in ("str", "int", "bool", "Any", "Optional[str]", "tuple[str, ...]"):
            continue
        out.append((f.name, isinstance(f.default, tuple)))
    return tuple(reversed(out))

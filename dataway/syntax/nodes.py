"""Fast positional constructors for the AST node classes the parser builds most.

The node classes are frozen, slotted dataclasses, whose generated ``__init__`` sets each field
through ``object.__setattr__`` with keyword arguments; for the parser's hot path (several nodes
per source line) that is most of the cost of building the tree. A factory here makes the same
object (every field set, nothing else) by writing the slots directly, taking the position first:
``NAME(line, column, end_line, end_column, id, ctx)``. Field order after the position is the
class's declaration order. ``tests/syntax/test_nodes.py`` checks every factory against the
dataclass constructor.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any, Callable

from dataway.syntax import ast

__all__ = ["factory", "NAME", "CONSTANT", "ATTRIBUTE", "CALL", "BINOP", "SUBSCRIPT",
           "EXPR_STMT", "ASSIGN", "KEYWORD", "COMPARE", "TUPLE", "LIST", "RETURN", "UNARY"]

_new = object.__new__


def factory(cls: type) -> Callable[..., Any]:
    """A positional constructor for ``cls``: position fields first, then the class fields."""
    s = tuple(getattr(cls, f.name).__set__ for f in fields(cls))
    arity = len(s)
    # One unrolled body per arity: a loop over the setters costs as much as it saves.
    if arity == 5:
        s0, s1, s2, s3, s4 = s

        def make5(a, b, c, d, e, cls=cls):
            n = _new(cls)
            s0(n, a)
            s1(n, b)
            s2(n, c)
            s3(n, d)
            s4(n, e)
            return n
        return make5
    if arity == 6:
        s0, s1, s2, s3, s4, s5 = s

        def make6(a, b, c, d, e, f, cls=cls):
            n = _new(cls)
            s0(n, a)
            s1(n, b)
            s2(n, c)
            s3(n, d)
            s4(n, e)
            s5(n, f)
            return n
        return make6
    if arity == 7:
        s0, s1, s2, s3, s4, s5, s6 = s

        def make7(a, b, c, d, e, f, g, cls=cls):
            n = _new(cls)
            s0(n, a)
            s1(n, b)
            s2(n, c)
            s3(n, d)
            s4(n, e)
            s5(n, f)
            s6(n, g)
            return n
        return make7

    def make(*values: Any) -> Any:
        n = _new(cls)
        for setter, value in zip(s, values, strict=True):
            setter(n, value)
        return n
    return make


NAME = factory(ast.Name)            # id, ctx
CONSTANT = factory(ast.Constant)    # value, kind
ATTRIBUTE = factory(ast.Attribute)  # value, attr, ctx
CALL = factory(ast.Call)            # func, args, keywords
BINOP = factory(ast.BinOp)          # left, op, right
SUBSCRIPT = factory(ast.Subscript)  # value, slice, ctx
EXPR_STMT = factory(ast.ExprStmt)   # value
ASSIGN = factory(ast.Assign)        # targets, value
KEYWORD = factory(ast.Keyword)      # arg, value
COMPARE = factory(ast.Compare)      # left, ops, comparators
TUPLE = factory(ast.Tuple)          # elts, ctx
LIST = factory(ast.List)            # elts, ctx
RETURN = factory(ast.Return)        # value
UNARY = factory(ast.UnaryOp)        # op, operand

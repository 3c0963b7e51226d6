"""Grammar callbacks that build statement nodes and the roots (Module, Expression)."""
from __future__ import annotations

import dataclasses
from typing import Any

from dataway.syntax import ast
from dataway.syntax.arguments import build_arguments, make_param
from dataway.syntax.build_exprs import ExprBuilder, start
from dataway.syntax.nodes import ASSIGN, EXPR_STMT, RETURN
from dataway.syntax.targets import check_aug_target

__all__ = ["Builder"]


class Clause:
    """An ``else``/``finally`` clause: which one, its keyword token and its body."""

    __slots__ = ("kind", "token", "body")

    def __init__(self, kind: str, token: tuple, body: list) -> None:
        self.kind = kind
        self.token = token
        self.body = body


def _collect(c: list) -> list:
    """``item`` or ``items "," item`` into one list."""
    if len(c) == 1:
        return c
    c[0].append(c[2])
    return c[0]


class Builder(ExprBuilder):
    """All grammar callbacks: statements here, expressions in :class:`ExprBuilder`."""

    def __init__(self, diagnostics: list, parse_field: Any) -> None:
        super().__init__(diagnostics, parse_field)
        #: ExceptHandler nodes written ``except*``, by id.
        self.star_handlers: dict[int, ast.Node] = {}

    # ------------------------------------------------------------------------------ roots
    def file_input(self, c: list) -> ast.Module:
        """The Module of a code-mode script."""
        body = c[0]
        return ast.Module(body=tuple(body), line=1, column=1, end_line=body[-1].end_line,
                          end_column=body[-1].end_column)

    def empty_module(self, c: list) -> ast.Module:
        """The Module of a script without statements."""
        return ast.Module(body=(), line=1, column=1, end_line=1, end_column=1)

    def eval_input(self, c: list) -> ast.Expression:
        """The Expression of an expression-mode script."""
        return ast.Expression(body=c[0], **self.span(c[0], c[0]))

    def stmts(self, c: list) -> list:
        """Collect statements (simple statements on one line come as a list)."""
        if len(c) == 1:
            stmt = c[0]
            return stmt if type(stmt) is list else [stmt]
        body, stmt = c
        if type(stmt) is list:
            body.extend(stmt)
        else:
            body.append(stmt)
        return body

    def simple_stmt(self, c: list) -> list:
        """The statements of one line."""
        return c[0]

    def one_simple_stmt(self, c: list) -> list:
        """A line holding one simple statement (the common case, one callback)."""
        return [c[0]]

    def small_stmts(self, c: list) -> list:
        """Collect ``;``-separated statements (two or more)."""
        if type(c[0]) is not list:
            return [c[0], c[2]]
        c[0].append(c[2])
        return c[0]

    def block(self, c: list) -> list:
        """An indented block's statements."""
        return c[2]

    # ------------------------------------------------------------------ simple statements
    def no_star(self, value: Any) -> Any:
        """Refuse a lone starred expression used as a value (``x = *a``)."""
        if type(value) is ast.Starred:
            self.error("DW100", "can't use starred expression here", value)
        return value

    def expr_stmt(self, c: list) -> ast.ExprStmt:
        """An expression used as a statement."""
        value = self.no_star(c[0])
        return EXPR_STMT(*self.pos(value, value), value)

    def assign_targets(self, c: list) -> list:
        """Collect the targets of a (chained) assignment."""
        if len(c) == 2:
            return [c[0]]
        c[0].append(c[1])
        return c[0]

    def assign(self, c: list) -> ast.Assign:
        """``t1 = t2 = value``."""
        targets, value = c
        self.no_star(value)
        built = tuple(self.target(t, "store") for t in targets)
        return ASSIGN(*self.pos(targets[0], value), built, value)

    def aug_assign(self, c: list) -> ast.AugAssign:
        """``target op= value``."""
        target, op, value = c
        return ast.AugAssign(target=check_aug_target(target, self), op=op[1], value=value,
                             **self.span(target, value))

    def ann_assign(self, c: list) -> ast.AnnAssign:
        """``target: annotation [= value]``."""
        target, annotation = c[0], c[2]
        value = self.no_star(c[4]) if len(c) == 5 else None
        if isinstance(target, (ast.Tuple, ast.List)) and id(target) not in self.parens:
            self.error("DW111", "only single target (not tuple) can be annotated", target)
        elif not isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)):
            self.error("DW111", "illegal target for annotation", target)
        else:
            target = self.target(target, "store")
        simple = isinstance(target, ast.Name) and id(c[0]) not in self.parens
        return ast.AnnAssign(target=target, annotation=annotation, value=value, simple=simple,
                             **self.span(c[0], c[-1]))

    def del_stmt(self, c: list) -> ast.Delete:
        """``del targets``."""
        what = c[1]
        if isinstance(what, ast.Tuple) and id(what) not in self.parens:
            items = what.elts
        else:
            items = (what,)
        targets = tuple(self.target(t, "del") for t in items)
        return ast.Delete(targets=targets, **self.span(c[0], what))

    def pass_stmt(self, c: list) -> ast.Pass:
        """``pass``."""
        return ast.Pass(**self.span(c[0], c[0]))

    def break_stmt(self, c: list) -> ast.Break:
        """``break``."""
        return ast.Break(**self.span(c[0], c[0]))

    def continue_stmt(self, c: list) -> ast.Continue:
        """``continue``."""
        return ast.Continue(**self.span(c[0], c[0]))

    def return_stmt(self, c: list) -> ast.Return:
        """``return [value]``."""
        value = self.no_star(c[1]) if len(c) == 2 else None
        return RETURN(*self.pos(c[0], c[-1]), value)

    def yield_stmt(self, c: list) -> ast.ExprStmt:
        """A yield expression as a statement."""
        return ast.ExprStmt(value=c[0], **self.span(c[0], c[0]))

    def raise_stmt(self, c: list) -> ast.Raise:
        """``raise [exc [from cause]]``."""
        exc = c[1] if len(c) >= 2 else None
        cause = c[3] if len(c) == 4 else None
        return ast.Raise(exc=exc, cause=cause, **self.span(c[0], c[-1]))

    def assert_stmt(self, c: list) -> ast.Assert:
        """``assert test[, msg]``."""
        msg = c[3] if len(c) == 4 else None
        return ast.Assert(test=c[1], msg=msg, **self.span(c[0], c[-1]))

    def global_stmt(self, c: list) -> ast.Global:
        """``global names``."""
        return ast.Global(names=tuple(t[1] for t in c[1]), **self.span(c[0], c[1][-1]))

    def nonlocal_stmt(self, c: list) -> ast.Nonlocal:
        """``nonlocal names``."""
        return ast.Nonlocal(names=tuple(t[1] for t in c[1]), **self.span(c[0], c[1][-1]))

    def name_list(self, c: list) -> list:
        """Collect NAME tokens."""
        if len(c) == 1:
            return c
        c[0].append(c[2])
        return c[0]

    # -------------------------------------------------------------------------- imports
    def dotted_name(self, c: list) -> tuple:
        """``a.b.c`` as one synthetic token."""
        if len(c) == 1:
            return c[0]
        first, _, last = c
        return ("DOTTED", f"{first[1]}.{last[1]}", first[2], first[3], last[4], last[5])

    def dots(self, c: list) -> tuple:
        """The leading dots of a relative import, counted."""
        count = sum(3 if t[0] == "ELLIPSIS" else (t[1] if t[0] == "DOTS" else 1) for t in c)
        return ("DOTS", count, c[0][2], c[0][3], c[-1][4], c[-1][5])

    def dotted_as_name(self, c: list) -> ast.Alias:
        """``module [as name]`` (and ``name [as alias]`` in from-imports)."""
        asname = c[2][1] if len(c) == 3 else None
        return ast.Alias(name=c[0][1], asname=asname, **self.span(c[0], c[-1]))

    import_as_name = dotted_as_name

    def dotted_as_names(self, c: list) -> list:
        """Collect import aliases."""
        return _collect(c)

    import_as_names = dotted_as_names

    def import_name(self, c: list) -> ast.Import:
        """``import a.b as c, d``."""
        return ast.Import(names=tuple(c[1]), **self.span(c[0], c[1][-1]))

    def import_targets(self, c: list) -> tuple[list, Any]:
        """What follows ``import`` in a from-import (``*`` included)."""
        if len(c) == 1:
            if type(c[0]) is tuple:
                star = c[0]
                return [ast.Alias(name="*", **self.span(star, star))], star
            return c[0], c[0][-1]
        return c[1], c[-1]

    def import_from(self, c: list) -> ast.ImportFrom:
        """``from [dots]module import names``."""
        names, last = c[-1]
        module = None
        level = 0
        for part in c[1:-2]:
            if part[0] == "DOTS":
                level = part[1]
            else:
                module = part[1]
        return ast.ImportFrom(module=module, names=tuple(names), level=level,
                              **self.span(c[0], last))

    # ---------------------------------------------------------------- compound statements
    def unsupported_stmt(self, c: list) -> ast.Unsupported:
        """A later-Python statement the tokenizer recognised (DW311)."""
        return ast.Unsupported(construct=c[0][1], **self.span(c[0], c[0]))

    def else_clause(self, c: list) -> Clause:
        """``else: body``."""
        return Clause("else", c[0], c[2])

    def finally_clause(self, c: list) -> Clause:
        """``finally: body``."""
        return Clause("finally", c[0], c[2])

    def elif_clause(self, c: list) -> list:
        """``elif test: body``."""
        return [c[0], c[1], c[3]]

    def elif_list(self, c: list) -> list:
        """Collect elif clauses."""
        if len(c) == 1:
            return c
        c[0].append(c[1])
        return c[0]

    def if_stmt(self, c: list) -> ast.If:
        """``if``/``elif``/``else``; the elif ladder is built iteratively."""
        orelse: list = []
        elifs: list = []
        for extra in c[4:]:
            if isinstance(extra, Clause):
                orelse = extra.body
            else:
                elifs = extra
        # Build the elif ladder from its end, iteratively.
        for keyword, test, body in reversed(elifs):
            last = orelse[-1] if orelse else body[-1]
            node = ast.If(test=test, body=tuple(body), orelse=tuple(orelse),
                          **self.span(keyword, last))
            self.elifs[id(node)] = node
            orelse = [node]
        body = c[3]
        last = orelse[-1] if orelse else body[-1]
        return ast.If(test=c[1], body=tuple(body), orelse=tuple(orelse), **self.span(c[0], last))

    def while_stmt(self, c: list) -> ast.While:
        """``while test: body [else: ...]``."""
        body = c[3]
        orelse = c[4].body if len(c) == 5 else []
        last = orelse[-1] if orelse else body[-1]
        return ast.While(test=c[1], body=tuple(body), orelse=tuple(orelse), **self.span(c[0], last))

    def for_stmt(self, c: list) -> ast.For:
        """``for target in iterable: body [else: ...]``."""
        body = c[5]
        orelse = c[6].body if len(c) == 7 else []
        last = orelse[-1] if orelse else body[-1]
        return ast.For(target=self.target(c[1], "store"), iter=c[3], body=tuple(body),
                       orelse=tuple(orelse), **self.span(c[0], last))

    def handlers(self, c: list) -> list:
        """Collect except clauses."""
        if len(c) == 1:
            return c
        c[0].append(c[1])
        return c[0]

    def except_clause(self, c: list) -> ast.ExceptHandler:
        """``except [type [as name]]: body`` (``except*`` noted)."""
        star = len(c) > 1 and type(c[1]) is tuple and c[1][0] == "STAR"
        rest = c[2:] if star else c[1:]
        type_ = name = None
        if len(rest) >= 3:
            type_ = rest[0]
        if len(rest) == 5:
            name = rest[2][1]
        body = rest[-1]
        node = ast.ExceptHandler(type=type_, name=name, body=tuple(body),
                                 **self.span(c[0], body[-1]))
        if star:
            self.star_handlers[id(node)] = node
        return node

    def try_stmt(self, c: list) -> ast.Try:
        """``try`` with handlers, else and finally."""
        handlers: list = []
        orelse: list = []
        finalbody: list = []
        for extra in c[3:]:
            if isinstance(extra, Clause):
                if extra.kind == "else":
                    orelse = extra.body
                else:
                    finalbody = extra.body
            else:
                handlers = extra
        last_body = finalbody or orelse or (handlers and [handlers[-1]]) or c[2]
        is_star = any(id(h) in self.star_handlers for h in handlers)
        return ast.Try(body=tuple(c[2]), handlers=tuple(handlers), orelse=tuple(orelse),
                       finalbody=tuple(finalbody), is_star=is_star,
                       **self.span(c[0], last_body[-1]))

    def with_item(self, c: list) -> ast.WithItem:
        """``expr [as target]``."""
        target = self.target(c[2], "store") if len(c) == 3 else None
        return ast.WithItem(context_expr=c[0], optional_vars=target, **self.span(c[0], c[-1]))

    def with_items(self, c: list) -> list:
        """Collect with items."""
        return _collect(c)

    def with_stmt(self, c: list) -> ast.With:
        """``with items: body`` (refused later as DW302)."""
        body = c[3]
        return ast.With(items=tuple(c[1]), body=tuple(body), **self.span(c[0], body[-1]))

    def param(self, c: list) -> Any:
        """One parameter item."""
        return make_param(c)

    def params(self, c: list) -> list:
        """Collect parameter items."""
        return _collect(c)

    vparams = params

    def parameters(self, c: list) -> list:
        """A parenthesised parameter list."""
        return c[1] if len(c) >= 3 else []

    def funcdef(self, c: list) -> ast.FunctionDef:
        """``def name(params) [-> returns]: body``."""
        name, params = c[1], c[2]
        returns = c[4] if len(c) == 7 else None
        body = c[-1]
        args = build_arguments(params, self, lambda_=False, first=c[2] if params else name)
        return ast.FunctionDef(name=name[1], args=args, body=tuple(body), returns=returns,
                               **self.span(c[0], body[-1]))

    def generic_funcdef(self, c: list) -> ast.Unsupported:
        """A definition with type parameters (Python 3.12): Unsupported."""
        return ast.Unsupported(construct="type parameters", **self.span(c[0], c[-1][-1]))

    generic_classdef = generic_funcdef

    def classdef(self, c: list) -> ast.ClassDef:
        """``class name[(bases)]: body`` (refused later as DW301)."""
        bases: tuple = ()
        keywords: tuple = ()
        if len(c) == 7:
            from dataway.syntax.arguments import build_call_args
            bases, keywords = build_call_args(c[3], self)
        body = c[-1]
        return ast.ClassDef(name=c[1][1], bases=bases, keywords=keywords, body=tuple(body),
                            **self.span(c[0], body[-1]))

    def decorator(self, c: list) -> ast.Expr:
        """``@expression``."""
        return c[1]

    def decorators(self, c: list) -> list:
        """Collect decorators."""
        return self.handlers(c)

    def decorated(self, c: list) -> ast.Stmt:
        """A decorated function or class definition."""
        decorators, node = c
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            return dataclasses.replace(node, decorator_list=tuple(decorators))
        return node

    def async_funcdef(self, c: list) -> ast.Stmt:
        """``async def``."""
        return self._make_async(c)

    def async_with(self, c: list) -> ast.Stmt:
        """``async with``."""
        return self._make_async(c)

    def async_for(self, c: list) -> ast.Stmt:
        """``async for``."""
        return self._make_async(c)

    def _make_async(self, c: list) -> ast.Stmt:
        keyword, node = c
        if not hasattr(node, "is_async"):
            return node
        line, column = start(keyword)
        return dataclasses.replace(node, is_async=True, line=line, column=column)


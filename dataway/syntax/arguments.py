"""Parameter lists and call argument lists (DW112).

The grammar accepts a flat, comma-separated run of parameter (or argument) items; the order rules
CPython enforces in its grammar are checked here instead, which keeps the LALR grammar small and
gives precise messages: duplicate parameter, non-default parameter after a default one, positional
argument after a keyword argument, repeated keyword argument, and so on.
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.syntax import ast

__all__ = ["Param", "make_param", "build_arguments", "build_call_args"]


class Param:
    """One parameter item as written: kind is 'plain', 'star', 'dstar' or 'slash'."""

    __slots__ = ("kind", "name", "annotation", "default", "first", "last")

    def __init__(self, kind: str, name: Optional[tuple], annotation: Optional[ast.Expr],
                 default: Optional[ast.Expr], first: Any, last: Any) -> None:
        self.kind = kind
        self.name = name
        self.annotation = annotation
        self.default = default
        self.first = first
        self.last = last


def make_param(c: list) -> Param:
    """A Param from the children of one ``param``/``vparam`` grammar alternative."""
    first = c[0]
    kind = {"STAR": "star", "DOUBLESTAR": "dstar", "SLASH": "slash"}.get(first[0], "plain")
    rest = c if kind == "plain" else c[1:]
    name = rest[0] if rest else None
    annotation = default = None
    index = 1
    while index < len(rest):
        if rest[index][0] == "COLON":
            annotation = rest[index + 1]
        else:
            default = rest[index + 1]
        index += 2
    return Param(kind, name, annotation, default, first, c[-1])


def _arg(param: Param) -> ast.Arg:
    from dataway.syntax.build_exprs import span
    last = param.annotation if param.annotation is not None else param.name
    return ast.Arg(arg=param.name[1], annotation=param.annotation, **span(param.name, last))


def build_arguments(params: list[Param], builder: Any, *, lambda_: bool,
                    first: Any) -> ast.Arguments:
    """An Arguments node from parameter items, reporting order problems as DW112."""
    from dataway.syntax.build_exprs import span

    posonly: list[ast.Arg] = []
    args: list[ast.Arg] = []
    defaults: list[ast.Expr] = []
    kwonly: list[ast.Arg] = []
    kw_defaults: list[Optional[ast.Expr]] = []
    vararg = kwarg = None
    seen_star = seen_slash = bare_star = False
    names: set[str] = set()
    where = "lambda" if lambda_ else "function definition"
    for index, param in enumerate(params):
        if kwarg is not None:
            builder.error("DW112", "arguments cannot follow var-keyword argument", param.first,
                          param.last)
            continue
        if param.kind == "slash":
            if seen_slash:
                builder.error("DW112", "/ may appear only once", param.first)
            elif seen_star:
                builder.error("DW112", "/ must be ahead of *", param.first)
            elif not args:
                builder.error("DW112", "at least one argument must precede /", param.first)
            else:
                posonly.extend(args)
                args.clear()
            seen_slash = True
            continue
        if param.kind == "star":
            if seen_star:
                builder.error("DW112", "* argument may appear only once", param.first,
                              param.last)
                continue
            seen_star = True
            if param.name is None:
                bare_star = True
                following = params[index + 1:]
                if not following or following[0].kind == "dstar":
                    builder.error("DW112", "named arguments must follow bare *", param.first)
            else:
                vararg = _arg(param)
        if param.name is not None:
            name = param.name[1]
            if name in names:
                builder.error("DW112", f"duplicate argument '{name}' in {where}", param.name)
            names.add(name)
        if param.kind == "dstar":
            kwarg = _arg(param)
        elif param.kind == "plain":
            if seen_star:
                kwonly.append(_arg(param))
                kw_defaults.append(param.default)
            else:
                args.append(_arg(param))
                if param.default is not None:
                    defaults.append(param.default)
                elif defaults:
                    builder.error("DW112", "non-default argument follows default argument",
                                  param.name)
    if params:
        where_span = span(params[0].first, params[-1].last)
    else:
        where_span = span(first, first)
    return ast.Arguments(posonlyargs=tuple(posonly), args=tuple(args), vararg=vararg,
                         kwonlyargs=tuple(kwonly), kw_defaults=tuple(kw_defaults), kwarg=kwarg,
                         defaults=tuple(defaults), bare_star=bare_star, **where_span)


def build_call_args(items: list, builder: Any) -> tuple[tuple[ast.Expr, ...],
                                                        tuple[ast.Keyword, ...]]:
    """Split call argument items into positional args and keywords, checking their order."""
    args: list[ast.Expr] = []
    keywords: list[ast.Keyword] = []
    seen_keyword = seen_kwargs = False
    names: set[str] = set()
    for item in items:
        if isinstance(item, ast.Keyword):
            if item.arg is None:
                seen_kwargs = True
            else:
                if item.arg in names:
                    builder.error("DW112", f"keyword argument repeated: {item.arg}", item)
                names.add(item.arg)
                seen_keyword = True
            keywords.append(item)
            continue
        if isinstance(item, ast.GeneratorExp) and id(item) not in builder.parens \
                and len(items) > 1:
            builder.error("DW100", "generator expression must be parenthesized", item)
        if isinstance(item, ast.Starred):
            if seen_kwargs:
                builder.error("DW112", "iterable argument unpacking follows keyword argument "
                              "unpacking", item)
        elif seen_kwargs:
            builder.error("DW112", "positional argument follows keyword argument unpacking",
                          item)
        elif seen_keyword:
            builder.error("DW112", "positional argument follows keyword argument", item)
        args.append(item)
    return tuple(args), tuple(keywords)

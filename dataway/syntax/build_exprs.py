"""Grammar callbacks that build expression nodes.

The LALR driver in :mod:`dataway.syntax.parser` calls one method per grammar rule alternative
(named by the alternative's alias, else by the rule name) with the list of the alternative's
children: tokens (tuples, see :mod:`dataway.syntax.tokenizer`), nodes, or the small intermediate
values defined here. Building happens bottom-up while parsing, so no intermediate tree exists and
nothing here recurses over the input.
"""
from __future__ import annotations

from typing import Any, Optional

from dataway.diagnostics import Diagnostic, diagnostic
from dataway.syntax import ast
from dataway.syntax.arguments import build_arguments, build_call_args
from dataway.syntax.nodes import (ATTRIBUTE, BINOP, CALL, COMPARE, CONSTANT, KEYWORD, LIST, NAME,
                                  SUBSCRIPT, TUPLE, UNARY)
from dataway.syntax.strings import build_string
from dataway.syntax.targets import describe, to_target
from dataway.syntax.tokenizer import SyntaxProblem

__all__ = ["ExprBuilder", "Items", "CompClause", "start", "end", "span"]


def start(x: Any) -> tuple[int, int]:
    """(line, column) where a token, node or intermediate value starts."""
    if type(x) is tuple:
        return x[2], x[3]
    if isinstance(x, ast.Node):
        return x.line, x.column
    return x.start


def end(x: Any) -> tuple[int, int]:
    """(end_line, end_column) of a token, node or intermediate value."""
    if type(x) is tuple:
        return x[4], x[5]
    if isinstance(x, ast.Node):
        return x.end_line, x.end_column
    return x.end


def span(first: Any, last: Any) -> dict[str, int]:
    """Position keyword arguments covering ``first`` through ``last``."""
    line, column = start(first)
    end_line, end_column = end(last)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}


class Items:
    """A comma-separated run or a single element with its comprehension clauses."""

    __slots__ = ("kind", "elts", "generators", "start", "end")

    def __init__(self, kind: str, elts: list, generators: Optional[list], first: Any,
                 last: Any) -> None:
        self.kind = kind  # 'one', 'items', 'items_trailing', 'comp'
        self.elts = elts
        self.generators = generators
        self.start = start(first)
        self.end = end(last)


class CompClause:
    """One ``for ... in ... if ...`` clause while its ``if`` parts are still being collected."""

    __slots__ = ("target", "iter", "ifs", "is_async", "start", "end")

    def __init__(self, target: ast.Expr, iter_: ast.Expr, is_async: bool, first: Any) -> None:
        self.target = target
        self.iter = iter_
        self.ifs: list[ast.Expr] = []
        self.is_async = is_async
        self.start = start(first)
        self.end = end(iter_)

    def node(self) -> ast.Comprehension:
        """The finished Comprehension node."""
        return ast.Comprehension(target=self.target, iter=self.iter, ifs=tuple(self.ifs),
                                 is_async=self.is_async, line=self.start[0],
                                 column=self.start[1], end_line=self.end[0],
                                 end_column=self.end[1])


class SliceParts:
    """The children of a slice (``:`` tokens and bound expressions) before it is finished."""

    __slots__ = ("children",)

    def __init__(self, children: list) -> None:
        self.children = children


_COMPOP_NAMES = {"IN": "in", "IS": "is"}


class ExprBuilder:
    """Callbacks for expression rules. Subclassed by the statement builder."""

    def __init__(self, diagnostics: list[Diagnostic], parse_field: Any) -> None:
        #: Non-fatal findings (the parse continues; the tree is dropped if any is an error).
        self.diagnostics = diagnostics
        #: Nodes written inside explicit parentheses, by id: (node, '(' token, ')' token).
        #: Holding the node keeps its id from being reused.
        self.parens: dict[int, tuple] = {}
        #: If nodes made from ``elif`` clauses, by id.
        self.elifs: dict[int, ast.Node] = {}
        #: ``parse_field(text, line, column) -> Expr`` for f-string fields.
        self.parse_field = parse_field

    # ------------------------------------------------------------------------- helpers
    def pos(self, first: Any, last: Any) -> tuple[int, int, int, int]:
        """The span of ``first`` .. ``last`` as a tuple (for the positional constructors of
        :mod:`dataway.syntax.nodes`); parenthesised ends include their parentheses."""
        parens = self.parens
        if parens:
            outer = parens.get(id(first))
            if outer is not None:
                first = outer[1]
            outer = parens.get(id(last))
            if outer is not None:
                last = outer[2]
        if type(first) is tuple:
            line, column = first[2], first[3]
        else:
            line, column = start(first)
        if type(last) is tuple:
            return line, column, last[4], last[5]
        end_line, end_column = end(last)
        return line, column, end_line, end_column

    def span(self, first: Any, last: Any) -> dict[str, int]:
        """Like :func:`span`, but a parenthesised first/last child includes its parentheses
        (CPython's convention: ``(a + b) * c`` starts at the ``(``)."""
        line, column, end_line, end_column = self.pos(first, last)
        return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}

    def error(self, code: str, message: str, first: Any, last: Any = None,
              suggestion: Optional[str] = None) -> None:
        """Record a non-fatal error spanning ``first`` .. ``last``."""
        line, column = start(first)
        end_line, end_column = end(last if last is not None else first)
        self.diagnostics.append(diagnostic(code, message, line, column, end_line, end_column,
                                           suggestion=suggestion))

    def fatal(self, code: str, message: str, first: Any, last: Any = None) -> SyntaxProblem:
        """A SyntaxProblem to raise for an error that stops the parse."""
        line, column = start(first)
        end_line, end_column = end(last if last is not None else first)
        return SyntaxProblem(diagnostic(code, message, line, column, end_line, end_column))

    def no_unpacking_in_comprehension(self, elt: Any) -> None:
        """``[*a for a in b]`` is refused, as CPython does."""
        if type(elt) is ast.Starred:
            self.error("DW100", "iterable unpacking cannot be used in comprehension", elt)

    def target(self, node: ast.Expr, ctx: str, what: str = "assign to") -> ast.Expr:
        """``node`` rebuilt as an assignment/deletion target (DW111 when it cannot be one)."""
        return to_target(node, ctx, self, what)

    # ------------------------------------------------------------------------ operators
    def binop(self, c: list) -> ast.BinOp:
        """``left op right`` for every binary operator level."""
        left, op, right = c
        return BINOP(*self.pos(left, right), left, op[1], right)

    def unary(self, c: list) -> ast.UnaryOp:
        """``-x``, ``+x``, ``~x``, ``not x``."""
        op, operand = c
        return UNARY(*self.pos(op, operand), op[1], operand)

    def or_chain(self, c: list) -> list:
        """Collect ``a or b or ...`` (and ``and`` chains): the operator word, then operands."""
        if type(c[0]) is not list:
            return [c[1][1], c[0], c[2]]  # the operator word, then the operands
        c[0].append(c[2])
        return c[0]

    and_chain = or_chain

    def bool_op(self, c: list) -> ast.BoolOp:
        """One BoolOp for a whole ``and``/``or`` chain."""
        chain = c[0]
        return ast.BoolOp(op=chain[0], values=tuple(chain[1:]), **self.span(chain[1], chain[-1]))

    def comp_op(self, c: list) -> str:
        """A comparison operator as its string (``'not in'``, ``'is not'`` ...)."""
        if len(c) == 2:
            return "not in" if c[0][0] == "NOT" else "is not"
        return c[0][1]

    def comp_chain(self, c: list) -> list:
        """Collect a comparison chain: operand, operator, operand, ..."""
        left, op, right = c
        if type(left) is list:
            left.append(op)
            left.append(right)
            return left
        return [left, op, right]

    def compare(self, c: list) -> ast.Compare:
        """One Compare node for a whole comparison chain."""
        chain = c[0]
        return COMPARE(*self.pos(chain[0], chain[-1]), chain[0], tuple(chain[1::2]),
                       tuple(chain[2::2]))

    def if_exp(self, c: list) -> ast.IfExp:
        """``body if test else orelse``."""
        body, _, test, _, orelse = c
        return ast.IfExp(test=test, body=body, orelse=orelse, **self.span(body, orelse))

    def named_expr(self, c: list) -> ast.NamedExpr:
        """``target := value`` (refused later as DW305)."""
        target, _, value = c
        if not isinstance(target, ast.Name):
            self.error("DW111", "cannot use assignment expressions with "
                       f"{describe(target)}", target)
        else:
            target = ast.Name(id=target.id, ctx="store", **self.span(target, target))
        return ast.NamedExpr(target=target, value=value, **self.span(c[0], value))

    def star_expr(self, c: list) -> ast.Starred:
        """``*value`` in displays, targets and calls."""
        return ast.Starred(value=c[1], ctx="load", **self.span(c[0], c[1]))

    def await_expr(self, c: list) -> ast.Await:
        """``await value`` (refused later as DW303)."""
        return ast.Await(value=c[1], **self.span(c[0], c[1]))

    def lambdef(self, c: list) -> ast.Lambda:
        """``lambda params: body``."""
        params = c[1] if len(c) >= 4 else []
        args = build_arguments(params, self, lambda_=True, first=c[0])
        return ast.Lambda(args=args, body=c[-1], **self.span(c[0], c[-1]))

    # -------------------------------------------------------------------------- trailers
    def call(self, c: list) -> ast.Call:
        """``func(args)``; a sole generator argument spans the call's parentheses."""
        func = c[0]
        if len(c) == 3:
            return CALL(*self.pos(func, c[2]), func, (), ())
        items = c[2]
        if len(items) == 1 and type(items[0]) is ast.GeneratorExp and \
                id(items[0]) not in self.parens:
            # CPython: a sole generator argument spans the call's parentheses.
            gen = items[0]
            items = [ast.GeneratorExp(elt=gen.elt, generators=gen.generators,
                                      **self.span(c[1], c[3]))]
        args, keywords = build_call_args(items, self)
        return CALL(*self.pos(func, c[3]), func, args, keywords)

    def subscript(self, c: list) -> ast.Subscript:
        """``value[index]``; several indexes make a Tuple."""
        value, _, items, close = c
        if items.kind == "one":
            index = items.elts[0]
        else:
            index = ast.Tuple(elts=tuple(items.elts), ctx="load", **self.span(items, items))
        return SUBSCRIPT(*self.pos(value, close), value, index, "load")

    def attribute(self, c: list) -> ast.Attribute:
        """``value.name``."""
        value, _, name = c
        return ATTRIBUTE(*self.pos(value, name), value, name[1], "load")

    def slice_head(self, c: list) -> SliceParts:
        """The start of a slice, finished by :meth:`slice`."""
        return SliceParts(c)

    def slice(self, c: list) -> ast.Slice:
        """``lower:upper:step`` with any part missing."""
        children = c[0].children + c[1:]
        bounds: list[Optional[ast.Expr]] = [None, None, None]
        index = 0
        for child in children:
            if type(child) is tuple:
                index += 1
            else:
                bounds[index] = child
        return ast.Slice(lower=bounds[0], upper=bounds[1], step=bounds[2],
                         **self.span(children[0], children[-1]))

    # ----------------------------------------------------------------------------- atoms
    def name(self, c: list) -> ast.Name:
        """An identifier in an expression."""
        tok = c[0]
        return NAME(tok[2], tok[3], tok[4], tok[5], tok[1], "load")

    def number(self, c: list) -> ast.Constant:
        """An int, float or complex literal (value computed by the tokenizer)."""
        tok = c[0]
        return CONSTANT(tok[2], tok[3], tok[4], tok[5], tok[1], None)

    _CONSTANTS = {"NONE": None, "TRUE": True, "FALSE": False, "ELLIPSIS": ...}

    def constant(self, c: list) -> ast.Constant:
        """``None``, ``True``, ``False`` and ``...``."""
        tok = c[0]
        return CONSTANT(tok[2], tok[3], tok[4], tok[5], self._CONSTANTS[tok[0]], None)

    def string_run(self, c: list) -> list:
        """Collect adjacent STRING tokens (implicit concatenation)."""
        if type(c[0]) is tuple:
            return c
        c[0].append(c[1])
        return c[0]

    def string(self, c: list) -> ast.Expr:
        """One string atom: a Constant or, with f-strings, a JoinedStr."""
        run = c[0]
        if type(run) is not tuple:
            return build_string(run, self)
        text = run[1]
        quote = text[0]
        if (quote == "'" or quote == '"') and "\\" not in text:
            # The common literal: one token, no prefix, no escapes. Its value is its body, as
            # build_string would find after splitting and decoding (saves most of a string's
            # parse time; tests/syntax/test_literals.py pins the equivalence).
            body = text[3:-3] if text.startswith(quote * 3) else text[1:-1]
            return CONSTANT(run[2], run[3], run[4], run[5], body, None)
        return build_string([run], self)

    def empty_tuple(self, c: list) -> ast.Tuple:
        """``()``."""
        node = ast.Tuple(elts=(), ctx="load", **self.span(c[0], c[1]))
        self.parens[id(node)] = (node, c[0], c[1])
        return node

    def paren_yield(self, c: list) -> ast.Expr:
        """``(yield ...)``."""
        node = c[1]
        self.parens[id(node)] = (node, c[0], c[2])
        return node

    def paren(self, c: list) -> ast.Expr:
        """A parenthesised expression, tuple or generator expression."""
        items: Items = c[1]
        if items.kind == "one":
            node = items.elts[0]
            if isinstance(node, ast.Starred):
                raise self.fatal("DW100", "cannot use starred expression here", node)
        elif items.kind == "comp":
            node = ast.GeneratorExp(elt=items.elts[0], generators=_gens(items),
                                    **self.span(c[0], c[2]))
        else:
            node = ast.Tuple(elts=tuple(items.elts), ctx="load", **self.span(c[0], c[2]))
        self.parens[id(node)] = (node, c[0], c[2])
        return node

    def empty_list(self, c: list) -> ast.List:
        """``[]``."""
        return ast.List(elts=(), ctx="load", **self.span(c[0], c[1]))

    def list_display(self, c: list) -> ast.Expr:
        """A list display or list comprehension."""
        items: Items = c[1]
        if items.kind == "comp":
            return ast.ListComp(elt=items.elts[0], generators=_gens(items), **self.span(c[0], c[2]))
        return LIST(*self.pos(c[0], c[2]), tuple(items.elts), "load")

    def empty_dict(self, c: list) -> ast.Dict:
        """``{}``."""
        return ast.Dict(**self.span(c[0], c[1]))

    def brace_display(self, c: list) -> ast.Expr:
        """A dict or set display or comprehension."""
        kind, payload = c[1]
        where = span(c[0], c[2])
        if kind == "dict":
            keys = tuple(k for k, _ in payload)
            values = tuple(v for _, v in payload)
            return ast.Dict(keys=keys, values=values, **where)
        if kind == "set":
            return ast.Set(elts=tuple(payload), **where)
        if kind == "dictcomp":
            (key, value), gens = payload
            if key is None:
                raise self.fatal("DW100", "dict unpacking cannot be used in dict comprehension",
                                 value)
            return ast.DictComp(key=key, value=value, generators=gens, **where)
        elt, gens = payload
        return ast.SetComp(elt=elt, generators=gens, **where)

    # ------------------------------------------------------------------- sequences
    def one_item(self, c: list) -> Items:
        """A single element inside brackets (no comma)."""
        return Items("one", [c[0]], None, c[0], c[0])

    def comprehension(self, c: list) -> Items:
        """An element followed by ``for`` clauses."""
        self.no_unpacking_in_comprehension(c[0])
        return Items("comp", [c[0]], c[1], c[0], c[1][-1])

    def items_trailing(self, c: list) -> Items:
        """Comma-separated elements ending with a comma."""
        elts, last_comma = c[0]
        return Items("items", elts, None, elts[0], last_comma)

    def items(self, c: list) -> Items:
        """Comma-separated elements without a trailing comma."""
        elts = c[0][0]
        elts.append(c[1])
        return Items("items", elts, None, elts[0], c[1])

    def tlc_comma(self, c: list) -> tuple[list, tuple]:
        """Collect elements each followed by a comma (with the last comma token)."""
        if len(c) == 2:
            return [c[0]], c[1]
        elts = c[0][0]
        elts.append(c[1])
        return elts, c[2]

    tlse_comma = testlist_comma = exprlist_comma = sub_comma = tlc_comma

    def items_tuple(self, c: list) -> ast.Tuple:
        """An unparenthesised tuple (``a, b`` / ``a,``)."""
        elts, last_comma = c[0]
        if len(c) == 2:
            elts.append(c[1])
            last = c[1]
        else:
            last = last_comma
        return TUPLE(*self.pos(elts[0], last), tuple(elts), "load")

    def dict_items(self, c: list) -> list:
        """Collect dict entries."""
        if len(c) == 1:
            return c
        c[0].append(c[2])
        return c[0]

    def set_items(self, c: list) -> list:
        """Collect set elements."""
        return self.dict_items(c)

    def dict_entry(self, c: list) -> tuple:
        """``key: value`` or ``**mapping``."""
        if len(c) == 2:
            return (None, c[1])
        return (c[0], c[2])

    def dict_maker(self, c: list) -> tuple:
        """The entries of a dict display."""
        return ("dict", c[0])

    def set_maker(self, c: list) -> tuple:
        """The elements of a set display."""
        return ("set", c[0])

    def dict_comp(self, c: list) -> tuple:
        """The parts of a dict comprehension."""
        return ("dictcomp", (c[0], tuple(clause.node() for clause in c[1])))

    def set_comp(self, c: list) -> tuple:
        """The parts of a set comprehension."""
        self.no_unpacking_in_comprehension(c[0])
        return ("setcomp", (c[0], tuple(clause.node() for clause in c[1])))

    def comp_fors(self, c: list) -> list:
        """Collect comprehension clauses; an ``if`` attaches to the clause before it."""
        if len(c) == 1:
            return c
        clauses, extra = c
        if isinstance(extra, CompClause):
            clauses.append(extra)
        else:
            clauses[-1].ifs.append(extra)
            clauses[-1].end = end(extra)
        return clauses

    def comp_for(self, c: list) -> CompClause:
        """One ``[async] for target in iterable`` clause."""
        is_async = c[0][0] == "ASYNC"
        if is_async:
            c = c[1:]
        target = self.target(c[1], "store")
        return CompClause(target, c[3], is_async, c[0])

    def comp_if(self, c: list) -> ast.Expr:
        """One ``if condition`` of a comprehension."""
        return c[1]

    # ---------------------------------------------------------------------- arguments
    def trailing_comma(self, c: list) -> list:
        """An argument list with a trailing comma."""
        return c[0]

    def args(self, c: list) -> list:
        """Collect call arguments."""
        if len(c) == 1:
            return c
        c[0].append(c[2])
        return c[0]

    def argument(self, c: list) -> Any:
        """A call argument: ``*x``, ``**x``, ``name=value`` or a generator."""
        first = c[0]
        if type(first) is tuple:  # '*' or '**'
            if first[0] == "STAR":
                return ast.Starred(value=c[1], ctx="load", **self.span(first, c[1]))
            return ast.Keyword(arg=None, value=c[1], **self.span(first, c[1]))
        if len(c) == 2:  # generator argument
            return ast.GeneratorExp(elt=first, generators=tuple(cl.node() for cl in c[1]),
                                    **self.span(first, c[1][-1]))
        if c[1][0] == "WALRUS":
            return self.named_expr(c)
        if not isinstance(first, ast.Name) or id(first) in self.parens:
            raise self.fatal("DW100", 'expression cannot contain assignment, perhaps you '
                             'meant "=="?', first, c[2])
        return KEYWORD(*self.pos(first, c[2]), first.id, c[2])

    # -------------------------------------------------------------------------- yield
    def yield_expr(self, c: list) -> ast.Expr:
        """``yield``, ``yield value`` and ``yield from value``."""
        if len(c) == 1:
            return ast.Yield(**self.span(c[0], c[0]))
        if len(c) == 3:
            return ast.YieldFrom(value=c[2], **self.span(c[0], c[2]))
        if type(c[1]) is ast.Starred:
            self.error("DW100", "can't use starred expression here", c[1])
        return ast.Yield(value=c[1], **self.span(c[0], c[1]))


def _gens(items: Items) -> tuple[ast.Comprehension, ...]:
    return tuple(clause.node() for clause in items.generators)


"""Generator functions: the generator value and generator-mode compilation of bodies.

In a generator function, statements that contain ``yield`` compile to host generator functions
(``yield from`` chains carry the yielded values out and the statement's signal back), while the
other statements keep their ordinary closures. :class:`ScriptGenerator` drives the body with
``next()`` only (no ``send``/``throw`` for scripts), counts each resumption as a script frame,
and applies PEP 479 (a StopIteration escaping the body becomes ``RuntimeError``).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from ..runtime.context import activate, deactivate
from ..runtime.exceptions import EXC_TYPES, ExcType, ExcValue, ScriptRaise, to_exc_value
from ..runtime.values import DWObject
from ..syntax import ast as A
from .blocks import stmt_cost
from .core import GEN_STMT, Compiler, contains_yield, expr_cost
from .handlers import _matches, compile_handler, flush_frame
from .stack import deeper
from .state import BREAK, CONTINUE, RETURN, leave_frame, note, script_error
from .targets import store_target

__all__ = ["ScriptGenerator", "gen_block", "is_script_generator"]

Closure = Callable[[list], Any]
GenClosure = Callable[[list], Iterator[Any]]
_STOP = EXC_TYPES["StopIteration"]
# Scripts cannot name it, but a bare ``except`` sees it while a generator is closed, as in CPython.
_GENERATOR_EXIT = ExcType("GeneratorExit", (EXC_TYPES["BaseException"],), GeneratorExit)


class ScriptGenerator(DWObject):
    """A running script generator (``<generator object f>``): iterate it or call ``next()``."""

    __slots__ = ("name", "qualname", "script", "frame", "body", "pygen", "running", "done",
                 "handling")
    dw_type_name = "generator"

    def __init__(self, code: Any, frame: list, body: Optional[GenClosure] = None,
                 name: Optional[str] = None, qualname: Optional[str] = None) -> None:
        self.name = name or code.name
        self.qualname = qualname or code.qualname
        self.script = code.script if code is not None else frame[0].script
        self.frame = frame
        self.body = body or code.body
        self.pygen: Any = None
        self.running = False
        self.done = False
        self.handling: Optional[list] = None  # exceptions being handled while suspended

    def __repr__(self) -> str:
        return f"<generator object {self.qualname}>"

    def __iter__(self) -> "ScriptGenerator":
        return self

    def __next__(self) -> Any:
        if self.done:
            raise StopIteration
        if self.running:
            raise script_error("ValueError", "generator already executing")
        frame = self.frame
        run = frame[0]
        run.depth += 1
        if run.depth > run.max_depth:
            run.depth -= 1
            return deeper(run, self.__next__)
        self.running = True
        handling = run.handling
        base = len(handling)
        if self.handling:
            # Resume inside an ``except`` block: its exception is being handled again.
            handling.extend(self.handling)
            self.handling = None
        try:
            if self.pygen is None:
                self.pygen = self.body(frame)
            value = next(self.pygen)
            if len(handling) > base:
                self.handling = handling[base:]
            return value
        except StopIteration:
            self.done = True
            value = frame[1]
        except ScriptRaise as carrier:
            self.done = True
            leave_frame(carrier, self.script, self.name)
            if carrier.value.type.issubtype(_STOP):
                raise self._pep479(carrier) from None
            raise
        except BaseException as exc:
            self.done = True
            leave_frame(exc, self.script, self.name)
            raise
        finally:
            del handling[base:]
            self.running = False
            run.depth -= 1
        raise StopIteration(value) if value is not None else StopIteration()

    def __del__(self) -> None:
        # CPython closes an unfinished generator when its last reference goes (a ``break`` out
        # of a ``for`` loop): ``finally`` blocks run with GeneratorExit. Errors are dropped,
        # as CPython only prints them.
        if self.pygen is None or self.done or self.running:
            return
        self.done = True
        pygen = self.pygen
        run = self.frame[0]
        previous = activate(run)
        self.running = True
        try:
            pygen.throw(ScriptRaise(ExcValue(_GENERATOR_EXIT, ())))
        except BaseException:  # noqa: BLE001 - the expected GeneratorExit, or a dropped error
            pass
        finally:
            self.running = False
            try:
                pygen.close()
            except BaseException:  # noqa: BLE001
                pass
            deactivate(previous)

    def _pep479(self, carrier: ScriptRaise) -> ScriptRaise:
        value = ExcValue(EXC_TYPES["RuntimeError"], ("generator raised StopIteration",))
        value.cause = carrier.value
        value.context = carrier.value
        value.suppress_context = True
        new = ScriptRaise(value)
        new.dw_seen = True  # type: ignore[attr-defined]
        return new


def is_script_generator(value: Any) -> bool:
    """True for generator objects made by script generator functions or expressions."""
    return type(value) is ScriptGenerator


# -- generator-mode statements ---------------------------------------------------------------

def gen_block(cx: Compiler, stmts: tuple[A.Stmt, ...], extra_cost: int = 0) -> GenClosure:
    """Compile a statement sequence of a generator body into a host generator function."""
    entries = tuple((contains_yield(s), cx.stmt(s), s.line, s.column) for s in stmts)
    cost = extra_cost + sum(stmt_cost(s) for s in stmts)

    def gblock(L: list) -> Iterator[Any]:
        L[0].charge(cost)
        for is_gen, fn, line, col in entries:
            try:
                if is_gen:
                    r = yield from fn(L)
                else:
                    r = fn(L)
            except BaseException as exc:
                raise note(exc, L[0], line, col)
            if r is not None:
                return r
        return None
    return gblock


def stop_safe(fn: Closure) -> Closure:
    """``fn`` with a StopIteration it raises turned into a script exception.

    Inside a host generator a StopIteration would otherwise become the host's own
    RuntimeError (PEP 479) before the script's statement could record it.
    """
    def safe(L: list) -> Any:
        try:
            return fn(L)
        except StopIteration as exc:
            raise ScriptRaise(to_exc_value(exc)) from None
    return safe


def _safe_expr(cx: Compiler, node: Optional[A.Expr]) -> Optional[Closure]:
    return None if node is None else stop_safe(cx.expr(node))


def gen_expr(cx: Compiler, node: A.Expr) -> GenClosure:
    """An expression that may contain ``yield``, as a host generator returning its value."""
    if isinstance(node, A.Yield):
        value = _safe_expr(cx, node.value)

        def yield_(L: list) -> Iterator[Any]:
            yield value(L) if value is not None else None
            return None
        return yield_
    if isinstance(node, A.YieldFrom):
        source = stop_safe(cx.expr(node.value))

        def yield_from(L: list) -> Iterator[Any]:
            it = iter(source(L))
            if type(it) is ScriptGenerator:
                while True:
                    try:
                        v = it.__next__()
                    except StopIteration as stop:
                        return stop.value
                    yield v
            for v in it:
                yield v
            return None
        return yield_from
    if not contains_yield(node):
        plain = stop_safe(cx.expr(node))

        def wrapped(L: list) -> Iterator[Any]:
            return plain(L)
            yield  # pragma: no cover - makes this a generator function
        return wrapped
    if isinstance(node, A.Call) and not node.keywords and not any(
            isinstance(a, A.Starred) for a in node.args):
        func = gen_expr(cx, node.func)
        args = tuple(gen_expr(cx, a) for a in node.args)

        def call(L: list) -> Iterator[Any]:
            from .functions import call_value
            f = yield from func(L)
            values = []
            for a in args:
                values.append((yield from a(L)))
            try:
                return call_value(f, tuple(values), None)
            except StopIteration as exc:
                raise ScriptRaise(to_exc_value(exc)) from None
        return call
    if isinstance(node, (A.Tuple, A.List)) and not any(isinstance(e, A.Starred)
                                                         for e in node.elts):
        parts = tuple(gen_expr(cx, e) for e in node.elts)
        make = tuple if isinstance(node, A.Tuple) else list

        def seq(L: list) -> Iterator[Any]:
            values = []
            for p in parts:
                values.append((yield from p(L)))
            return make(values)
        return seq
    if isinstance(node, A.BinOp):
        from .links import BINARY
        op, left, right = BINARY[node.op], gen_expr(cx, node.left), gen_expr(cx, node.right)

        def binop(L: list) -> Iterator[Any]:
            a = yield from left(L)
            b = yield from right(L)
            return op(a, b)
        return binop
    if isinstance(node, A.UnaryOp):
        from .links import UNARY
        operand = gen_expr(cx, node.operand)
        if node.op == "not":
            def not_(L: list) -> Iterator[Any]:
                return not (yield from operand(L))
            return not_
        uop = UNARY[node.op]

        def unary(L: list) -> Iterator[Any]:
            return uop((yield from operand(L)))
        return unary
    if isinstance(node, A.Compare) and len(node.ops) == 1:
        from .links import COMPARE
        cop = COMPARE[node.ops[0]]
        left, right = gen_expr(cx, node.left), gen_expr(cx, node.comparators[0])

        def compare(L: list) -> Iterator[Any]:
            a = yield from left(L)
            b = yield from right(L)
            return cop(a, b)
        return compare
    if isinstance(node, A.IfExp):
        test, body, orelse = (gen_expr(cx, node.test), gen_expr(cx, node.body),
                              gen_expr(cx, node.orelse))

        def ifexp(L: list) -> Iterator[Any]:
            if (yield from test(L)):
                return (yield from body(L))
            return (yield from orelse(L))
        return ifexp
    if isinstance(node, A.BoolOp):
        values = tuple(gen_expr(cx, v) for v in node.values)
        is_and = node.op == "and"

        def boolop(L: list) -> Iterator[Any]:
            v: Any = None
            for fn in values:
                v = yield from fn(L)
                if (not v) if is_and else v:
                    return v
            return v
        return boolop
    if isinstance(node, A.Subscript):
        obj, key = gen_expr(cx, node.value), gen_expr(cx, node.slice)

        def subscript(L: list) -> Iterator[Any]:
            o = yield from obj(L)
            k = yield from key(L)
            return o[k]
        return subscript
    if isinstance(node, A.Attribute):
        from .links import get_attr
        obj, name = gen_expr(cx, node.value), node.attr

        def attribute(L: list) -> Iterator[Any]:
            return get_attr((yield from obj(L)), name)
        return attribute
    what = type(node).__name__

    def unsupported(L: list) -> Iterator[Any]:
        raise script_error("SyntaxError", f"'yield' inside this {what} expression is not "
                                          f"supported in Dataway; assign it to a name first")
        yield  # pragma: no cover - makes this a generator function
    return unsupported


def _g_expr_stmt(cx: Compiler, node: A.ExprStmt) -> GenClosure:
    value = gen_expr(cx, node.value)

    def expr_stmt(L: list) -> Iterator[Any]:
        yield from value(L)
        return None
    return expr_stmt


def _g_assign(cx: Compiler, node: A.Assign) -> GenClosure:
    value = gen_expr(cx, node.value)
    stores = tuple(store_target(cx, t) for t in node.targets)

    def assign(L: list) -> Iterator[Any]:
        v = yield from value(L)
        for store in stores:
            store(L, v)
        return None
    return assign


def _g_return(cx: Compiler, node: A.Return) -> GenClosure:
    value = gen_expr(cx, node.value)  # type: ignore[arg-type]

    def return_(L: list) -> Iterator[Any]:
        L[1] = yield from value(L)
        return RETURN
    return return_


def _g_if(cx: Compiler, node: A.If) -> GenClosure:
    test = gen_expr(cx, node.test)
    body = gen_block(cx, node.body)
    orelse = gen_block(cx, node.orelse) if node.orelse else None

    def if_(L: list) -> Iterator[Any]:
        if (yield from test(L)):
            return (yield from body(L))
        if orelse is not None:
            return (yield from orelse(L))
        return None
    return if_


def _g_while(cx: Compiler, node: A.While) -> GenClosure:
    test = gen_expr(cx, node.test)
    body = gen_block(cx, node.body, extra_cost=expr_cost(node.test))
    orelse = gen_block(cx, node.orelse) if node.orelse else None

    def while_(L: list) -> Iterator[Any]:
        while (yield from test(L)):
            r = yield from body(L)
            if r is not None:
                if r is BREAK:
                    return None
                if r is CONTINUE:
                    continue
                return r
        if orelse is not None:
            return (yield from orelse(L))
        return None
    return while_


def _g_for(cx: Compiler, node: A.For) -> GenClosure:
    iterable = gen_expr(cx, node.iter)
    store = store_target(cx, node.target)
    body = gen_block(cx, node.body, extra_cost=expr_cost(node.target))
    orelse = gen_block(cx, node.orelse) if node.orelse else None

    def for_(L: list) -> Iterator[Any]:
        source = yield from iterable(L)
        for item in source:
            store(L, item)
            r = yield from body(L)
            if r is not None:
                if r is BREAK:
                    return None
                if r is CONTINUE:
                    continue
                return r
        if orelse is not None:
            return (yield from orelse(L))
        return None
    return for_


def _g_try(cx: Compiler, node: A.Try) -> GenClosure:
    body = gen_block(cx, node.body)
    handlers = tuple(compile_handler(cx, h, gen_block(cx, h.body)) for h in node.handlers)
    orelse = gen_block(cx, node.orelse) if node.orelse else None
    final = gen_block(cx, node.finalbody) if node.finalbody else None
    script, frame = cx.script, cx.frame_name

    def finish(L: list, carrier: ScriptRaise) -> Iterator[Any]:
        if final is None:
            raise carrier
        run = L[0]
        run.handling.append(carrier.value)
        try:
            r = yield from final(L)
        finally:
            run.handling.pop()
        if r is not None:
            return r
        raise carrier

    def handle(L: list, carrier: ScriptRaise) -> Iterator[Any]:
        run = L[0]
        value = carrier.value
        run.handling.append(value)
        try:
            for match, store, hbody, unbind in handlers:
                if match is not None and not _matches(L, value, match):
                    continue
                flush_frame(carrier, script, frame)
                if store is not None:
                    store(L, value)
                try:
                    return (yield from hbody(L))
                finally:
                    if unbind is not None:
                        unbind(L)
        finally:
            run.handling.pop()
        raise carrier

    def try_(L: list) -> Iterator[Any]:
        try:
            r = yield from body(L)
        except ScriptRaise as carrier:
            try:
                r = yield from handle(L, carrier)
            except ScriptRaise as again:
                return (yield from finish(L, again))
        else:
            if orelse is not None and r is None:
                try:
                    r = yield from orelse(L)
                except ScriptRaise as again:
                    return (yield from finish(L, again))
        if final is not None:
            r2 = yield from final(L)
            if r2 is not None:
                return r2
        return r
    return try_


def _g_augassign(cx: Compiler, node: A.AugAssign) -> GenClosure:
    from .links import INPLACE
    from .expressions import load_name
    from .targets import store_name
    op = INPLACE[node.op]
    if isinstance(node.target, A.Subscript):
        obj, key = cx.expr(node.target.value), cx.expr(node.target.slice)
        item_value = gen_expr(cx, node.value)

        def aug_item(L: list) -> Iterator[Any]:
            o = obj(L)
            k = key(L)
            current = o[k]
            v = yield from item_value(L)
            o[k] = op(current, v)
            return None
        return aug_item
    if not isinstance(node.target, A.Name):
        return _g_unsupported(cx, node)
    load = load_name(cx, node.target, node.target.id)
    store = store_name(cx, node.target, node.target.id)
    value = gen_expr(cx, node.value)

    def aug(L: list) -> Iterator[Any]:
        current = load(L)
        v = yield from value(L)
        store(L, op(current, v))
        return None
    return aug


def _g_unsupported(cx: Compiler, node: A.Stmt) -> GenClosure:
    what = type(node).__name__

    def unsupported(L: list) -> Iterator[Any]:
        raise script_error("SyntaxError", f"'yield' inside this {what} statement is not "
                                          f"supported in Dataway; assign it to a name first")
        yield  # pragma: no cover - makes this a generator function
    return unsupported


def _g_annassign(cx: Compiler, node: A.AnnAssign) -> GenClosure:
    if node.value is None:
        return _g_unsupported(cx, node)
    return _g_assign(cx, A.Assign(targets=(node.target,), value=node.value, line=node.line,
                                  column=node.column, end_line=node.end_line,
                                  end_column=node.end_column))


def _g_raise(cx: Compiler, node: A.Raise) -> GenClosure:
    exc = gen_expr(cx, node.exc) if node.exc is not None else None
    if exc is None or node.cause is not None:
        return _g_unsupported(cx, node)

    def raise_(L: list) -> Iterator[Any]:
        from ..runtime.exceptions import exc_from_raise
        raise ScriptRaise(exc_from_raise((yield from exc(L))))
    return raise_


GEN_STMT.update({A.AnnAssign: _g_annassign, A.Raise: _g_raise,
                 A.Assert: _g_unsupported, A.Delete: _g_unsupported,
                 A.FunctionDef: _g_unsupported, A.Import: _g_unsupported,
                 A.ImportFrom: _g_unsupported, A.ClassDef: _g_unsupported,
                 A.With: _g_unsupported, A.Unsupported: _g_unsupported})
GEN_STMT.update({A.ExprStmt: _g_expr_stmt, A.Assign: _g_assign, A.Return: _g_return,
                 A.If: _g_if, A.While: _g_while, A.For: _g_for, A.Try: _g_try,
                 A.AugAssign: _g_augassign})

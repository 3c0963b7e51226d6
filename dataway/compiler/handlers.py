"""``try``/``except``/``else``/``finally``, ``raise`` and ``assert``.

Only :class:`ScriptRaise` carriers are ever handled: blocks convert host exceptions into
carriers as they cross the first statement, and limit errors (``LimitExceeded``) or host aborts
are BaseExceptions that pass through untouched, without running ``except`` or ``finally``
blocks (spec §4.3).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..checker.scopes import RefKind
from ..runtime.exceptions import (EXC_TYPES, ExcValue, ScriptRaise, exc_from_raise,
                                  exc_matches)
from ..syntax import ast as A
from .blocks import block
from .core import STMT, Compiler
from .state import UNBOUND, flush_frame, note, reraise_carrier, script_error
from .targets import store_name

__all__ = ["compile_try_parts", "run_finally", "handle"]

Closure = Callable[[list], Any]
Handler = tuple[Optional[Closure], Optional[Callable[[list, Any], None]], Closure,
                Optional[Callable[[list], None]]]


def _unbinder(cx: Compiler, node: A.ExceptHandler) -> Callable[[list], None]:
    name = node.name
    kind, i = cx.slot_of(node)
    if kind is RefKind.LOCAL:
        def unbind_local(L: list) -> None:
            L[i] = UNBOUND
        return unbind_local
    if kind is RefKind.CELL or kind is RefKind.FREE:
        def unbind_cell(L: list) -> None:
            L[i].v = UNBOUND
        return unbind_cell

    def unbind_global(L: list) -> None:
        L[0].g.pop(name, None)
    return unbind_global


def _matcher(cx: Compiler, h: A.ExceptHandler) -> Optional[Closure]:
    """The ``except`` expression, recording the clause's line when it or the test fails."""
    if h.type is None:
        return None
    spec = cx.expr(h.type)
    line, col = h.line, h.column

    def match(L: list) -> Any:
        try:
            return spec(L)
        except BaseException as exc:
            raise note(exc, L[0], line, col)
    match.position = (line, col)  # type: ignore[attr-defined]
    return match


def compile_handler(cx: Compiler, h: A.ExceptHandler, body: Closure) -> Handler:
    """(match, store, body, unbind) of one ``except`` clause."""
    match = _matcher(cx, h)
    if h.name is None:
        return match, None, body, None
    return match, store_name(cx, h, h.name), body, _unbinder(cx, h)


def handle(L: list, carrier: ScriptRaise, handlers: tuple[Handler, ...], script: str,
           frame: str) -> Any:
    """Run the first matching handler for ``carrier`` (re-raising it when none matches)."""
    run = L[0]
    value = carrier.value
    run.handling.append(value)
    try:
        for match, store, body, unbind in handlers:
            if match is not None and not _matches(L, value, match):
                continue
            flush_frame(carrier, script, frame)
            if store is not None:
                store(L, value)
            try:
                return body(L)
            finally:
                if unbind is not None:
                    unbind(L)
    except ScriptRaise as new:
        if new is not carrier and not getattr(new, "dw_seen", False):
            new.dw_seen = True  # type: ignore[attr-defined]
            if new.value.context is None and new.value is not value:
                new.value.context = value
        raise
    finally:
        run.handling.pop()
    raise carrier


def _matches(L: list, value: ExcValue, match: Closure) -> bool:
    spec = match(L)
    try:
        return exc_matches(value, spec)
    except BaseException as exc:
        raise note(exc, L[0], *match.position)  # type: ignore[attr-defined]


def run_finally(L: list, carrier: ScriptRaise, final: Closure) -> Any:
    """Run a ``finally`` block while ``carrier`` propagates; a signal from it swallows it."""
    run = L[0]
    run.handling.append(carrier.value)
    try:
        r = final(L)
    finally:
        run.handling.pop()
    if r is not None:
        return r
    raise carrier


def compile_try_parts(cx: Compiler, node: A.Try, compile_block: Callable
                      ) -> tuple[Closure, tuple[Handler, ...], Optional[Closure],
                                 Optional[Closure]]:
    """Compile the body, handlers, else and finally blocks with ``compile_block``."""
    body = compile_block(cx, node.body)
    handlers = tuple(compile_handler(cx, h, compile_block(cx, h.body)) for h in node.handlers)
    orelse = compile_block(cx, node.orelse) if node.orelse else None
    final = compile_block(cx, node.finalbody) if node.finalbody else None
    return body, handlers, orelse, final


def _try(cx: Compiler, node: A.Try) -> Closure:
    body, handlers, orelse, final = compile_try_parts(cx, node, block)
    script, frame = cx.script, cx.frame_name

    def try_(L: list) -> Any:
        try:
            r = body(L)
        except ScriptRaise as carrier:
            if not handlers:
                return run_finally(L, carrier, final)  # type: ignore[arg-type]
            if final is None:
                return handle(L, carrier, handlers, script, frame)
            try:
                r = handle(L, carrier, handlers, script, frame)
            except ScriptRaise as again:
                return run_finally(L, again, final)
        else:
            if orelse is not None and r is None:
                if final is None:
                    return orelse(L)
                try:
                    r = orelse(L)
                except ScriptRaise as again:
                    return run_finally(L, again, final)
        if final is not None:
            r2 = final(L)
            if r2 is not None:
                return r2
        return r
    return try_


def _raise(cx: Compiler, node: A.Raise) -> Closure:
    if node.exc is None:
        def reraise(L: list) -> None:
            handling = L[0].handling
            if not handling:
                raise script_error("RuntimeError", "No active exception to reraise")
            raise reraise_carrier(handling[-1])
        return reraise
    exc = cx.expr(node.exc)
    if node.cause is None:
        def raise_(L: list) -> None:
            raise ScriptRaise(exc_from_raise(exc(L)))
        return raise_
    cause = cx.expr(node.cause)

    def raise_from(L: list) -> None:
        value = exc_from_raise(exc(L))
        c = cause(L)
        if c is None:
            value.cause = None
        else:
            try:
                value.cause = exc_from_raise(c)
            except ScriptRaise:
                raise script_error("TypeError",
                                   "exception causes must derive from BaseException") from None
        value.suppress_context = True
        raise ScriptRaise(value)
    return raise_from


def _assert(cx: Compiler, node: A.Assert) -> Closure:
    test = cx.expr(node.test)
    msg = cx.optional(node.msg)
    assertion = EXC_TYPES["AssertionError"]

    def assert_(L: list) -> None:
        if not test(L):
            args = (msg(L),) if msg is not None else ()
            raise ScriptRaise(ExcValue(assertion, args))
    return assert_


STMT.update({A.Try: _try, A.Raise: _raise, A.Assert: _assert})

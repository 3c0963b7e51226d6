"""The compiler's entry point: a checked tree becomes an immutable, thread-safe Program.

``compile_program`` compiles the whole tree once into closures; ``Program.run`` evaluates them
against a fresh global namespace per evaluation:

* code mode runs the top-level statements, then calls ``dw_process(msg)`` (a generator
  function gives its generator object, which the API wraps as a Stream);
* expression mode evaluates the expression with ``msg`` and ``steps`` as globals;
* text mode concatenates the literal pieces and ``str()`` of each interpolation, except that a
  lone interpolation keeps its value.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..checker.scopes import Resolution
from ..runtime.context import activate, deactivate
from ..runtime.exceptions import ScriptRaise, to_exc_value
from ..syntax import ast as A
from . import (comprehensions, definitions, expressions, handlers, statements,  # noqa: F401
               trailers)
from .blocks import block
from .core import Compiler, expr_cost
from .functions import call_value
from .links import builtin_namespace, importable
from .stack import raise_recursion_limit, restore_recursion_limit, run_deep
from .state import Run, leave_frame, note, script_error

__all__ = ["Program", "compile_program"]

Closure = Callable[[list], Any]

_PREDEFINED = {"code": frozenset({"steps"}), "expression": frozenset({"msg", "steps"}),
               "text": frozenset({"msg", "steps"})}

_BUILTINS: Optional[dict] = None
_new_object = object.__new__
_run_init = Run.__init__


def _builtins() -> dict:
    global _BUILTINS
    if _BUILTINS is None:
        _BUILTINS = builtin_namespace()
    return _BUILTINS


class Program:
    """A compiled script. Immutable after construction; ``run`` may be called concurrently."""

    __slots__ = ("mode", "script_name", "source", "_entry", "_deep")

    def __init__(self, mode: str, script_name: str, source: Any,
                 entry: Callable[[Run, Any, Any], Any], deep: bool) -> None:
        self.mode = mode
        self.script_name = script_name
        self.source = source
        self._entry = entry
        self._deep = deep

    def run(self, ctx: Any, msg: Any, steps: Any) -> Any:
        """Evaluate once under ``ctx`` and return the raw value (or a generator object)."""
        g: dict[str, Any] = {"steps": steps}
        if self.mode != "code":
            g["msg"] = msg
        run = _new_object(Run)  # type.__call__ costs ~0.1 µs per evaluation (W1)
        _run_init(run, ctx, g, self.script_name)
        if not self._deep:
            try:
                return self._entry(run, msg, steps)
            finally:
                ctx.steps += run.steps
        raise_recursion_limit(ctx.limits.call_depth)
        try:
            return run_deep(_activated, ctx, self._entry, run, msg, steps)
        finally:
            restore_recursion_limit()
            run.settle()

    def __repr__(self) -> str:
        return f"<Program {self.script_name!r} mode={self.mode}>"


def _activated(ctx: Any, entry: Callable, run: Run, msg: Any, steps: Any) -> Any:
    previous = activate(ctx)
    try:
        return entry(run, msg, steps)
    finally:
        deactivate(previous)


def compile_program(tree: A.Node, resolution: Resolution, *, mode: str, script_name: str,
                    source: Any = None) -> Program:
    """Compile a checked tree (Module, Expression or Template) for ``mode``."""
    mode = {"expr": "expression"}.get(mode, mode)
    dynamic = frozenset(resolution.module_globals) | _PREDEFINED.get(mode, frozenset())
    cx = Compiler(resolution, script=script_name, mode=mode, builtins=_builtins(),
                  dynamic_globals=dynamic, importable=importable())
    if isinstance(tree, A.Module):
        entry = _code_entry(cx, tree)
    elif isinstance(tree, A.Expression):
        entry = _expression_entry(cx, tree.body)
    elif isinstance(tree, A.Template):
        entry = _text_entry(cx, tree)
    else:
        raise TypeError(f"cannot compile {type(tree).__name__}")
    return Program(mode, script_name, source, entry, cx.recursive)


def _code_entry(cx: Compiler, tree: A.Module) -> Callable[[Run, Any, Any], Any]:
    body = block(cx, tree.body) if tree.body else (lambda L: None)
    script = cx.script

    def entry(run: Run, msg: Any, steps: Any) -> Any:
        L = [run, None]
        try:
            body(L)
        except BaseException as exc:
            leave_frame(exc, script, "<module>")
            raise
        process = run.g.get("dw_process")
        if process is None:
            raise script_error("NameError", "name 'dw_process' is not defined")
        try:
            return call_value(process, (msg,), None)
        except ScriptRaise:
            raise
        except Exception as exc:  # dw_process is not callable (the checker reports DW210)
            if isinstance(exc, (RecursionError, MemoryError)):
                raise
            raise ScriptRaise(to_exc_value(exc)) from None
    return entry


def _guarded(cx: Compiler, node: A.Expr) -> Closure:
    """An expression evaluated as the top level of a script: steps and traceback position."""
    value = cx.expr(node)
    cost = expr_cost(node)
    line, col = node.line, node.column
    script = cx.script

    def top(L: list) -> Any:
        run = L[0]
        try:
            run.steps += cost
            if run.steps > run.flush_at:
                run.flush()
            return value(L)
        except BaseException as exc:
            exc = note(exc, run, line, col)
            leave_frame(exc, script, "<module>")
            raise exc
    return top


def _expression_entry(cx: Compiler, node: A.Expr) -> Callable[[Run, Any, Any], Any]:
    value = cx.expr(node)
    cost = expr_cost(node)
    line, col = node.line, node.column
    script = cx.script

    def entry(run: Run, msg: Any, steps: Any) -> Any:
        L = [run, None]
        try:
            run.steps += cost
            if run.steps > run.flush_at:
                run.flush()
            return value(L)
        except BaseException as exc:
            exc = note(exc, run, line, col)
            leave_frame(exc, script, "<module>")
            raise exc
    return entry


def _text_entry(cx: Compiler, tree: A.Template) -> Callable[[Run, Any, Any], Any]:
    parts = tree.parts
    if len(parts) == 1 and isinstance(parts[0], A.TemplateExpr):
        return _expression_entry(cx, parts[0].body)
    pieces: list[Any] = []
    for part in parts:
        if isinstance(part, A.TemplateText):
            pieces.append(part.value)
        else:
            pieces.append(_guarded(cx, part.body))
    if all(isinstance(p, str) for p in pieces):
        text = "".join(pieces)
        return lambda run, msg, steps: text
    frozen = tuple(pieces)

    def entry(run: Run, msg: Any, steps: Any) -> Any:
        L = [run, None]
        out = []
        for p in frozen:
            out.append(p if isinstance(p, str) else str(p(L)))
        return "".join(out)
    return entry

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

from time import perf_counter as _perf_counter
from typing import Any, Callable, Optional

from ..checker.scopes import Resolution
from ..runtime.context import LimitExceeded
from ..runtime.exceptions import ScriptRaise, to_exc_value
from ..runtime.message import fresh_views, replayable
from ..syntax import ast as A
from . import (comprehensions, definitions, expressions, handlers, statements,  # noqa: F401
               trailers)
from .blocks import block
from .core import Compiler, expr_cost
from .functions import call_value
from .links import builtin_namespace, importable
from .stack import call_budget, deep_active, hop, on_worker
from .state import Run, leave_frame, note, script_error

__all__ = ["Program", "compile_program", "frames_per_call"]

Closure = Callable[[list], Any]

_PREDEFINED = {"code": frozenset({"steps"}), "expression": frozenset({"msg", "steps"}),
               "text": frozenset({"msg", "steps"})}

_BUILTINS: Optional[dict] = None


def _builtins() -> dict:
    global _BUILTINS
    if _BUILTINS is None:
        _BUILTINS = builtin_namespace()
    return _BUILTINS


class Program:
    """A compiled script. Immutable after construction; ``run`` may be called concurrently.

    ``start(ctx, msg, steps)`` is what :meth:`run` calls (the API calls it directly): the entry
    closure itself for programs that cannot recurse; for programs that can, the entry on the
    caller's thread under a call budget (``stack.py``), falling back to a deep-stack worker.
    """

    __slots__ = ("mode", "script_name", "source", "_entry", "_frames", "start")

    def __init__(self, mode: str, script_name: str, source: Any,
                 entry: Callable[[Run, Any, Any], Any], frames_per_call: int) -> None:
        self.mode = mode
        self.script_name = script_name
        self.source = source
        self._entry = entry
        # Host frames one script frame can take; 0 when the program cannot recurse.
        self._frames = frames_per_call
        self.start: Callable[[Run, Any, Any], Any] = \
            self._start_recursive if frames_per_call else entry

    def run(self, ctx: Any, msg: Any, steps: Any) -> Any:
        """Evaluate once under ``ctx`` (a fresh Context, made current by the caller) and
        return the raw value (or a generator object)."""
        return self.start(ctx, msg, steps)

    def _start_recursive(self, ctx: Any, msg: Any, steps: Any) -> Any:
        # Twice the estimate sizes the worker's recursion limit: script recursion must meet
        # ``call_depth`` long before the host limit, and a lower limit makes runaway host
        # recursion on a deep value (``x == y`` nested 10**5 deep) stop sooner.
        ctx.frames = 2 * self._frames
        if on_worker():
            return self._entry(ctx, msg, steps)
        if deep_active():
            # Another evaluation raised the interpreter's recursion limit: this thread is not
            # protected by the host's own limit right now, so run where the stack is large.
            return hop(ctx, self._entry, ctx, msg, steps)
        budget = call_budget(self._frames, 2)
        if budget < ctx.max_depth:
            ctx.max_depth = budget
        try:
            return self._entry(ctx, msg, steps)
        except (LimitExceeded, RecursionError) as exc:
            # A host operation ran out of the caller thread's recursion room (``repr`` of a
            # value nested deeper than the room, or frames beyond the estimate): the worker
            # has room for everything ``value_depth`` and ``call_depth`` allow. Evaluations
            # depend only on their inputs, clock and seed, so the whole evaluation runs again
            # there from a fresh start. The time budget is not reset, so a run that already
            # used a quarter of it is not repeated (the repeat would likely end in 'time'):
            # its value_depth error stands.
            if isinstance(exc, LimitExceeded) and not getattr(exc, "host_recursion", False):
                raise
            if not replayable(msg, steps) or \
                    _perf_counter() - ctx.started > ctx.limits.time / 4:
                raise
        ctx.restart()
        msg, steps = fresh_views(msg, steps)
        return hop(ctx, self._entry, ctx, msg, steps)

    def __repr__(self) -> str:
        return f"<Program {self.script_name!r} mode={self.mode}>"


def frames_per_call(tree: A.Node) -> int:
    """An upper bound of the host frames one script frame of ``tree`` takes: closures nest as
    the syntax does within a function (a few host frames per level), plus the call machinery
    and the deepest runtime helper at the innermost level. An underestimate is caught by the
    replay in :meth:`Program._start_recursive`; it only costs time."""
    deepest = 0
    stack: list[tuple[A.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
        inner = 0 if isinstance(node, _NEW_FRAME) else depth + 1
        stack.extend((child, inner) for child in node.children())
    return 3 * deepest + 60


_NEW_FRAME = (A.FunctionDef, A.Lambda, A.ListComp, A.SetComp, A.DictComp, A.GeneratorExp)


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
    return Program(mode, script_name, source, entry,
                   frames_per_call(tree) if cx.recursive else 0)


def _code_entry(cx: Compiler, tree: A.Module) -> Callable[[Run, Any, Any], Any]:
    body = block(cx, tree.body) if tree.body else (lambda L: None)
    script = cx.script

    def entry(run: Run, msg: Any, steps: Any) -> Any:
        run.g = {"steps": steps}
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
            if run.steps > run.check_at:
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
        run.g = {"steps": steps, "msg": msg}
        L = [run, None]
        try:
            run.steps += cost
            if run.steps > run.check_at:
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
        run.g = {"steps": steps, "msg": msg}
        L = [run, None]
        out = []
        for p in frozen:
            out.append(p if isinstance(p, str) else str(p(L)))
        return "".join(out)
    return entry

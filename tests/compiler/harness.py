"""Run a script under Dataway's compiler (trees from CPython's parser) and under CPython."""
from __future__ import annotations

from typing import Any, Optional

from dataway.checker.scopes import resolve
from dataway.compiler import compile_program
from dataway.compiler.errors import to_error_info
from dataway.limits import Limits
from dataway.runtime.context import Context, activate, deactivate
from tests.support.pyast import from_source


def parse_tree(src: str, mode: str = "code", *, use_parser: bool = True) -> Any:
    """Our parser's tree when it is available and accepts ``src``, else CPython's converted."""
    if use_parser:
        try:
            from dataway.syntax.parser import parse
        except ImportError:
            parse = None
        if parse is not None:
            result = parse(src, mode)
            if result.tree is not None and not any(d.is_error for d in result.diagnostics):
                return result.tree
            if mode == "text":
                raise AssertionError(f"text did not parse: {result.diagnostics}")
    return from_source(src, "eval" if mode == "expression" else "exec")


def dw_run(src: str, mode: str = "code", msg: Any = None, steps: Any = None,
           limits: Optional[Limits] = None, name: str = "t.dw", use_parser: bool = True) -> Any:
    """Evaluate ``src``; returns the raw value or raises the host exception."""
    tree = parse_tree(src, mode, use_parser=use_parser)
    program = compile_program(tree, resolve(tree), mode=mode, script_name=name, source=src)
    ctx = Context(limits or Limits(), script=name)
    previous = activate(ctx)
    try:
        return program.run(ctx, msg, steps or {})
    finally:
        deactivate(previous)


def dw_outcome(src: str, **kw: Any) -> tuple[str, str]:
    """('ok', repr(value)) or ('error', 'Type: message') for a code-mode ``src``."""
    try:
        value = dw_run(src, **kw)
    except BaseException as exc:  # noqa: BLE001 - the outcome is the point
        info = to_error_info(exc, "t.dw", src)
        return "error", f"{info.type}: {info.message}"
    return "ok", repr(value)


def py_outcome(src: str, msg: Any = None) -> tuple[str, str]:
    """The same for CPython running ``src`` and then ``dw_process(msg)``."""
    g: dict[str, Any] = {}
    try:
        exec(compile(src, "t.dw", "exec"), g)  # the reference run, on trusted test input
        value = g["dw_process"](msg)
    except Exception as exc:  # noqa: BLE001
        return "error", f"{type(exc).__name__}: {exc}"
    return "ok", repr(value)

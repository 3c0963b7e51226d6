"""The ``decimal`` module (spec §12): ``Decimal`` under a fresh, fixed context per evaluation.

Every evaluation gets its own ``decimal.Context`` (precision 28, ROUND_HALF_EVEN, traps
InvalidOperation, DivisionByZero and Overflow), kept in ``current().extra`` so a script can
never see or change another evaluation's context. Host decimal arithmetic follows the thread's
current context, so the evaluator runs each evaluation (and each resumption of its stream
producer) inside :func:`decimal_scope`, which makes this context current and restores the
embedder's afterwards. There is no ``getcontext``/``setcontext``/``localcontext``; ``Decimal`` is
the runtime's type object (its constructor refuses ``context=``).
"""
from __future__ import annotations

import decimal as _decimal
from contextlib import contextmanager
from typing import Any, Iterator

from ..runtime.context import current
from ..runtime.exceptions import EXC_TYPES
from ..runtime.values import ModuleValue
from .members import make_module
from .typeobjects import standard_type

__all__ = ["MODULE", "fresh_context", "evaluation_context", "install_context", "decimal_scope"]

_KEY = "decimal.context"
_ROUNDINGS = ("ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_DOWN ROUND_HALF_EVEN "
              "ROUND_HALF_UP ROUND_UP ROUND_05UP").split()
_EXCEPTIONS = ("DecimalException", "InvalidOperation", "DivisionByZero", "Overflow")


def fresh_context() -> _decimal.Context:
    """The spec's fixed default context, with no flags raised."""
    return _decimal.Context(prec=28, rounding=_decimal.ROUND_HALF_EVEN, Emin=-999999,
                            Emax=999999, capitals=1, clamp=0, flags=[],
                            traps=[_decimal.InvalidOperation, _decimal.DivisionByZero,
                                   _decimal.Overflow])


def evaluation_context() -> _decimal.Context:
    """This evaluation's decimal context (created on first use)."""
    extra = current().extra
    context = extra.get(_KEY)
    if context is None:
        context = extra[_KEY] = fresh_context()
    return context


def install_context() -> _decimal.Context:
    """Make this evaluation's context the thread's current decimal context, so Decimal
    operators and methods run by host code follow it (decimal contexts are per thread and per
    ``contextvars`` context); returns it."""
    context = evaluation_context()
    _decimal.setcontext(context)
    return context


@contextmanager
def decimal_scope() -> Iterator[_decimal.Context]:
    """Run a block under this evaluation's decimal context, restoring the thread's previous
    context on exit so the embedder's own decimal settings are untouched."""
    saved = _decimal.getcontext()
    try:
        yield install_context()
    finally:
        _decimal.setcontext(saved)


def _build() -> ModuleValue:
    members: dict[str, Any] = {"Decimal": standard_type("decimal.Decimal")}
    members.update({name: getattr(_decimal, name) for name in _ROUNDINGS})
    members.update({name: EXC_TYPES[f"decimal.{name}"] for name in _EXCEPTIONS})
    return make_module("decimal", members)


MODULE = _build()

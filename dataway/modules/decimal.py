"""The ``decimal`` module (spec §12): ``Decimal`` under a fresh, fixed context per evaluation.

Every evaluation gets its own ``decimal.Context`` (precision 28, ROUND_HALF_EVEN, traps
InvalidOperation, DivisionByZero and Overflow), kept in ``current().extra`` so a script can
never see or change another evaluation's context. Host code that runs Decimal arithmetic for
a script (operators, methods) should run under :func:`evaluation_context` — see
:func:`install_context`.
"""
from __future__ import annotations

import decimal as _decimal
from typing import Any

from ..runtime.context import current
from ..runtime.values import ModuleValue
from .callables import BuiltinFunction
from .bridge import expose_class
from .classes import unbound_methods
from .exctypes import exc_type
from .guards import check_size
from .members import make_module

__all__ = ["MODULE", "DECIMAL", "fresh_context", "evaluation_context", "install_context"]

_KEY = "decimal.context"
_ROUNDINGS = ("ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_DOWN ROUND_HALF_EVEN "
              "ROUND_HALF_UP ROUND_UP ROUND_05UP").split()
_EXCEPTIONS = ("DecimalException", "InvalidOperation", "DivisionByZero", "Overflow")
# §13 instance methods reachable unbound through ``decimal.Decimal``.
_METHODS = ("adjusted as_integer_ratio as_tuple compare compare_total conjugate copy_abs "
            "copy_negate copy_sign exp fma is_finite is_infinite is_nan is_qnan is_signed "
            "is_snan is_zero ln log10 logb max min next_minus next_plus normalize number_class "
            "quantize radix remainder_near same_quantum scaleb sqrt to_eng_string to_integral "
            "to_integral_exact to_integral_value").split()


def fresh_context() -> _decimal.Context:
    """The spec's fixed default context."""
    return _decimal.Context(prec=28, rounding=_decimal.ROUND_HALF_EVEN,
                            Emin=-999999, Emax=999999, capitals=1, clamp=0, flags=[],
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
    operators and methods called by host code follow it; the evaluator calls this when an
    evaluation starts (decimal contexts are per thread and per contextvars context)."""
    context = evaluation_context()
    _decimal.setcontext(context)
    return context


def _construct(value: Any = "0", *args: Any, **kwargs: Any) -> _decimal.Decimal:
    if "context" in kwargs or args:
        raise TypeError("Decimal() argument 'context' is not allowed in Dataway")
    if kwargs:
        raise TypeError(f"Decimal() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if isinstance(value, str):
        check_size(len(value))
    elif isinstance(value, (list, tuple)) and len(value) == 3:
        digits = value[1]
        if isinstance(digits, (list, tuple)):
            check_size(len(digits))
    return _decimal.Decimal(value, evaluation_context())


def from_float(f: Any) -> _decimal.Decimal:
    """The exact Decimal value of a float or int."""
    return _decimal.Decimal.from_float(f)


def _build() -> tuple[ModuleValue, Any]:
    class_members: dict[str, Any] = {"from_float": BuiltinFunction(
        "from_float", from_float, "<built-in method from_float of type object>")}
    class_members.update(unbound_methods(_decimal.Decimal, "decimal.Decimal", _METHODS))
    decimal_type = expose_class(_decimal.Decimal, "decimal.Decimal", _construct, class_members)
    members: dict[str, Any] = {"Decimal": decimal_type}
    members.update({name: getattr(_decimal, name) for name in _ROUNDINGS})
    members.update({name: exc_type(f"decimal.{name}") for name in _EXCEPTIONS})
    return make_module("decimal", members), decimal_type


MODULE, DECIMAL = _build()

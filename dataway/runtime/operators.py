"""Operator tables for the evaluator: binary, augmented, unary and comparison operators.

Each entry is a plain ``fn(a, b)`` (or ``fn(a)``) with CPython semantics. Operators that can
build a huge value (``**``, ``*``, ``<<``, ``+`` on sequences, ``%`` formatting) estimate the
result size from their operands first and raise :class:`LimitExceeded` instead of computing it
(spec §14). Common number cases return before any estimate so the fast path stays cheap.

Host TypeErrors name host classes; when an operand is a Dataway wrapper the message is rewritten
to the name scripts know (``'function'`` rather than the wrapper's class name).
"""
from __future__ import annotations

import math
import operator
import re
from typing import Any, Callable

from .context import LimitExceeded, current
from .memory import charge_memory
from .prechecks import LOG2_10, check_decimal_int, check_text_size, type_name
from .values import DWObject

__all__ = ["BINARY", "INPLACE", "UNARY", "COMPARE", "contains"]

_SEQUENCES = (str, bytes, bytearray, list, tuple)
_NUMBERS = (int, float)


def _rename(exc: TypeError, *operands: Any) -> TypeError:
    """Replace host class names of wrapper operands in a TypeError message."""
    text = str(exc)
    changed = False
    for x in operands:
        if isinstance(x, DWObject):
            host = f"'{type(x).__name__}'"
            if host in text:
                text = text.replace(host, f"'{type_name(x)}'")
                changed = True
    return TypeError(text) if changed else exc


def _guarded(fn: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Wrap a host binary function so wrapper-class names are fixed in its TypeErrors."""
    def op(a: Any, b: Any) -> Any:
        try:
            return fn(a, b)
        except TypeError as exc:
            if isinstance(a, DWObject) or isinstance(b, DWObject):
                raise _rename(exc, a, b) from None
            raise
    op.__name__ = getattr(fn, "__name__", "op")
    op.__doc__ = f"CPython's {op.__name__} with Dataway type names in errors."
    return op


def _item_bytes(seq: Any) -> int:
    return 8 if isinstance(seq, (list, tuple)) else 1


# Building a big value costs steps in proportion to its size (spec §14: at least one per
# element); characters and bytes are copied in bulk, so they count per 64.
_BULK = 64
_CHARGE_FROM = 1024


def _charge_built(n: int, per_item_bytes: int) -> None:
    if n > _CHARGE_FROM:
        current().charge(n if per_item_bytes > 1 else n // _BULK)
        charge_memory(n * per_item_bytes)


def _check_concat(a: Any, b: Any) -> None:
    ctx = current()
    limits = ctx.limits
    n = len(a) + len(b)
    per = _item_bytes(a)
    if n > limits.value_size or n * per > limits.value_bytes:
        raise LimitExceeded("value_size", limits.value_size)
    _charge_built(n, per)


def _check_repeat(seq: Any, n: Any) -> None:
    if type(n) is not int and type(n) is not bool:
        return  # the host raises CPython's TypeError
    limits = current().limits
    total = len(seq) * n if n > 0 else 0
    per = _item_bytes(seq)
    if total > limits.value_size or total * per > limits.value_bytes:
        raise LimitExceeded("value_size", limits.value_size)
    _charge_built(total, per)


def _check_bits(bits: float) -> None:
    limits = current().limits
    if bits > limits.int_digits * LOG2_10 + 1:
        raise LimitExceeded("int_digits", limits.int_digits)


# -- binary operators ---------------------------------------------------------------------------

def add(a: Any, b: Any) -> Any:
    """``a + b`` with the concatenation size checked first."""
    ta = a.__class__
    if ta is int or ta is float:
        try:
            return a + b
        except TypeError as exc:
            raise _rename(exc, a, b) from None
    if ta is str and b.__class__ is str:
        if len(a) + len(b) > _CHARGE_FROM:  # small strings cannot reach any limit
            _check_concat(a, b)
        return a + b
    if isinstance(a, _SEQUENCES) and isinstance(b, _SEQUENCES):
        _check_concat(a, b)
    try:
        return a + b
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def mul(a: Any, b: Any) -> Any:
    """``a * b``: int digits and repetition sizes are estimated before computing."""
    ta, tb = type(a), type(b)
    if ta is int and tb is int:
        if a.bit_length() + b.bit_length() > 64:
            _check_bits(a.bit_length() + b.bit_length())
        return a * b
    if ta is float or tb is float:
        try:
            return a * b
        except TypeError as exc:
            raise _rename(exc, a, b) from None
    if isinstance(a, _SEQUENCES):
        _check_repeat(a, b)
    elif isinstance(b, _SEQUENCES):
        _check_repeat(b, a)
    try:
        return a * b
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def power(a: Any, b: Any) -> Any:
    """``a ** b`` with the digits of an int result estimated from the operands."""
    if type(b) is int or type(b) is bool:
        if type(a) is int or type(a) is bool:
            if b > 1 and abs(a) > 1:
                # A float estimate is enough; a huge exponent cannot be converted to float.
                _check_bits(b * math.log2(abs(a)) if b.bit_length() < 64 else float("inf"))
    try:
        return a ** b
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def lshift(a: Any, b: Any) -> Any:
    """``a << b`` with the result's bit length checked first."""
    if type(a) is int and type(b) is int and b > 0 and a:
        if b > 64:
            _check_bits(a.bit_length() + b)
    try:
        return a << b
    except TypeError as exc:
        raise _rename(exc, a, b) from None


# %-format conversion specs: flags, width, precision (``*`` takes them from the arguments).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)")
# Conversions that turn their argument into an int with ``__int__`` (a Decimal's digits).
_INT_CONVERSIONS = frozenset("diu")


def _check_percent(fmt: Any, args: Any) -> None:
    limits = current().limits
    if not isinstance(fmt, str):
        fmt = bytes(fmt).decode("latin-1")
    total = len(fmt)
    star_args = args if isinstance(args, tuple) else (args,)
    decimals_checked = False
    for width, precision, conversion in _PERCENT_SPEC.findall(fmt):
        if conversion in _INT_CONVERSIONS and not decimals_checked:
            decimals_checked = True  # any Decimal argument may meet this conversion
            for value in (args.values() if isinstance(args, dict) else star_args):
                check_decimal_int(value)
        for part in (width, precision):
            if part == "*":
                total += max((x for x in star_args if type(x) is int), default=0)
            elif part:
                # A width longer than 20 digits is already astronomically large.
                total += int(part) if len(part) < 20 else limits.value_size + 1
    if total > limits.value_size:
        raise LimitExceeded("value_size", limits.value_size)


def _repr_conversion(fmt: Any) -> bool:
    """True when a %-format may render an argument with ``%r``/``%a`` (conservative)."""
    return "%r" in fmt or "%a" in fmt if isinstance(fmt, str) else b"%r" in fmt or b"%a" in fmt


def _check_percent_texts(fmt: Any, args: Any) -> None:
    """The text each %-argument becomes: a tuple holds the arguments (each rendered on its
    own, a str by %s as itself), anything else is one argument (a dict may be one too)."""
    as_repr = _repr_conversion(fmt)
    if args.__class__ is tuple:
        for value in args:
            check_text_size(value, as_repr)
    else:
        check_text_size(args, as_repr)


def mod(a: Any, b: Any) -> Any:
    """``a % b``: numbers, or printf-style formatting with widths/precisions pre-checked."""
    if isinstance(a, (str, bytes, bytearray)):
        _check_percent(a, b)
        _check_percent_texts(a, b)
    try:
        return a % b
    except TypeError as exc:
        raise _rename(exc, a, b) from None


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": add,
    # Plain host functions where nothing can grow: a TypeError naming a wrapper class is
    # renamed when it is translated for the script (exceptions.to_exc_value).
    "-": operator.sub,
    "*": mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "%": mod,
    "**": power,
    "@": _guarded(operator.matmul),
    "<<": lshift,
    ">>": operator.rshift,
    "&": operator.and_,
    "|": operator.or_,
    "^": operator.xor,
}
"""Binary operators by their source symbol."""


# -- augmented assignment -------------------------------------------------------------------------

def iadd(a: Any, b: Any) -> Any:
    """``a += b`` (lists and bytearrays grow in place, with the new size checked first)."""
    ta = a.__class__
    if ta is int or ta is float or (ta is str and b.__class__ is str
                                    and len(a) + len(b) <= _CHARGE_FROM):
        try:
            return a + b
        except TypeError as exc:
            raise _rename(_iadd_message(exc), a, b) from None
    if isinstance(a, _SEQUENCES) and hasattr(b, "__len__"):
        _check_concat(a, b)
    try:
        return operator.iadd(a, b)
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def _iadd_message(exc: TypeError) -> TypeError:
    # ``a + b`` and ``a += b`` differ only in the symbol CPython names.
    text = str(exc)
    if text.startswith("unsupported operand type(s) for +:"):
        return TypeError(text.replace("for +:", "for +=:", 1))
    return exc


def imul(a: Any, b: Any) -> Any:
    """``a *= b`` with the same pre-checks as ``*``."""
    if type(a) is int and type(b) is int:
        return mul(a, b)
    if isinstance(a, _SEQUENCES):
        _check_repeat(a, b)
    elif isinstance(b, _SEQUENCES):
        _check_repeat(b, a)
    try:
        return operator.imul(a, b)
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def imod(a: Any, b: Any) -> Any:
    """``a %= b`` with the formatting pre-checks of ``%``."""
    if isinstance(a, (str, bytes, bytearray)):
        _check_percent(a, b)
        _check_percent_texts(a, b)
    try:
        return operator.imod(a, b)
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def ipow(a: Any, b: Any) -> Any:
    """``a **= b`` with the digit estimate of ``**``."""
    if (type(a) is int or type(a) is bool) and (type(b) is int or type(b) is bool):
        return power(a, b)
    try:
        return operator.ipow(a, b)
    except TypeError as exc:
        raise _rename(exc, a, b) from None


def ilshift(a: Any, b: Any) -> Any:
    """``a <<= b`` with the bit-length check of ``<<``."""
    if type(a) is int and type(b) is int:
        return lshift(a, b)
    try:
        return operator.ilshift(a, b)
    except TypeError as exc:
        raise _rename(exc, a, b) from None


INPLACE: dict[str, Callable[[Any, Any], Any]] = {
    "+": iadd,
    "-": _guarded(operator.isub),
    "*": imul,
    "/": _guarded(operator.itruediv),
    "//": _guarded(operator.ifloordiv),
    "%": imod,
    "**": ipow,
    "@": _guarded(operator.imatmul),
    "<<": ilshift,
    ">>": _guarded(operator.irshift),
    "&": _guarded(operator.iand),
    "|": _guarded(operator.ior),
    "^": _guarded(operator.ixor),
}
"""Augmented-assignment operators, keyed by the symbol without ``=`` (``'+'`` for ``+=``)."""
for _sym, _fn in list(INPLACE.items()):
    INPLACE[_sym + "="] = _fn


# -- unary ------------------------------------------------------------------------------------------

def _unary(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def op(a: Any) -> Any:
        try:
            return fn(a)
        except TypeError as exc:
            if isinstance(a, DWObject):
                raise _rename(exc, a) from None
            raise
    op.__name__ = fn.__name__
    op.__doc__ = f"CPython's {fn.__name__} with Dataway type names in errors."
    return op


UNARY: dict[str, Callable[[Any], Any]] = {
    "-": operator.neg,
    "+": operator.pos,
    "~": operator.invert,
    "not": operator.not_,
}
"""Unary operators by their source symbol."""


# -- comparisons ------------------------------------------------------------------------------------

_NATIVE_IN = frozenset({list, tuple, str, bytes, bytearray, dict, set, frozenset, range,
                        type({}.keys()), type({}.values()), type({}.items())})


_SCANNED = frozenset({list, tuple, str, bytes, bytearray})


def contains(a: Any, b: Any) -> bool:
    """``a in b``; a host iterator is walked with step charging (it may be endless)."""
    if type(b) not in _NATIVE_IN and not isinstance(b, DWObject) and hasattr(b, "__next__"):
        from .iteration import consume
        for item in consume(b):
            if item is a or item == a:
                return True
        return False
    if type(b) in _SCANNED and len(b) > _CHARGE_FROM:
        _charge_built(len(b), _item_bytes(b))
    try:
        return a in b
    except TypeError as exc:
        if isinstance(b, DWObject) or isinstance(a, DWObject):
            raise _rename(exc, a, b) from None
        raise


def not_contains(a: Any, b: Any) -> bool:
    """``a not in b``."""
    return not contains(a, b)


COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "is": operator.is_,
    "is not": operator.is_not,
    "in": contains,
    "not in": not_contains,
}
"""Comparison operators by their source spelling (``'is not'``, ``'not in'``)."""

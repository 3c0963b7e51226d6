"""The ``math`` module (spec §12): CPython's functions with ``int_digits`` pre-checks."""
from __future__ import annotations

import math as _math
import operator
from typing import Any, Iterable, Optional

from ..runtime.values import ModuleValue
from .callables import builtin
from .guards import (charge, charged, check_decimal_int, check_int_bits, check_int_digits,
                     check_size)
from .members import make_module

__all__ = ["MODULE"]

_LN10 = _math.log(10)
_EXACT = 2 ** 53

# Functions whose results cannot outgrow their arguments: CPython's own objects behave exactly
# as required once wrapped.
_PLAIN = ("acos acosh asin asinh atan atan2 atanh copysign cos cosh degrees dist erf erfc "
          "exp expm1 fabs fmod frexp gamma gcd hypot isclose isfinite isinf isnan isqrt "
          "ldexp lgamma log log10 log1p log2 modf nextafter pow radians remainder sin sinh sqrt "
          "tan tanh ulp").split()


def _log10_factorial(n: int) -> float:
    return _math.lgamma(n + 1) / _LN10


def _log10_falling(n: int, k: int) -> float:
    """log10 of n * (n-1) * ... * (n-k+1), the size of perm(n, k)."""
    if n < _EXACT:
        return (_math.lgamma(n + 1) - _math.lgamma(n - k + 1)) / _LN10
    return k * _math.log10(n)


def floor(x: Any) -> Any:
    """``math.floor``; a Decimal's digits are checked against ``int_digits`` first."""
    check_decimal_int(x)
    return _math.floor(x)


def ceil(x: Any) -> Any:
    """``math.ceil`` with the Decimal digit check of :func:`floor`."""
    check_decimal_int(x)
    return _math.ceil(x)


def trunc(x: Any) -> Any:
    """``math.trunc`` with the Decimal digit check of :func:`floor`."""
    check_decimal_int(x)
    return _math.trunc(x)


def factorial(n: Any) -> int:
    """``n!``; refused before computing when it would exceed ``int_digits``."""
    if isinstance(n, int) and n > 1000:
        check_int_digits(_log10_factorial(n) if n < _EXACT else float("inf"))
        charge(n // 1000)
    return _math.factorial(n)


def comb(n: Any, k: Any) -> int:
    """``n choose k`` with an ``int_digits`` pre-check."""
    n_i, k_i = operator.index(n), operator.index(k)
    if 0 <= k_i <= n_i and n_i > 1000:
        k_i = min(k_i, n_i - k_i)
        check_int_digits(_log10_falling(n_i, k_i) - _log10_factorial(k_i))
        charge(k_i // 1000)
    return _math.comb(n, k)


def perm(n: Any, k: Optional[Any] = None) -> int:
    """Permutations of ``k`` out of ``n`` with an ``int_digits`` pre-check."""
    n_i = operator.index(n)
    k_i = n_i if k is None else operator.index(k)
    if 0 <= k_i <= n_i and n_i > 1000:
        check_int_digits(_log10_falling(n_i, k_i) if k_i < _EXACT else float("inf"))
        charge(k_i // 1000)
    return _math.perm(n, k)


def lcm(*integers: Any) -> int:
    """Least common multiple, checking the growing result's size before each step."""
    values = [operator.index(x) for x in integers]
    if not values:
        return 1
    result = abs(values[0])
    for value in values[1:]:
        charge(1)
        if result == 0 or value == 0:
            result = 0
            continue
        common = _math.gcd(result, value)
        check_int_bits(result.bit_length() - common.bit_length() + abs(value).bit_length())
        result = _math.lcm(result, value)
    return result


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        check_int_bits(left.bit_length() + right.bit_length() - 1)
    elif isinstance(left, (str, bytes, bytearray, list, tuple)) and isinstance(right, int):
        check_size(len(left) * right)
    elif isinstance(right, (str, bytes, bytearray, list, tuple)) and isinstance(left, int):
        check_size(len(right) * left)


def prod(iterable: Iterable[Any], *, start: Any = 1) -> Any:
    """Product of ``start`` and the elements, checking each intermediate result's size."""
    result = start
    for item in charged(iterable):
        _check_product(result, item)
        result = result * item
    return result


def fsum(iterable: Iterable[Any]) -> float:
    """Exact floating sum, charging one step per element."""
    return _math.fsum(charged(iterable))


def _build() -> ModuleValue:
    members: dict[str, Any] = {name: builtin(getattr(_math, name), name) for name in _PLAIN}
    for fn in (floor, ceil, trunc, factorial, comb, perm, lcm, prod, fsum):
        members[fn.__name__] = builtin(fn)
    members.update(pi=_math.pi, e=_math.e, tau=_math.tau, inf=_math.inf, nan=_math.nan)
    return make_module("math", members)


MODULE = _build()

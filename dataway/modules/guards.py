"""Step charging and §14 limit checks shared by the module functions.

Module functions run host code that can loop or allocate far more than one script step would
suggest, so each one charges per element processed and checks sizes before it builds. The size
and digit checks are the runtime's (``runtime.prechecks``), re-exported here.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from ..runtime.context import LimitExceeded, current
from ..runtime.prechecks import check_decimal_int, check_int_bits, check_int_digits, check_size

__all__ = ["charge", "charge_bytes", "charged", "check_size", "check_int_bits", "check_decimal_int",
           "check_int_digits", "check_depth", "size_of", "BYTES_PER_STEP"]

# Bulk byte work (hashing, base64, ciphers, parsing) is charged per 64-byte block: one step per
# byte would make a 16 MiB hash cost more than the whole default step budget.
BYTES_PER_STEP = 64


def charge(n: int = 1) -> None:
    """Charge ``n`` evaluation steps to the current evaluation."""
    current().charge(n)


def charge_bytes(size: int) -> None:
    """Charge bulk work over ``size`` bytes or characters (one step per started block)."""
    current().charge(size // BYTES_PER_STEP + 1)


def size_of(data: Any) -> int:
    """``len(data)`` when it has one, else 0 (the host call reports the type error itself)."""
    try:
        return len(data)
    except TypeError:
        return 0


def charged(iterable: Iterable[Any]) -> Iterator[Any]:
    """Iterate ``iterable`` charging one step per element, so host loops over script data stop
    on the step budget (``math.fsum(range(10**12))``)."""
    ctx = current()
    for item in iterable:
        ctx.charge(1)
        yield item


def check_depth(value: Any) -> int:
    """Walk lists, tuples and dicts iteratively, charging per element; LimitExceeded when nesting
    passes ``value_depth``. Returns the deepest level seen (for output-size estimates)."""
    ctx = current()
    limit = ctx.limits.value_depth
    seen: set[int] = set()
    stack: list[tuple[Any, int]] = [(value, 1)]
    deepest = 0
    while stack:
        obj, depth = stack.pop()
        ctx.charge(1)
        if isinstance(obj, dict):
            children: Iterable[Any] = obj.values()
        elif isinstance(obj, (list, tuple)):
            children = obj
        else:
            continue
        if id(obj) in seen:
            continue  # shared or circular: the serialiser reports true cycles itself
        seen.add(id(obj))
        if depth > limit:
            raise LimitExceeded("value_depth", limit)
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest

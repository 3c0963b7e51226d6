"""Limit pre-checks (spec §14): refuse an int or a container before it is built.

Host operations stay short only because their results are bounded: ``int_digits`` bounds ints
(enforced as a bit length) and ``value_size`` bounds sequences, both estimated from the
operands so nothing huge is ever allocated.
"""
from __future__ import annotations

import sys
from typing import Any

from .context import LimitExceeded, current
from .values import DWObject

__all__ = ["LOG2_10", "int_bit_limit", "check_int_bits", "check_int_digits", "check_size",
           "type_name"]

LOG2_10 = 3.321928094887362

# int<->str conversions are bounded by ``int_digits`` (checked here) instead of CPython's
# 4,300-digit default (spec §4.1). CPython's guard is per interpreter, so it is raised for the
# whole process, but only as far as the default ``int_digits`` needs: host code keeps a bound
# (0 would mean "unlimited"), and a host that already allows more keeps its setting.
HOST_INT_STR_DIGITS = 100_000


def ensure_host_int_str_digits(digits: int = HOST_INT_STR_DIGITS) -> None:
    """Raise CPython's int/str conversion guard to at least ``digits`` (never lower it)."""
    if not hasattr(sys, "set_int_max_str_digits"):
        return
    current_digits = sys.get_int_max_str_digits()
    if current_digits != 0 and current_digits < digits:
        sys.set_int_max_str_digits(digits)


ensure_host_int_str_digits()


def int_bit_limit() -> float:
    """The largest bit length an int result may have in the current evaluation."""
    return current().limits.int_digits * LOG2_10 + 1


def check_int_bits(bits: float) -> None:
    """LimitExceeded('int_digits') when an int of ``bits`` bits would exceed the limit."""
    limits = current().limits
    if bits > limits.int_digits * LOG2_10 + 1:
        raise LimitExceeded("int_digits", limits.int_digits)


def check_int_digits(digits: int) -> None:
    """LimitExceeded('int_digits') for a decimal digit count (``int(str)`` and parsers)."""
    limits = current().limits
    if digits > limits.int_digits:
        raise LimitExceeded("int_digits", limits.int_digits)


def check_size(elements: int, item_bytes: int = 1) -> None:
    """LimitExceeded('value_size') when a value of ``elements`` items would be too big.

    ``item_bytes`` estimates memory per element (1 for str/bytes, 8 for container slots).
    """
    limits = current().limits
    if elements > limits.value_size or elements * item_bytes > limits.value_bytes:
        raise LimitExceeded("value_size", limits.value_size)


def type_name(value: Any) -> str:
    """The class name scripts see in messages: ``dw_type_name`` for wrappers."""
    name = getattr(value, "dw_type_name", None) if isinstance(value, DWObject) else None
    return name if isinstance(name, str) else type(value).__name__


_CONTAINERS = (list, tuple, dict, set, frozenset)


def check_text_size(value: Any) -> None:
    """LimitExceeded('value_size') when ``str``/``repr`` of a container would be too big.

    A list holding the same long string many times is small, but its repr is not. The walk
    counts every occurrence (shared references included), skips cycles as repr does
    (``[...]``), and stops as soon as the budget is passed, so it costs at most O(value_size).
    """
    if value.__class__ not in _CONTAINERS:
        return
    limit = current().limits.value_size
    total = 0
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, True)]
    while stack:
        item, entering = stack.pop()
        if not entering:
            on_path.discard(id(item))
            continue
        cls = item.__class__
        if cls in _CONTAINERS:
            if id(item) in on_path:
                total += 5
                continue
            on_path.add(id(item))
            stack.append((item, False))
            children = item.items() if cls is dict else item
            total += 2 + 2 * len(item)
            for child in children:
                if cls is dict:
                    stack.append((child[0], True))
                    stack.append((child[1], True))
                else:
                    stack.append((child, True))
        elif cls is str or cls is bytes or cls is bytearray:
            total += len(item) + 3
        else:
            total += 8
        if total > limit:
            raise LimitExceeded("value_size", limit)

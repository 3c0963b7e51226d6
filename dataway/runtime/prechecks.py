"""Limit pre-checks (spec §14): refuse an int or a container before it is built.

Host operations stay short only because their results are bounded: ``int_digits`` bounds ints
(enforced as a bit length) and ``value_size`` bounds sequences, both estimated from the
operands so nothing huge is ever allocated.
"""
from __future__ import annotations

import decimal
import sys
from typing import Any

from .context import LimitExceeded, current
from .memory import charge_memory
from .values import DWObject

__all__ = ["LOG2_10", "int_bit_limit", "check_int_bits", "check_int_digits", "check_size",
           "type_name", "check_text_size", "check_decimal_int", "measure_text"]

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


# Smaller allocations are left to the periodic audit (runtime.memory): charging them would
# cost more than it tells.
_CHARGE_MEMORY_FROM = 1024


def check_size(elements: int, item_bytes: int = 1) -> None:
    """LimitExceeded('value_size') when a value of ``elements`` items would be too big.

    ``item_bytes`` estimates memory per element (1 for str/bytes, 8 for container slots).
    """
    limits = current().limits
    size = elements * item_bytes
    if elements > limits.value_size or size > limits.value_bytes:
        raise LimitExceeded("value_size", limits.value_size)
    if size > _CHARGE_MEMORY_FROM:
        charge_memory(size)


def type_name(value: Any) -> str:
    """The class name scripts see in messages: ``dw_type_name`` for wrappers."""
    name = getattr(value, "dw_type_name", None) if isinstance(value, DWObject) else None
    return name if isinstance(name, str) else type(value).__name__


_CONTAINERS = (list, tuple, dict, set, frozenset)
_TEXTS = (str, bytes, bytearray)
_LOG10_2 = 0.30103
# Worst-case growth of one character or byte in repr()/ascii(): '\U0001f600' is 10 chars.
_REPR_FACTOR = 10
# Measuring in chunks keeps the estimate's own allocation small.
_CHUNK = 1 << 16


def _int_text_len(value: int) -> int:
    """Upper bound of ``len(str(value))`` without building it."""
    bits = value.bit_length()
    return 1 if bits < 4 else int(bits * _LOG10_2) + 2


def _repr_len(text: Any, ascii_only: bool, limit: int) -> int:
    """``len(repr(text))`` (or ``ascii``) within a few characters, without building it whole:
    printable ASCII is counted, anything else rendered in chunks, stopping once past ``limit``.
    """
    if text.__class__ is str and text.isascii() and text.isprintable():
        return len(text) + text.count("\\") + text.count("'") + 2
    render = ascii if ascii_only else repr
    total = 3
    for start in range(0, len(text), _CHUNK):
        total += len(render(text[start:start + _CHUNK])) - 2
        if total > limit:
            break
    return total


def measure_text(values: Any, render: Any, limit: int) -> None:
    """LimitExceeded('value_size') when ``render(values)`` would exceed ``limit`` elements.

    For conversions whose output can grow by a constant factor (``upper`` of ligatures,
    ``encode('utf-32')``): ``render`` runs on chunks of the input, so the full result is only
    built once it is known to fit. A chunk the host refuses ends the measurement; the real
    call then raises CPython's own error.
    """
    total = 0
    for start in range(0, len(values), _CHUNK):
        try:
            total += len(render(values[start:start + _CHUNK]))
        except Exception:  # noqa: BLE001 - the real call reports it with CPython's message
            return
        if total > limit:
            raise LimitExceeded("value_size", limit)


def check_decimal_int(value: Any, ratio: bool = False) -> None:
    """LimitExceeded('int_digits') before a Decimal becomes an int (``int``, ``math.floor``,
    ``round``, ``'%d'``, and with ``ratio`` the denominator of ``as_integer_ratio``)."""
    if isinstance(value, decimal.Decimal) and value.is_finite():
        digits = value.adjusted() + 1
        if ratio:
            digits = max(digits, -value.as_tuple().exponent)
        check_int_digits(max(digits, 0))


def check_text_size(value: Any, as_repr: bool = False, ascii_only: bool = False) -> None:
    """LimitExceeded before ``str``/``repr``/``ascii`` of ``value`` builds a text that is too
    big (``value_size``) or recurses through values nested past ``value_depth``.

    A list holding the same long string many times is small, but its repr is not; a str whose
    repr escapes every character is ten times longer than itself; a big int prints one digit
    per 3.3 bits. The walk counts every occurrence (shared references included), skips cycles
    as repr does (``[...]``), and stops as soon as the budget is passed, so it costs at most
    O(value_size) plus the bounded measurement of long strings.
    """
    cls = value.__class__
    if cls is str:
        if as_repr and len(value) * _REPR_FACTOR + 3 > current().limits.value_size:
            limit = current().limits.value_size
            if _repr_len(value, ascii_only, limit) > limit:
                raise LimitExceeded("value_size", limit)
        return
    if cls is int:
        if value.bit_length() > 1024:
            check_size(_int_text_len(value))
        return
    if cls is bytes or cls is bytearray:
        limit = current().limits.value_size
        if len(value) * 4 + 14 > limit and _repr_len(value, False, limit) > limit:
            raise LimitExceeded("value_size", limit)
        return
    if cls not in _CONTAINERS:
        return
    limits = current().limits
    limit, max_depth = limits.value_size, limits.value_depth
    total = 0
    on_path: set[int] = set()
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth < 0:
            on_path.discard(id(item))
            continue
        cls = item.__class__
        if cls in _CONTAINERS:
            if id(item) in on_path:
                total += 5
                continue
            if depth > max_depth:
                raise LimitExceeded("value_depth", max_depth)
            on_path.add(id(item))
            stack.append((item, -1))
            total += 2 + 2 * len(item)
            if cls is dict:
                for key, child in item.items():
                    stack.append((key, depth + 1))
                    stack.append((child, depth + 1))
            else:
                for child in item:
                    stack.append((child, depth + 1))
        elif cls is str or cls is bytes or cls is bytearray:
            total += _repr_len(item, ascii_only, limit - total) + 3
        elif cls is int:
            total += _int_text_len(item)
        else:
            total += 8
        if total > limit:
            raise LimitExceeded("value_size", limit)

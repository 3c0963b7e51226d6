"""Checked implementations of host methods that can build huge values or loop without bound.

Each function takes the receiver first (``impl(self, *args, **kwargs)``), checks the §14
limits from its arguments before calling the host method, and passes iterable arguments through
:func:`dataway.runtime.iteration.bounded` so a lazy ``range(10**12)`` is refused or charged
instead of looping in host code. The policy (``runtime.policy``) binds them to receivers.
"""
from __future__ import annotations

import decimal
import math
from typing import Any, Callable

from .context import current
from .exceptions import raise_error
from .iteration import bounded, materialize
from .prechecks import check_decimal_int, check_size, measure_text

__all__ = ["CHECKED_METHODS"]


def _width(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, width: Any, *rest: Any) -> Any:
        if type(width) is int:
            check_size(width)
        return method(self, width, *rest)
    impl.__name__ = method.__name__
    return impl


def _expandtabs(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, tabsize: Any = 8) -> Any:
        if type(tabsize) is int and tabsize > 1:
            tab = "\t" if isinstance(self, str) else b"\t"
            check_size(len(self) + self.count(tab) * tabsize)
        return method(self, tabsize)
    return impl


def _replace(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, old: Any, new: Any, count: Any = -1) -> Any:
        if hasattr(new, "__len__") and hasattr(old, "__len__") and len(new) > len(old):
            occurrences = self.count(old)
            if type(count) is int and 0 <= count < occurrences:
                occurrences = count
            check_size(len(self) + occurrences * (len(new) - len(old)))
        return method(self, old, new, count)
    return impl


def _join(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, iterable: Any) -> Any:
        items = iterable if type(iterable) in (list, tuple) else materialize(iterable)
        current().charge(len(items) + 1)
        total = len(self) * max(len(items) - 1, 0)
        for item in items:
            if hasattr(item, "__len__"):
                total += len(item)
        check_size(total)
        return method(self, items)
    return impl


def _str_translate(self: str, table: Any) -> str:
    longest = 1
    if isinstance(table, dict):
        current().charge(len(table))
        for v in table.values():
            if isinstance(v, str) and len(v) > longest:
                longest = len(v)
    if longest > 1:
        check_size(len(self) * longest)
    return self.translate(table)


def _hex(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, *args: Any, **kwargs: Any) -> Any:
        check_size(len(self) * (3 if (args or kwargs) else 2))
        return method(self, *args, **kwargs)
    return impl


def _to_bytes(self: int, length: Any = 1, byteorder: Any = "big", *, signed: bool = False) -> bytes:
    if type(length) is int:
        check_size(length)
    return self.to_bytes(length, byteorder, signed=signed)


def _extend(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, iterable: Any) -> None:
        items = bounded(iterable)
        if hasattr(items, "__len__"):
            check_size(len(self) + len(items), 8 if isinstance(self, list) else 1)
        return method(self, items)
    return impl


def _list_sort(self: list, *, key: Any = None, reverse: Any = False) -> None:
    n = len(self)
    if n > 1:
        current().charge(int(n * math.log2(n)) + 1)
    self.sort(key=key, reverse=reverse)


def _iterable_args(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, *others: Any) -> Any:
        return method(self, *(bounded(o) for o in others))
    impl.__name__ = method.__name__
    return impl


def _dict_update(self: dict, *args: Any, **kwargs: Any) -> None:
    if len(args) == 1 and not hasattr(args[0], "keys"):
        args = (bounded(args[0]),)
    elif len(args) == 1 and hasattr(args[0], "__len__"):
        current().charge(len(args[0]) + 1)
    self.update(*args, **kwargs)


def _format(self: str, *args: Any, **kwargs: Any) -> str:
    from .formatting import safe_format
    return safe_format(self, *args, **kwargs)


def _format_map(self: str, mapping: Any) -> str:
    from .formatting import safe_format_map
    return safe_format_map(self, mapping)


_SCAN_FROM = 1024


def _scan(method: Callable[..., Any]) -> Callable[..., Any]:
    """Charge a linear scan of a big receiver (elements one step each, text per 64 chars)."""
    def impl(self: Any, *args: Any, **kwargs: Any) -> Any:
        n = len(self)
        if n > _SCAN_FROM:
            current().charge(n if isinstance(self, (list, tuple)) else n // 64)
        return method(self, *args, **kwargs)
    impl.__name__ = method.__name__
    return impl


def _grows(method: Callable[..., Any], factor: int) -> Callable[..., Any]:
    """A str method whose result can be ``factor`` times longer than its receiver (``upper``
    of ligatures x3, ``encode('utf-32')`` x4, escape codecs x10): when the worst case could
    pass ``value_size`` the result is measured chunk by chunk before it is built."""
    def impl(self: Any, *args: Any, **kwargs: Any) -> Any:
        # ASCII never grows under case mapping: the common case skips the limit lookup.
        if (factor > 3 or not self.isascii()) and \
                len(self) * factor + 4 > current().limits.value_size:
            measure_text(self, lambda part: method(part, *args, **kwargs),
                         current().limits.value_size)
        return method(self, *args, **kwargs)
    impl.__name__ = method.__name__
    return impl


_GROWING_ENCODE = _grows(str.encode, 10)
_SAME_SIZE_FOR_ASCII = frozenset({"utf-8", "utf8", "ascii", "latin-1", "latin1", "iso-8859-1"})


def _str_encode(self: str, *args: Any, **kwargs: Any) -> bytes:
    # The common case (ASCII text to UTF-8) cannot grow: skip the measurement.
    encoding = args[0] if args else kwargs.get("encoding", "utf-8")
    if isinstance(encoding, str) and encoding.lower() in _SAME_SIZE_FOR_ASCII and self.isascii():
        return self.encode(*args, **kwargs)
    return _GROWING_ENCODE(self, *args, **kwargs)


# Decimal methods taking ``context=``: scripts have no Context values, and the evaluation's
# context is the only one they may use (spec §12), so the keyword is refused however it is
# passed (the checker reports a literal one as DW507 with the same text).
_DECIMAL_CONTEXT_METHODS = (
    "compare compare_total copy_sign exp fma ln log10 logb max min next_minus next_plus "
    "normalize number_class quantize remainder_near same_quantum scaleb sqrt to_eng_string "
    "to_integral to_integral_exact to_integral_value").split()


def _no_context(method: Callable[..., Any]) -> Callable[..., Any]:
    def impl(self: Any, *args: Any, **kwargs: Any) -> Any:
        if "context" in kwargs:
            raise_error("TypeError", f"{method.__name__}() argument 'context' is not allowed "
                                     "in Dataway")
        return method(self, *args, **kwargs)
    impl.__name__ = method.__name__
    return impl


def _decimal_ratio(self: decimal.Decimal) -> tuple[int, int]:
    check_decimal_int(self, ratio=True)
    return self.as_integer_ratio()


def _build() -> dict[tuple[type, str], Callable[..., Any]]:
    table: dict[tuple[type, str], Callable[..., Any]] = {}
    for cls, names in ((list, "index count remove copy"), (tuple, "index count"),
                       (str, "count find rfind index rindex split rsplit splitlines"),
                       (bytes, "count find rfind index rindex split rsplit splitlines"),
                       (bytearray, "count find rfind index rindex split rsplit splitlines "
                                   "copy")):
        for name in names.split():
            table[(cls, name)] = _scan(getattr(cls, name))
    for cls in (str, bytes, bytearray):
        for name in ("center", "ljust", "rjust", "zfill"):
            table[(cls, name)] = _width(getattr(cls, name))
        table[(cls, "expandtabs")] = _expandtabs(cls.expandtabs)
        table[(cls, "replace")] = _replace(cls.replace)
        table[(cls, "join")] = _join(cls.join)
    for cls in (bytes, bytearray):
        table[(cls, "hex")] = _hex(cls.hex)
    table[(bytearray, "extend")] = _extend(bytearray.extend)
    table[(str, "translate")] = _str_translate
    for name in ("upper", "lower", "title", "capitalize", "swapcase", "casefold"):
        table[(str, name)] = _grows(getattr(str, name), 3)
    table[(str, "encode")] = _str_encode
    table[(decimal.Decimal, "as_integer_ratio")] = _decimal_ratio
    for name in _DECIMAL_CONTEXT_METHODS:
        table[(decimal.Decimal, name)] = _no_context(getattr(decimal.Decimal, name))
    table[(str, "format")] = _format
    table[(str, "format_map")] = _format_map
    table[(int, "to_bytes")] = _to_bytes
    table[(bool, "to_bytes")] = _to_bytes
    table[(list, "extend")] = _extend(list.extend)
    table[(list, "sort")] = _list_sort
    table[(dict, "update")] = _dict_update
    for name in ("update", "union", "intersection", "difference", "symmetric_difference",
                 "intersection_update", "difference_update", "symmetric_difference_update",
                 "issubset", "issuperset", "isdisjoint"):
        table[(set, name)] = _iterable_args(getattr(set, name))
        if hasattr(frozenset, name):
            table[(frozenset, name)] = _iterable_args(getattr(frozenset, name))
    return table


CHECKED_METHODS: dict[tuple[type, str], Callable[..., Any]] = _build()
"""``(host class, method name) -> impl(self, *args, **kwargs)`` for methods needing checks."""

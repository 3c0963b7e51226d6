"""Formatting for scripts: f-string fields, ``format()``, ``str.format`` and ``format_map``.

Two dangers are handled here. Attribute fields (``'{0.__class__}'``) would let a format string
walk host attributes, so any field with an attribute step goes through a
:class:`string.Formatter` whose attribute lookups use the policy (``_`` names refused). And a
width or precision (``'{:999999999}'``, ``f'{x:.{n}f}'``) would build a huge string, so every
spec is checked against ``value_size`` before formatting (spec §14).

Format strings without attribute fields or nested specs use the host's ``str.format`` after the
width check: the result and the error messages are CPython's exactly.
"""
from __future__ import annotations

import sys

import _string  # the parser str.format itself uses; host-side only
import decimal
import string
from typing import Any, Mapping, Optional

from .context import LimitExceeded, current
from .policy import get_attr
from .prechecks import check_text_size

__all__ = ["format_value", "check_spec", "safe_format", "safe_format_map"]

_ALIGN = "<>=^"
_DIGITS = "0123456789"
# What CPython refuses by itself: precisions above INT_MAX ("precision too big"), but widths
# only above Py_ssize_t ("Too many decimal digits in format string"). Everything below must be
# pre-checked here: '{:10000000000}'.format(1) builds a 10 GB string on 64-bit hosts.
_HOST_MAX_WIDTH = sys.maxsize
_HOST_MAX_PRECISION = 2**31 - 1


def _parse_spec(spec: str) -> tuple[int, Optional[int], str]:
    """(width, precision, type) of a standard format spec; 0/None when absent."""
    i, n = 0, len(spec)
    if n >= 2 and spec[1] in _ALIGN:
        i = 2
    elif n >= 1 and spec[0] in _ALIGN:
        i = 1
    while i < n and spec[i] in "+- z#":
        i += 1
    start = i
    while i < n and spec[i] in _DIGITS:
        i += 1
    width = int(spec[start:i]) if i > start else 0
    while i < n and spec[i] in ",_":
        i += 1
    precision: Optional[int] = None
    if i < n and spec[i] == ".":
        i += 1
        start = i
        while i < n and spec[i] in _DIGITS:
            i += 1
        if i > start:
            precision = int(spec[start:i])
    return width, precision, spec[i:]


def check_spec(value: Any, spec: str) -> None:
    """LimitExceeded('value_size') when formatting ``value`` with ``spec`` would be too big."""
    if not spec:
        if isinstance(value, decimal.Decimal) or type(value) is float:
            return  # repr-like forms never expand exponents
        return
    limit = current().limits.value_size
    width, precision, kind = _parse_spec(spec)
    if len(kind) > 1 or width > _HOST_MAX_WIDTH or (precision or 0) > _HOST_MAX_PRECISION:
        return  # not a valid standard spec: the host rejects it with CPython's message
    if width < 0 or width > limit or (precision is not None and precision < 0):
        raise LimitExceeded("value_size", limit)
    if precision is None:
        precision = 0
    if type(value) is int and value.bit_length() > 64:
        _check_int_spec(value, spec, kind, limit)
    if type(value) is float or type(value) is int:
        if kind in ("f", "F", "%", "e", "E", "g", "G", "n", "") and precision > limit - 400:
            raise LimitExceeded("value_size", limit)
    elif isinstance(value, decimal.Decimal) and value.is_finite():
        digits = len(value.as_tuple().digits)
        size = precision + digits + 2
        if kind in ("f", "F", "%", ""):
            size += abs(value.adjusted())
        if size > limit:
            raise LimitExceeded("value_size", limit)


# Characters per bit of an int in each presentation type (decimal for the others).
_BITS_PER_CHAR = {"b": 1, "o": 3, "x": 4, "X": 4}


def _check_int_spec(value: int, spec: str, kind: str, limit: int) -> None:
    bits = value.bit_length()
    per = _BITS_PER_CHAR.get(kind)
    size = bits // per + 1 if per else int(bits * 0.30103) + 1
    if "," in spec or "_" in spec:
        size += size // 3
    if size + 3 > limit:
        raise LimitExceeded("value_size", limit)


def format_value(value: Any, conversion: Optional[str], spec: str) -> str:
    """An f-string field: ``!r``/``!s``/``!a`` conversion, then ``format(value, spec)``."""
    if value.__class__ is not str:
        check_text_size(value)
    if conversion is not None:
        if value.__class__ is str and (conversion == "r" or conversion == "a"):
            check_text_size(value, as_repr=True, ascii_only=conversion == "a")
        if conversion == "r":
            value = repr(value)
        elif conversion == "s":
            value = str(value)
        elif conversion == "a":
            value = ascii(value)
        else:
            raise ValueError(f"Unknown conversion specifier {conversion}")
    if spec:
        check_spec(value, spec)
        return format(value, spec)
    return value if type(value) is str else format(value, "")


class _SafeFormatter(string.Formatter):
    """``str.format`` with attribute fields resolved through the attribute policy."""

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, int):
            if key >= len(args):
                raise IndexError(f"Replacement index {key} out of range for positional "
                                 "args tuple")
            return args[key]
        return kwargs[key]

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        first, rest = _string.formatter_field_name_split(field_name)
        obj = self.get_value(first, args, kwargs)
        for is_attr, key in rest:
            obj = get_attr(obj, key) if is_attr else obj[key]
        return obj, first

    def convert_field(self, value: Any, conversion: Optional[str]) -> Any:
        if conversion == "r" or conversion == "a":
            check_text_size(value, as_repr=True, ascii_only=conversion == "a")
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        check_text_size(value)
        check_spec(value, format_spec)
        return format(value, format_spec)


class _MapFormatter(_SafeFormatter):
    """``format_map``: positional fields are an error, as in CPython."""

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, int):
            raise ValueError("Format string contains positional fields")
        return kwargs[key]


_FORMATTER = _SafeFormatter()
_MAP_FORMATTER = _MapFormatter()


def _needs_safe_path(fmt: str, depth: int = 0) -> bool:
    """True when a field has an attribute step or a nested (computed) spec."""
    for _literal, field, spec, _conv in _string.formatter_parser(fmt):
        if field is None:
            continue
        if field:
            _first, rest = _string.formatter_field_name_split(field)
            for is_attr, _key in rest:
                if is_attr:
                    return True
        if spec:
            if "{" in spec:
                return True
    return False


def _check_literal_specs(fmt: str, values: Any) -> None:
    for _literal, field, spec, _conv in _string.formatter_parser(fmt):
        if field is not None and spec:
            width, precision, kind = _parse_spec(spec)
            if len(kind) > 1 or width > _HOST_MAX_WIDTH or (precision or 0) > _HOST_MAX_PRECISION:
                continue
            limit = current().limits.value_size
            if width < 0 or width > limit or (precision is not None and
                                              (precision < 0 or precision > limit - 400)):
                raise LimitExceeded("value_size", limit)
            for value in values:
                if type(value) is int and value.bit_length() > 64:
                    _check_int_spec(value, spec, kind, limit)


def safe_format(fmt: str, *args: Any, **kwargs: Any) -> str:
    """``fmt.format(*args, **kwargs)`` under the attribute policy and size limits."""
    if not isinstance(fmt, str):
        return fmt.format(*args, **kwargs)  # the host's descriptor error
    try:
        unsafe = _needs_safe_path(fmt)
    except ValueError:
        unsafe = False  # malformed: let the host raise CPython's exact message
    if unsafe:
        return _FORMATTER.vformat(fmt, args, kwargs)
    _check_literal_specs(fmt, (*args, *kwargs.values()))
    _check_decimal_fields(fmt, args, kwargs)
    # A '!r'/'!a' anywhere makes every argument count as its repr (conservative, cheap).
    as_repr = "!r" in fmt or "!a" in fmt
    for value in (*args, *kwargs.values()):
        check_text_size(value, as_repr, as_repr and "!a" in fmt)
    return fmt.format(*args, **kwargs)


def _check_decimal_fields(fmt: str, args: Any, kwargs: Any) -> None:
    # Decimal 'f' formatting expands the exponent; only then is a per-value check needed.
    if not any(isinstance(v, decimal.Decimal) for v in (*args, *kwargs.values())):
        return
    if len(args) + len(kwargs) == 1:
        value = args[0] if args else next(iter(kwargs.values()))
        for _literal, field, spec, _conv in _string.formatter_parser(fmt):
            if field is not None and spec:
                check_spec(value, spec)
        return
    _FORMATTER.vformat(fmt, args, kwargs)  # checks each field with its own value


def safe_format_map(fmt: str, mapping: Mapping[str, Any]) -> str:
    """``fmt.format_map(mapping)`` under the attribute policy and size limits."""
    if not isinstance(fmt, str):
        return fmt.format_map(mapping)
    try:
        unsafe = _needs_safe_path(fmt)
    except ValueError:
        unsafe = False
    if unsafe:
        return _MAP_FORMATTER.vformat(fmt, (), mapping)
    values = _mapped_values(fmt, mapping)
    _check_literal_specs(fmt, values)
    as_repr = "!r" in fmt or "!a" in fmt
    for value in values:
        check_text_size(value, as_repr, as_repr and "!a" in fmt)
    return fmt.format_map(mapping)


def _mapped_values(fmt: str, mapping: Any) -> list[Any]:
    """The values of ``mapping`` that ``fmt``'s fields name (a dict only: other mappings are
    looked up by the host, which raises for anything but a dict's own keys)."""
    if type(mapping) is not dict:
        return []
    values = []
    try:
        for _literal, field, _spec, _conv in _string.formatter_parser(fmt):
            if field:
                first, _rest = _string.formatter_field_name_split(field)
                if first in mapping:
                    values.append(mapping[first])
    except ValueError:
        return []  # malformed: the host raises CPython's message
    return values

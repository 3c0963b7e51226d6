"""Declared-type conversions (spec §2.5): ``convert(value, output_type, field)``.

One function per target type. A value already of the target type comes back unchanged
(``bool`` is not an ``int``); None stays None; an Entity converts through its parsed value
(``bytes`` gives the blob). Unsupported sources are a TypeError, unparsable text a ValueError,
both naming the field: ``field 'value': cannot convert 'abc' to int``.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, NoReturn

from ..declared import OUTPUT_TYPES
from ..runtime.context import LimitExceeded, current
from .entity import Entity
from .errors import FormatError, fail, type_name
from .formats import json as _json
from .formdata import FormDataParts
from .multimap import MultiMap

__all__ = ["convert", "OUTPUT_TYPES"]

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_FRACTION = r"(?:\.(\d{1,9}))?"
_DATETIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})" + _FRACTION + r")?)?"
    r"(Z|[+-]\d{2}:?\d{2})?")
_TIME_RE = re.compile(r"(\d{2}):(\d{2})(?::(\d{2})" + _FRACTION + r")?(Z|[+-]\d{2}:\d{2})?")
_SCALAR_TEXT_SOURCES = (bool, int, float, Decimal)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Conversion:
    """The field name and target for error messages."""

    def __init__(self, field: str, target: str) -> None:
        self.field = field
        self.target = target

    def type_error(self, value: Any) -> NoReturn:
        fail("TypeError", f"field {self.field!r}: cannot convert a value of type "
                          f"{type_name(value)!r} ({_short(value)}) to {self.target}")

    def value_error(self, value: Any, reason: str = "") -> NoReturn:
        suffix = f" ({reason})" if reason else ""
        fail("ValueError", f"field {self.field!r}: cannot convert {_short(value)} to "
                           f"{self.target}{suffix}")


def _text_of(value: Any, conv: _Conversion) -> str:
    """str, or bytes decoded as UTF-8 (an undecodable blob is a ValueError)."""
    if isinstance(value, str):
        return value
    try:
        return bytes(value).decode("utf-8")
    except UnicodeDecodeError as exc:
        conv.value_error(value, f"not UTF-8: {exc.reason}")


def _to_string(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, _SCALAR_TEXT_SOURCES):
        return _json.int_to_str(value) if type(value) is int else str(value)
    if isinstance(value, (bytes, bytearray)):
        return _text_of(value, conv)
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict, MultiMap)) or _is_ro_map(value):
        return _json.dumps(value)
    conv.type_error(value)


def _check_digits(text: str, conv: _Conversion) -> None:
    limit = current().limits.int_digits
    if sum(ch.isdigit() for ch in text) > limit:
        raise LimitExceeded("int_digits", limit)


def _to_int(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            conv.value_error(value)
        return int(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            conv.value_error(value)
        limit = current().limits.int_digits
        if value.adjusted() >= limit:
            raise LimitExceeded("int_digits", limit)
        return int(value)
    if isinstance(value, (str, bytes, bytearray)):
        text = _text_of(value, conv)
        _check_digits(text, conv)
        try:
            if len(text) > 4000:
                cleaned = text.strip().replace("_", "")
                if not re.fullmatch(r"[+-]?\d+", cleaned) or "__" in text or \
                        text.strip().startswith("_") or text.strip().endswith("_"):
                    raise ValueError(text)
                return int(Decimal(cleaned))
            return int(text, 10)
        except ValueError:
            conv.value_error(value)
    conv.type_error(value)


def _to_float(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, float):
        return value
    if isinstance(value, (int, Decimal)):
        try:
            return float(value)
        except OverflowError:
            conv.value_error(value, "too large for a float")
    if isinstance(value, (str, bytes, bytearray)):
        text = _text_of(value, conv)
        try:
            return float(text)
        except ValueError:
            conv.value_error(value)
    conv.type_error(value)


def _to_bool(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return value != 0
    if isinstance(value, (str, bytes, bytearray)):
        word = _text_of(value, conv).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        conv.value_error(value)
    conv.type_error(value)


def _to_decimal(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, (str, bytes, bytearray)):
        try:
            return Decimal(_text_of(value, conv).strip())
        except (InvalidOperation, ValueError):
            conv.value_error(value)
    conv.type_error(value)


def _to_bytes(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, str):
        try:
            return value.encode("utf-8")
        except UnicodeEncodeError:
            conv.value_error(value, "contains a lone surrogate")
    if isinstance(value, list):
        if all(type(x) is int and 0 <= x <= 255 for x in value):
            return bytes(value)
        conv.value_error(value, "a list must hold ints 0-255")
    conv.type_error(value)


def _json_text(value: Any, conv: _Conversion, want: type) -> Any:
    text = _text_of(value, conv)
    try:
        parsed = _json.parse(text.encode("utf-8"), "utf-8")
    except FormatError as exc:
        conv.value_error(value, f"invalid JSON: {exc}")
    if not isinstance(parsed, want):
        conv.value_error(value, f"the JSON text is not an {'array' if want is list else 'object'}")
    return parsed


def _part_dict(part: Any) -> dict:
    return part.to_core()


def _to_list(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, list):
        return value
    if isinstance(value, (str, bytes, bytearray)):
        return _json_text(value, conv, list)
    if isinstance(value, dict):
        return [[k, v] for k, v in value.items()]
    if isinstance(value, MultiMap):
        return [[k, v] for k, v in value.items()]
    if isinstance(value, FormDataParts):
        return [_part_dict(p) for p in value.parts()]
    if _is_ro_map(value):
        return [[k, v] for k, v in value.to_core().items()]
    if isinstance(value, (tuple, set, frozenset, range)) or _is_iterable_source(value):
        return list(value)
    conv.type_error(value)


def _is_iterable_source(value: Any) -> bool:
    """Views, generators, iterators and Streams (anything iterable that is not a scalar)."""
    name = type_name(value)
    if name in ("dict_keys", "dict_values", "dict_items", "Stream", "generator"):
        return True
    return hasattr(type(value), "__next__")


def _to_dict(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, dict):
        return value
    if isinstance(value, MultiMap):
        return value.to_dict()
    if isinstance(value, FormDataParts):
        out: dict = {}
        for part in value.parts():
            out.setdefault(part.name, _part_dict(part))
        return out
    if _is_ro_map(value):
        return dict(value.to_core())
    if isinstance(value, (str, bytes, bytearray)):
        return _json_text(value, conv, dict)
    if isinstance(value, (list, tuple)):
        pairs = []
        for item in value:
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                conv.value_error(value, "every item must be a 2-element list or tuple")
            pairs.append((item[0], item[1]))
        try:
            return dict(pairs)
        except TypeError:
            conv.value_error(value, "a key is unhashable")
    conv.type_error(value)


def _offset(text: str | None) -> Any:
    if text is None:
        return None
    if text == "Z":
        return _dt.timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    delta = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return _dt.timezone(sign * delta)


def _micro(fraction: str | None) -> int:
    return int((fraction or "0").ljust(6, "0")[:6])


def _parse_datetime(value: Any, conv: _Conversion) -> _dt.datetime:
    text = _text_of(value, conv).strip()
    match = _DATETIME_RE.fullmatch(text)
    if match is None:
        conv.value_error(value)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        return _dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                            int(second or 0), _micro(fraction), tzinfo=_offset(offset))
    except ValueError as exc:
        conv.value_error(value, str(exc))


def _to_datetime(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (str, bytes, bytearray)):
        return _parse_datetime(value, conv)
    conv.type_error(value)


def _to_date(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (str, bytes, bytearray)):
        return _parse_datetime(value, conv).date()
    conv.type_error(value)


def _to_time(value: Any, conv: _Conversion) -> Any:
    if isinstance(value, _dt.datetime):
        return value.timetz()
    if isinstance(value, _dt.time):
        return value
    if isinstance(value, (str, bytes, bytearray)):
        text = _text_of(value, conv).strip()
        match = _TIME_RE.fullmatch(text)
        if match is None:
            conv.value_error(value)
        hour, minute, second, fraction, offset = match.groups()
        try:
            return _dt.time(int(hour), int(minute), int(second or 0), _micro(fraction),
                            tzinfo=_offset(offset))
        except ValueError as exc:
            conv.value_error(value, str(exc))
    conv.type_error(value)


def _is_ro_map(value: Any) -> bool:
    return hasattr(value, "to_core") and hasattr(value, "keys") and not isinstance(value, Entity)


_CONVERTERS: dict[str, Callable[[Any, _Conversion], Any]] = {
    "string": _to_string, "int": _to_int, "float": _to_float, "bool": _to_bool,
    "decimal": _to_decimal, "bytes": _to_bytes, "list": _to_list, "dict": _to_dict,
    "datetime": _to_datetime, "date": _to_date, "time": _to_time,
}
if set(_CONVERTERS) | {"any"} != set(OUTPUT_TYPES):  # a new declared type needs a converter
    raise ImportError("dataway.data.convert: converters do not match dataway.declared")


def convert(value: Any, output_type: str, field: str = "value") -> Any:
    """Convert ``value`` to the declared ``output_type`` (spec §2.5)."""
    if output_type == "any" or value is None:
        return value
    converter = _CONVERTERS.get(output_type)
    if converter is None:
        fail("ValueError", f"unknown declared type {output_type!r}")
    conv = _Conversion(field, output_type)
    if isinstance(value, Entity):
        if output_type == "bytes":
            return value.blob
        parsed = value.value()
        if output_type == "string" and isinstance(parsed, bytes):
            try:
                return parsed.decode(value.encoding)
            except UnicodeDecodeError as exc:
                conv.value_error(value, f"not {value.encoding}: {exc.reason}")
        value = parsed
        if value is None:
            return None
    return converter(value, conv)

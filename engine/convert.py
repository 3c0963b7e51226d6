"""Field-type conversion (components spec §4.2), applied after a script's own declared type.

Field types are the component tables' types: ``any``, ``str``, ``int``, ``float``, ``bool``,
``list``, ``dict``, ``cond``, ``bytes-like``, ``key`` (str or int). The rules are the language's
conversion table (L§2.5) restricted to what components declare; a failure is a
:class:`FieldTypeError` whose message the runtime reports as VALIDATION.
"""
from __future__ import annotations

import decimal
import json
from typing import Any

__all__ = ["FieldTypeError", "convert_field", "FIELD_TYPES", "short_repr"]

FIELD_TYPES = ("any", "str", "int", "float", "bool", "list", "dict", "cond", "bytes-like", "key")


class FieldTypeError(ValueError):
    """A value does not convert to a field type; the text is the user-facing message."""


def short_repr(value: Any, limit: int = 60) -> str:
    """``repr`` cut to ``limit`` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fail(value: Any, target: str) -> FieldTypeError:
    return FieldTypeError(f"cannot convert {short_repr(value)} to {target}")


def _entity_value(value: Any) -> Any:
    # An Entity converts through its parsed value (L§2.5); duck-typed so this module does not
    # depend on the data layer being present.
    if type(value).__name__ == "Entity":
        try:
            return value["^value"]
        except Exception:
            return value
    return value


def convert_field(value: Any, ftype: str) -> Any:
    """Convert ``value`` to field type ``ftype``; None stays None (required-ness is separate)."""
    if ftype == "any" or value is None:
        return value
    if ftype == "cond":
        return bool(value)
    if ftype == "bytes-like":
        if isinstance(value, bytes):
            return value
        if isinstance(value, (bytearray, memoryview)):
            return bytes(value)
        if isinstance(value, str):
            return value.encode("utf-8")
        blob = getattr(value, "blob", None) if type(value).__name__ == "Entity" else None
        if isinstance(blob, (bytes, bytearray)):
            return bytes(blob)
        raise _fail(value, "bytes")
    value = _entity_value(value)
    if ftype == "str":
        return _to_str(value)
    if ftype == "int":
        return _to_int(value)
    if ftype == "float":
        if isinstance(value, float):
            return value
        if isinstance(value, (bool, int, decimal.Decimal)):
            return float(value)
        if isinstance(value, (str, bytes)):
            try:
                return float(value)
            except ValueError:
                raise _fail(value, "float") from None
        raise _fail(value, "float")
    if ftype == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float, decimal.Decimal)):
            return value != 0
        if isinstance(value, (str, bytes)):
            word = (value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
            word = word.strip().lower()
            if word in ("true", "1", "yes"):
                return True
            if word in ("false", "0", "no"):
                return False
        raise _fail(value, "bool")
    if ftype == "key":
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
        raise _fail(value, "str or int")
    if ftype == "list":
        if isinstance(value, list):
            return value
        if isinstance(value, (tuple, set, frozenset, range)):
            return list(value)
        if isinstance(value, dict):
            return [[k, v] for k, v in value.items()]
        if isinstance(value, (str, bytes)):
            parsed = _json(value, "list")
            if isinstance(parsed, list):
                return parsed
        raise _fail(value, "list")
    if ftype == "dict":
        if isinstance(value, dict):
            return value
        if isinstance(value, (str, bytes)):
            parsed = _json(value, "dict")
            if isinstance(parsed, dict):
                return parsed
        if isinstance(value, (list, tuple)):
            try:
                return dict(value)
            except (TypeError, ValueError):
                pass
        mapping = getattr(value, "items", None)
        if callable(mapping) and type(value).__name__ in ("ReadOnlyMap", "MultiMap", "mappingproxy"):
            return dict(mapping())
        raise _fail(value, "dict")
    raise ValueError(f"unknown field type {ftype!r}")


def _json(value: Any, target: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        raise _fail(value, target) from None


def _to_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float, decimal.Decimal)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise _fail(value, "str") from None
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    if isinstance(value, (list, tuple, dict)):
        try:
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
        except (TypeError, ValueError):
            raise _fail(value, "str") from None
    raise _fail(value, "str")


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (float, decimal.Decimal)):
        try:
            return int(value)
        except (ValueError, OverflowError):
            raise _fail(value, "int") from None
    if isinstance(value, (str, bytes)):
        try:
            return int(value, 10)
        except ValueError:
            raise _fail(value, "int") from None
    raise _fail(value, "int")

"""The tagged JSON form of values JSON cannot carry (components spec §10, run snapshots).

Shared by the CLI's ``--format json`` and the engine's run snapshots, so one value has one
tagged form everywhere: ``{"$bytes": <base64>, "size": n}``, ``{"$decimal": "1.10"}``,
``{"$datetime": iso}``, ``{"$date": iso}``, ``{"$time": iso}``, ``{"$float": "nan"}``.
"""
from __future__ import annotations

import base64
import datetime as _dt
import decimal
import math
from typing import Any

__all__ = ["NOT_SCALAR", "tag_scalar"]

NOT_SCALAR: Any = object()
"""Returned by :func:`tag_scalar` for containers and wrapper values (the caller walks those)."""


def tag_scalar(value: Any) -> Any:
    """The JSON form of a scalar core value (tagged where JSON has no such type), or
    :data:`NOT_SCALAR`."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii"), "size": len(value)}
    if isinstance(value, decimal.Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, _dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, _dt.time):
        return {"$time": value.isoformat()}
    return NOT_SCALAR

"""How the CLI prints results: ``repr`` of the raw value, or JSON of the boundary value.

JSON output uses the tagged form of run snapshots (components spec §10) for values JSON cannot
carry: ``{"$bytes": <base64>, "size": n}``, ``{"$decimal": "1.10"}``, ``{"$datetime": iso}``,
``{"$date": iso}``, ``{"$time": iso}``, ``{"$multimap": [[k, v], ...]}``,
``{"$float": "nan"}`` for non-finite floats and ``{"$message": id}``. Entities are rendered by
their parsed value (issue #4 decision); a Stream is drained into a list.
"""
from __future__ import annotations

import json
import math
from typing import Any

from ..data.tagged import NOT_SCALAR, tag_scalar

__all__ = ["render_json", "render_repr", "to_tagged"]


def render_repr(value: Any) -> str:
    """``repr()`` of the raw value, as CPython prints it."""
    return repr(value)


def _key(k: Any) -> str:
    # Same key conversions as json.dumps (True -> "true", None -> "null", 1.5 -> "1.5").
    if isinstance(k, str):
        return k
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, float):
        return json.dumps(k) if math.isfinite(k) else repr(k)
    if isinstance(k, bytes):
        return k.decode("utf-8", "backslashreplace")
    return str(k)


def to_tagged(value: Any) -> Any:
    """Convert a boundary-normalised value into plain JSON data with tags (iteratively safe
    for values within ``value_depth``, which normalisation has already enforced)."""
    scalar = tag_scalar(value)
    if scalar is not NOT_SCALAR:
        return scalar
    if isinstance(value, list):
        return [to_tagged(v) for v in value]
    if isinstance(value, dict):
        return {_key(k): to_tagged(v) for k, v in value.items()}
    type_name = getattr(type(value), "dw_type_name", type(value).__name__)
    if type_name == "Entity":
        return to_tagged(value["^value"])
    if type_name == "MultiMap":
        return {"$multimap": [[k, to_tagged(v)] for k, v in value.items()]}
    if type_name == "Stream":
        return [to_tagged(item) for item in value]
    if type_name == "Message":
        return {"$message": value.id}
    if type_name == "FormDataParts":
        return [to_tagged(part) for part in value.values()]
    return {"$repr": repr(value)}


def render_json(value: Any) -> str:
    """The JSON text the CLI prints for a boundary value."""
    return json.dumps(to_tagged(value), ensure_ascii=False)

"""``dataway schema``: a JSON Schema of the flow file format, generated from the models.

Editors use it to validate flow files as they are typed. Static config fields come from each
component's pydantic model; Dataway fields accept their literal type, a script field
(``{text|expr|code|file, type?}``) or ``{literal: …}``; ``cond`` fields also accept a string.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from .component import DYN_KEY
from .fields import DECLARED_TYPES, SCRIPT_KEYS
from .model import FLOW_NAME, STEP_ID
from .registry import Registry, default_registry

__all__ = ["flow_schema", "flow_schema_json"]

_LITERAL = {"str": {"type": "string"}, "int": {"type": "integer"}, "float": {"type": "number"},
            "bool": {"type": "boolean"}, "list": {"type": "array"}, "dict": {"type": "object"},
            "cond": {"type": ["string", "boolean"]}, "any": {},
            "bytes-like": {"type": "string"}, "key": {"type": ["string", "integer"]}}
_REF = "#/$defs/{model}"


def _script_field() -> dict[str, Any]:
    return {
        "description": "A Dataway script field: exactly one of text, expr, code, file, plus an "
                       "optional declared type.",
        "type": "object",
        "properties": {**{k: {"type": "string"} for k in SCRIPT_KEYS},
                       "type": {"enum": list(DECLARED_TYPES)}},
        "additionalProperties": False,
        "oneOf": [{"required": [k]} for k in SCRIPT_KEYS],
    }


def _config_schema(cls: Any, defs: dict[str, Any]) -> dict[str, Any]:
    schema = cls.Config.model_json_schema(ref_template=_REF)
    defs.update(schema.pop("$defs", {}))
    for name, prop in schema.get("properties", {}).items():
        ftype = prop.pop(DYN_KEY, None)
        prop.pop("x-dataway-check", None)
        if ftype is None:
            continue
        literal = dict(_LITERAL.get(ftype, {}))
        keep = {k: prop[k] for k in ("description", "default", "title") if k in prop}
        prop.clear()
        prop.update(keep)
        prop["anyOf"] = [literal, {"$ref": "#/$defs/ScriptField"},
                         {"$ref": "#/$defs/LiteralField"}]
    schema["title"] = f"{cls.title or cls.type_name} config"
    return schema


def flow_schema(registry: Optional[Registry] = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a flow file."""
    registry = registry or default_registry()
    defs: dict[str, Any] = {
        "ScriptField": _script_field(),
        "LiteralField": {"type": "object", "properties": {"literal": {}},
                         "required": ["literal"], "additionalProperties": False,
                         "description": "Forces a literal value that looks like a script field."},
        "Steps": {"type": "array", "items": {"$ref": "#/$defs/Step"}},
    }
    conditionals = []
    names = []
    for name in registry.names():
        cls = registry.get(name)
        if cls is None:
            continue
        names.append(name)
        conditionals.append({"if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                             "then": {"properties": {"config": _config_schema(cls, defs)}}})
    defs["Step"] = {
        "type": "object",
        "required": ["id", "type"],
        "properties": {
            "id": {"type": "string", "pattern": STEP_ID},
            "type": {"enum": names},
            "description": {"type": "string"},
            "connection": {"type": "string"},
            "config": {"type": "object"},
            "steps": {"$ref": "#/$defs/Steps"},
            "default": {"$ref": "#/$defs/Steps"},
            "branches": {"type": "array", "items": {"type": "object"}},
            "catch": {"type": "array", "items": {"type": "object"}},
        },
        "additionalProperties": False,
        "allOf": conditionals,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://dataway.dev/schema/flow.json",
        "title": "Dataway flow file",
        "type": "object",
        "required": ["flow", "steps"],
        "properties": {
            "flow": {"type": "string", "pattern": FLOW_NAME},
            "shared": {"type": "boolean", "default": False},
            "description": {"type": "string"},
            "trigger": {"$ref": "#/$defs/Step"},
            "steps": {"$ref": "#/$defs/Steps"},
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def flow_schema_json(registry: Optional[Registry] = None) -> str:
    """The schema as indented JSON text (what ``dataway schema`` prints)."""
    return json.dumps(flow_schema(registry), indent=2, sort_keys=False)

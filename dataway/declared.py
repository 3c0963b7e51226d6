"""The declared output types of spec §2.5: the one list the API, the checker (DW409) and the
conversion table all check against."""
from __future__ import annotations

__all__ = ["OUTPUT_TYPES"]

OUTPUT_TYPES: tuple[str, ...] = ("any", "string", "int", "float", "bool", "decimal", "bytes",
                                 "list", "dict", "datetime", "date", "time")

"""Module exception classes bound as members (``json.JSONDecodeError``, ``struct.error``, ...).

The classes themselves belong to the runtime's exception hierarchy
(``dataway.runtime.exceptions.EXC_TYPES``): a member must be the very object that ``except``
clauses compare against and that ``to_exc_value`` produces for the matching host exception.
Until that table is importable a minimal stand-in keeps the modules loadable.
"""
from __future__ import annotations

from typing import Any

from ..runtime.values import DWObject

__all__ = ["exc_type", "StandInExcType"]


class StandInExcType(DWObject):
    """Placeholder exception class used only while ``runtime.exceptions`` is unavailable."""

    __slots__ = ("name", "module")
    dw_type_name = "type"

    def __init__(self, name: str, module: str) -> None:
        self.name = name
        self.module = module

    def __repr__(self) -> str:
        return f"<class '{self.module}.{self.name}'>"


def _runtime_table() -> dict[str, Any] | None:
    try:
        from ..runtime.exceptions import EXC_TYPES
    except ImportError:
        return None
    return EXC_TYPES


def exc_type(qualified: str) -> Any:
    """The runtime ExcType for a CPython class named ``module.Name`` (``'struct.error'``).

    The runtime table is keyed by bare name for unique names; clashing bare names (``csv.Error``
    and ``binascii.Error``) are found by their qualified name or their ``module`` attribute.
    """
    module, _, name = qualified.rpartition(".")
    table = _runtime_table()
    if table is None:
        return StandInExcType(name, module)
    for key in (qualified, f"{module.split('.')[0]}.{name}", name):
        found = table.get(key)
        if found is not None and _module_matches(found, module):
            return found
    for found in table.values():
        if getattr(found, "name", None) == name and _module_matches(found, module):
            return found
    found = table.get(name)
    if found is not None:
        return found
    return StandInExcType(name, module)


def _module_matches(exc: Any, module: str) -> bool:
    have = getattr(exc, "module", None)
    if not have or not module:
        return True
    top = module.split(".")[0].lstrip("_")
    return have.split(".")[0].lstrip("_") == top

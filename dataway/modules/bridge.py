"""Where module members meet the runtime's type objects.

A class a module exposes (``datetime.datetime``, ``decimal.Decimal``, ``csv.StringIO``) must be
the runtime's own type object for that host class (``dataway.runtime.types``), so that
``type(x) is datetime.datetime`` and ``isinstance(x, decimal.Decimal)`` hold. This module hands
out those objects, and falls back to :class:`~dataway.modules.classes.ModuleClass` only while
the runtime's type table is not importable (the modules stay loadable and testable alone).
"""
from __future__ import annotations

from types import ModuleType
from typing import Any, Callable, Mapping, Optional

from .callables import BuiltinFunction
from .classes import make_class

__all__ = ["runtime_types", "expose_class", "standard_type", "script_type_name"]


def runtime_types() -> Optional[ModuleType]:
    """``dataway.runtime.types`` with its constructors installed, or None when absent."""
    try:
        from ..runtime import types
    except ImportError:
        return None
    try:  # fills in the constructors and class members of the standard types
        from ..runtime import constructors  # noqa: F401
    except ImportError:
        pass
    return types


def standard_type(qualname: str) -> Any:
    """The runtime's type object for a standard class (``'datetime.datetime'``), or None."""
    types = runtime_types()
    if types is None:
        return None
    return getattr(types, "STANDARD_TYPES", {}).get(qualname)


def expose_class(host: type, qualname: str, construct: Optional[Callable[..., Any]],
                 class_attrs: Mapping[str, Any]) -> Any:
    """The script-visible type object of ``host``: the runtime's standard one when it has it,
    else a new registered runtime type, else the stand-in."""
    existing = standard_type(qualname)
    if existing is not None:
        return existing
    types = runtime_types()
    if types is None:
        return make_class(host, qualname, construct, class_attrs)
    name = qualname.rpartition(".")[2]
    dwtype = types.DWType(name, host, construct, dict(class_attrs),
                          display=f"<class '{qualname}'>")
    return types.register_type(host, dwtype)


def script_type_name(value: Any) -> str:
    """The class name scripts see for ``value`` (``'module'``, not the wrapper's host name)."""
    types = runtime_types()
    if types is not None:
        try:
            return str(types.type_of(value).name)
        except Exception:  # noqa: BLE001 - a name for a message must never fail the caller
            pass
    return str(getattr(type(value), "dw_type_name", type(value).__name__))


def _share_builtin_type() -> None:
    """Module functions have the type of builtins (``type(json.dumps) is type(len)``)."""
    types = runtime_types()
    if types is None:
        return
    try:
        from ..runtime.functions import Builtin
    except ImportError:
        return
    types.register_type(BuiltinFunction, types.type_for(Builtin))


_share_builtin_type()

"""The script-visible type objects of classes that modules expose.

A class a module exposes (``datetime.datetime``, ``decimal.Decimal``, ``csv.StringIO``) is the
runtime's own type object for that host class (``dataway.runtime.types``), so that
``type(x) is datetime.datetime`` and ``isinstance(x, decimal.Decimal)`` hold and the attribute
policy knows its class attributes.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..runtime import constructors  # noqa: F401 - installs the standard types' constructors
from ..runtime.types import STANDARD_TYPES, DWType, register_type

__all__ = ["standard_type", "expose_class"]


def standard_type(qualname: str) -> DWType:
    """The runtime's type object for a standard class (``'datetime.datetime'``)."""
    return STANDARD_TYPES[qualname]


def expose_class(host: type, qualname: str, construct: Optional[Callable[..., Any]]) -> DWType:
    """A new type object for a module's wrapper class, registered so ``type(x)`` returns it;
    it prints as CPython's class would (``<class 'csv.StringIO'>``)."""
    name = qualname.rpartition(".")[2]
    return register_type(host, DWType(name, host, construct, display=f"<class '{qualname}'>"))

"""The runtime services compiled closures call, imported in one place.

Closures capture these functions at compile time, so the evaluator never looks them up while
running. The runtime owns their semantics: operator tables with size pre-checks, the attribute
policy, f-string formatting, the builtin namespace and the §7 steps-path rule; the modules layer
owns the importable module table.
"""
from __future__ import annotations

from typing import Any

from ..runtime.formatting import format_value
from ..runtime.message import steps_attr
from ..runtime.operators import BINARY, COMPARE, INPLACE, UNARY
from ..runtime.policy import get_attr, get_method
from ..runtime.values import ModuleValue

__all__ = ["BINARY", "INPLACE", "UNARY", "COMPARE", "get_attr", "get_method", "format_value",
           "builtin_namespace", "importable", "steps_attr"]


def builtin_namespace() -> dict[str, Any]:
    """Builtins, exception classes and preloaded modules shared by every evaluation."""
    from ..runtime.builtins import builtin_namespace as namespace
    return namespace()


def importable() -> dict[str, ModuleValue]:
    """Module values by dotted import path (``urllib.parse``)."""
    from ..modules import IMPORTABLE
    return IMPORTABLE

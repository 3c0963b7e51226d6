"""The component registry: Python entry points in the group ``dataway.components``.

Third-party packages add components the same way as the standard library: an entry point
``<type> = package.module:ComponentClass``. Until the distribution declares its own entry points,
the built-in table of :mod:`dataway.stdlib.catalog` is used as a fallback, so a source checkout
works without reinstalling.
"""
from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points
from typing import Optional

from .component import Component

__all__ = ["GROUP", "Registry", "default_registry"]

GROUP = "dataway.components"
_log = logging.getLogger("dataway.engine")


class Registry:
    """Maps component type names to classes; loads lazily on first lookup."""

    def __init__(self, table: Optional[dict[str, str]] = None, *, use_entry_points: bool = True) -> None:
        self._targets: dict[str, str] = {}
        if use_entry_points:
            from dataway.stdlib.catalog import BUILTINS

            self._targets.update(BUILTINS)
            for ep in entry_points(group=GROUP):
                self._targets[ep.name] = ep.value
        if table:
            self._targets.update(table)
        self._loaded: dict[str, type[Component]] = {}

    def register(self, cls: type[Component]) -> None:
        """Add a component class directly (tests, embedders)."""
        self._loaded[cls.type_name] = cls
        self._targets[cls.type_name] = f"{cls.__module__}:{cls.__qualname__}"

    def names(self) -> list[str]:
        """All registered type names, sorted."""
        return sorted(self._targets)

    def get(self, name: str) -> Optional[type[Component]]:
        """The class for ``name``, or None when unknown (or failing to import)."""
        cls = self._loaded.get(name)
        if cls is not None:
            return cls
        target = self._targets.get(name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        try:
            cls = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError):
            _log.exception("component %s: cannot load %s", name, target)
            return None
        self._loaded[name] = cls
        return cls


_default: Optional[Registry] = None


def default_registry() -> Registry:
    """The process-wide registry (entry points plus built-ins)."""
    global _default
    if _default is None:
        _default = Registry()
    return _default

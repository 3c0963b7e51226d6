"""The names the checker knows exist: builtins, refused builtins, preloaded and importable modules.

The runtime (``dataway.runtime.builtins``) and the module layer (``dataway.modules``) own the real
tables; this module only reads them (lazily, once per process: importing the module layer costs
start-up time that ``dataway eval`` should not pay for nothing), so what the checker accepts is
exactly what a script can reach.
"""
from __future__ import annotations

import builtins as _host_builtins
from functools import lru_cache
from typing import Optional

__all__ = ["builtin_names", "unavailable_names", "preloaded_modules", "importable_modules",
           "module_members", "is_module_path", "DATA_NAMES", "OUTPUT_TYPES"]

#: Dataway classes bound in every mode (spec §2.4).
DATA_NAMES = frozenset({"Entity", "MultiMap", "FormDataParts"})

from dataway.declared import OUTPUT_TYPES  # noqa: E402  (re-exported for the checker)

@lru_cache(maxsize=None)
def builtin_names() -> frozenset[str]:
    """Names of the builtins and exception classes scripts may use (spec §11)."""
    from dataway.runtime.builtins import BUILTINS

    return frozenset(BUILTINS) | {"True", "False", "None"}


@lru_cache(maxsize=None)
def unavailable_names() -> frozenset[str]:
    """CPython builtins that Dataway refuses (DW504): the runtime's list and every unlisted one."""
    from dataway.runtime.builtins import UNAVAILABLE

    host = {n for n in dir(_host_builtins) if not n.startswith("_")} | {"__import__"}
    return frozenset(host - builtin_names()) | frozenset(UNAVAILABLE)


@lru_cache(maxsize=None)
def _module_tables() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """(members by dotted module path, top-level preloaded names)."""
    from dataway import modules

    members = {path: frozenset(modules.member_names(path)) for path in modules.IMPORTABLE}
    for name in modules.PRELOADED:
        members.setdefault(name, frozenset(modules.member_names(name)))
    return members, frozenset(modules.PRELOADED)


def preloaded_modules() -> frozenset[str]:
    """Top-level module names bound in every mode (spec §12)."""
    return _module_tables()[1]


def importable_modules() -> frozenset[str]:
    """Every dotted module path an ``import`` may name (spec §3.4)."""
    return frozenset(_module_tables()[0])


def is_module_path(path: str) -> bool:
    """True when ``path`` names an importable module."""
    return path in _module_tables()[0]


def module_members(path: str) -> Optional[frozenset[str]]:
    """The member names of module ``path``, or None when it is not a module."""
    return _module_tables()[0].get(path)

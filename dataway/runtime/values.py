"""The protocol every host class that scripts may hold follows.

Scripts hold host primitives (None, bool, int, float, str, bytes, bytearray, tuple, list, dict,
set, frozenset, range, slice, Ellipsis, Decimal, datetime values) or instances of
:class:`DWObject` subclasses. The attribute policy (``runtime/policy.py``) is the one place that
decides attribute reads; for a DWObject it allows exactly the names in ``dw_attrs`` and then
reads them with ``getattr``, so a wrapper lists its script API in one class attribute.
"""
from __future__ import annotations

from typing import ClassVar

__all__ = ["DWObject", "ModuleValue"]


class DWObject:
    """Base of wrapper classes whose instances scripts may hold.

    * ``dw_type_name``: what ``str(type(x))`` shows (``'MultiMap'``) and error messages use.
    * ``dw_attrs``: attribute and method names scripts may read (spec §13); everything else,
      and anything starting with ``_``, does not exist for scripts.
    * ``dw_class_attrs``: names reachable through the type object (``Entity.from_value``).
    * ``dw_module``: for exception-style qualified names (rarely needed).
    """

    __slots__ = ()
    dw_type_name: ClassVar[str] = "object"
    dw_attrs: ClassVar[frozenset[str]] = frozenset()
    dw_class_attrs: ClassVar[frozenset[str]] = frozenset()


class ModuleValue(DWObject):
    """A preloaded module as scripts see it: a name and a fixed table of members.

    Members are Dataway values (wrapped functions, type objects, constants, submodules); the
    attribute policy reads them from ``members`` and nothing else. ``repr`` is
    ``<module 'json'>`` (no address, spec §4.1).
    """

    __slots__ = ("name", "members")
    dw_type_name = "module"

    def __init__(self, name: str, members: dict) -> None:
        self.name = name
        self.members = dict(members)

    def __repr__(self) -> str:
        return f"<module '{self.name}'>"

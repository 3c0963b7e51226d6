"""Building ModuleValues, including members whose value depends on the evaluation.

``time.timezone``, ``time.altzone``, ``time.tzname`` and ``time.daylight`` describe the
*evaluation* time zone (spec §4.6), which differs between evaluations of the same compiled
script, so they are computed when read rather than fixed when the module is built.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from ..runtime.values import ModuleValue

__all__ = ["LiveMembers", "make_module"]

class LiveMembers(dict):
    """A members table where some entries are recomputed on every read.

    It is a real ``dict`` (the policy and ``member_names`` treat it like one); the stored value
    of a live entry is only its value for the default context and is never handed out.
    """

    __slots__ = ("_live",)

    def __init__(self, static: Mapping[str, Any], live: Mapping[str, Callable[[], Any]]) -> None:
        super().__init__(static)
        self._live = dict(live)
        for name, compute in self._live.items():
            dict.__setitem__(self, name, compute())

    def __getitem__(self, name: str) -> Any:
        compute = self._live.get(name)
        if compute is not None:
            return compute()
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        """``dict.get`` that recomputes live entries."""
        if name in self:
            return self[name]
        return default

    def values(self) -> Any:  # type: ignore[override]
        """Current values, live entries recomputed."""
        return [self[name] for name in self]

    def items(self) -> Any:  # type: ignore[override]
        """Current ``(name, value)`` pairs, live entries recomputed."""
        return [(name, self[name]) for name in self]

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self)


def make_module(name: str, members: Mapping[str, Any],
                live: Mapping[str, Callable[[], Any]] | None = None) -> ModuleValue:
    """A ModuleValue with ``members``; ``live`` entries are recomputed on each read."""
    module = ModuleValue(name, members)
    if live:
        module.members = LiveMembers(members, live)
    return module


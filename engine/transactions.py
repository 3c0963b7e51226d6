"""Local transactions of Try (§6.17): the hook database connectors join.

A ``transaction: local`` Try opens a :class:`LocalTransaction` on the run (a nested local Try
joins the open one). Connector steps inside the body call ``call.transaction`` and, when it is
not None, register one participant per connection with :meth:`LocalTransaction.join`; the Try
commits every participant when the body succeeds and rolls them back when it fails, before any
retry or catch. Async children start without a transaction, so they never join.
"""
from __future__ import annotations

from typing import Callable, Optional, Protocol

__all__ = ["Participant", "LocalTransaction"]


class Participant(Protocol):
    """One connection's share of a transaction."""

    async def commit(self) -> None:
        """Make the work durable."""

    async def rollback(self) -> None:
        """Undo the work."""


class LocalTransaction:
    """The participants of one local transaction, by key (e.g. connection name)."""

    def __init__(self) -> None:
        self.participants: dict[str, Participant] = {}

    def join(self, key: str, factory: Callable[[], Participant]) -> Participant:
        """The participant for ``key``, created by ``factory`` on first use."""
        found = self.participants.get(key)
        if found is None:
            found = self.participants[key] = factory()
        return found

    async def commit(self) -> None:
        """Commit every participant (in join order)."""
        for participant in list(self.participants.values()):
            await participant.commit()

    async def rollback(self) -> Optional[BaseException]:
        """Roll back every participant; returns the first rollback error, if any."""
        first: Optional[BaseException] = None
        for participant in list(self.participants.values()):
            try:
                await participant.rollback()
            except Exception as exc:  # keep rolling back the others
                first = first or exc
        return first



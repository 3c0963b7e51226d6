"""Cache stores for the Cache component (§6.3): the interface and the in-process store.

Every store keeps str values with a TTL and enforces the per-instance quotas (value bytes and
live entries). Operations are coroutines so network stores fit the same interface.
"""
from __future__ import annotations

from typing import Optional

from ..clock import Clock

__all__ = ["CacheStore", "MemoryCache", "CacheUnavailable", "DEFAULT_MAX_BYTES",
           "DEFAULT_MAX_ENTRIES"]

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 1000


class CacheUnavailable(Exception):
    """The backend cannot be reached (CACHE:CONNECTIVITY)."""


class CacheStore:
    """Interface of a cache store. ``store*`` return None on success or a failure reason."""

    async def store(self, key: str, value: str, ttl: int, *, if_absent: bool = False) -> Optional[str]:
        """Store ``value`` for ``ttl`` seconds; with ``if_absent`` fail while a live entry exists."""
        raise NotImplementedError

    async def read(self, key: str) -> Optional[str]:
        """The live value, or None."""
        raise NotImplementedError

    async def delete(self, key: str) -> None:
        """Remove the entry (no-op when absent)."""
        raise NotImplementedError

    async def exists(self, key: str) -> bool:
        """Whether a live entry exists."""
        raise NotImplementedError


class MemoryCache(CacheStore):
    """In-process store (lost on restart); expiry by the injected clock."""

    def __init__(self, clock: Clock, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.clock = clock
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._data: dict[str, tuple[str, float, int]] = {}
        self._bytes = 0

    def _live(self, key: str) -> Optional[tuple[str, float, int]]:
        entry = self._data.get(key)
        if entry is not None and entry[1] <= self.clock.monotonic():
            self._drop(key)
            return None
        return entry

    def _drop(self, key: str) -> None:
        entry = self._data.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]

    def _purge(self) -> None:
        now = self.clock.monotonic()
        for key in [k for k, e in self._data.items() if e[1] <= now]:
            self._drop(key)

    async def store(self, key: str, value: str, ttl: int, *, if_absent: bool = False) -> Optional[str]:
        existing = self._live(key)
        if if_absent and existing is not None:
            return "a live entry exists for this key"
        size = len(value.encode("utf-8"))
        freed = existing[2] if existing is not None else 0
        if self._bytes - freed + size > self.max_bytes or (
                existing is None and len(self._data) >= self.max_entries):
            self._purge()
            if self._bytes - freed + size > self.max_bytes:
                return f"cache quota exceeded ({self.max_bytes} bytes of values)"
            if existing is None and len(self._data) >= self.max_entries:
                return f"cache quota exceeded ({self.max_entries} live entries)"
        self._drop(key)
        self._data[key] = (value, self.clock.monotonic() + ttl, size)
        self._bytes += size
        return None

    async def read(self, key: str) -> Optional[str]:
        entry = self._live(key)
        return entry[0] if entry is not None else None

    async def delete(self, key: str) -> None:
        self._drop(key)

    async def exists(self, key: str) -> bool:
        return self._live(key) is not None

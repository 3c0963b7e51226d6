"""A SQLite cache store: entries survive restarts of the runtime (§6.3, §9 state store).

SQLite calls are short and local, but they still block: each operation runs in a worker thread
so the event loop never waits on the disk. Expiry uses the injected clock's wall time, so a
restarted process sees the same deadlines.
"""
from __future__ import annotations

import asyncio
import sqlite3
import threading
from typing import Optional

from ..clock import Clock
from .cache import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, CacheStore, CacheUnavailable

__all__ = ["SqliteCache"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS dw_cache (
    scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    expires REAL NOT NULL, size INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
)
"""


class SqliteCache(CacheStore):
    """Cache entries of one app instance (``scope``) in a SQLite file, with quotas."""

    def __init__(self, path: str, clock: Clock, *, scope: str = "default",
                 max_bytes: int = DEFAULT_MAX_BYTES, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.clock = clock
        self.scope = scope
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise CacheUnavailable(f"cannot open cache database {path!r}: {exc}") from None

    async def _run(self, fn, *args):  # type: ignore[no-untyped-def]
        def locked():  # type: ignore[no-untyped-def]
            with self._lock:
                try:
                    return fn(*args)
                except sqlite3.Error as exc:
                    raise CacheUnavailable(f"cache database error: {exc}") from None
        return await asyncio.to_thread(locked)

    def _purge(self, now: float) -> None:
        self._db.execute("DELETE FROM dw_cache WHERE scope = ? AND expires <= ?", (self.scope, now))

    def _store(self, key: str, value: str, ttl: int, if_absent: bool) -> Optional[str]:
        now = self.clock.time()
        self._purge(now)
        row = self._db.execute("SELECT size FROM dw_cache WHERE scope = ? AND key = ?",
                               (self.scope, key)).fetchone()
        if row is not None and if_absent:
            return "a live entry exists for this key"
        count, total = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM dw_cache WHERE scope = ?",
            (self.scope,)).fetchone()
        size = len(value.encode("utf-8"))
        freed = row[0] if row is not None else 0
        if total - freed + size > self.max_bytes:
            return f"cache quota exceeded ({self.max_bytes} bytes of values)"
        if row is None and count >= self.max_entries:
            return f"cache quota exceeded ({self.max_entries} live entries)"
        self._db.execute("INSERT OR REPLACE INTO dw_cache VALUES (?, ?, ?, ?, ?)",
                         (self.scope, key, value, now + ttl, size))
        return None

    async def store(self, key: str, value: str, ttl: int, *, if_absent: bool = False) -> Optional[str]:
        return await self._run(self._store, key, value, ttl, if_absent)

    def _read(self, key: str) -> Optional[str]:
        row = self._db.execute("SELECT value FROM dw_cache WHERE scope = ? AND key = ? AND "
                               "expires > ?", (self.scope, key, self.clock.time())).fetchone()
        return row[0] if row is not None else None

    async def read(self, key: str) -> Optional[str]:
        return await self._run(self._read, key)

    async def delete(self, key: str) -> None:
        await self._run(lambda: self._db.execute(
            "DELETE FROM dw_cache WHERE scope = ? AND key = ?", (self.scope, key)))

    async def exists(self, key: str) -> bool:
        return (await self.read(key)) is not None

    def close(self) -> None:
        """Close the database."""
        self._db.close()

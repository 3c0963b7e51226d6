"""Redis backends: the Cache store and the Synchronized lock manager for several processes.

Locks are leases: ``SET name token NX PX max_hold`` acquires, a Lua compare-and-delete releases
only the owner's lease, and the expiry frees the lock when its holder dies. Waiters poll with a
short back-off on the engine clock (Redis offers no FIFO queue for plain keys, so FIFO order is
best effort here; the in-process manager keeps it strictly).
"""
from __future__ import annotations

import os
from typing import Any, Optional

from ..clock import Clock, WaitTimeout
from .cache import CacheStore, CacheUnavailable
from .locks import LockManager, LockUnavailable

__all__ = ["RedisCache", "RedisLocks", "connect"]

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call('del', KEYS[1])
end
return 0
"""


def connect(url: str = "redis://127.0.0.1:6379/0") -> Any:
    """An asyncio Redis client (``redis`` package)."""
    import redis.asyncio as aioredis

    return aioredis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=2,
                                   socket_timeout=5)


class RedisCache(CacheStore):
    """Cache entries as Redis strings with ``EX`` TTLs under ``prefix``."""

    def __init__(self, client: Any, prefix: str = "dataway:cache:") -> None:
        self.client = client
        self.prefix = prefix

    async def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError

        try:
            return await getattr(self.client, method)(*args, **kwargs)
        except (RedisConnectionError, TimeoutError, OSError) as exc:
            raise CacheUnavailable(f"cache backend unreachable: {exc}") from None

    async def store(self, key: str, value: str, ttl: int, *, if_absent: bool = False) -> Optional[str]:
        done = await self._call("set", self.prefix + key, value, ex=ttl, nx=if_absent)
        return None if done else "a live entry exists for this key"

    async def read(self, key: str) -> Optional[str]:
        return await self._call("get", self.prefix + key)

    async def delete(self, key: str) -> None:
        await self._call("delete", self.prefix + key)

    async def exists(self, key: str) -> bool:
        return bool(await self._call("exists", self.prefix + key))


class RedisLocks(LockManager):
    """Lease locks shared by every process using the same Redis and ``prefix``."""

    def __init__(self, client: Any, clock: Clock, prefix: str = "dataway:lock:",
                 poll: float = 0.05) -> None:
        self.client = client
        self.clock = clock
        self.prefix = prefix
        self.poll = poll
        self._release = client.register_script(_RELEASE)

    async def _try(self, name: str, token: str, max_hold: float) -> bool:
        from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError

        try:
            return bool(await self.client.set(self.prefix + name, token, nx=True,
                                               px=max(1, int(max_hold * 1000))))
        except (RedisConnectionError, TimeoutError, OSError) as exc:
            raise LockUnavailable(f"lock backend unreachable: {exc}") from None

    async def acquire(self, name: str, max_hold: float, max_wait: float) -> str:
        token = os.urandom(16).hex()
        deadline = self.clock.monotonic() + max_wait
        delay = self.poll / 5
        while not await self._try(name, token, max_hold):
            remaining = deadline - self.clock.monotonic()
            if remaining <= 0:
                raise WaitTimeout()
            await self.clock.sleep(min(delay, remaining))
            delay = min(delay * 2, self.poll)
        return token

    async def release(self, name: str, token: str) -> bool:
        return bool(await self._release(keys=[self.prefix + name], args=[token]))

"""The Redis operation table (components spec §7.6): arguments and payload shapes.

Each operation names the step fields it reads (required ones first, then optional ones with
their defaults) and one coroutine ``(client, args, encode) -> payload``. Keys are prefixed with
the connection's ``key_prefix`` by the caller's ``key``/``keys`` handling, so every operation
sees final key names. Values written follow §7.6: str as is, bytes raw, int/float/Decimal via
``str()``, other core values as compact JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable

__all__ = ["Operation", "OPERATIONS", "MAX_SCAN"]

MAX_SCAN = 10_000
Run = Callable[[Any, dict[str, Any], Callable[[Any], Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Operation:
    """An operation: required and optional argument names, and how to run it."""

    required: tuple[str, ...]
    run: Run
    optional: dict[str, Any] = field(default_factory=dict)


def _op(required: str, run: Run, **optional: Any) -> Operation:
    return Operation(tuple(required.split()), run, dict(optional))


async def _set(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> bool:
    ttl = a["ttl"]
    done = await client.set(a["key"], enc(a["value"]), ex=ttl if ttl else None,
                            nx=bool(a["nx"]), xx=bool(a["xx"]))
    return bool(done)


async def _scan(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> list:
    out: list = []
    async for key in client.scan_iter(match=a["pattern"], count=min(a["limit"], 1000)):
        out.append(key)
        if len(out) >= a["limit"]:
            break
    return out


async def _exists(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> int:
    return int(await client.exists(*a["keys"]))


async def _pairs(result: list, withscores: bool) -> list:
    return [[member, score] for member, score in result] if withscores else list(result)


async def _zrange(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> list:
    result = await client.zrange(a["key"], a["start"], a["stop"], withscores=a["withscores"])
    return await _pairs(result, a["withscores"])


async def _zrangebyscore(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> list:
    result = await client.zrangebyscore(a["key"], a["min"], a["max"],
                                        withscores=a["withscores"])
    return await _pairs(result, a["withscores"])


async def _smembers(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> list:
    return sorted(await client.smembers(a["key"]))


async def _bool(reply: Awaitable[Any]) -> bool:
    return bool(await reply)


async def _type(client: Any, a: dict[str, Any], enc: Callable[[Any], Any]) -> str:
    kind = await client.type(a["key"])
    return kind.decode() if isinstance(kind, bytes) else kind


def _mapping(a: dict[str, Any], enc: Callable[[Any], Any]) -> dict:
    return {k: enc(v) for k, v in a["mapping"].items()}


OPERATIONS: dict[str, Operation] = {
    # keys
    "exists": _op("keys", _exists),
    "delete": _op("keys", lambda c, a, e: c.delete(*a["keys"])),
    "expire": _op("key ttl", lambda c, a, e: _bool(c.expire(a["key"], a["ttl"]))),
    "ttl": _op("key", lambda c, a, e: c.ttl(a["key"])),
    "type": _op("key", _type),
    "scan": _op("", _scan, pattern="*", limit=MAX_SCAN),
    # strings
    "get": _op("key", lambda c, a, e: c.get(a["key"])),
    "set": _op("key value", _set, ttl=None, nx=False, xx=False),
    "mget": _op("keys", lambda c, a, e: c.mget(a["keys"])),
    "mset": _op("mapping", lambda c, a, e: c.mset(_mapping(a, e))),
    "incr": _op("key", lambda c, a, e: c.incrby(a["key"], a["by"]), by=1),
    "append": _op("key value", lambda c, a, e: c.append(a["key"], e(a["value"]))),
    # lists
    "lpush": _op("key values", lambda c, a, e: c.lpush(a["key"], *map(e, a["values"]))),
    "rpush": _op("key values", lambda c, a, e: c.rpush(a["key"], *map(e, a["values"]))),
    "lpop": _op("key", lambda c, a, e: c.lpop(a["key"])),
    "rpop": _op("key", lambda c, a, e: c.rpop(a["key"])),
    "lrange": _op("key", lambda c, a, e: c.lrange(a["key"], a["start"], a["stop"]),
                  start=0, stop=-1),
    "llen": _op("key", lambda c, a, e: c.llen(a["key"])),
    "lindex": _op("key index", lambda c, a, e: c.lindex(a["key"], a["index"])),
    "lset": _op("key index value", lambda c, a, e: c.lset(a["key"], a["index"], e(a["value"]))),
    "lrem": _op("key value", lambda c, a, e: c.lrem(a["key"], a["count"], e(a["value"])),
                count=0),
    # hashes
    "hset": _op("key mapping", lambda c, a, e: c.hset(a["key"], mapping=_mapping(a, e))),
    "hget": _op("key field", lambda c, a, e: c.hget(a["key"], a["field"])),
    "hgetall": _op("key", lambda c, a, e: c.hgetall(a["key"])),
    "hdel": _op("key fields", lambda c, a, e: c.hdel(a["key"], *a["fields"])),
    "hexists": _op("key field", lambda c, a, e: _bool(c.hexists(a["key"], a["field"]))),
    "hkeys": _op("key", lambda c, a, e: c.hkeys(a["key"])),
    "hvals": _op("key", lambda c, a, e: c.hvals(a["key"])),
    "hlen": _op("key", lambda c, a, e: c.hlen(a["key"])),
    "hincrby": _op("key field", lambda c, a, e: c.hincrby(a["key"], a["field"], a["by"]), by=1),
    # sets
    "sadd": _op("key members", lambda c, a, e: c.sadd(a["key"], *map(e, a["members"]))),
    "srem": _op("key members", lambda c, a, e: c.srem(a["key"], *map(e, a["members"]))),
    "smembers": _op("key", _smembers),
    "sismember": _op("key member", lambda c, a, e: _bool(c.sismember(a["key"], e(a["member"])))),
    "scard": _op("key", lambda c, a, e: c.scard(a["key"])),
    # sorted sets
    "zadd": _op("key mapping", lambda c, a, e: c.zadd(
        a["key"], {e(m): float(s) for m, s in a["mapping"].items()})),
    "zrem": _op("key members", lambda c, a, e: c.zrem(a["key"], *map(e, a["members"]))),
    "zrange": _op("key", _zrange, start=0, stop=-1, withscores=False),
    "zrangebyscore": _op("key min max", _zrangebyscore, withscores=False),
    "zscore": _op("key member", lambda c, a, e: c.zscore(a["key"], e(a["member"]))),
    "zincrby": _op("key member", lambda c, a, e: c.zincrby(a["key"], float(a["by"]),
                                                          e(a["member"])), by=1),
    "zcard": _op("key", lambda c, a, e: c.zcard(a["key"])),
    "zrank": _op("key member", lambda c, a, e: c.zrank(a["key"], e(a["member"]))),
}

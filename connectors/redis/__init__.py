"""Redis connector (components spec §7.6) on redis-py's asyncio client.

redis-py is the standard Redis client for Python and ships asyncio, cluster and sentinel
clients, so the three connection modes are configuration, not code of ours. It is an optional
dependency (``pip install 'dataway[redis]'``): a flow naming a ``redis`` connection without it
gets a load error saying so.

**Decisions**: ``key``/``keys`` are prefixed with ``key_prefix``; ``scan`` matches
``key_prefix + pattern`` and returns keys without the prefix; ``zrange``/``zrangebyscore``
with scores return ``[member, score]`` pairs; replies are decoded as UTF-8 unless
``decode: false`` (bytes).
"""
from __future__ import annotations

import asyncio
import decimal
from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from .operations import MAX_SCAN, OPERATIONS

__all__ = ["Redis", "RedisConfig", "RedisConnection"]

_ARGUMENTS = ("key", "keys", "value", "values", "mapping", "field", "fields", "member",
              "members", "ttl", "nx", "xx", "by", "start", "stop", "index", "count", "pattern",
              "limit", "min", "max", "withscores")


class RedisConnection(StrictModel):
    """The ``redis`` connection of §7.6."""

    mode: Literal["standalone", "cluster", "sentinel"] = "standalone"
    url: Optional[str] = None
    host: str = "127.0.0.1"
    port: int = Field(6379, ge=1, le=65535)
    db: int = Field(0, ge=0)
    nodes: list[str] = Field(default_factory=list)
    sentinels: list[str] = Field(default_factory=list)
    master_name: Optional[str] = None
    username: Optional[str] = None
    password: Optional[str] = None
    tls: bool = False
    connect_timeout: float = Field(5, gt=0, le=300)
    timeout: float = Field(10, gt=0, le=3600)
    key_prefix: str = ""
    decode: bool = True

    @model_validator(mode="after")
    def _mode_fields(self) -> "RedisConnection":
        if self.mode == "cluster" and not (self.nodes or self.url):
            raise ValueError("cluster mode needs 'nodes' (host:port list) or 'url'")
        if self.mode == "sentinel" and not (self.sentinels and self.master_name):
            raise ValueError("sentinel mode needs 'sentinels' and 'master_name'")
        return self


class RedisConfig(StrictModel):
    """Operation fields: ``operation`` plus its arguments, each a Dataway field."""

    operation: Literal[tuple(OPERATIONS)]  # type: ignore[valid-type]
    key: Any = dyn("any", None)
    keys: Any = dyn("any", None)
    value: Any = dyn("any", None)
    values: Any = dyn("any", None)
    mapping: Any = dyn("any", None)
    field: Any = dyn("any", None)
    fields: Any = dyn("any", None)
    member: Any = dyn("any", None)
    members: Any = dyn("any", None)
    ttl: Any = dyn("any", None)
    nx: Any = dyn("any", None)
    xx: Any = dyn("any", None)
    by: Any = dyn("any", None)
    start: Any = dyn("any", None)
    stop: Any = dyn("any", None)
    index: Any = dyn("any", None)
    count: Any = dyn("any", None)
    pattern: Any = dyn("any", None)
    limit: Any = dyn("any", None)
    min: Any = dyn("any", None)
    max: Any = dyn("any", None)
    withscores: Any = dyn("any", None)

    @model_validator(mode="after")
    def _arguments(self) -> "RedisConfig":
        op = OPERATIONS[self.operation]
        missing = [name for name in op.required if getattr(self, name) is None]
        if missing:
            raise ValueError(f"operation {self.operation!r} needs {', '.join(missing)}")
        allowed = set(op.required) | set(op.optional)
        extra = [n for n in _ARGUMENTS if getattr(self, n) is not None and n not in allowed]
        if extra:
            raise ValueError(f"operation {self.operation!r} does not take {', '.join(extra)}")
        return self


def _encode(value: Any) -> Any:
    """A value as Redis stores it (§7.6)."""
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return str(value)
    from dataway.data.formats.json import dumps

    return dumps(value)


def _client(conn: RedisConnection) -> Any:
    try:
        import redis.asyncio as aioredis
    except ImportError:  # reported at load too; here for a connection added at run time
        raise RuntimeError("the redis connector needs redis-py: pip install 'dataway[redis]'")
    common = dict(username=conn.username, password=conn.password,
                  socket_connect_timeout=conn.connect_timeout, socket_timeout=conn.timeout,
                  decode_responses=conn.decode)
    if conn.mode == "cluster":
        from redis.asyncio.cluster import ClusterNode, RedisCluster

        if conn.url:
            return RedisCluster.from_url(conn.url, **common)
        nodes = [ClusterNode(*_host_port(n)) for n in conn.nodes]
        return RedisCluster(startup_nodes=nodes, ssl=conn.tls, **common)
    if conn.mode == "sentinel":
        from redis.asyncio.sentinel import Sentinel

        sentinel = Sentinel([_host_port(s) for s in conn.sentinels], ssl=conn.tls, **common)
        return sentinel.master_for(conn.master_name or "", db=conn.db)
    if conn.url:
        return aioredis.Redis.from_url(conn.url, **common)
    return aioredis.Redis(host=conn.host, port=conn.port, db=conn.db, ssl=conn.tls, **common)


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return (host or text, int(port) if port.isdigit() else 6379)


class Redis(Component):
    """One Redis operation; the payload becomes its reply (shapes in §7.6)."""

    type_name = "redis"
    title = "Redis"
    Config = RedisConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must exist, be of type ``redis`` and redis-py be installed."""
        return base.check_connector(self.node, app, "redis", RedisConnection, "redis", "redis")

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, RedisConnection)
        op = OPERATIONS[self.config.operation]
        names = list(op.required) + list(op.optional)
        values = await call.values(msg, *names)
        args = {n: (op.optional[n] if v is None and n in op.optional else v)
                for n, v in zip(names, values)}
        try:
            self._prefix(args, conn.key_prefix)
            if self.config.operation == "mset":  # mset's mapping keys are Redis keys
                args["mapping"] = {conn.key_prefix + str(k): v for k, v in args["mapping"].items()}
        except ValueError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        client = await base.pool(call, lambda: _client(conn))
        try:
            async with asyncio.timeout(conn.timeout):
                reply = await op.run(client, args, _encode)
        except TimeoutError:
            raise base.failure(call, "REDIS:TIMEOUT", f"no reply within {conn.timeout:g} s") \
                from None
        except Exception as exc:
            raise _failure(call, exc) from None
        if self.config.operation == "scan" and conn.key_prefix:
            reply = [_strip(k, conn.key_prefix) for k in reply]
        return msg.derive(payload=reply)

    def _prefix(self, args: dict[str, Any], prefix: str) -> None:
        if "key" in args:
            if not isinstance(args["key"], (str, bytes)):
                raise ValueError(f"key must be a str, got {type(args['key']).__name__}")
            args["key"] = prefix + args["key"] if isinstance(args["key"], str) else \
                prefix.encode() + args["key"]
        if "keys" in args:
            keys = args["keys"]
            keys = [keys] if isinstance(keys, (str, bytes)) else keys
            if not isinstance(keys, list) or not keys or \
                    not all(isinstance(k, str) for k in keys):
                raise ValueError("keys must be a str or a non-empty list of str")
            args["keys"] = [prefix + k for k in keys]
        if "pattern" in args:
            args["pattern"] = prefix + str(args["pattern"])
        if "limit" in args and not (isinstance(args["limit"], int) and
                                    1 <= args["limit"] <= MAX_SCAN):
            raise ValueError(f"limit must be an int from 1 to {MAX_SCAN}")
        for name in ("mapping",):
            if name in args and not isinstance(args[name], dict):
                raise ValueError(f"{name} must be a dict")
        for name in ("values", "members", "fields"):
            if name in args:
                if not isinstance(args[name], list) or not args[name]:
                    raise ValueError(f"{name} must be a non-empty list")


def _strip(key: Any, prefix: str) -> Any:
    if isinstance(key, bytes):
        raw = prefix.encode()
        return key[len(raw):] if key.startswith(raw) else key
    return key[len(prefix):] if key.startswith(prefix) else key


def _failure(call: Any, exc: Exception) -> Any:
    import redis.exceptions as rx

    if isinstance(exc, rx.TimeoutError):
        return base.failure(call, "REDIS:TIMEOUT", str(exc) or "timed out")
    if isinstance(exc, (rx.ConnectionError, OSError)):
        return base.failure(call, "REDIS:CONNECTIVITY", str(exc) or type(exc).__name__)
    if isinstance(exc, rx.AuthenticationError):
        return base.failure(call, "REDIS:CONNECTIVITY", f"authentication failed: {exc}")
    if isinstance(exc, rx.RedisError):
        return base.failure(call, "REDIS:COMMAND", str(exc))
    raise exc

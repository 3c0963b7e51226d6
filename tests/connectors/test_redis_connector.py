"""Redis connector (components spec §7.6) against the real Redis on this machine.

Every operation group runs through a flow (fields as literals and as scripts), payload shapes
are asserted exactly, and the failure paths map to REDIS:COMMAND (wrong type),
REDIS:CONNECTIVITY (refused port) and REDIS:TIMEOUT (a socket that accepts and never answers).
Set DATAWAY_REQUIRE_SERVICES=1 to turn a missing Redis into a failure.
"""
from __future__ import annotations

import asyncio
import json
import os
import socket
import uuid
from typing import Any

import pytest

from dataway.engine.loader import LoadError

from .http_support import closed_port, engine_with

redis = pytest.importorskip("redis")

HOST, PORT = "127.0.0.1", 6379


def _redis_up() -> bool:
    try:
        return bool(redis.Redis(host=HOST, port=PORT, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


if not _redis_up():
    if os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
        raise RuntimeError("Redis is required (DATAWAY_REQUIRE_SERVICES=1) but 127.0.0.1:6379 "
                           "is down")
    pytest.skip("no Redis at 127.0.0.1:6379", allow_module_level=True)


def steps_flow(steps: list[dict[str, Any]]) -> str:
    return "flow: main\nsteps:\n" + "".join(f"  - {json.dumps(s)}\n" for s in steps)


def run(steps: list[dict[str, Any]], *, prefix: str, payload: Any = None,
        connection: dict[str, Any] | None = None) -> Any:
    conn = {"type": "redis", "config": connection or {"host": HOST, "port": PORT, "db": 14,
                                                      "key_prefix": prefix}}

    async def go() -> Any:
        engine = engine_with({"main": steps_flow(steps)}, {"r": conn})
        try:
            return await engine.run_flow("main", {"payload": payload})
        finally:
            await engine.shutdown(grace=0)

    return asyncio.run(go())


def op(step_id: str, operation: str, **args: Any) -> dict[str, Any]:
    return {"id": step_id, "type": "redis", "connection": "r",
            "config": {"operation": operation, **args}}


def outputs(record: Any) -> dict[str, Any]:
    assert record.status == "succeeded", record.error
    return {s.step: s.output.payload for s in record.steps}


@pytest.fixture
def prefix() -> Any:
    name = f"dwtest:{uuid.uuid4().hex}:"
    yield name
    client = redis.Redis(host=HOST, port=PORT, db=14)
    for key in client.scan_iter(match=name + "*"):
        client.delete(key)


def test_keys_and_strings(prefix: str) -> None:
    out = outputs(run([
        op("set", "set", key="a", value={"expr": "msg.payload"}),
        op("set_nx", "set", key="a", value="x", nx=True),
        op("get", "get", key="a"),
        op("mset", "mset", mapping={"b": 2, "c": [1, "é"]}),
        op("mget", "mget", keys=["a", "b", "c", "zz"]),
        op("incr", "incr", key="n", by=5),
        op("append", "append", key="a", value="!"),
        op("exists", "exists", keys=["a", "b", "zz"]),
        op("exists1", "exists", keys="a"),
        op("expire", "expire", key="a", ttl=100),
        op("ttl", "ttl", key="a"),
        op("type", "type", key="a"),
        op("scan", "scan", pattern="*"),
        op("delete", "delete", keys=["a", "b"]),
        op("get_gone", "get", key="a"),
    ], prefix=prefix, payload={"k": 1.5}))
    assert out["set"] is True and out["set_nx"] is False
    assert out["get"] == '{"k":1.5}'  # other core values are written as compact JSON
    assert out["mget"] == ['{"k":1.5}', "2", '[1,"é"]', None]
    assert out["incr"] == 5 and out["append"] == 10
    assert (out["exists"], out["exists1"]) == (2, 1)
    assert out["expire"] is True and 0 < out["ttl"] <= 100 and out["type"] == "string"
    assert sorted(out["scan"]) == ["a", "b", "c", "n"]  # without the key prefix
    assert out["delete"] == 2 and out["get_gone"] is None


def test_lists_hashes_sets_sorted_sets(prefix: str) -> None:
    out = outputs(run([
        op("rpush", "rpush", key="l", values=["a", "b", "c"]),
        op("lpush", "lpush", key="l", values=["z"]),
        op("lrange", "lrange", key="l"),
        op("lindex", "lindex", key="l", index=1),
        op("lset", "lset", key="l", index=0, value="y"),
        op("lrem", "lrem", key="l", value="b"),
        op("lpop", "lpop", key="l"), op("rpop", "rpop", key="l"), op("llen", "llen", key="l"),
        op("hset", "hset", key="h", mapping={"f": "v", "n": 1}),
        op("hget", "hget", key="h", field="f"), op("hgetall", "hgetall", key="h"),
        op("hincrby", "hincrby", key="h", field="n", by=2),
        op("hexists", "hexists", key="h", field="nope"), op("hkeys", "hkeys", key="h"),
        op("hvals", "hvals", key="h"), op("hlen", "hlen", key="h"),
        op("hdel", "hdel", key="h", fields=["f"]),
        op("sadd", "sadd", key="s", members=["b", "a", "c"]),
        op("srem", "srem", key="s", members=["c"]), op("smembers", "smembers", key="s"),
        op("sismember", "sismember", key="s", member="a"), op("scard", "scard", key="s"),
        op("zadd", "zadd", key="z", mapping={"x": 1, "y": 2.5, "w": 0}),
        op("zrange", "zrange", key="z", withscores=True),
        op("zrangebyscore", "zrangebyscore", key="z", min=1, max=3),
        op("zscore", "zscore", key="z", member="y"),
        op("zincrby", "zincrby", key="z", member="x", by=0.5),
        op("zrank", "zrank", key="z", member="nobody"), op("zcard", "zcard", key="z"),
        op("zrem", "zrem", key="z", members=["w"]),
    ], prefix=prefix))
    assert out["rpush"] == 3 and out["lpush"] == 4
    assert out["lrange"] == ["z", "a", "b", "c"] and out["lindex"] == "a"
    assert out["lset"] is True and out["lrem"] == 1
    assert (out["lpop"], out["rpop"], out["llen"]) == ("y", "c", 1)
    assert out["hset"] == 2 and out["hget"] == "v" and out["hgetall"] == {"f": "v", "n": "1"}
    assert out["hincrby"] == 3 and out["hexists"] is False
    assert out["hkeys"] == ["f", "n"] and out["hvals"] == ["v", "3"] and out["hlen"] == 2
    assert out["hdel"] == 1
    assert (out["sadd"], out["srem"], out["smembers"]) == (3, 1, ["a", "b"])
    assert out["sismember"] is True and out["scard"] == 2
    assert out["zadd"] == 3 and out["zrange"] == [["w", 0.0], ["x", 1.0], ["y", 2.5]]
    assert out["zrangebyscore"] == ["x", "y"] and out["zscore"] == 2.5
    assert out["zincrby"] == 1.5 and out["zrank"] is None and out["zcard"] == 3
    assert out["zrem"] == 1


def test_bytes_replies_when_decode_is_off(prefix: str) -> None:
    conn = {"host": HOST, "port": PORT, "db": 14, "key_prefix": prefix, "decode": False}
    out = outputs(run([op("set", "set", key="b", value={"expr": "b'\\x00\\xff'"}),
                       op("get", "get", key="b")], prefix=prefix, connection=conn))
    assert out["get"] == b"\x00\xff"


def test_wrong_type_is_a_command_error(prefix: str) -> None:
    record = run([op("set", "set", key="a", value="x"), op("lpush", "lpush", key="a",
                                                           values=["y"])], prefix=prefix)
    assert record.status == "failed"
    assert record.error["Code"] == "REDIS:COMMAND"
    assert record.error["Description"].startswith("lpush: WRONGTYPE")


def test_refused_connection_and_timeout() -> None:
    refused = run([op("get", "get", key="a")], prefix="",
                  connection={"port": closed_port(), "connect_timeout": 1})
    assert refused.error["Code"] == "REDIS:CONNECTIVITY"

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts (the kernel's backlog) and never answers
    try:
        record = run([op("get", "get", key="a")], prefix="",
                     connection={"port": silent.getsockname()[1], "timeout": 0.5,
                                 "connect_timeout": 1})
    finally:
        silent.close()
    assert record.error["Code"] == "REDIS:TIMEOUT"


def test_configuration_errors_are_load_errors() -> None:
    with pytest.raises(LoadError) as info:
        run([op("get", "get"), op("set", "set", key="a", value=1, pattern="x")], prefix="")
    text = "\n".join(str(p) for p in info.value.problems)
    assert "operation 'get' needs key" in text
    assert "operation 'set' does not take pattern" in text
    with pytest.raises(LoadError) as info:
        run([op("get", "get", key="a")], prefix="", connection={"mode": "sentinel"})
    assert "sentinel mode needs 'sentinels' and 'master_name'" in str(info.value.problems[0])


def test_bad_argument_values_are_validation_errors(prefix: str) -> None:
    record = run([op("get", "get", key={"expr": "42"})], prefix=prefix)
    assert record.error == {"Code": "VALIDATION", "Description": "get: key must be a str, got int"}

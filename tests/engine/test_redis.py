"""Redis backends against the real Redis on loopback (skipped when absent).

Set DATAWAY_REQUIRE_SERVICES=1 to turn a missing Redis into a failure.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import uuid

import pytest

from dataway.engine.clock import RealClock, WaitTimeout

redis = pytest.importorskip("redis", reason="the redis client package is not installed")
URL = os.environ.get("DATAWAY_TEST_REDIS", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(URL, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


if not _redis_up():
    if os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
        raise RuntimeError(f"Redis is required (DATAWAY_REQUIRE_SERVICES=1) but {URL} is down")
    pytest.skip(f"no Redis at {URL}", allow_module_level=True)


def test_cache_operations_and_ttl() -> None:
    from dataway.engine.state.redis_backends import RedisCache, connect

    async def scenario() -> list[object]:
        client = connect(URL)
        cache = RedisCache(client, prefix=f"dwtest:{uuid.uuid4().hex}:")
        try:
            out: list[object] = [await cache.store("k", "v", 1)]
            out.append(await cache.store("k", "w", 1, if_absent=True))
            out.append(await cache.read("k"))
            out.append(await cache.exists("k"))
            await asyncio.sleep(1.2)
            out.append(await cache.read("k"))
            await cache.delete("k")
            return out
        finally:
            await client.aclose()

    assert run(scenario()) == [None, "a live entry exists for this key", "v", True, None]


def test_lock_lease_owner_release_and_expiry() -> None:
    from dataway.engine.state.redis_backends import RedisLocks, connect

    async def scenario() -> None:
        client = connect(URL)
        locks = RedisLocks(client, RealClock(), prefix=f"dwtest:{uuid.uuid4().hex}:")
        try:
            token = await locks.acquire("a", max_hold=0.5, max_wait=0)
            with pytest.raises(WaitTimeout):
                await locks.acquire("a", max_hold=1, max_wait=0.1)
            assert not await locks.release("a", "not-the-owner")
            # The holder "dies": its lease expires and a waiter gets the lock.
            second = await locks.acquire("a", max_hold=5, max_wait=2)
            assert not await locks.release("a", token)  # the old owner cannot free it
            assert await locks.release("a", second)
        finally:
            await client.aclose()

    run(scenario())


WORKER = textwrap.dedent("""
    import asyncio, json, sys
    from dataway.engine.loader import load_flow_texts
    from dataway.engine.runtime import Engine
    from dataway.engine.clock import RealClock
    from dataway.engine.state.redis_backends import RedisLocks, connect
    from tests.engine.standin import choose_backend
    from tests.flows.runner import registry

    FLOW = '''
    flow: f
    steps:
      - id: sync
        type: synchronized
        config: {lock: shared, max_wait: 30}
        steps: [{id: work, type: probe, config: {sleep: 0.15}}]
    '''

    async def main(url, prefix):
        project = load_flow_texts({"flows/f.yaml": FLOW}, backend=choose_backend(),
                                  registry=registry())
        client = connect(url)
        engine = Engine(project, clock=RealClock(),
                        locks=RedisLocks(client, RealClock(), prefix=prefix, poll=0.01))
        records = await asyncio.gather(*(engine.run_flow("f", i) for i in range(3)))
        await client.aclose()
        spans = [[s.started, s.ended] for r in records for s in r.steps if s.step == "work"]
        print(json.dumps({"status": [r.status for r in records], "spans": spans}))

    asyncio.run(main(sys.argv[1], sys.argv[2]))
""")


def test_synchronized_excludes_runs_across_two_processes() -> None:
    prefix = f"dwtest:{uuid.uuid4().hex}:"
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, URL, prefix], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=os.getcwd())
             for _ in range(2)]
    spans = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        data = json.loads(out.strip().splitlines()[-1])
        assert data["status"] == ["succeeded"] * 3
        spans += data["spans"]
    # CLOCK_MONOTONIC is system-wide, so spans of both processes are comparable.
    spans.sort()
    assert len(spans) == 6
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert start >= end, spans


def run(coro: object) -> object:
    return asyncio.run(coro)  # type: ignore[arg-type]


def test_unreachable_cache_backend_is_cache_connectivity() -> None:
    from dataway.engine.state.redis_backends import RedisCache, connect
    from tests.engine.helpers import engine_for

    flow = """
flow: f
steps:
  - id: guard
    type: try
    steps: [{id: c, type: cache, config: {operation: read, key: k}}]
    catch: [{types: [CONNECTIVITY], steps: [{id: h, type: set_payload, config: {value: {expr: "msg.error['Code']"}}}]}]
"""
    engine = engine_for({"f": flow})

    async def scenario() -> object:
        client = connect("redis://127.0.0.1:1/0")  # nothing listens on port 1
        engine.cache = RedisCache(client)
        try:
            return await engine.run_flow("f", None)
        finally:
            await client.aclose()

    record = run(scenario())
    assert record.message.payload == "CACHE:CONNECTIVITY"

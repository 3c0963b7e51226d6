"""Cache stores behave alike: memory and SQLite (Redis in test_redis.py)."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from dataway.engine.clock import VirtualClock
from dataway.engine.state.cache import MemoryCache
from dataway.engine.state.sqlite_cache import SqliteCache


def _stores(tmp_path: Path, clock: VirtualClock, **quota: int) -> list[object]:
    return [MemoryCache(clock, **quota), SqliteCache(str(tmp_path / "c.db"), clock, **quota)]


@pytest.mark.parametrize("kind", [0, 1], ids=["memory", "sqlite"])
def test_operations_ttl_and_quotas(tmp_path: Path, kind: int) -> None:
    clock = VirtualClock()
    store = _stores(tmp_path, clock, max_entries=2, max_bytes=10)[kind]

    async def scenario() -> list[object]:
        out: list[object] = [await store.store("a", "1", 5)]
        out.append(await store.store("a", "2", 5, if_absent=True))
        out.append(await store.store("b", "22", 5))
        out.append(await store.store("c", "3", 5))           # third live entry: quota
        out.append(await store.store("a", "x" * 20, 5))     # value bytes: quota
        out.append(await store.read("a"))
        clock.advance(5)
        out.append(await store.read("a"))
        out.append(await store.exists("b"))
        out.append(await store.store("c", "3", 5))          # expired entries freed room
        await store.delete("c")
        out.append(await store.exists("c"))
        return out

    result = asyncio.run(scenario())
    assert result[0] is None and result[1] == "a live entry exists for this key"
    assert result[2] is None and "live entries" in result[3] and "bytes" in result[4]
    assert result[5:] == ["1", None, False, None, False]


def test_sqlite_entries_survive_a_restart(tmp_path: Path) -> None:
    clock = VirtualClock()
    path = str(tmp_path / "c.db")
    asyncio.run(SqliteCache(path, clock).store("k", "v", 60))
    assert asyncio.run(SqliteCache(path, clock).read("k")) == "v"


def test_settings_choose_backends_and_limits(tmp_path: Path) -> None:
    from dataway.engine.loader import load
    from dataway.engine.runtime import engine_for_project
    from tests.engine.helpers import BACKEND

    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "f.yaml").write_text("flow: f\nsteps: []\n")
    (tmp_path / "app.yaml").write_text(
        f"app: shop\nsettings:\n  log_level: INFO\n  max_flow_depth: 4\n"
        f"  cache: {{backend: sqlite, path: '{tmp_path / 's.db'}'}}\n")
    engine = engine_for_project(load(tmp_path, backend=BACKEND))
    assert type(engine.cache).__name__ == "SqliteCache"
    assert engine.settings.log_level == "INFO" and engine.settings.max_flow_depth == 4

"""Engine settings and state backends from project and app ``settings`` (§9).

Resolution: app settings override project settings, which override the built-in defaults.
Recognised keys::

    settings:
      timezone: Asia/Shanghai          # script evaluation time zone
      log_level: INFO
      max_steps_per_run: 1000000       # and the other EngineSettings limits
      cache: {backend: memory | sqlite | redis, path: state.db, url: redis://…,
              max_bytes: 10485760, max_entries: 1000}
      locks: {backend: memory | redis, url: redis://…}
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any, Optional

from .clock import Clock
from .runtime import EngineSettings

__all__ = ["resolve_settings", "engine_settings", "make_cache", "make_locks"]


def resolve_settings(project: Any, app: Optional[str] = None) -> dict[str, Any]:
    """Project settings overridden by the app's (one level deep for mapping values)."""
    merged: dict[str, Any] = dict(getattr(project, "settings", {}) or {})
    app_obj = project.apps.get(app or project.default_app or "") if project.apps else None
    for key, value in (getattr(app_obj, "settings", {}) or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def engine_settings(settings: dict[str, Any], **overrides: Any) -> EngineSettings:
    """EngineSettings from the known keys of ``settings``; unknown keys are ignored here."""
    names = {f.name for f in fields(EngineSettings)}
    values = {k: v for k, v in settings.items() if k in names}
    values.update(overrides)
    return EngineSettings(**values)


def make_cache(settings: dict[str, Any], clock: Clock) -> Any:
    """The cache store named by ``settings['cache']`` (memory by default)."""
    from .state.cache import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, MemoryCache

    conf = settings.get("cache") or {}
    quota = {"max_bytes": int(conf.get("max_bytes", DEFAULT_MAX_BYTES)),
             "max_entries": int(conf.get("max_entries", DEFAULT_MAX_ENTRIES))}
    backend = conf.get("backend", "memory")
    if backend == "sqlite":
        from .state.sqlite_cache import SqliteCache

        return SqliteCache(str(conf.get("path", "dataway-state.db")), clock, **quota)
    if backend == "redis":
        from .state.redis_backends import RedisCache, connect

        return RedisCache(connect(conf.get("url", "redis://127.0.0.1:6379/0")))
    return MemoryCache(clock, **quota)


def make_locks(settings: dict[str, Any], clock: Clock) -> Any:
    """The lock manager named by ``settings['locks']`` (in-process by default)."""
    from .state.locks import MemoryLocks

    conf = settings.get("locks") or {}
    if conf.get("backend") == "redis":
        from .state.redis_backends import RedisLocks, connect

        return RedisLocks(connect(conf.get("url", "redis://127.0.0.1:6379/0")), clock)
    return MemoryLocks(clock)

"""Settings (§9): validation with positions, resolution per environment, engine and backends.

Resolution, lowest to highest precedence (the first of §9's list wins):

1. the built-in defaults (:class:`~dataway.engine.context.EngineSettings`), with the
   environment's own defaults (``sandbox``: log level DEBUG, snapshots ``all``;
   ``production``: INFO, ``errors``);
2. ``settings:`` of ``project.yaml``;
3. ``settings:`` of ``<app>/app.yaml``;
4. ``environments: {<env>: {settings: …}}`` of ``project.yaml``;
5. ``environments: {<env>: {settings: …}}`` of ``app.yaml``.

Mapping values (``cache``, ``locks``, ``script_limits``, ``http``) merge key by key; other values
replace. Recognised keys are validated when the files load (a wrong type or value is a load
error with its position); other keys pass through for the layers that use them.

Environments: ``sandbox`` and ``production`` always exist; ``project.yaml`` may name more, as a
list (``environments: [sandbox, staging, production]``) or a mapping whose values carry
``settings`` and a ``description``. An app may override only declared environments.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .clock import Clock
from .context import EngineSettings

__all__ = ["SettingsSpec", "EnvironmentSpec", "ENVIRONMENT_DEFAULTS", "resolve_settings",
           "engine_settings", "make_cache", "make_locks", "environment_names"]

ENVIRONMENT_DEFAULTS: dict[str, dict[str, Any]] = {
    "sandbox": {"log_level": "DEBUG", "snapshots": "all"},
    "production": {"log_level": "INFO", "snapshots": "errors"},
}
_MERGED = ("cache", "locks", "script_limits", "http")


class _StoreSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: str = "memory"
    path: Optional[str] = None
    url: Optional[str] = None
    max_bytes: Optional[int] = Field(None, ge=1)
    max_entries: Optional[int] = Field(None, ge=1)


class _CacheSpec(_StoreSpec):
    backend: Literal["memory", "sqlite", "redis"] = "memory"


class _LocksSpec(_StoreSpec):
    backend: Literal["memory", "redis"] = "memory"


class SettingsSpec(BaseModel):
    """The recognised settings keys and their checks (unknown keys are allowed)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    timezone: Optional[str] = None
    log_level: Optional[Literal["DEBUG", "INFO", "WARN", "ERROR"]] = None
    snapshots: Optional[Literal["all", "errors", "none"]] = None
    script_limits: Optional[dict[str, int]] = None
    max_steps_per_run: Optional[int] = Field(None, ge=1)
    max_flow_depth: Optional[int] = Field(None, ge=1)
    max_concurrent_runs: Optional[int] = Field(None, ge=1)
    max_async_pending: Optional[int] = Field(None, ge=1)
    shutdown_grace: Optional[float] = Field(None, ge=0)
    keep_records: Optional[int] = Field(None, ge=0)
    seed: Optional[int] = None
    cache: Optional[_CacheSpec] = None
    locks: Optional[_LocksSpec] = None
    http: Optional[dict[str, Any]] = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            from dataway.api import resolve_timezone

            resolve_timezone(value)  # ValueError names the accepted forms
        return value

    @field_validator("script_limits")
    @classmethod
    def _limits(cls, value: Optional[dict[str, int]]) -> Optional[dict[str, int]]:
        if value:
            from dataway.limits import DEFAULT_LIMITS

            try:
                DEFAULT_LIMITS.replace(**value)
            except TypeError as exc:
                raise ValueError(str(exc)) from None
        return value


class EnvironmentSpec(BaseModel):
    """One environment entry of ``project.yaml`` or ``app.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Optional[str] = None
    settings: SettingsSpec = Field(default_factory=SettingsSpec)


def environment_names(project: Any) -> list[str]:
    """The environments of a project: the two built-in ones, then the declared ones."""
    names = list(ENVIRONMENT_DEFAULTS)
    for name in getattr(project, "environments", {}) or {}:
        if name not in names:
            names.append(name)
    return names


def _merge(into: dict[str, Any], layer: Optional[dict[str, Any]]) -> None:
    for key, value in (layer or {}).items():
        if key in _MERGED and isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        else:
            into[key] = value


def resolve_settings(project: Any, app: Optional[str] = None,
                     environment: str = "sandbox") -> dict[str, Any]:
    """The settings of ``app`` (default app when None) in ``environment`` (KeyError when the
    environment is not declared)."""
    if environment not in environment_names(project):
        raise KeyError(f"unknown environment {environment!r}; declared: "
                       + ", ".join(environment_names(project)))
    app_obj = project.apps.get(app or project.default_app or "") if project.apps else None
    merged: dict[str, Any] = {"environment": environment}
    _merge(merged, ENVIRONMENT_DEFAULTS.get(environment))
    _merge(merged, getattr(project, "settings", None))
    _merge(merged, getattr(app_obj, "settings", None))
    _merge(merged, (getattr(project, "environments", None) or {}).get(environment))
    _merge(merged, (getattr(app_obj, "environments", None) or {}).get(environment))
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
    quota = {"max_bytes": int(conf.get("max_bytes") or DEFAULT_MAX_BYTES),
             "max_entries": int(conf.get("max_entries") or DEFAULT_MAX_ENTRIES)}
    backend = conf.get("backend", "memory")
    if backend == "sqlite":
        from .state.sqlite_cache import SqliteCache

        return SqliteCache(str(conf.get("path") or "dataway-state.db"), clock, **quota)
    if backend == "redis":
        from .state.redis_backends import RedisCache, connect

        return RedisCache(connect(conf.get("url") or "redis://127.0.0.1:6379/0"))
    return MemoryCache(clock, **quota)


def make_locks(settings: dict[str, Any], clock: Clock) -> Any:
    """The lock manager named by ``settings['locks']`` (in-process by default)."""
    from .state.locks import MemoryLocks

    conf = settings.get("locks") or {}
    if conf.get("backend") == "redis":
        from .state.redis_backends import RedisLocks, connect

        return RedisLocks(connect(conf.get("url") or "redis://127.0.0.1:6379/0"), clock)
    return MemoryLocks(clock)

"""Rules shared by every connector (components spec §7.1).

A connector operation is a :class:`~dataway.engine.component.Component` whose step names a
``connection:`` of ``app.yaml``. This module gives it three things, kept deliberately small so
the database and broker connectors reuse them unchanged:

* :func:`connection_config` validates the connection's ``config`` against the connector's
  pydantic model (at load through :func:`check_connection`, at run time once per instance) and
  resolves ``!secret`` values through :mod:`dataway.connectors.secrets`;
* :func:`pool` returns the per-instance, per-connection client (created lazily by a factory) and
  registers it so that :func:`close_pools` closes every one when the instance stops;
* :func:`failure` builds the ``<NS>:CONNECTIVITY`` / ``<NS>:TIMEOUT`` / other step failures with
  secrets masked out of the description.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any, Callable, TypeVar

from pydantic import BaseModel, ValidationError

from dataway.engine.errors import StepFailed

from . import secrets

__all__ = ["check_connection", "check_connector", "connection_config", "pool", "close_pools", "failure",
           "POOLS_KEY"]

_log = logging.getLogger("dataway.connectors")
POOLS_KEY = "connectors.pools"
M = TypeVar("M", bound=BaseModel)


def check_connection(node: Any, app: Any, kind: str | tuple[str, ...],
                     model: type[BaseModel]) -> list[tuple[tuple[Any, ...], str]]:
    """Load-time check for a component's ``check_project``: type and config of its connection."""
    where = node.yaml_path + ("connection",)
    if node.connection is None:
        return [(node.yaml_path, f"a {node.type} step needs a 'connection'")]
    conn = app.connections.get(node.connection)
    if conn is None:  # reported by the loader itself
        return []
    kinds = (kind,) if isinstance(kind, str) else kind
    if conn.type not in kinds:
        return [(where, f"connection {node.connection!r} is of type {conn.type!r}, not "
                 f"{' or '.join(kinds)}")]
    try:
        model.model_validate(conn.config)
    except ValidationError as exc:
        return [(where, f"connection {node.connection!r}: " + "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()))]
    return []


def check_connector(node: Any, app: Any, kind: str, model: type[BaseModel], module: str,
                    extra: str) -> list[tuple[tuple[Any, ...], str]]:
    """:func:`check_connection`, plus a load error when the connector's optional library
    ``module`` is missing, naming the extra that installs it."""
    problems = check_connection(node, app, kind, model)
    try:
        __import__(module)
    except ImportError:
        problems.append((node.yaml_path, f"the {kind} connector needs {module}: "
                                         f"pip install 'dataway[{extra}]'"))
    return problems


def connection_config(call: Any, model: type[M]) -> M:
    """The step's connection config validated by ``model``, secrets resolved (cached)."""
    key = (call.state.record.app, call.node.connection, model)
    cache = call.engine.shared.setdefault("connectors.configs", {})
    found = cache.get(key)
    if found is None:
        app = call.engine.project.apps[call.state.record.app]
        raw = app.connections[call.node.connection].config
        try:
            resolved = secrets.resolve_tree(raw, secrets.provider_for(call.engine, app))
        except secrets.SecretMissing as exc:
            raise StepFailed("VALIDATION", f"{call.node.id}: connection "
                             f"{call.node.connection!r}: {exc}") from None
        found = cache[key] = model.model_validate(resolved)
    return found


async def pool(call: Any, factory: Callable[[], Any]) -> Any:
    """The instance's client for the step's connection, made by ``factory`` on first use.

    The client must have ``aclose()`` or ``close()`` (sync or async); :func:`close_pools`
    calls it when the instance stops.
    """
    shared = call.engine.shared
    if POOLS_KEY not in shared:
        shared.setdefault("shutdown_hooks", []).append(close_pools)  # Engine.shutdown runs it
    pools: dict[Any, Any] = shared.setdefault(POOLS_KEY, {})
    key = (call.state.record.app, call.node.connection)
    client = pools.get(key)
    if client is None:
        client = factory()
        if inspect.isawaitable(client):
            client = await client
        pools[key] = client
    return client


async def close_pools(engine: Any) -> None:
    """Close every pooled client of ``engine`` (instance stop); errors are logged, not raised."""
    pools: dict[Any, Any] = engine.shared.pop(POOLS_KEY, {})
    for key, client in pools.items():
        closer = getattr(client, "aclose", None) or getattr(client, "close", None)
        if closer is None:
            continue
        try:
            result = closer()
            if inspect.isawaitable(result):
                await asyncio.wait_for(result, 10)
        except Exception:  # closing must go on for the other pools
            _log.warning("closing the pool of connection %s/%s failed", *key, exc_info=True)


def failure(call: Any, code: str, text: str) -> StepFailed:
    """A step failure ``<step id>: <text>`` with any secret value masked as ``***``."""
    return StepFailed(code, secrets.mask(f"{call.node.id}: {text}"))


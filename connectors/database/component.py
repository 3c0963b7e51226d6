"""The Database component (components spec §7.4): pooling, transactions, payload shapes.

Connections are pooled per engine instance and connection name (``pool_size``; SQLite uses
one connection, which also makes ``:memory:`` one database per instance). Outside a
``transaction: local`` Try every statement autocommits; inside one, the connection joins the
run's transaction: one pooled connection holds ``BEGIN`` … ``COMMIT``/``ROLLBACK`` for the Try.
``batch_insert`` runs its rows in one transaction of its own (all or nothing) unless it is
already inside one. A statement past its ``timeout`` fails with DB:TIMEOUT and its connection
is discarded (it may still be busy on the server).
"""
from __future__ import annotations

import asyncio
from typing import Any, Literal, Optional

from pydantic import Field, model_validator

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from .drivers import Driver, DriverError, bind_value, driver_for, missing_driver

__all__ = ["Database", "DatabaseConfig", "DatabaseConnection", "Pool"]

_PORTS = {"postgresql": 5432, "mysql": 3306}


class DatabaseConnection(StrictModel):
    """The ``database`` connection of §7.4."""

    kind: Literal["sqlite", "postgresql", "mysql"]
    path: Optional[str] = None
    host: Optional[str] = None
    port: Optional[int] = Field(None, ge=1, le=65535)
    database: Optional[str] = None
    username: Optional[str] = None
    password: Optional[str] = None
    connect_timeout: int = Field(5, ge=1, le=30)
    pool_size: int = Field(5, ge=1, le=100)
    ssl: Literal["disable", "prefer", "require", "verify-full"] = "prefer"

    @model_validator(mode="after")
    def _kind_fields(self) -> "DatabaseConnection":
        if self.kind == "sqlite":
            if self.path is None:
                raise ValueError("a sqlite connection needs 'path' (a file or :memory:)")
        elif self.database is None:
            raise ValueError(f"a {self.kind} connection needs 'database'")
        return self


class DatabaseConfig(StrictModel):
    """Operation fields of Database."""

    operation: Literal["query", "insert", "update", "delete", "batch_insert"]
    sql: str = Field(min_length=1)
    params: Any = dyn("any", None)
    rows: Any = dyn("any", None)
    timeout: int = Field(60, ge=1, le=600)
    max_rows: int = Field(100_000, ge=1)

    @model_validator(mode="after")
    def _rows(self) -> "DatabaseConfig":
        if self.operation == "batch_insert" and self.rows is None:
            raise ValueError("batch_insert needs 'rows' (a list of params dicts)")
        return self


class Pool:
    """At most ``size`` connections of one driver, opened on demand and reused."""

    def __init__(self, driver: Driver, conn: DatabaseConnection, root: Optional[str]) -> None:
        self.driver = driver
        self.conn = conn
        self.root = root
        size = 1 if driver.kind == "sqlite" else conn.pool_size
        self._free = asyncio.Semaphore(size)
        self._idle: list[Any] = []

    async def acquire(self) -> Any:
        """A connection; waits while ``pool_size`` are in use."""
        await self._free.acquire()
        if self._idle:
            return self._idle.pop()
        try:
            return await asyncio.wait_for(self.driver.connect(self.conn, self.root),
                                          self.conn.connect_timeout + 1)
        except BaseException:
            self._free.release()
            raise

    async def release(self, handle: Any, broken: bool = False) -> None:
        """Give a connection back; a broken one is closed instead of reused."""
        try:
            if broken:
                await self.driver.close(handle)
            else:
                self._idle.append(handle)
        finally:
            self._free.release()

    async def aclose(self) -> None:
        """Close the idle connections (instance stop)."""
        idle, self._idle = self._idle, []
        for handle in idle:
            await self.driver.close(handle)


class _Participant:
    """One connection held for a local transaction, BEGIN on first use."""

    def __init__(self, pool: Pool) -> None:
        self.pool = pool
        self.handle: Any = None

    async def connection(self) -> Any:
        if self.handle is None:
            self.handle = await self.pool.acquire()
            await self.pool.driver.begin(self.handle)
        return self.handle

    async def commit(self) -> None:
        await self._end(self.pool.driver.commit)

    async def rollback(self) -> None:
        await self._end(self.pool.driver.rollback)

    async def _end(self, action: Any) -> None:
        handle, self.handle = self.handle, None
        if handle is None:
            return
        try:
            await action(handle)
        except BaseException:
            await self.pool.release(handle, broken=True)
            raise
        await self.pool.release(handle)


def _bound(names: tuple[str, ...], values: Any, what: str, driver: Driver) -> dict[str, Any]:
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise ValueError(f"{what} must be a dict, got {type(values).__name__}")
    missing = [n for n in dict.fromkeys(names) if n not in values]
    if missing:
        raise ValueError(f"placeholder :{missing[0]} has no value in {what}")
    return {n: driver.bind(bind_value(values[n])) for n in names}


class Database(Component):
    """query → list of dicts; insert/update/delete → {'affected_rows': n}."""

    type_name = "database"
    title = "Database"
    Config = DatabaseConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must exist, be a valid ``database`` one, and its driver installed."""
        problems = base.check_connection(self.node, app, "database", DatabaseConnection)
        conn = app.connections.get(self.node.connection or "")
        kind = getattr(conn, "config", {}).get("kind") if conn is not None else None
        text = missing_driver(kind) if isinstance(kind, str) else None
        if text:
            problems.append((self.node.yaml_path + ("connection",), text))
        return problems

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, DatabaseConnection)
        if conn.port is None and conn.kind in _PORTS:
            conn = conn.model_copy(update={"port": _PORTS[conn.kind]})
        cfg = self.config
        driver = driver_for(conn.kind)
        sql, names = driver.native(cfg.sql)
        params, rows = await call.values(msg, "params", "rows")
        try:
            if cfg.operation == "batch_insert":
                if not isinstance(rows, list) or not rows:
                    raise ValueError("rows must be a non-empty list of dicts")
                bound: Any = [_bound(names, r, f"rows[{i}]", driver) for i, r in enumerate(rows)]
            else:
                bound = _bound(names, params, "params", driver)
        except ValueError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        app = call.engine.project.apps[call.state.record.app]
        root = str(app.root) if app.root is not None else None
        pool = await base.pool(call, lambda: Pool(driver, conn, root))
        try:
            async with asyncio.timeout(cfg.timeout):
                result = await self._execute(call, pool, sql, bound)
        except TimeoutError:
            raise base.failure(call, "DB:TIMEOUT", f"no result within {cfg.timeout} s") \
                from None
        except DriverError as exc:
            raise base.failure(call, exc.code, str(exc)) from None
        return msg.derive(payload=self._payload(call, driver, result))

    async def _execute(self, call: Any, pool: Pool, sql: str, bound: Any) -> Any:
        batch = self.config.operation == "batch_insert"
        max_rows = self.config.max_rows
        tx = call.transaction
        if tx is not None:
            part = tx.join(f"db:{call.node.connection}", lambda: _Participant(pool))
            handle = await part.connection()  # type: ignore[attr-defined]
            return await pool.driver.execute(handle, sql, bound, batch, max_rows)
        handle = await pool.acquire()
        broken = True
        try:
            if batch:
                await pool.driver.begin(handle)
                try:
                    result = await pool.driver.execute(handle, sql, bound, True, max_rows)
                except BaseException:
                    await pool.driver.rollback(handle)
                    raise
                await pool.driver.commit(handle)
            else:
                result = await pool.driver.execute(handle, sql, bound, False, max_rows)
            broken = False
            return result
        except DriverError as exc:
            broken = exc.code == "DB:CONNECTIVITY"
            raise
        finally:
            await pool.release(handle, broken=broken)

    def _payload(self, call: Any, driver: Driver, result: Any) -> Any:
        if not isinstance(result, tuple):
            return {"affected_rows": result}
        labels, kinds, rows = result
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise base.failure(call, "DB:QUERY", f"duplicate column name {dup}; use aliases")
        if len(rows) > self.config.max_rows:
            raise base.failure(call, "LIMIT", f"query returned more than max_rows "
                                              f"({self.config.max_rows}) rows")
        return [dict(zip(labels, driver.convert_row(row, kinds))) for row in rows]

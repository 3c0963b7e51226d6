"""Database (§7.4), SQLite only: ``:name`` placeholders, autocommit, local transactions.

SQLite's driver binds ``:name`` placeholders natively, so values are never interpolated into
the SQL text. Work runs on a worker thread (the sqlite3 module is synchronous), one connection
per instance and connection name, serialised by a lock (SQLite allows one writer anyway).
Inside a ``transaction: local`` Try the connection joins the run's transaction: statements run
in one SQLite transaction committed or rolled back by the Try.

**Decisions**: ``path`` is relative to the app directory (``:memory:`` gives one database per
instance); DB:QUERY descriptions carry SQLite's message (SQLite has no SQLSTATE).
"""
from __future__ import annotations

import asyncio
import datetime as _dt
import decimal
import json
import sqlite3
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base

__all__ = ["Database", "DatabaseConfig", "DatabaseConnection"]


class DatabaseConnection(StrictModel):
    """The ``database`` connection (this build: ``kind: sqlite``)."""

    kind: Literal["sqlite"]
    path: str = ":memory:"
    connect_timeout: int = Field(5, ge=1, le=30)
    pool_size: int = Field(5, ge=1, le=100)


class DatabaseConfig(StrictModel):
    """Operation fields of Database."""

    operation: Literal["query", "insert", "update", "delete", "batch_insert"]
    sql: str = Field(min_length=1)
    params: Any = dyn("any", None)
    rows: Any = dyn("any", None)
    timeout: int = Field(60, ge=1, le=600)
    max_rows: int = Field(100_000, ge=1)


def _param(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return int(value) if isinstance(value, bool) else value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    raise ValueError(f"{type(value).__name__} values cannot be bound")


class _Handle:
    """One SQLite connection and the lock serialising its use."""

    def __init__(self, path: str, timeout: int) -> None:
        self.conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False,
                                    isolation_level=None)
        self.lock = asyncio.Lock()

    def close(self) -> None:
        self.conn.close()


class _Participant:
    """The connection's share of a local transaction (holds the lock until the end)."""

    def __init__(self, handle: _Handle) -> None:
        self.handle = handle
        self.begun = False

    async def begin(self) -> None:
        if not self.begun:
            await self.handle.lock.acquire()
            self.begun = True
            await asyncio.to_thread(self.handle.conn.execute, "BEGIN")

    async def commit(self) -> None:
        await self._end("COMMIT")

    async def rollback(self) -> None:
        await self._end("ROLLBACK")

    async def _end(self, sql: str) -> None:
        if self.begun:
            try:
                await asyncio.to_thread(self.handle.conn.execute, sql)
            finally:
                self.begun = False
                self.handle.lock.release()


class Database(Component):
    """query → list of dicts; insert/update/delete → {'affected_rows': n}."""

    type_name = "database"
    title = "Database"
    Config = DatabaseConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must exist, be of type ``database`` and have a valid config."""
        return base.check_connection(self.node, app, "database", DatabaseConnection)

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, DatabaseConnection)
        cfg = self.config
        params, rows = await call.values(msg, "params", "rows")
        try:
            if cfg.operation == "batch_insert":
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise ValueError("rows must be a list of dicts")
                bound: Any = [{k: _param(v) for k, v in r.items()} for r in rows]
            else:
                if params is not None and not isinstance(params, dict):
                    raise ValueError(f"params must be a dict, got {type(params).__name__}")
                bound = {k: _param(v) for k, v in (params or {}).items()}
        except ValueError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        app = call.engine.project.apps[call.state.record.app]
        handle = await base.pool(call, lambda: self._open(app, conn))
        tx = call.transaction
        try:
            async with asyncio.timeout(cfg.timeout):
                if tx is not None:
                    part = tx.join(f"db:{call.node.connection}", lambda: _Participant(handle))
                    await part.begin()  # type: ignore[attr-defined]
                    result = await asyncio.to_thread(self._execute, handle.conn, bound, True)
                else:
                    async with handle.lock:
                        result = await asyncio.to_thread(self._execute, handle.conn, bound,
                                                         False)
        except TimeoutError:
            raise base.failure(call, "DB:TIMEOUT", f"no result within {cfg.timeout} s") \
                from None
        except sqlite3.OperationalError as exc:
            code = "DB:CONNECTIVITY" if "unable to open" in str(exc) else "DB:QUERY"
            raise base.failure(call, code, str(exc)) from None
        except sqlite3.ProgrammingError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        except sqlite3.Error as exc:
            raise base.failure(call, "DB:QUERY", str(exc)) from None
        if isinstance(result, str):
            raise base.failure(call, "DB:QUERY" if "duplicate" in result else "LIMIT", result)
        return msg.derive(payload=result)

    def _open(self, app: Any, conn: DatabaseConnection) -> _Handle:
        path = conn.path
        if path != ":memory:" and app.root is not None and not Path(path).is_absolute():
            path = str(Path(app.root) / path)
        return _Handle(path, conn.connect_timeout)

    def _execute(self, db: sqlite3.Connection, bound: Any, in_tx: bool) -> Any:
        cfg = self.config
        if cfg.operation == "batch_insert":
            if not in_tx:
                db.execute("BEGIN")
            try:
                total = 0
                for row in bound:
                    total += db.execute(cfg.sql, row).rowcount
                if not in_tx:
                    db.execute("COMMIT")
            except BaseException:
                if not in_tx:
                    db.execute("ROLLBACK")
                raise
            return {"affected_rows": total}
        cursor = db.execute(cfg.sql, bound)
        if cfg.operation != "query":
            return {"affected_rows": cursor.rowcount}
        labels = [d[0] for d in cursor.description or []]
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            return f"duplicate column name {dup}; use aliases"
        out = []
        for row in cursor:
            if len(out) >= cfg.max_rows:
                return f"query returned more than max_rows ({cfg.max_rows}) rows"
            out.append(dict(zip(labels, row)))
        return out

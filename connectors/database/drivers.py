"""Database drivers behind one small interface: SQLite, PostgreSQL and MySQL/MariaDB.

Each driver opens connections, runs one statement (or a batch) on a connection it is given,
and classifies its library's exceptions into DB:CONNECTIVITY / DB:QUERY. The component
(``component.py``) owns pooling, transactions, timeouts and the §7.4 payload shapes.

Libraries: the standard ``sqlite3`` (on a worker thread); psycopg 3 for PostgreSQL (the
maintained successor of psycopg2, native asyncio, binary protocol, server-side parameter
binding); aiomysql for MySQL/MariaDB (asyncio over PyMySQL, the pure-Python client every
MySQL tool in Python builds on). Both are optional extras (``dataway[postgresql]``,
``dataway[mysql]``); a flow naming a kind whose driver is missing gets a load error.
"""
from __future__ import annotations

import asyncio
import datetime as _dt
import decimal
import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any, Optional

from .placeholders import translate

__all__ = ["Driver", "DriverError", "driver_for", "missing_driver", "bind_value"]


class DriverError(Exception):
    """A classified driver failure: ``code`` is DB:CONNECTIVITY or DB:QUERY."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def bind_value(value: Any) -> Any:
    """A parameter value as drivers take it (§7.4): lists and dicts as JSON text."""
    if value is None or isinstance(value, (bool, int, float, str, bytes, decimal.Decimal,
                                           _dt.datetime, _dt.date, _dt.time)):
        return value
    if isinstance(value, bytearray):
        return bytes(value)
    if isinstance(value, (list, tuple, dict)):
        from dataway.data.formats.json import dumps

        return dumps(value)
    raise ValueError(f"{type(value).__name__} values cannot be bound")


def _result_value(value: Any) -> Any:
    """A result value as a core value (§7.4 result types; everything unknown → str)."""
    if value is None or isinstance(value, (bool, int, float, str, bytes, decimal.Decimal,
                                           _dt.datetime, _dt.date, _dt.time, dict)):
        return value
    if isinstance(value, list):
        return [_result_value(v) for v in value]
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, _dt.timedelta):  # MySQL TIME columns arrive as timedeltas
        if _dt.timedelta(0) <= value < _dt.timedelta(days=1):
            return (_dt.datetime.min + value).time()
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


class Driver:
    """The interface; ``style`` is the placeholder style, ``mysql`` its quoting rules."""

    kind = ""
    style = "pyformat"
    mysql = False

    async def connect(self, conn: Any, app_root: Optional[str]) -> Any:
        raise NotImplementedError

    async def execute(self, handle: Any, sql: str, params: Any, many: bool,
                      max_rows: int) -> Any:
        """Rows ``(labels, list of tuples)`` for a query, else the affected row count.
        Raises DriverError, or returns the text ``'max_rows'`` when the limit is passed."""
        raise NotImplementedError

    async def begin(self, handle: Any) -> None:
        await self.execute(handle, "BEGIN", None, False, 0)

    async def commit(self, handle: Any) -> None:
        await self.execute(handle, "COMMIT", None, False, 0)

    async def rollback(self, handle: Any) -> None:
        await self.execute(handle, "ROLLBACK", None, False, 0)

    async def close(self, handle: Any) -> None:
        raise NotImplementedError

    def bind(self, value: Any) -> Any:
        """A bound value in the form this driver takes (after :func:`bind_value`)."""
        return value

    def native(self, sql: str) -> tuple[str, tuple[str, ...]]:
        """The SQL in this driver's parameter style and the placeholder names."""
        return translate(sql, self.style, self.mysql)

    def convert_row(self, row: Any, kinds: Any) -> tuple:
        """A result row with core values."""
        return tuple(_result_value(v) for v in row)


class SqliteDriver(Driver):
    """sqlite3 on a worker thread; ``path`` relative to the app directory."""

    kind = "sqlite"
    style = "named"

    def bind(self, value: Any) -> Any:
        # sqlite3 has no Decimal or (from 3.12 on) date adapters: text keeps every digit.
        if isinstance(value, decimal.Decimal):
            return str(value)
        if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
            return value.isoformat()
        return value

    async def connect(self, conn: Any, app_root: Optional[str]) -> Any:
        path = conn.path or ":memory:"
        if path != ":memory:" and app_root is not None and not Path(path).is_absolute():
            path = str(Path(app_root) / path)
        try:
            return await asyncio.to_thread(sqlite3.connect, path, timeout=conn.connect_timeout,
                                           check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise DriverError("DB:CONNECTIVITY", str(exc)) from None

    async def execute(self, handle: Any, sql: str, params: Any, many: bool,
                      max_rows: int) -> Any:
        return await asyncio.to_thread(self._execute, handle, sql, params, many, max_rows)

    def _execute(self, db: sqlite3.Connection, sql: str, params: Any, many: bool,
                 max_rows: int) -> Any:
        try:
            if many:
                return sum(db.execute(sql, row).rowcount for row in params)
            cursor = db.execute(sql, params or {})
            if cursor.description is None:
                return cursor.rowcount
            labels = [d[0] for d in cursor.description]
            rows = cursor.fetchmany(max_rows + 1)
            return (labels, None, rows)
        except sqlite3.OperationalError as exc:
            code = "DB:CONNECTIVITY" if "unable to open" in str(exc) else "DB:QUERY"
            raise DriverError(code, str(exc)) from None
        except sqlite3.Error as exc:
            raise DriverError("DB:QUERY", str(exc)) from None

    async def close(self, handle: Any) -> None:
        handle.close()


class PostgresDriver(Driver):
    """psycopg 3, asyncio; one connection per pooled handle, autocommit outside transactions."""

    kind = "postgresql"

    async def connect(self, conn: Any, app_root: Optional[str]) -> Any:
        import psycopg

        ssl = {"disable": "disable", "prefer": "prefer", "require": "require",
               "verify-full": "verify-full"}[conn.ssl]
        try:
            return await psycopg.AsyncConnection.connect(
                host=conn.host or "127.0.0.1", port=conn.port or 5432, dbname=conn.database,
                user=conn.username, password=conn.password, connect_timeout=conn.connect_timeout,
                sslmode=ssl, autocommit=True)
        except psycopg.Error as exc:
            raise DriverError("DB:CONNECTIVITY", _first_line(exc)) from None

    async def execute(self, handle: Any, sql: str, params: Any, many: bool,
                      max_rows: int) -> Any:
        import psycopg

        try:
            async with handle.cursor() as cursor:
                return await _run(cursor, sql, params, many, max_rows, kinds=False)
        except psycopg.OperationalError as exc:
            raise DriverError("DB:CONNECTIVITY" if handle.closed else "DB:QUERY",
                              _with_state(exc)) from None
        except psycopg.Error as exc:
            raise DriverError("DB:QUERY", _with_state(exc)) from None

    async def close(self, handle: Any) -> None:
        await handle.close()


class MysqlDriver(Driver):
    """aiomysql; autocommit outside transactions; TIME → time, JSON columns parsed."""

    kind = "mysql"
    mysql = True
    _JSON = 245  # MySQL's JSON column type code

    async def connect(self, conn: Any, app_root: Optional[str]) -> Any:
        import aiomysql
        import pymysql

        ssl = None
        if conn.ssl in ("require", "verify-full"):
            import ssl as _ssl

            ssl = _ssl.create_default_context()
            if conn.ssl == "require":
                ssl.check_hostname = False
                ssl.verify_mode = _ssl.CERT_NONE
        try:
            return await aiomysql.connect(
                host=conn.host or "127.0.0.1", port=conn.port or 3306, db=conn.database,
                user=conn.username or "root", password=conn.password or "",
                connect_timeout=conn.connect_timeout, autocommit=True, ssl=ssl,
                charset="utf8mb4")
        except (pymysql.Error, OSError) as exc:
            raise DriverError("DB:CONNECTIVITY", _mysql_text(exc)) from None

    async def execute(self, handle: Any, sql: str, params: Any, many: bool,
                      max_rows: int) -> Any:
        import pymysql

        try:
            async with handle.cursor() as cursor:
                return await _run(cursor, sql, params, many, max_rows, kinds=True)
        except pymysql.OperationalError as exc:
            code = "DB:CONNECTIVITY" if exc.args and exc.args[0] in (2003, 2006, 2013) \
                else "DB:QUERY"
            raise DriverError(code, _mysql_text(exc)) from None
        except pymysql.Error as exc:
            raise DriverError("DB:QUERY", _mysql_text(exc)) from None

    def convert_row(self, row: Any, kinds: Any) -> tuple:
        out = []
        for value, kind in zip(row, kinds or ()):
            if kind == self._JSON and isinstance(value, (str, bytes)):
                value = json.loads(value)
            out.append(_result_value(value))
        return tuple(out)

    async def close(self, handle: Any) -> None:
        handle.close()


async def _run(cursor: Any, sql: str, params: Any, many: bool, max_rows: int, *,
               kinds: bool) -> Any:
    """One statement (or a batch) on a DB-API async cursor, in the shape of
    :meth:`Driver.execute`; ``kinds`` also returns the column type codes."""
    if many:
        total = 0
        for row in params:
            await cursor.execute(sql, row)
            total += max(cursor.rowcount, 0)
        return total
    await cursor.execute(sql, params if params else None)
    if cursor.description is None:
        return max(cursor.rowcount, 0)
    labels = [d[0] for d in cursor.description]
    types = [d[1] for d in cursor.description] if kinds else None
    return (labels, types, await cursor.fetchmany(max_rows + 1))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _with_state(exc: Any) -> str:
    state = getattr(exc, "sqlstate", None)
    text = _first_line(exc)
    return f"{text} (SQLSTATE {state})" if state else text


def _mysql_text(exc: BaseException) -> str:
    args = getattr(exc, "args", ())
    if len(args) >= 2 and isinstance(args[0], int):
        return f"{args[1]} (error {args[0]})"
    return _first_line(exc)


_DRIVERS = {"sqlite": SqliteDriver, "postgresql": PostgresDriver, "mysql": MysqlDriver}
_MODULES = {"postgresql": ("psycopg", "postgresql"), "mysql": ("aiomysql", "mysql")}


def driver_for(kind: str) -> Driver:
    """The driver of a connection ``kind``."""
    return _DRIVERS[kind]()


def missing_driver(kind: str) -> Optional[str]:
    """A load-error text when the library behind ``kind`` is not installed, else None."""
    if kind not in _MODULES:
        return None
    module, extra = _MODULES[kind]
    try:
        __import__(module)
    except ImportError:
        return f"the {kind} database needs {module}: pip install 'dataway[{extra}]'"
    return None

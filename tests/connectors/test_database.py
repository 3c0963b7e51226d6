"""Database connector (components spec §7.4) on SQLite, PostgreSQL and MariaDB.

The same scenarios run on the three kinds: the two servers are the real ones on this machine
(skipped with a reason when down, failed under DATAWAY_REQUIRE_SERVICES=1). Covered: bound
``:name`` parameters (never interpolated), result type mapping, affected rows, batch_insert
all-or-nothing, local transactions through Try, DB:QUERY with SQLSTATE, VALIDATION for a
missing placeholder, LIMIT for max_rows, duplicate labels, DB:CONNECTIVITY for a refused port
and wrong credentials, DB:TIMEOUT for a slow statement.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import json
import os
import socket
import uuid
from pathlib import Path
from typing import Any

import pytest

from dataway.connectors.database.placeholders import translate

from .http_support import closed_port, engine_with


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _service(kind: str, port: int) -> Any:
    if _up(port) or os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
        return kind  # required and down: the tests fail on their DB:CONNECTIVITY errors
    return pytest.param(kind, marks=pytest.mark.skip(reason=f"no {kind} at 127.0.0.1:{port}"))


KINDS = ["sqlite", _service("postgresql", 5432), _service("mysql", 3306)]


def connection(kind: str, tmp_path: Path) -> dict[str, Any]:
    if kind == "sqlite":
        return {"kind": "sqlite", "path": str(tmp_path / "t.db")}
    if kind == "postgresql":
        return {"kind": "postgresql", "host": "127.0.0.1", "database": "test",
                "username": "postgres", "ssl": "disable"}
    return {"kind": "mysql", "host": "127.0.0.1", "database": "test", "username": "root",
            "ssl": "disable"}


def db(step_id: str, operation: str, sql: str, **extra: Any) -> dict[str, Any]:
    return {"id": step_id, "type": "database", "connection": "db",
            "config": {"operation": operation, "sql": sql, **extra}}


def run(steps: list[dict[str, Any]], conn: dict[str, Any], payload: Any = None) -> Any:
    flow = "flow: main\nsteps:\n" + "".join(f"  - {json.dumps(s)}\n" for s in steps)

    async def go() -> Any:
        engine = engine_with({"main": flow}, {"db": {"type": "database", "config": conn}})
        try:
            return await engine.run_flow("main", {"payload": payload})
        finally:
            await engine.shutdown(grace=0)

    return asyncio.run(go())


@pytest.fixture
def table() -> str:
    return f"dw_{uuid.uuid4().hex[:12]}"


def _ddl(kind: str, table: str) -> str:
    blob = {"sqlite": "BLOB", "postgresql": "BYTEA", "mysql": "BLOB"}[kind]
    stamp = {"sqlite": "TEXT", "postgresql": "TIMESTAMP", "mysql": "DATETIME"}[kind]
    return (f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name VARCHAR(40), "
            f"price NUMERIC(10,2), ratio DOUBLE PRECISION, data {blob}, at {stamp}, d DATE)")


def _drop(table: str) -> dict[str, Any]:
    return db("drop", "update", f"DROP TABLE {table}")


@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_and_types(kind: str, tmp_path: Path, table: str) -> None:
    conn = connection(kind, tmp_path)
    record = run([
        {"id": "row", "type": "set_variable", "config": {"name": "row",
                                                          "value": {"expr": "msg.payload"}}},
        db("create", "update", _ddl(kind, table)),
        db("insert", "insert", f"INSERT INTO {table} (id, name, price, ratio, data, at, d) "
                               f"VALUES (:id, :name, :price, :ratio, :data, :at, :d)",
           params={"expr": "msg.vars['row']"}),
        db("batch", "batch_insert", f"INSERT INTO {table} (id, name) VALUES (:id, :name)",
           rows=[{"id": 2, "name": "b"}, {"id": 3, "name": "it's :name -- not a comment"}]),
        db("update", "update", f"UPDATE {table} SET name = :n WHERE id >= :lo",
           params={"n": "z", "lo": 2}),
        db("query", "query", f"SELECT id, name, price, ratio, data, at, d FROM {table} "
                             f"WHERE id = :id AND name <> ':id' ORDER BY id",
           params={"id": 1}),
        db("delete", "delete", f"DELETE FROM {table} WHERE id = :id", params={"id": 3}),
        db("count", "query", f"SELECT COUNT(*) AS n FROM {table}"),
        _drop(table),
    ], conn, payload={"id": 1, "name": "O'Brien; DROP TABLE x", "price": decimal.Decimal("9.50"),
                      "ratio": 0.25, "data": b"\x00\xff", "at": dt.datetime(2024, 5, 1, 8, 0),
                      "d": dt.date(2024, 5, 1)})
    assert record.status == "succeeded", record.error
    out = {s.step: s.output.payload for s in record.steps}
    assert out["insert"] == {"affected_rows": 1}
    assert out["batch"] == {"affected_rows": 2}
    assert out["update"] == {"affected_rows": 2}
    [row] = out["query"]
    assert list(row) == ["id", "name", "price", "ratio", "data", "at", "d"]
    assert row["id"] == 1 and row["name"] == "O'Brien; DROP TABLE x"
    assert row["ratio"] == 0.25 and row["data"] == b"\x00\xff"
    if kind == "sqlite":  # SQLite keeps what it was given (Decimal and dates bound as text)
        assert row["price"] == 9.5 and row["d"] == "2024-05-01"
    else:
        assert row["price"] == decimal.Decimal("9.50")
        assert row["at"] == dt.datetime(2024, 5, 1, 8, 0) and row["d"] == dt.date(2024, 5, 1)
    assert out["delete"] == {"affected_rows": 1}
    assert out["count"] == [{"n": 2}]


@pytest.mark.parametrize("kind", KINDS)
def test_batch_insert_is_all_or_nothing(kind: str, tmp_path: Path, table: str) -> None:
    conn = connection(kind, tmp_path)
    failed = run([db("create", "update", _ddl(kind, table)),
                  db("batch", "batch_insert", f"INSERT INTO {table} (id) VALUES (:id)",
                     rows=[{"id": 1}, {"id": 2}, {"id": 1}])], conn)
    assert failed.error["Code"] == "DB:QUERY"
    if kind == "postgresql":
        assert "(SQLSTATE 23505)" in failed.error["Description"]
    counted = run([db("count", "query", f"SELECT COUNT(*) AS n FROM {table}"), _drop(table)],
                  conn)
    assert counted.steps[0].output.payload == [{"n": 0}]


@pytest.mark.parametrize("kind", KINDS)
def test_local_transaction_rolls_back_with_the_try(kind: str, tmp_path: Path,
                                                   table: str) -> None:
    conn = connection(kind, tmp_path)
    body = [db("one", "insert", f"INSERT INTO {table} (id) VALUES (1)"),
            db("two", "insert", f"INSERT INTO {table} (id) VALUES (1)")]  # duplicate key
    record = run([db("create", "update", _ddl(kind, table)),
                  {"id": "tx", "type": "try", "config": {"transaction": "local"}, "steps": body,
                   "catch": [{"types": ["DB:QUERY"], "steps": [
                       {"id": "caught", "type": "set_variable",
                        "config": {"name": "caught", "value": True}}]}]},
                  db("count", "query", f"SELECT COUNT(*) AS n FROM {table}"),
                  _drop(table)], conn)
    assert record.status == "succeeded", record.error
    assert record.message.vars["caught"] is True
    assert [s.output.payload for s in record.steps if s.step == "count"] == [[{"n": 0}]]


@pytest.mark.parametrize("kind", KINDS)
def test_errors(kind: str, tmp_path: Path, table: str) -> None:
    conn = connection(kind, tmp_path)
    missing = run([db("q", "query", "SELECT :a AS a, :b AS b", params={"a": 1})], conn)
    assert missing.error == {"Code": "VALIDATION",
                             "Description": "q: placeholder :b has no value in params"}
    bad = run([db("q", "query", "SELECT * FROM no_such_table_here")], conn)
    assert bad.error["Code"] == "DB:QUERY"
    dup = run([db("q", "query", "SELECT 1 AS x, 2 AS x")], conn)
    assert dup.error == {"Code": "DB:QUERY",
                         "Description": "q: duplicate column name x; use aliases"}
    many = run([db("q", "query", "SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3",
                   max_rows=2)], conn)
    assert many.error == {"Code": "LIMIT",
                          "Description": "q: query returned more than max_rows (2) rows"}


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "sqlite"])
def test_connectivity_and_timeout(kind: str, tmp_path: Path) -> None:
    refused = dict(connection(kind, tmp_path), port=closed_port(), connect_timeout=1)
    assert run([db("q", "query", "SELECT 1 AS x")], refused).error["Code"] == "DB:CONNECTIVITY"
    wrong = dict(connection(kind, tmp_path), database="no_such_database_dw")
    record = run([db("q", "query", "SELECT 1 AS x")], wrong)
    assert record.error["Code"] == "DB:CONNECTIVITY", record.error
    sleep = "SELECT pg_sleep(5)" if kind == "postgresql" else "SELECT SLEEP(5)"
    slow = run([db("q", "query", sleep, timeout=1)], connection(kind, tmp_path))
    assert slow.error == {"Code": "DB:TIMEOUT", "Description": "q: no result within 1 s"}


def test_placeholder_translation() -> None:
    sql = ("SELECT :a, ':b', \"c:d\", x::int, 50% -- :e\n /* :f */ $$ :g $$ $q$ :h $q$ "
           ":i_2, E'it\\'s :j' :k")
    native, names = translate(sql, "pyformat")
    assert names == ("a", "i_2", "k")
    assert native.startswith("SELECT %(a)s, ':b', \"c:d\", x::int, 50%% -- :e")
    assert translate("SELECT :a, 'it\\'s :b', `x:y` :c", "pyformat", True)[1] == ("a", "c")
    assert translate("VALUES (:id, :name)", "named") == ("VALUES (:id, :name)", ("id", "name"))

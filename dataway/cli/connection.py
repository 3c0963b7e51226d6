"""``dataway connection test <app> <name> [--env ENV]``: can this connection be used?

Exit 0 and one ``ok:`` line when the connection answered; exit 1 and ``failed: CODE: text``
when it did not (the same code a step would fail with); exit 2 for usage mistakes (unknown
app directory, connection or environment). Secret values are masked in every line.
"""
from __future__ import annotations

import sys
import time
from typing import Any, Optional, TextIO

__all__ = ["register", "connection_test"]


def register(subparsers: Any) -> None:
    """Add ``connection test`` to the main parser's subparsers."""
    p = subparsers.add_parser("connection", help="test the connections of an app")
    sub = p.add_subparsers(dest="connection_command", required=True)
    test = sub.add_parser("test", help="open a connection and make one round trip")
    test.add_argument("app", help="app (or project) directory")
    test.add_argument("name", help="connection name in app.yaml (app/name in a project)")
    test.add_argument("--env", default="sandbox", help="environment whose overrides apply")
    test.set_defaults(handler=lambda a: connection_test(a.app, a.name, environment=a.env))


def connection_test(path: str, name: str, *, environment: str = "sandbox",
                    out: Optional[TextIO] = None, err: Optional[TextIO] = None) -> int:
    """Run the probe of connection ``name``; see the module docstring for the contract."""
    import asyncio

    from dataway.connectors.probes import ProbeFailed, probe
    from dataway.connectors.secrets import mask
    from dataway.engine.loader import load_or_report
    from dataway.engine.runtime import engine_for_project

    out = out or sys.stdout
    err = err or sys.stderr
    project = load_or_report(path, err)
    if project is None:
        return 1
    app_name, _, conn_name = name.rpartition("/")
    app = project.apps.get(app_name or project.default_app or "")
    if app is None:
        err.write(f"error: unknown app {app_name!r}\n")
        return 2
    try:
        engine = engine_for_project(project, app.name, environment=environment)
    except KeyError as exc:
        err.write(f"error: {exc.args[0]}\n")
        return 2
    started = time.perf_counter()
    try:
        text = asyncio.run(probe(engine, app, conn_name))
    except KeyError as exc:
        err.write(f"error: {exc.args[0]}\n")
        return 2
    except ProbeFailed as exc:
        out.write(mask(f"failed: {exc.code}: {exc}") + "\n")
        return 1
    elapsed = (time.perf_counter() - started) * 1000
    out.write(mask(f"ok: {conn_name}: {text} ({elapsed:.0f} ms)") + "\n")
    return 0

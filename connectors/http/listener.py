"""HTTP Listener triggers on the engine: one server per engine (runtime process), many routes.

:func:`serve_route` is what ``HttpListener.serve`` runs (through ``Engine.start_triggers``): it
registers the flow's route with the engine's :class:`HttpServer`, starting the server with the
first route and stopping it after the last one. Each request runs the flow through
the engine's trigger port (``dataway.engine.triggers``) with a run-slot timeout (no slot in time:
503) and a run timeout (504, the run is cancelled), both the listener's ``timeout``.

Settings (§5.1, §9): ``http: {host: 127.0.0.1, port: 8080, base_path: /<app>, tls_cert: FILE,
tls_key: FILE}`` (PEM files relative to the app directory; both set → HTTPS); embedders and
``dataway serve --host/--port`` may set ``engine.shared["http.bind"] = (host, port)`` before
starting triggers (port 0 picks a free port; :attr:`HttpServer.port` tells which).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from pathlib import Path
from typing import Any, Optional

from dataway.engine.message import Message

from .. import secrets
from ..body import BodyError
from .routing import Pattern, Route
from .server import Endpoint, ListenerApp, Reply, build_reply, error_reply

__all__ = ["HttpServer", "server_for", "serve_route", "endpoint_for", "SERVER_KEY",
           "BIND_KEY", "base_path", "close_server", "http_settings"]

_log = logging.getLogger("dataway.connectors.http")
SERVER_KEY = "http.server"
BIND_KEY = "http.bind"


def http_settings(engine: Any, app: Optional[str]) -> dict[str, Any]:
    """The resolved ``http`` settings mapping (project, then app)."""
    from dataway.engine.settings import resolve_settings

    environment = getattr(engine.settings, "environment", "sandbox")
    value = resolve_settings(engine.project, app, environment).get("http") or {}
    return value if isinstance(value, dict) else {}


def base_path(engine: Any, app: str) -> str:
    """The app's base path (``http.base_path``, default ``/<app>``)."""
    value = str(http_settings(engine, app).get("base_path", f"/{app}"))
    return "/" + value.strip("/") if value.strip("/") else ""


class HttpServer:
    """The process's HTTP server: uvicorn serving a :class:`ListenerApp` on one socket."""

    def __init__(self, engine: Any, host: str, port: int,
                 tls: Optional[tuple[str, str]] = None) -> None:
        self.engine = engine
        self.host = host
        self.port = port
        self.tls = tls  # (certificate file, key file): serve HTTPS
        self.app = ListenerApp()
        self._server: Any = None
        self._task: Optional[asyncio.Task[Any]] = None
        self._starting: Optional[asyncio.Future[None]] = None

    async def start(self) -> None:
        """Bind and start serving (idempotent); OSError when the address cannot be bound."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())
        await asyncio.shield(self._starting)

    async def _start(self) -> None:
        import uvicorn

        class Server(uvicorn.Server):
            # `dataway serve` owns SIGINT/SIGTERM (graceful engine shutdown); uvicorn must not
            # capture and re-raise them.
            def capture_signals(self) -> Any:  # type: ignore[override]
                return contextlib.nullcontext()

        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            raise
        sock.listen(2048)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        cert, key = self.tls or (None, None)
        config = uvicorn.Config(self.app, lifespan="off", access_log=False, log_level="warning",
                                ssl_certfile=cert, ssl_keyfile=key,
                                backlog=2048, timeout_graceful_shutdown=None,
                                server_header=False, date_header=True,
                                # ip_allowlist and remote_addr use the socket peer: never
                                # trust X-Forwarded-For from a client.
                                proxy_headers=False)
        self._server = Server(config)
        self._task = asyncio.ensure_future(self._server.serve(sockets=[sock]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises the start-up failure
                raise OSError(f"HTTP server on {self.host}:{self.port} did not start")
            await asyncio.sleep(0.005)

    def request_stop(self) -> None:
        """Stop accepting now; in-flight requests finish (await :meth:`stop` for the end)."""
        if self._server is not None:
            self._server.should_exit = True

    async def stop(self) -> None:
        """Stop accepting, wait for in-flight requests to finish, close the socket."""
        self.request_stop()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    @property
    def url(self) -> str:
        """``http://host:port``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'https' if self.tls else 'http'}://{host}:{self.port}"

    # -- running flows ------------------------------------------------------------------------
    async def run(self, endpoint: Endpoint, msg: Message, started: float) -> Reply:
        """Run ``endpoint``'s flow for one request through the engine's trigger port (§5.1):
        no run slot before ``timeout`` → 503; run not finished within ``timeout`` → 504."""
        from dataway.engine.triggers import RunRefused, RunTimedOut

        timeout = float(endpoint.config.timeout)
        try:
            record = await endpoint.port.run(
                msg, slot_timeout=timeout,
                run_timeout=max(0.001, started + timeout - time.monotonic()))
        except RunRefused as exc:
            if exc.reason == "stopping":
                return error_reply(503, "the server is shutting down")
            return error_reply(503, f"no run capacity within {endpoint.config.timeout} s")
        except RunTimedOut:
            return error_reply(504, f"the run did not finish within "
                               f"{endpoint.config.timeout} s and was cancelled")
        return await self._reply(endpoint, record, msg)

    async def _reply(self, endpoint: Endpoint, record: Any, first: Message) -> Reply:
        from dataway.engine.errors import StepFailed
        from dataway.engine.runtime import RunState, StepCall

        if record.status == "cancelled":
            return error_reply(503, f"run cancelled: {record.error.get('Description', '')}",
                               "CANCELLED")
        graph = self.engine.flow(endpoint.flow, endpoint.app_name)
        node = graph.trigger
        part = "response" if record.status == "succeeded" else "error_response"
        final = record.message or first
        names = [f"{part}.status", f"{part}.headers", f"{part}.body"]
        try:
            if any(name in node.fields for name in names):
                call = StepCall(self.engine, RunState(record), node, {node.id: first},
                                node.id, 0)
                status, headers, body = await call.values(final, *names)
            else:
                status = headers = body = None
            if f"{part}.status" not in node.fields:
                status = 200 if part == "response" else 500
            if f"{part}.body" not in node.fields:
                body = final.payload if part == "response" else \
                    secrets.mask_value(dict(record.error or {}))
            return build_reply(status, headers, body)
        except (StepFailed, BodyError) as exc:
            text = f"{exc.code}: {exc.description}" if isinstance(exc, StepFailed) else str(exc)
            _log.error("flow %s/%s: cannot build the %s: %s", endpoint.app_name, endpoint.flow,
                       part.replace("_", " "), secrets.mask(text))
            code = exc.code if isinstance(exc, StepFailed) else "VALIDATION"
            return error_reply(500, f"{node.id}.config.{part}: {text}", code)


def server_for(engine: Any) -> HttpServer:
    """The engine's HTTP server (created, not started, on first use)."""
    server = engine.shared.get(SERVER_KEY)
    if server is None:
        conf = http_settings(engine, None)
        bind = engine.shared.get(BIND_KEY) or (str(conf.get("host", "127.0.0.1")),
                                               int(conf.get("port", 8080)))
        tls = None
        if bool(conf.get("tls_cert")) != bool(conf.get("tls_key")):
            raise OSError("settings http.tls_cert and http.tls_key must be set together")
        if conf.get("tls_cert"):
            root = getattr(engine.project.apps.get(engine.project.default_app or ""), "root",
                           None)
            tls = tuple(str(Path(root) / p) if root is not None and not Path(p).is_absolute()
                        else str(p) for p in (conf.get("tls_cert"), conf.get("tls_key")))
        server = engine.shared[SERVER_KEY] = HttpServer(engine, bind[0], int(bind[1]), tls)
    return server


def endpoint_for(engine: Any, graph: Any) -> tuple[Route, Endpoint]:
    """The route and endpoint of an HTTP Listener flow; SecretMissing for an unset password."""
    server = server_for(engine)
    config = graph.trigger.component.config
    app = engine.project.apps[graph.app]
    password = None
    if config.auth is not None:
        password = secrets.resolve(config.auth.password, secrets.provider_for(engine, app))
        password = "" if password is None else str(password)
    endpoint = Endpoint(graph.app, graph.name, config, password, server.run)
    endpoint.port = engine.port(graph.name, app=graph.app)
    full = base_path(engine, graph.app) + "/" + config.path.strip("/")
    file_name = str(getattr(graph, "file", graph.name))
    return Route(Pattern(full), frozenset(config.methods), file_name, endpoint), endpoint


async def serve_route(engine: Any, graph: Any, stop: asyncio.Event) -> None:
    """Serve one HTTP Listener flow until ``stop`` is set (or the task is cancelled)."""
    server = server_for(engine)
    route, _ = endpoint_for(engine, graph)
    await server.start()
    server.app.table.add(route)
    try:
        await stop.wait()
    finally:
        server.app.table.remove(route)
        if not server.app.table.routes:
            # Stop accepting at once; in-flight requests still get their replies while the
            # engine drains its runs (close_server waits for the end).
            server.request_stop()


async def close_server(engine: Any) -> None:
    """Wait until the engine's HTTP server (if any) has stopped; call after Engine.shutdown."""
    server = engine.shared.get(SERVER_KEY)
    if server is not None:
        await server.stop()

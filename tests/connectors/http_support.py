"""Real in-process servers for the HTTP connector tests: uvicorn apps, silent and closed ports."""
from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import socket
from typing import Any, AsyncIterator, Callable
from urllib.parse import parse_qsl

from dataway.engine.executor import InlineExecutor
from dataway.engine.loader import load_flow_texts
from dataway.engine.model import ConnectionSpec
from dataway.engine.runtime import Engine, EngineSettings


@contextlib.asynccontextmanager
async def serve_asgi(app: Callable[..., Any]) -> AsyncIterator[str]:
    """Serve an ASGI app with uvicorn on a free loopback port; yields the base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.setblocking(False)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning",
                                           access_log=False))
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign]
    task = asyncio.ensure_future(server.serve(sockets=[sock]))
    while not server.started:
        assert not task.done(), task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def silent_server() -> AsyncIterator[int]:
    """A socket that accepts connections and never answers; yields its port."""
    held: list[Any] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await asyncio.sleep(3600)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()


def closed_port() -> int:
    """A loopback port with nothing listening (connections are refused)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


async def _body(receive: Any) -> bytes:
    out = b""
    while True:
        message = await receive()
        out += message.get("body", b"")
        if not message.get("more_body"):
            return out


# The sleep of every /slow request the upstream has received (tests wait for a call to arrive).
SLOW_CALLS: list[float] = []


async def wait_for_slow_call(count: int, limit: float = 30) -> None:
    """Wait until the upstream has received ``count`` /slow requests in total."""
    deadline = asyncio.get_running_loop().time() + limit
    while len(SLOW_CALLS) < count:
        assert asyncio.get_running_loop().time() < deadline, "the /slow call never arrived"
        await asyncio.sleep(0.02)


async def upstream(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The test upstream: /echo, /status/N, /redirect/N?to=URL, /bytes/N, /slow."""
    if scope["type"] != "http":
        return
    body = await _body(receive)
    parts = [p for p in scope["path"].split("/") if p]
    query = dict(parse_qsl(scope["query_string"].decode()))
    status, headers, out = 200, [(b"content-type", b"application/json")], b""
    if parts[:1] == ["echo"] or not parts:
        out = json.dumps({
            "method": scope["method"], "path": scope["path"],
            "query": parse_qsl(scope["query_string"].decode(), keep_blank_values=True),
            "headers": {k.decode(): v.decode() for k, v in scope["headers"]},
            "body": base64.b64encode(body).decode()}).encode()
    elif parts[0] == "status":
        status = int(parts[1])
        out = json.dumps({"status": status}).encode()
    elif parts[0] == "redirect":
        status = int(parts[1])
        headers.append((b"location", query["to"].encode()))
    elif parts[0] == "bytes":
        headers = [(b"content-type", b"application/octet-stream")]
        out = b"x" * int(parts[1])
        if query.get("chunked"):
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            for i in range(0, len(out), 1000):
                await send({"type": "http.response.body", "body": out[i:i + 1000],
                            "more_body": True})
            await send({"type": "http.response.body", "body": b""})
            return
    elif parts[0] == "slow":
        SLOW_CALLS.append(float(query.get("s", "30")))
        await asyncio.sleep(SLOW_CALLS[-1])
    elif parts[0] == "text":
        headers = [(b"content-type", query.get("ct", "text/plain; charset=latin-1").encode())]
        out = "caf\u00e9".encode("latin-1")
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": out})


async def start_listener(engine: Engine, routes: int = 1) -> Any:
    """Start the engine's triggers on a free port; returns the HTTP server once ``routes``
    routes are registered."""
    from dataway.connectors.http.listener import server_for

    engine.shared["http.bind"] = ("127.0.0.1", 0)
    engine.start_triggers()
    server = server_for(engine)
    await server.start()
    for _ in range(500):
        if len(server.app.table.routes) >= routes:
            break
        await asyncio.sleep(0.01)
    return server


def engine_with(flows: dict[str, str], connections: dict[str, Any] | None = None,
                app: str = "app", **settings: Any) -> Engine:
    """A real-clock engine (inline scripts) over in-memory flows and connections."""
    project = load_flow_texts({f"flows/{k}.yaml": v for k, v in flows.items()}, app=app,
                              connections={k: ConnectionSpec(**v) for k, v in
                                           (connections or {}).items()})
    return Engine(project, executor=InlineExecutor(), settings=EngineSettings(**settings))


class RawClient:
    """A minimal HTTP/1.1 keep-alive client on one connection (load tests and benchmarks).

    httpx costs ~1 ms of CPU per request, which on a 2-core machine measures the client more
    than the server; this one only writes a request and reads a Content-Length framed reply.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: Any = None
        self.writer: Any = None

    async def request(self, method: str, path: str, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """Send one request; ``(status, lower-case headers, body)``."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}",
                f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed by the server")
        status = int(status_line.split()[1])
        reply_headers: dict[str, str] = {}
        while True:
            line = (await self.reader.readline()).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            key, _, value = line.partition(":")
            reply_headers[key.strip().lower()] = value.strip()
        size = int(reply_headers.get("content-length", "0"))
        data = await self.reader.readexactly(size) if size else b""
        if reply_headers.get("connection", "").lower() == "close":
            await self.close()
        return status, reply_headers, data

    async def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()
            self.writer = self.reader = None

"""The HTTP Listener server (components spec §5.1): one ASGI application per runtime process.

**Why uvicorn with a bare ASGI callable**: uvicorn is the field's standard ASGI server (httptools
parser, keep-alive, graceful shutdown that lets in-flight requests finish); a framework such as
Starlette would add routing and body handling that §5.1 defines differently (segment-wise
percent-decoding, most-specific match, streaming body limit), so the application below speaks
ASGI directly.

Every request is answered: refusals and failures get a status and a JSON body
``{"Code": …, "Description": …}``; a defect answers 500 with an incident id (details in the host
log only), never a host traceback.

| Status | Code | When |
|---|---|---|
| 400 | `BAD_REQUEST` | unusable `Content-Type` (unparseable, unknown charset) |
| 401 | `UNAUTHORIZED` | missing or wrong Basic credentials (`WWW-Authenticate` sent) |
| 403 | `FORBIDDEN` | client address not in `ip_allowlist` |
| 404 | `NOT_FOUND` | no flow serves the path |
| 405 | `METHOD_NOT_ALLOWED` | path served, method not (`Allow` sent) |
| 413 | `PAYLOAD_TOO_LARGE` | body above `max_body` (declared or streamed) |
| 503 | `UNAVAILABLE` | no run slot free within `timeout` (backpressure) |
| 504 | `TIMEOUT` | run not finished within `timeout` (the run is cancelled) |
| 500 | run's error or `INTERNAL` | uncaught run error (the flow's `error_response`), a response field failing |
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import ipaddress
import logging
import time
from typing import Any, Awaitable, Callable, Optional
from urllib.parse import parse_qsl

from dataway.data.multimap import MultiMap
from dataway.data.streams import Stream
from dataway.engine.ids import new_ulid
from dataway.engine.message import Message

from .. import secrets
from ..body import BodyError, encode_body, entity_of
from .routing import Route, RouteTable, split_path

__all__ = ["ListenerApp", "Endpoint", "Reply", "error_reply"]

_log = logging.getLogger("dataway.connectors.http")
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
               "trailer", "trailers", "transfer-encoding", "upgrade", "content-length"}
_REASONS = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND",
            405: "METHOD_NOT_ALLOWED", 413: "PAYLOAD_TOO_LARGE", 500: "INTERNAL",
            503: "UNAVAILABLE", 504: "TIMEOUT"}


class Reply:
    """A response to send: status, header pairs, body bytes (or a Stream sent chunked)."""

    __slots__ = ("status", "headers", "body", "stream")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes = b"",
                 stream: Optional[Stream] = None) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream


def error_reply(status: int, description: str, code: Optional[str] = None,
                headers: Optional[list[tuple[str, str]]] = None) -> Reply:
    """A refusal or failure with the documented JSON body."""
    import json

    body = json.dumps({"Code": code or _REASONS.get(status, "ERROR"),
                       "Description": secrets.mask(description)}, ensure_ascii=False)
    return Reply(status, [("content-type", "application/json")] + list(headers or []),
                 body.encode("utf-8"))


class Endpoint:
    """What a route serves: the flow's trigger settings and the coroutine that runs it."""

    def __init__(self, app_name: str, flow: str, config: Any, password: Optional[str],
                 run: Callable[["Endpoint", Message, float], Awaitable[Reply]]) -> None:
        self.app_name = app_name
        self.flow = flow
        self.config = config
        self.run = run
        self.port: Any = None  # the engine's trigger port of the flow (set by the listener)
        self.networks = [ipaddress.ip_network(n, strict=False)
                         for n in (config.ip_allowlist or [])]
        self.credentials: Optional[bytes] = None
        if config.auth is not None:
            raw = f"{config.auth.username}:{password or ''}".encode("utf-8")
            self.credentials = raw

    def address_allowed(self, address: str) -> bool:
        """True without an allowlist, or when ``address`` is in one of its networks."""
        if not self.networks:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in net for net in self.networks)

    def authorized(self, header: Optional[str]) -> bool:
        """True without ``auth``, or when the Basic credentials match (constant time)."""
        if self.credentials is None:
            return True
        if not header or not header[:6].lower() == "basic ":
            return False
        try:
            given = base64.b64decode(header[6:].strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given, self.credentials)


class ListenerApp:
    """The ASGI application: routing, refusals, request → message, reply sending."""

    def __init__(self) -> None:
        self.table = RouteTable()
        self.requests = 0

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets are not served
            return
        self.requests += 1
        started = False

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            reply = await self._handle(scope, receive)
            await _send_reply(reply, guarded_send, scope["method"] == "HEAD")
        except Exception:  # a defect: answer 500 (if still possible), details to the host log
            incident = new_ulid()
            _log.exception("HTTP listener: internal error (incident %s)", incident)
            if not started:
                await _send_reply(error_reply(500, f"internal error (incident {incident})"),
                                  send, False)

    async def _handle(self, scope: dict[str, Any], receive: Receive) -> Reply:
        method = scope["method"].upper()
        raw_path = scope.get("raw_path")
        path_text = raw_path.decode("latin-1") if raw_path else scope.get("path", "/")
        path_text = path_text.split("?", 1)[0]
        segments = split_path(path_text)
        route, params, allowed = self.table.select(method, segments)
        shown = "/" + "/".join(segments)
        if route is None:
            if allowed:
                return error_reply(405, f"method {method} is not allowed for {shown}",
                                   headers=[("allow", ", ".join(allowed))])
            return error_reply(404, f"no flow serves {shown}")
        endpoint: Endpoint = route.target
        client = scope.get("client") or ("", 0)
        remote = str(client[0]) if client else ""
        if not endpoint.address_allowed(remote):
            return error_reply(403, f"address {remote} is not allowed")
        headers = MultiMap.from_pairs([(k.decode("latin-1"), v.decode("latin-1"))
                                       for k, v in scope.get("headers", [])], ignore_case=True)
        if not endpoint.authorized(headers.get("authorization")):
            realm = endpoint.app_name.replace('"', "")
            return error_reply(401, "missing or wrong credentials",
                               headers=[("www-authenticate", f'Basic realm="{realm}"')])
        limit = endpoint.config.max_body
        declared = headers.get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            return error_reply(413, f"body of {int(declared)} bytes exceeds {limit} bytes")
        body = await _read_body(receive, limit)
        if body is None:
            return error_reply(413, f"body exceeds {limit} bytes")
        try:
            payload = entity_of(body, headers.get("content-type"))
        except BodyError as exc:
            return error_reply(400, str(exc))
        query = MultiMap.from_pairs(parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                              keep_blank_values=True))
        attrs = {"method": method, "path": "/".join([""] + segments) or "/",
                 "path_params": params, "query": query, "headers": headers,
                 "remote_addr": remote}
        return await endpoint.run(endpoint, Message(payload, attrs, {}), time.monotonic())


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _read_body(receive: Receive, limit: int) -> Optional[bytes]:
    """The request body, or None as soon as it grows past ``limit`` (the rest is not read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        if chunk:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def reply_headers(value: Any) -> list[tuple[str, str]]:
    """Response header pairs from a dict (list values repeat) or MultiMap; hop-by-hop dropped."""
    if value is None:
        return []
    if isinstance(value, MultiMap):
        items = list(value.items())
    elif isinstance(value, dict):
        items = [(k, e) for k, v in value.items()
                 for e in (v if isinstance(v, (list, tuple)) else [v])]
    else:
        raise BodyError(f"headers must be a dict or MultiMap, got {type(value).__name__}")
    out = []
    for key, item in items:
        if not isinstance(key, str):
            raise BodyError(f"header names must be str, got {type(key).__name__}")
        if key.lower() in _HOP_BY_HOP:
            continue
        text = item if isinstance(item, str) else str(item)
        if "\r" in text or "\n" in text or "\r" in key or "\n" in key:
            raise BodyError(f"header {key!r} contains a line break")
        out.append((key.lower(), text))
    return out


def build_reply(status: Any, headers: Any, body: Any) -> Reply:
    """The reply for evaluated response fields (§7.2 body encoding; explicit headers win)."""
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise BodyError(f"status must be an int between 100 and 599, got {status!r}")
    pairs = reply_headers(headers)
    if isinstance(body, Stream):
        if not any(k == "content-type" for k, _ in pairs):
            pairs.append(("content-type", "application/json"))
        return Reply(status, pairs, b"", body)
    blob, content_type = encode_body(body)
    if content_type and not any(k == "content-type" for k, _ in pairs):
        pairs.append(("content-type", content_type))
    return Reply(status, pairs, blob)


async def _send_reply(reply: Reply, send: Send, head: bool) -> None:
    headers = [(k.encode("latin-1", "replace"), v.encode("latin-1", "replace"))
               for k, v in reply.headers]
    if reply.stream is None:
        headers.append((b"content-length", str(len(reply.body)).encode("ascii")))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else reply.body})
        return
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    if head:
        await send({"type": "http.response.body", "body": b""})
        return
    from dataway.data.formats import json

    # Chunked (no Content-Length): a JSON array written item by item as the Stream yields.
    # Items are produced by script code, which never runs on the event loop (§4.2).
    items = iter(reply.stream)
    done = object()

    def next_chunk(first: bool) -> Any:
        item = next(items, done)
        return done if item is done else (b"" if first else b",") + json.encode(item, "utf-8")

    await send({"type": "http.response.body", "body": b"[", "more_body": True})
    first = True
    while True:
        chunk = await asyncio.to_thread(next_chunk, first)
        if chunk is done:
            break
        first = False
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b"]"})

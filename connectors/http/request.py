"""HTTP Request (components spec §7.3), on httpx's asynchronous client.

**Why httpx**: a well-kept async client with connection pools, separate connect/read/write
timeouts, streamed responses (so ``max_response`` is enforced while reading, never after
buffering everything) and HTTP proxies and TLS options matching the connection fields.
Redirects are followed here, not by httpx, so that the §7.3 rules hold exactly (301/302/303
become GET without a body, 307/308 keep both, ``Authorization`` is dropped on a host change).

**Decisions** (the spec is silent):

* ``fail_on_status: true`` fails on every non-2xx status; a list matches codes (``404``) or
  classes (``"5xx"``).
* When ``max_redirects`` is exhausted the last 3xx response is returned like any other.
* A response whose ``Content-Type`` cannot be used (unknown charset) becomes an
  ``application/octet-stream`` Entity, with a WARN log.
"""
from __future__ import annotations

import asyncio
import base64
from typing import Any, Literal, Optional, Union
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from dataway.data.multimap import MultiMap
from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from ..body import BodyError, encode_body, entity_of

__all__ = ["HttpRequest", "HttpRequestConfig", "HttpConnection"]

REDIRECTS = {301, 302, 303, 307, 308}
_BODY_BY_DEFAULT = {"POST", "PUT", "PATCH", "DELETE"}
_CHUNK = 64 * 1024


class BasicAuth(StrictModel):
    """``auth: {type: basic, username, password}``."""

    type: Literal["basic"]
    username: str
    password: Any


class BearerAuth(StrictModel):
    """``auth: {type: bearer, token}``."""

    type: Literal["bearer"]
    token: Any


class HttpConnection(StrictModel):
    """The ``http`` connection of ``app.yaml``."""

    base_url: str
    max_redirects: int = Field(1, ge=0, le=10)
    connect_timeout: int = Field(10, ge=1, le=300)
    timeout: int = Field(60, ge=1, le=600)
    verify_tls: bool = True
    ca_bundle: Any = None
    client_cert: Any = None
    client_key: Any = None
    proxy: Optional[str] = None
    auth: Optional[Union[BasicAuth, BearerAuth]] = Field(None, discriminator="type")
    headers: dict[str, Any] = Field(default_factory=dict)
    max_response: int = Field(64 * 1024 * 1024, ge=0)

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("base_url must be http(s)://host[:port][/base path]")
        return value


def _status_rule(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if not isinstance(value, list):
        raise ValueError("fail_on_status must be a bool or a list of codes and classes")
    for item in value:
        ok = (isinstance(item, int) and not isinstance(item, bool) and 100 <= item <= 599) or \
            (isinstance(item, str) and len(item) == 3 and item[0] in "12345"
             and item[1:].lower() == "xx")
        if not ok:
            raise ValueError(f"fail_on_status: {item!r} is not a status code or a class like "
                             "'5xx'")
    return value


class HttpRequestConfig(StrictModel):
    """Operation fields of HTTP Request."""

    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] = "GET"
    path: Any = dyn("str", "/")
    headers: Any = dyn("any", None)
    query: Any = dyn("any", None)
    body: Any = dyn("any", None, description="default: msg.payload for POST, PUT, PATCH, DELETE")
    fail_on_status: Any = False
    response_mime_type: Optional[str] = None

    @field_validator("fail_on_status")
    @classmethod
    def _fail_on_status(cls, value: Any) -> Any:
        return _status_rule(value)


def _status_matches(rule: Any, status: int) -> bool:
    if rule is True:
        return not 200 <= status < 300
    if not rule:
        return False
    for item in rule:
        if isinstance(item, int) and item == status:
            return True
        if isinstance(item, str) and str(status)[0] == item[0]:
            return True
    return False


def _text(value: Any) -> str:
    from dataway.data.formats.scalars import scalar_text

    text = scalar_text(value)
    if text is None:
        raise BodyError(f"{type(value).__name__} values cannot be sent here")
    return text


def _pairs(value: Any, what: str) -> list[tuple[str, str]]:
    """Headers or query parameters: a dict (list values repeat the name) or a MultiMap."""
    if value is None:
        return []
    if isinstance(value, MultiMap):
        items = list(value.items())
    elif isinstance(value, dict):
        items = []
        for key, item in value.items():
            for element in (item if isinstance(item, (list, tuple)) else [item]):
                items.append((key, element))
    else:
        raise BodyError(f"{what} must be a dict or MultiMap, got {type(value).__name__}")
    out = []
    for key, item in items:
        if not isinstance(key, str):
            raise BodyError(f"{what} names must be str, got {type(key).__name__}")
        out.append((key, _text(item)))
    return out


class HttpRequest(Component):
    """Sends one request; payload = the response body Entity, attrs = status, reason, headers."""

    type_name = "http_request"
    title = "HTTP Request"
    Config = HttpRequestConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must exist, be of type ``http`` and have a valid config."""
        return base.check_connection(self.node, app, "http", HttpConnection)

    async def _client(self, call: Any, conn: HttpConnection) -> Any:
        import httpx

        def make() -> Any:
            cert = None
            if conn.client_cert:
                cert = (conn.client_cert, conn.client_key) if conn.client_key else conn.client_cert
            verify: Any = conn.verify_tls
            if conn.verify_tls and conn.ca_bundle:
                import ssl

                verify = ssl.create_default_context(cafile=conn.ca_bundle)
            timeout = httpx.Timeout(conn.timeout, connect=conn.connect_timeout)
            kwargs: dict[str, Any] = {"verify": verify, "timeout": timeout,
                                      "follow_redirects": False, "trust_env": False}
            if cert is not None:
                kwargs["cert"] = cert
            if conn.proxy:
                kwargs["proxy"] = conn.proxy
            return httpx.AsyncClient(**kwargs)

        return await base.pool(call, make)

    async def run(self, call: Any, msg: Message) -> Message:
        import httpx

        conn = base.connection_config(call, HttpConnection)
        cfg = self.config
        path, headers, query, body = await call.values(msg, "path", "headers", "query", "body")
        if "body" not in self.node.fields:
            body = msg.payload if cfg.method in _BODY_BY_DEFAULT else None
        try:
            header_pairs = _pairs(conn.headers, "connection headers") + _pairs(headers, "headers")
            query_pairs = _pairs(query, "query")
            content, content_type = encode_body(body)
        except BodyError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        names = {k.lower() for k, _ in header_pairs}
        if content_type and "content-type" not in names:
            header_pairs.append(("Content-Type", content_type))
        if conn.auth is not None and "authorization" not in names:
            header_pairs.append(("Authorization", _authorization(conn.auth)))
        url = _join(conn.base_url, str(path or "/"))
        client = await self._client(call, conn)
        try:
            async with asyncio.timeout(conn.timeout):
                response, blob = await self._exchange(call, client, conn, cfg.method, url,
                                                      header_pairs, query_pairs, content)
        except TimeoutError:
            raise base.failure(call, "HTTP:TIMEOUT", f"{cfg.method} {_safe(url)}: no complete "
                               f"response within {conn.timeout} s") from None
        except httpx.TimeoutException as exc:
            raise base.failure(call, "HTTP:TIMEOUT", f"{cfg.method} {_safe(url)}: "
                               f"{_kind(exc)}") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            raise base.failure(call, "VALIDATION", f"{cfg.method} {_safe(url)}: {exc}") from None
        except (httpx.TransportError, OSError) as exc:
            raise base.failure(call, "HTTP:CONNECTIVITY", f"{cfg.method} {_safe(url)}: "
                               f"{_kind(exc)}") from None
        return self._output(call, msg, response, blob)

    async def _exchange(self, call: Any, client: Any, conn: HttpConnection, method: str,
                        url: str, headers: list[tuple[str, str]],
                        query: list[tuple[str, str]], content: bytes) -> tuple[Any, bytes]:
        """Send, follow redirects per §7.3, read the final body within ``max_response``."""
        import httpx

        redirects = 0
        params: Any = query or None
        while True:
            request = client.build_request(method, url, headers=headers, params=params,
                                           content=content if content or method in
                                           _BODY_BY_DEFAULT else None)
            response = await client.send(request, stream=True)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location and \
                        redirects < conn.max_redirects:
                    redirects += 1
                    target = response.url.join(location)
                    if response.status_code in (301, 302, 303) and method != "HEAD":
                        method, content = "GET", b""
                        headers = [(k, v) for k, v in headers
                                   if k.lower() not in ("content-type", "content-length")]
                    if target.host != request.url.host:
                        headers = [(k, v) for k, v in headers if k.lower() != "authorization"]
                    url, params = str(target), None
                    continue
                blob = await _read_limited(response, conn.max_response, call)
                return response, blob
            finally:
                await response.aclose()
        raise httpx.TooManyRedirects("unreachable")  # pragma: no cover

    def _output(self, call: Any, msg: Message, response: Any, blob: bytes) -> Message:
        mime = self.config.response_mime_type or response.headers.get("content-type")
        try:
            payload = entity_of(blob, mime)
        except BodyError as exc:
            call.log("WARN", f"{exc}; kept as application/octet-stream")
            payload = entity_of(blob, "application/octet-stream")
        headers = MultiMap.from_pairs(list(response.headers.multi_items()), ignore_case=True)
        attrs = {"status_code": response.status_code, "reason": response.reason_phrase,
                 "headers": headers}
        out = msg.derive(payload=payload, attrs=attrs, vars=msg.vars)
        status = response.status_code
        if _status_matches(self.config.fail_on_status, status):
            failure = base.failure(call, "HTTP:STATUS", f"HTTP {status} {response.reason_phrase}")
            failure.message = out.failed(failure.code, failure.description)
            raise failure
        return out


async def _read_limited(response: Any, limit: int, call: Any) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise base.failure(call, "LIMIT", f"response of {declared} bytes exceeds max_response "
                           f"({limit} bytes)")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise base.failure(call, "LIMIT", f"response exceeds max_response ({limit} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _authorization(auth: Any) -> str:
    if auth.type == "basic":
        raw = f"{auth.username}:{auth.password}".encode("utf-8")
        return "Basic " + base64.b64encode(raw).decode("ascii")
    return f"Bearer {auth.token}"


def _join(base_url: str, path: str) -> str:
    if not path or path == "/":
        return base_url if base_url.endswith("/") or urlsplit(base_url).path else base_url + "/"
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def _safe(url: str) -> str:
    """The URL without user information (it may hold credentials)."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return parts._replace(netloc=host).geturl()


def _kind(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text != type(exc).__name__ else text

"""HTTP Listener trigger (§5.1): its configuration, validated when the flow loads.

Flows with this trigger load, check and run manually (``dataway flow run``, tests); when the
engine starts its triggers (``dataway serve``) the flow is served by the process's HTTP server in
:mod:`dataway.connectors.http.listener`.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any, Literal, Optional

from pydantic import Field, field_validator

from dataway.engine.component import Component, StrictModel

__all__ = ["HttpListener", "HttpListenerConfig"]

METHODS = ("ALL", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
_SEGMENT = re.compile(r"^(\{[A-Za-z_][A-Za-z0-9_]*\}|[^{}*]*)$")


class BasicAuth(StrictModel):
    """HTTP Basic credentials (the password is normally a ``!secret``)."""

    username: str
    password: Any


class ResponseSpec(StrictModel):
    """``response`` / ``error_response``: Dataway fields evaluated against the final message."""

    status: Any = None
    headers: Any = None
    body: Any = None


class HttpListenerConfig(StrictModel):
    """Fields of the HTTP Listener trigger."""

    path: str = "/"
    methods: list[Literal["ALL", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]] = \
        Field(default_factory=lambda: ["ALL"])
    auth: Optional[BasicAuth] = None
    ip_allowlist: Optional[list[str]] = None
    max_body: int = Field(16 * 1024 * 1024, ge=0)
    timeout: int = Field(60, ge=1, le=900)
    response: ResponseSpec = Field(default_factory=ResponseSpec)
    error_response: ResponseSpec = Field(default_factory=ResponseSpec)

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("path must start with '/'")
        segments = [s for s in value.strip("/").split("/") if s]
        for i, segment in enumerate(segments):
            if segment == "*" and i == len(segments) - 1:
                continue
            if not _SEGMENT.match(segment):
                raise ValueError(f"bad path segment {segment!r}: literal text, {{name}}, or a "
                                 "final *")
        return value

    @field_validator("ip_allowlist")
    @classmethod
    def _networks(cls, value: Optional[list[str]]) -> Optional[list[str]]:
        for item in value or []:
            ipaddress.ip_network(item, strict=False)
        return value


class HttpListener(Component):
    """Trigger: one run per matching request (served by the connectors layer)."""

    type_name = "http_listener"
    title = "HTTP Listener"
    Config = HttpListenerConfig
    is_trigger = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        types = {"status": "int", "headers": "any", "body": "any"}
        for part in ("response", "error_response"):
            raw = getattr(self.config, part)
            for name in ("status", "headers", "body"):
                value = getattr(raw, name)
                if value is not None:
                    builder.field(self.node, ("config", part, name), value, types[name],
                                  key=f"{part}.{name}")

    async def serve(self, engine: Any, graph: Any, stop: Any) -> None:
        """Serve the flow on the process's HTTP server (``dataway.connectors.http``)."""
        from dataway.connectors.http.listener import serve_route

        await serve_route(engine, graph, stop)

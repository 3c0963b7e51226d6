"""The ``amqp`` connection (§7.9) and how steps and triggers open it."""
from __future__ import annotations

import ssl as _ssl
from typing import Any, Optional

from pydantic import Field

from dataway.engine.component import StrictModel

from .. import secrets

__all__ = ["AmqpConnection", "connect", "trigger_connection"]


class AmqpConnection(StrictModel):
    """``url`` (``amqp[s]://user:password@host:5672/vhost``), heartbeat, timeouts, TLS."""

    url: str = "amqp://guest:guest@127.0.0.1:5672/"
    heartbeat: int = Field(60, ge=0, le=3600)
    connect_timeout: float = Field(10, gt=0, le=300)
    tls_ca_file: Optional[str] = None
    tls_verify: bool = True


async def connect(conn: AmqpConnection) -> Any:
    """An aio-pika connection (raises aio-pika / OS errors; callers classify them)."""
    import aio_pika

    context = None
    if conn.url.startswith("amqps://"):
        context = _ssl.create_default_context(cafile=conn.tls_ca_file)
        if not conn.tls_verify:
            context.check_hostname = False
            context.verify_mode = _ssl.CERT_NONE
    return await aio_pika.connect(conn.url, heartbeat=conn.heartbeat,
                                  timeout=conn.connect_timeout, ssl_context=context)


def trigger_connection(engine: Any, graph: Any) -> AmqpConnection:
    """The validated, secret-resolved connection of a trigger's flow (no step call exists)."""
    app = engine.project.apps[graph.app]
    raw = app.connections[graph.trigger.connection].config
    resolved = secrets.resolve_tree(raw, secrets.provider_for(engine, app))
    return AmqpConnection.model_validate(resolved)

"""AMQP Publish (components spec §7.9): one message, publisher confirms always on.

A negative confirm, or an unroutable message with ``mandatory``, is AMQP:PUBLISH; connection
problems are AMQP:CONNECTIVITY; no confirm within ``confirm_timeout`` is AMQP:TIMEOUT. The body
follows §7.2 (``connectors/body.py``); an explicit ``content_type`` replaces the derived one.
The output is the input message.
"""
from __future__ import annotations

import asyncio
from typing import Any, Optional

from pydantic import Field

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from ..body import BodyError, encode_body
from .connection import AmqpConnection, connect

__all__ = ["AmqpPublish", "AmqpPublishConfig"]


class AmqpPublishConfig(StrictModel):
    """Fields of AMQP Publish (§7.9)."""

    exchange: Any = dyn("str", "")
    routing_key: Any = dyn("str")
    payload: Any = dyn("any", None)
    content_type: Any = dyn("str", None)
    headers: Any = dyn("dict", None)
    persistent: bool = True
    message_id: Any = dyn("str", None)
    correlation_id: Any = dyn("str", None)
    reply_to: Any = dyn("str", None)
    expiration: Any = dyn("int", None)
    priority: Optional[int] = Field(None, ge=0, le=9)
    mandatory: bool = False
    confirm_timeout: int = Field(10, ge=1, le=600)


class _Channel:
    """One confirming channel per instance and connection (reopened when it was closed)."""

    def __init__(self, conn: AmqpConnection) -> None:
        self.conn = conn
        self.connection: Any = None
        self.channel: Any = None
        self.lock = asyncio.Lock()

    async def get(self) -> Any:
        async with self.lock:
            if self.connection is None or self.connection.is_closed:
                self.connection = await connect(self.conn)
                self.channel = None
            if self.channel is None or self.channel.is_closed:
                self.channel = await self.connection.channel(publisher_confirms=True,
                                                             on_return_raises=True)
            return self.channel

    async def aclose(self) -> None:
        if self.connection is not None and not self.connection.is_closed:
            await self.connection.close()


class AmqpPublish(Component):
    """Publish the payload (or ``payload``) to an exchange; the message passes through."""

    type_name = "amqp_publish"
    title = "AMQP Publish"
    Config = AmqpPublishConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid ``amqp`` one and aio-pika installed."""
        return base.check_connector(self.node, app, "amqp", AmqpConnection, "aio_pika", "amqp")

    async def run(self, call: Any, msg: Message) -> Message:
        import aio_pika
        from aio_pika.exceptions import AMQPConnectionError, DeliveryError, PublishError

        conn = base.connection_config(call, AmqpConnection)
        cfg = self.config
        names = ("exchange", "routing_key", "payload", "content_type", "headers", "message_id",
                 "correlation_id", "reply_to", "expiration")
        values = dict(zip(names, await call.values(msg, *names)))
        payload = msg.payload if "payload" not in call.node.fields else values["payload"]
        try:
            body, derived = encode_body(payload)
        except BodyError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        headers = values["headers"] or {}
        message = aio_pika.Message(
            body, content_type=values["content_type"] or derived, headers=dict(headers),
            delivery_mode=(aio_pika.DeliveryMode.PERSISTENT if cfg.persistent
                           else aio_pika.DeliveryMode.NOT_PERSISTENT),
            message_id=values["message_id"], correlation_id=values["correlation_id"],
            reply_to=values["reply_to"], priority=cfg.priority,
            expiration=(values["expiration"] / 1000 if values["expiration"] is not None
                        else None))
        holder = await base.pool(call, lambda: _Channel(conn))
        try:
            async with asyncio.timeout(conn.connect_timeout):
                channel = await holder.get()
                exchange = channel.default_exchange if not values["exchange"] else \
                    await channel.get_exchange(values["exchange"], ensure=False)
        except (TimeoutError, AMQPConnectionError, OSError) as exc:
            raise base.failure(call, "AMQP:CONNECTIVITY", _text(exc)) from None
        try:
            async with asyncio.timeout(cfg.confirm_timeout):
                await exchange.publish(message, routing_key=values["routing_key"],
                                       mandatory=cfg.mandatory)
        except TimeoutError:
            raise base.failure(call, "AMQP:TIMEOUT", f"no publisher confirm within "
                                                     f"{cfg.confirm_timeout} s") from None
        except (DeliveryError, PublishError) as exc:
            raise base.failure(call, "AMQP:PUBLISH", _returned(exc)) from None
        except (AMQPConnectionError, OSError) as exc:
            raise base.failure(call, "AMQP:CONNECTIVITY", _text(exc)) from None
        except Exception as exc:  # a channel error (e.g. unknown exchange) closes the channel
            if type(exc).__module__.startswith(("aiormq", "aio_pika")):
                raise base.failure(call, "AMQP:PUBLISH", _text(exc)) from None
            raise
        return msg


def _text(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _returned(exc: BaseException) -> str:
    frame = getattr(exc, "frame", None)
    reply = getattr(frame, "reply_text", None)
    if reply:
        return f"the broker returned the message: {reply}"
    return f"the broker refused the message: {_text(exc)}"

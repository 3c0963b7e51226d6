"""The AMQP Consumer trigger's serving loop (components spec §5.4).

One run per delivery, at most ``concurrency`` at once, ``prefetch`` unacknowledged deliveries
held. A delivery is acknowledged only after its run succeeds; a failed or cancelled run rejects
it (``on_failure: reject``, the queue's dead-letter exchange applies) or requeues it. Nothing is
acknowledged early, so a process that dies mid-run loses nothing: the broker redelivers with
``redelivered`` True. A lost connection is retried with capped backoff. On shutdown the
consumer stops taking deliveries, gives in-flight runs the engine's grace period, then closes
the connection, which returns every unacknowledged delivery to the queue.
"""
from __future__ import annotations

import asyncio
import datetime as _dt
import logging
from typing import Any

from dataway.data.entity import Entity
from dataway.engine.triggers import RunRefused

from .connection import connect, trigger_connection

__all__ = ["serve"]

_log = logging.getLogger("dataway.connectors.amqp")
_BACKOFF = (0.5, 1, 2, 5, 10, 30)


def _core(value: Any, depth: int = 0) -> Any:
    """Header values as core values (AMQP tables may hold decimals, timestamps, bytes)."""
    if depth > 20:
        return str(value)
    if isinstance(value, dict):
        return {str(k): _core(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_core(v, depth + 1) for v in value]
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value
    return str(value)


def _attrs(message: Any) -> dict[str, Any]:
    stamp = message.timestamp
    if isinstance(stamp, _dt.datetime) and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=_dt.timezone.utc)
    expiration = message.expiration
    if isinstance(expiration, _dt.timedelta):
        expiration = int(expiration.total_seconds() * 1000)
    return {"exchange": message.exchange or "", "routing_key": message.routing_key or "",
            "delivery_tag": message.delivery_tag, "redelivered": bool(message.redelivered),
            "message_id": message.message_id, "correlation_id": message.correlation_id,
            "reply_to": message.reply_to, "content_type": message.content_type,
            "content_encoding": message.content_encoding,
            "headers": _core(dict(message.headers or {})), "timestamp": stamp,
            "priority": message.priority, "app_id": message.app_id, "type": message.type,
            "expiration": expiration}


async def _handle(port: Any, cfg: Any, message: Any) -> None:
    mime = cfg.mime_type or message.content_type or "application/octet-stream"
    try:
        payload = Entity.from_bytes(message.body, mime)
    except Exception:  # an unusable content type: the body is still delivered, as bytes
        payload = Entity.from_bytes(message.body, "application/octet-stream")
    try:
        record = await port.run({"payload": payload, "attrs": _attrs(message)})
    except RunRefused:  # the engine is stopping: give the delivery back untouched
        await message.nack(requeue=True)
        return
    if record.status == "succeeded":
        await message.ack()
    else:
        await message.reject(requeue=cfg.on_failure == "requeue")


async def _consume(engine: Any, graph: Any, stop: asyncio.Event, port: Any, cfg: Any,
                   conn: Any) -> None:
    """One connection's life: consume until ``stop`` or the connection drops."""
    connection = await connect(conn)
    in_flight: set[asyncio.Task[None]] = set()
    slots = asyncio.Semaphore(cfg.concurrency)
    try:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=cfg.prefetch)
        if cfg.declare:
            queue = await channel.declare_queue(cfg.queue, durable=True,
                                                arguments=cfg.arguments or None)
        else:
            queue = await channel.declare_queue(cfg.queue, passive=True)

        async def on_message(message: Any) -> None:
            await slots.acquire()
            task = asyncio.ensure_future(_handle(port, cfg, message))
            in_flight.add(task)
            task.add_done_callback(lambda t: (in_flight.discard(t), slots.release()))

        tag = await queue.consume(on_message, no_ack=False)
        closed = asyncio.ensure_future(connection.closed())
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({closed, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            closed.cancel()
            stopping.cancel()
            if not channel.is_closed:
                await queue.cancel(tag)
        if connection.is_closed and not stop.is_set():
            raise ConnectionError("the broker connection was lost")
    finally:
        if in_flight:
            await asyncio.wait(in_flight, timeout=engine.settings.shutdown_grace)
        if not connection.is_closed:
            await connection.close()


async def serve(engine: Any, graph: Any, stop: asyncio.Event) -> None:
    """Consume the trigger's queue until ``stop`` (reconnecting after connection loss)."""
    cfg = graph.trigger.config
    conn = trigger_connection(engine, graph)
    port = engine.port(graph.name, app=graph.app)
    failures = 0
    while not stop.is_set():
        try:
            await _consume(engine, graph, stop, port, cfg, conn)
            failures = 0
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # connection refused or lost, queue missing: retry
            delay = _BACKOFF[min(failures, len(_BACKOFF) - 1)]
            failures += 1
            _log.warning("amqp consumer %s/%s: %s; retrying in %g s", graph.app, graph.name,
                         exc, delay)
            try:
                await asyncio.wait_for(stop.wait(), delay)
            except TimeoutError:
                pass

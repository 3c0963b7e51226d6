"""The MQTT Consumer trigger's serving loop (components spec §5.3).

One run per message, ``concurrency`` at once (1 keeps arrival order). QoS 1 and 2 messages
are acknowledged when their run ends, whatever its outcome (MQTT has no negative
acknowledgement): delivery is at-least-once. paho reconnects with backoff (1 s to 60 s) and the
subscriptions are renewed on every reconnect.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from dataway.data.entity import Entity
from dataway.engine.triggers import RunRefused

from .. import secrets
from .client import MqttClient, MqttConnection, MqttError

__all__ = ["serve"]

_log = logging.getLogger("dataway.connectors.mqtt")


def _connection(engine: Any, graph: Any) -> MqttConnection:
    app = engine.project.apps[graph.app]
    raw = app.connections[graph.trigger.connection].config
    return MqttConnection.model_validate(
        secrets.resolve_tree(raw, secrets.provider_for(engine, app)))


async def serve(engine: Any, graph: Any, stop: asyncio.Event) -> None:
    """Subscribe to the trigger's topics and run the flow once per message until ``stop``."""
    cfg = graph.trigger.config
    port = engine.port(graph.name, app=graph.app)
    inbox: asyncio.Queue[Any] = asyncio.Queue()
    subscriptions = tuple((t.topic, t.qos) for t in cfg.topics)
    client = MqttClient(_connection(engine, graph), graph.app, on_message=inbox.put_nowait,
                        subscriptions=subscriptions)
    delay = 1.0
    while not stop.is_set():
        try:
            await client.connect()
            break
        except MqttError as exc:
            _log.warning("mqtt consumer %s/%s: %s; retrying in %g s", graph.app, graph.name,
                         exc, delay)
            try:
                await asyncio.wait_for(stop.wait(), delay)
            except TimeoutError:
                pass
            delay = min(delay * 2, 60.0)
    slots = asyncio.Semaphore(cfg.concurrency)
    in_flight: set[asyncio.Task[None]] = set()

    async def handle(message: Any) -> None:
        payload = Entity.from_bytes(message.payload, cfg.mime_type)
        attrs = {"topic": message.topic, "qos": message.qos, "retain": bool(message.retain),
                 "message_id": message.mid}
        try:
            await port.run({"payload": payload, "attrs": attrs})
        except RunRefused:
            return  # stopping: not acknowledged, the broker may deliver it again
        client.ack(message)

    try:
        while not stop.is_set():
            getter = asyncio.ensure_future(inbox.get())
            stopping = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({getter, stopping}, return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            if getter not in done:
                getter.cancel()
                break
            await slots.acquire()
            task = asyncio.ensure_future(handle(getter.result()))
            in_flight.add(task)
            task.add_done_callback(lambda t: (in_flight.discard(t), slots.release()))
    finally:
        if in_flight:
            await asyncio.wait(in_flight, timeout=engine.settings.shutdown_grace)
        await client.aclose()

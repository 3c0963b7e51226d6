"""MQTT Publish (§7.8) and the MQTT Consumer trigger (§5.3) against the real Mosquitto.

Set DATAWAY_REQUIRE_SERVICES=1 to turn a missing broker into a failure.
"""
from __future__ import annotations

import asyncio
import json
import os
import socket
import uuid
from typing import Any

import pytest

paho = pytest.importorskip("paho.mqtt.client")

from .http_support import closed_port, engine_with  # noqa: E402


def _broker_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 1883), timeout=0.5).close()
        return True
    except OSError:
        return False


if not _broker_up():
    if os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
        raise RuntimeError("Mosquitto is required (DATAWAY_REQUIRE_SERVICES=1) but "
                           "127.0.0.1:1883 is down")
    pytest.skip("no MQTT broker at 127.0.0.1:1883", allow_module_level=True)


class Listener:
    """A plain paho subscriber collecting messages of one topic filter."""

    def __init__(self, topic: str) -> None:
        self.messages: list[Any] = []
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2,
                                  client_id=f"test-{uuid.uuid4().hex[:8]}")
        self.client.on_message = lambda _c, _u, m: self.messages.append(m)
        self.client.connect("127.0.0.1", 1883)
        self.client.subscribe(topic, 1)
        self.client.loop_start()

    async def wait(self, count: int, timeout: float = 10.0) -> list[Any]:
        for _ in range(int(timeout / 0.05)):
            if len(self.messages) >= count:
                break
            await asyncio.sleep(0.05)
        return self.messages

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def mqtt_conn(port: int = 1883, **extra: Any) -> dict[str, Any]:
    return {"type": "mqtt", "config": {"url": f"mqtt://127.0.0.1:{port}", "connect_timeout": 2,
                                       **extra}}


def publish_step(topic: Any, step_id: str = "pub", **extra: Any) -> dict[str, Any]:
    return {"id": step_id, "type": "mqtt_publish", "connection": "mq",
            "config": {"topic": topic, **extra}}


def flow_of(*steps: dict[str, Any], trigger: Any = None) -> str:
    flow: dict[str, Any] = {"flow": "main", "steps": list(steps)}
    if trigger is not None:
        flow["trigger"] = trigger
    return json.dumps(flow)


def test_publish_qos_levels_and_retain() -> None:
    topic = f"dwtest/{uuid.uuid4().hex}"

    async def go() -> Any:
        listener = Listener(topic + "/#")
        await asyncio.sleep(0.3)
        engine = engine_with({"main": flow_of(
            publish_step(topic + "/a", "a", qos=0),
            publish_step(topic + "/b", "b", qos=2, payload={"expr": "{'n': msg.payload}"}),
            publish_step(topic + "/c", "c", retain=True, payload="kept"))}, {"mq": mqtt_conn()})
        try:
            record = await engine.run_flow("main", {"payload": 7})
        finally:
            await engine.shutdown(grace=0)
        got = await listener.wait(3)
        listener.close()
        return record, got

    record, got = asyncio.run(go())
    assert record.status == "succeeded", record.error
    assert record.message.payload == 7
    by_topic = {m.topic.rsplit("/", 1)[1]: m for m in got}
    assert by_topic["a"].payload == b"7" and by_topic["a"].qos == 0
    assert by_topic["b"].payload == b'{"n":7}' and by_topic["b"].qos in (1, 2)
    assert by_topic["c"].payload == b"kept"
    cleaner = paho.Client(paho.CallbackAPIVersion.VERSION2)
    cleaner.connect("127.0.0.1", 1883)
    cleaner.publish(topic + "/c", b"", 1, retain=True).wait_for_publish(5)
    cleaner.disconnect()


def test_publish_failures() -> None:
    async def go(conn: Any, topic: Any = "dwtest/x") -> Any:
        engine = engine_with({"main": flow_of(publish_step(topic))}, {"mq": conn})
        try:
            return await engine.run_flow("main", {"payload": 1})
        finally:
            await engine.shutdown(grace=0)

    refused = asyncio.run(go(mqtt_conn(closed_port())))
    assert refused.error["Code"] == "MQTT:CONNECTIVITY", refused.error
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        mute = asyncio.run(go(mqtt_conn(silent.getsockname()[1], connect_timeout=1)))
    finally:
        silent.close()
    assert mute.error["Code"] == "MQTT:CONNECTIVITY"
    assert "no CONNACK" in mute.error["Description"]
    wildcard = asyncio.run(go(mqtt_conn(), topic={"expr": "'a/+/b'"}))
    assert wildcard.error["Code"] == "VALIDATION"


def test_consumer_runs_once_per_message_in_order() -> None:
    base = f"dwtest/{uuid.uuid4().hex}"
    trigger = {"id": "in", "type": "mqtt_consumer", "connection": "mq",
               "config": {"topics": [{"topic": base + "/in/+", "qos": 1}],
                          "mime_type": "text/plain"}}
    report = publish_step(base + "/out", payload={"expr": (
        "{'body': str(msg.payload), 'topic': msg.attrs['topic'], 'qos': msg.attrs['qos'], "
        "'retain': msg.attrs['retain']}")})

    async def go() -> list[Any]:
        listener = Listener(base + "/out")
        engine = engine_with({"main": flow_of(report, trigger=trigger)}, {"mq": mqtt_conn()})
        engine.start_triggers()
        await asyncio.sleep(1.0)  # subscribed
        sender = paho.Client(paho.CallbackAPIVersion.VERSION2)
        sender.connect("127.0.0.1", 1883)
        sender.loop_start()
        for i in range(5):
            sender.publish(f"{base}/in/{i}", f"m{i}".encode(), 1).wait_for_publish(5)
        got = await listener.wait(5)
        sender.disconnect()
        sender.loop_stop()
        await engine.shutdown(grace=1)
        listener.close()
        return [json.loads(m.payload) for m in got]

    reports = asyncio.run(go())
    assert [r["body"] for r in reports] == ["m0", "m1", "m2", "m3", "m4"]  # concurrency 1
    assert reports[0] == {"body": "m0", "topic": base + "/in/0", "qos": 1, "retain": False}

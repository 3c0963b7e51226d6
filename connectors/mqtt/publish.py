"""MQTT Publish (components spec §7.8): one message, acknowledged per its QoS.

The body follows §7.2 (``connectors/body.py``). The output is the input message. A broker
that cannot be reached is MQTT:CONNECTIVITY; no PUBACK/PUBCOMP within ``timeout`` is
MQTT:TIMEOUT. The client is pooled per instance and connection and reconnects by itself.
"""
from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from dataway.engine.component import Component, StrictModel, dyn
from dataway.engine.message import Message

from .. import base
from ..body import BodyError, encode_body
from .client import MqttClient, MqttConnection, MqttError

__all__ = ["MqttPublish", "MqttPublishConfig"]


class MqttPublishConfig(StrictModel):
    """Fields of MQTT Publish (§7.8)."""

    topic: Any = dyn("str")
    payload: Any = dyn("any", None)
    qos: int = Field(1, ge=0, le=2)
    retain: bool = False
    timeout: int = Field(10, ge=1, le=600)

    @field_validator("topic")
    @classmethod
    def _no_wildcards(cls, value: Any) -> Any:
        if isinstance(value, str) and ("+" in value or "#" in value or not value):
            raise ValueError("a topic to publish to is not empty and has no '+' or '#'")
        return value


class MqttPublish(Component):
    """Publish the payload (or ``payload``) to ``topic``; the message passes through."""

    type_name = "mqtt_publish"
    title = "MQTT Publish"
    Config = MqttPublishConfig

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid ``mqtt`` one and paho-mqtt installed."""
        return base.check_connector(self.node, app, "mqtt", MqttConnection, "paho.mqtt.client",
                                    "mqtt")

    async def run(self, call: Any, msg: Message) -> Message:
        conn = base.connection_config(call, MqttConnection)
        cfg = self.config
        topic, payload = await call.values(msg, "topic", "payload")
        if "payload" not in call.node.fields:
            payload = msg.payload
        if not isinstance(topic, str) or not topic or "+" in topic or "#" in topic:
            raise base.failure(call, "VALIDATION", f"invalid topic {topic!r}: a topic to "
                                                   "publish to is not empty and has no wildcards")
        try:
            body, _ = encode_body(payload)
        except BodyError as exc:
            raise base.failure(call, "VALIDATION", str(exc)) from None
        app = call.state.record.app
        try:
            client = await base.pool(call, lambda: MqttClient(conn, app).connect())
            await client.publish(topic, body, cfg.qos, cfg.retain, cfg.timeout)
        except MqttError as exc:
            raise base.failure(call, exc.code, str(exc)) from None
        return msg

"""MQTT Consumer (§5.3) and AMQP Consumer (§5.4) triggers: configuration validated at load.

Serving (``dataway serve``) is the connectors layer's: ``dataway.connectors.mqtt.consumer``
and ``dataway.connectors.amqp.consumer``, imported only when a trigger starts.
"""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import Field, field_validator

from dataway.engine.component import Component, StrictModel

__all__ = ["MqttConsumer", "AmqpConsumer"]


class TopicSpec(StrictModel):
    """One MQTT topic filter."""

    topic: str
    qos: int = Field(1, ge=0, le=2)

    @field_validator("topic")
    @classmethod
    def _filter(cls, value: str) -> str:
        levels = value.split("/")
        for i, level in enumerate(levels):
            if "#" in level and (level != "#" or i != len(levels) - 1):
                raise ValueError("'#' must be a whole last level of the filter")
            if "+" in level and level != "+":
                raise ValueError("'+' must be a whole level of the filter")
        if not value:
            raise ValueError("a topic filter cannot be empty")
        return value


class MqttConsumerConfig(StrictModel):
    """Fields of the MQTT Consumer trigger."""

    topics: list[TopicSpec] = Field(min_length=1)
    mime_type: str = "application/octet-stream"
    concurrency: int = Field(1, ge=1, le=64)


class AmqpConsumerConfig(StrictModel):
    """Fields of the AMQP Consumer trigger."""

    queue: str = Field(min_length=1)
    declare: bool = False
    arguments: dict[str, Any] = Field(default_factory=dict)
    prefetch: int = Field(10, ge=1, le=1000)
    concurrency: int = Field(1, ge=1, le=64)
    mime_type: Optional[str] = None
    on_failure: Literal["reject", "requeue"] = "reject"


class MqttConsumer(Component):
    """Trigger: one run per MQTT message (acknowledged when the run ends)."""

    type_name = "mqtt_consumer"
    title = "MQTT Consumer"
    Config = MqttConsumerConfig
    is_trigger = True

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        if self.node.connection is None:
            builder.error(self.node.yaml_path, "an MQTT consumer needs a 'connection'", self.node)

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid ``mqtt`` one and paho-mqtt installed."""
        from dataway.connectors import base
        from dataway.connectors.mqtt.client import MqttConnection

        return base.check_connector(self.node, app, "mqtt", MqttConnection, "paho.mqtt.client",
                                    "mqtt")

    async def serve(self, engine: Any, graph: Any, stop: Any) -> None:
        """Subscribe (``dataway.connectors.mqtt``): one run per message."""
        from dataway.connectors.mqtt.consumer import serve

        await serve(engine, graph, stop)


class AmqpConsumer(Component):
    """Trigger: one run per delivery (acknowledged only after the run succeeds)."""

    type_name = "amqp_consumer"
    title = "AMQP Consumer"
    Config = AmqpConsumerConfig
    is_trigger = True

    def check_project(self, project: Any, app: Any) -> list[tuple[tuple[Any, ...], str]]:
        """The connection must be a valid ``amqp`` one and aio-pika installed."""
        from dataway.connectors import base
        from dataway.connectors.amqp.connection import AmqpConnection

        return base.check_connector(self.node, app, "amqp", AmqpConnection, "aio_pika", "amqp")

    async def serve(self, engine: Any, graph: Any, stop: Any) -> None:
        """Consume the queue (``dataway.connectors.amqp``): one run per delivery."""
        from dataway.connectors.amqp.consumer import serve

        await serve(engine, graph, stop)

    def validate(self, builder) -> None:  # type: ignore[no-untyped-def]
        if self.node.connection is None:
            builder.error(self.node.yaml_path, "an AMQP consumer needs a 'connection'", self.node)

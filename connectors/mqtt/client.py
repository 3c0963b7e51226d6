"""An asyncio face on paho-mqtt: connect, publish with acknowledgement, manual-ack consume.

paho-mqtt is the reference MQTT client for Python (Eclipse); it runs its network loop on its
own thread, reconnects with backoff and supports manual acknowledgement of received QoS 1/2
messages, which the consumer trigger needs (§5.3: acknowledge when the run ends). Its callbacks
are handed to the event loop with ``call_soon_threadsafe``; nothing here blocks the loop.
"""
from __future__ import annotations

import asyncio
import secrets as _random
import ssl as _ssl
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

from pydantic import Field

from dataway.engine.component import StrictModel

__all__ = ["MqttConnection", "LastWill", "MqttClient", "MqttError"]


class LastWill(StrictModel):
    """The message the broker publishes when this client disappears."""

    topic: str
    payload: str = ""
    qos: int = Field(0, ge=0, le=2)
    retain: bool = False


class MqttConnection(StrictModel):
    """The ``mqtt`` connection of §7.8."""

    url: str = "mqtt://127.0.0.1:1883"
    client_id: Optional[str] = None
    username: Optional[str] = None
    password: Optional[str] = None
    ca_file: Optional[str] = None
    cert_file: Optional[str] = None
    key_file: Optional[str] = None
    keepalive: int = Field(60, ge=5, le=3600)
    clean_session: bool = True
    connect_timeout: float = Field(10, gt=0, le=300)
    last_will: Optional[LastWill] = None


class MqttError(Exception):
    """``code`` is MQTT:CONNECTIVITY or MQTT:TIMEOUT."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def _endpoint(url: str) -> tuple[str, int, str, bool, str]:
    parts = urlsplit(url)
    scheme = parts.scheme or "mqtt"
    if scheme not in ("mqtt", "mqtts", "ws", "wss"):
        raise MqttError("MQTT:CONNECTIVITY", f"unsupported URL scheme {scheme!r}")
    tls = scheme in ("mqtts", "wss")
    default = {"mqtt": 1883, "mqtts": 8883, "ws": 80, "wss": 443}[scheme]
    transport = "websockets" if scheme.startswith("ws") else "tcp"
    return parts.hostname or "127.0.0.1", parts.port or default, transport, tls, \
        parts.path or "/mqtt"


class MqttClient:
    """One paho client bound to the running event loop."""

    def __init__(self, conn: MqttConnection, app: str,
                 on_message: Optional[Callable[[Any], None]] = None,
                 subscriptions: tuple[tuple[str, int], ...] = ()) -> None:
        import paho.mqtt.client as paho

        self.conn = conn
        self.loop = asyncio.get_running_loop()
        self.subscriptions = subscriptions
        self._connected: asyncio.Future[int] = self.loop.create_future()
        host, port, transport, tls, path = _endpoint(conn.url)
        self.host, self.port = host, port
        client_id = conn.client_id or f"dataway-{app}-{_random.token_hex(4)}"
        client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id,
                             clean_session=conn.clean_session, transport=transport,
                             manual_ack=on_message is not None)
        if transport == "websockets":
            client.ws_set_options(path=path)
        if tls:
            context = _ssl.create_default_context(cafile=conn.ca_file)
            if conn.cert_file:
                context.load_cert_chain(conn.cert_file, conn.key_file)
            client.tls_set_context(context)
        if conn.username is not None:
            client.username_pw_set(conn.username, conn.password)
        if conn.last_will is not None:
            will = conn.last_will
            client.will_set(will.topic, will.payload, will.qos, will.retain)
        client.reconnect_delay_set(1, 60)
        client.on_connect = self._on_connect
        if on_message is not None:
            client.on_message = lambda _c, _u, m: self.loop.call_soon_threadsafe(on_message, m)
        self.client = client

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any,
                    properties: Any = None) -> None:
        code = getattr(reason, "value", reason)
        if code == 0:
            for topic, qos in self.subscriptions:  # again after every reconnect
                client.subscribe(topic, qos)
        self.loop.call_soon_threadsafe(self._settle, int(code), str(reason))

    def _settle(self, code: int, text: str) -> None:
        if not self._connected.done():
            if code == 0:
                self._connected.set_result(0)
            else:
                self._connected.set_exception(MqttError("MQTT:CONNECTIVITY",
                                                        f"the broker refused: {text}"))

    async def connect(self) -> "MqttClient":
        """Connect (waits for CONNACK at most ``connect_timeout`` seconds)."""
        try:
            await asyncio.to_thread(self.client.connect, self.host, self.port,
                                    self.conn.keepalive)
        except OSError as exc:
            raise MqttError("MQTT:CONNECTIVITY", f"cannot connect to {self.host}:{self.port}: "
                                                 f"{exc.strerror or exc}") from None
        self.client.loop_start()
        try:
            await asyncio.wait_for(asyncio.shield(self._connected), self.conn.connect_timeout)
        except TimeoutError:
            self.close()
            raise MqttError("MQTT:CONNECTIVITY", f"no CONNACK from {self.host}:{self.port} "
                                                 f"within {self.conn.connect_timeout:g} s") \
                from None
        except MqttError:
            self.close()
            raise
        return self

    async def publish(self, topic: str, payload: bytes, qos: int, retain: bool,
                      timeout: float) -> None:
        """Publish and wait for the acknowledgement of its QoS (QoS 0: handed to the socket)."""
        import paho.mqtt.client as paho

        info = self.client.publish(topic, payload, qos, retain)
        if info.rc != paho.MQTT_ERR_SUCCESS:
            raise MqttError("MQTT:CONNECTIVITY", f"not connected ({paho.error_string(info.rc)})")
        deadline = self.loop.time() + timeout
        while not info.is_published():
            if self.loop.time() >= deadline:
                raise MqttError("MQTT:TIMEOUT", f"no acknowledgement within {timeout:g} s")
            await asyncio.sleep(0.005)

    def ack(self, message: Any) -> None:
        """Acknowledge a received QoS 1/2 message (manual-ack clients)."""
        if message.qos > 0:
            self.client.ack(message.mid, message.qos)

    def close(self) -> None:
        """Disconnect and stop the network thread."""
        try:
            self.client.disconnect()
        finally:
            self.client.loop_stop()

    async def aclose(self) -> None:
        """``close`` off the event loop (joining paho's thread blocks briefly)."""
        await asyncio.to_thread(self.close)

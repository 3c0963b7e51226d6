"""Connection tests (components spec §7.1, ``dataway connection test <app> <name>``).

One probe per connection type: open the connection exactly as a step would (same config
model, secrets resolved the same way) and make the cheapest round trip the protocol has. A
probe returns a one-line description of what answered, or raises :class:`ProbeFailed` with the
error code a step would have failed with.
"""
from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from . import secrets

__all__ = ["ProbeFailed", "probe", "PROBES"]


class ProbeFailed(Exception):
    """The connection could not be used: ``code`` is the step error code (``DB:CONNECTIVITY``…)."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


async def _database(config: Any) -> str:
    from .database.component import _PORTS, DatabaseConnection, Pool
    from .database.drivers import DriverError, driver_for, missing_driver

    conn = DatabaseConnection.model_validate(config["raw"])
    if conn.port is None and conn.kind in _PORTS:
        conn = conn.model_copy(update={"port": _PORTS[conn.kind]})
    text = missing_driver(conn.kind)
    if text:
        raise ProbeFailed("DB:CONNECTIVITY", text)
    driver = driver_for(conn.kind)
    pool = Pool(driver, conn, config["root"])
    try:
        handle = await pool.acquire()
        try:
            await driver.execute(handle, "SELECT 1", None, False, 1)
        finally:
            await pool.release(handle, broken=True)
    except DriverError as exc:
        raise ProbeFailed(exc.code, str(exc)) from None
    where = conn.path if conn.kind == "sqlite" else f"{conn.host or '127.0.0.1'}:{conn.port}/" \
                                                   f"{conn.database}"
    return f"{conn.kind} {where} answered SELECT 1"


async def _redis(config: Any) -> str:
    from .redis import RedisConnection, _client

    conn = RedisConnection.model_validate(config["raw"])
    client = _client(conn)
    try:
        async with asyncio.timeout(conn.connect_timeout + conn.timeout):
            await client.ping()
    except Exception as exc:
        raise ProbeFailed("REDIS:CONNECTIVITY", str(exc) or type(exc).__name__) from None
    finally:
        await client.aclose()
    return f"redis ({conn.mode}) answered PING"


async def _amqp(config: Any) -> str:
    from .amqp.connection import AmqpConnection, connect

    conn = AmqpConnection.model_validate(config["raw"])
    try:
        connection = await connect(conn)
    except Exception as exc:
        raise ProbeFailed("AMQP:CONNECTIVITY", str(exc) or type(exc).__name__) from None
    try:
        await connection.channel()
    finally:
        await connection.close()
    return "the AMQP broker accepted a connection and a channel"


async def _mqtt(config: Any) -> str:
    from .mqtt.client import MqttClient, MqttConnection, MqttError

    conn = MqttConnection.model_validate(config["raw"])
    try:
        client = await MqttClient(conn, config["app"]).connect()
    except MqttError as exc:
        raise ProbeFailed(exc.code, str(exc)) from None
    await client.aclose()
    return f"the MQTT broker at {conn.url} accepted the connection (CONNACK)"


async def _http(config: Any) -> str:
    import httpx

    from .http.request import HttpConnection

    conn = HttpConnection.model_validate(config["raw"])
    try:
        async with httpx.AsyncClient(timeout=conn.connect_timeout, verify=conn.verify_tls) \
                as client:
            response = await client.request("HEAD", conn.base_url)
    except httpx.TimeoutException as exc:
        raise ProbeFailed("HTTP:TIMEOUT", str(exc) or "timed out") from None
    except httpx.HTTPError as exc:
        raise ProbeFailed("HTTP:CONNECTIVITY", str(exc) or type(exc).__name__) from None
    return f"{conn.base_url} answered HEAD with status {response.status_code}"


async def _email(config: Any) -> str:
    import aiosmtplib

    from .email.component import EmailConnection

    conn = EmailConnection.model_validate(config["raw"])
    answered = []
    if conn.smtp is not None:
        smtp_conf = conn.smtp
        smtp = aiosmtplib.SMTP(hostname=smtp_conf.host, port=smtp_conf.port, timeout=conn.timeout,
                               use_tls=smtp_conf.security == "ssl",
                               start_tls=smtp_conf.security == "starttls",
                               validate_certs=smtp_conf.verify_tls)
        try:
            await smtp.connect()
            if smtp_conf.username:
                await smtp.login(smtp_conf.username, smtp_conf.password or "")
            await smtp.noop()
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise ProbeFailed("EMAIL:AUTH", f"SMTP login refused: {exc.code} {exc.message}") \
                from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ProbeFailed("EMAIL:CONNECTIVITY", f"SMTP {smtp_conf.host}:{smtp_conf.port}: "
                                                    f"{exc or type(exc).__name__}") from None
        finally:
            if smtp.is_connected:
                smtp.close()
        answered.append(f"SMTP {smtp_conf.host}:{smtp_conf.port}")
    if conn.imap is not None:
        answered.append(await asyncio.to_thread(_imap_login, conn))
    return " and ".join(answered) + " accepted the login"


def _imap_login(conn: Any) -> str:
    import imaplib
    import ssl

    imap = conn.imap
    context = ssl.create_default_context()
    if not imap.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        if imap.security == "ssl":
            client = imaplib.IMAP4_SSL(imap.host, imap.port, ssl_context=context,
                                       timeout=conn.timeout)
        else:
            client = imaplib.IMAP4(imap.host, imap.port, timeout=conn.timeout)
            if imap.security == "starttls":
                client.starttls(context)
        try:
            client.login(imap.username or "", imap.password or "")
        except imaplib.IMAP4.error as exc:
            raise ProbeFailed("EMAIL:AUTH", f"IMAP login refused: {exc}") from None
        client.logout()
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ProbeFailed("EMAIL:CONNECTIVITY", f"IMAP {imap.host}:{imap.port}: {exc}") from None
    return f"IMAP {imap.host}:{imap.port}"


PROBES: dict[str, Callable[[Any], Awaitable[str]]] = {
    "database": _database, "redis": _redis, "amqp": _amqp, "mqtt": _mqtt, "http": _http,
    "email": _email,
}


async def probe(engine: Any, app: Any, name: str) -> str:
    """Test connection ``name`` of ``app``; returns what answered or raises ProbeFailed."""
    spec = app.connections.get(name)
    if spec is None:
        raise KeyError(f"app {app.name!r} has no connection {name!r} (it has: "
                       f"{', '.join(sorted(app.connections)) or 'none'})")
    run = PROBES.get(spec.type)
    if run is None:
        raise ProbeFailed("VALIDATION", f"connections of type {spec.type!r} have no test yet")
    try:
        raw = secrets.resolve_tree(spec.config, secrets.provider_for(engine, app))
    except secrets.SecretMissing as exc:
        raise ProbeFailed("VALIDATION", str(exc)) from None
    root = str(app.root) if app.root is not None else None
    try:
        return await run({"raw": raw, "root": root, "app": app.name})
    except ProbeFailed:
        raise
    except ValueError as exc:  # pydantic: the config itself is wrong
        raise ProbeFailed("VALIDATION", str(exc).splitlines()[0]) from None

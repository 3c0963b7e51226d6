"""AMQP Publish (§7.9) and the AMQP Consumer trigger (§5.4) against the real RabbitMQ.

The no-loss test is the one that matters most: a ``dataway serve`` process is killed (SIGKILL)
while its run is in flight; the delivery was never acknowledged, so a second ``dataway serve``
process receives it with ``redelivered`` True. Failed runs are rejected into the queue's
dead-letter exchange. Set DATAWAY_REQUIRE_SERVICES=1 to turn a missing broker into a failure.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

aio_pika = pytest.importorskip("aio_pika")

from .http_support import closed_port, engine_with  # noqa: E402

URL = "amqp://guest:guest@127.0.0.1:5672/"


def _broker_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=0.5).close()
        return True
    except OSError:
        return False


if not _broker_up():
    if os.environ.get("DATAWAY_REQUIRE_SERVICES") == "1":
        raise RuntimeError("RabbitMQ is required (DATAWAY_REQUIRE_SERVICES=1) but "
                           "127.0.0.1:5672 is down")
    pytest.skip("no RabbitMQ at 127.0.0.1:5672", allow_module_level=True)


async def _queue(name: str, **arguments: Any) -> None:
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        await channel.declare_queue(name, durable=True, arguments=arguments or None)


async def _get(name: str, timeout: float = 10.0) -> Any:
    """The next message of queue ``name`` (acked), or None after ``timeout`` seconds."""
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, durable=True, passive=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = await queue.get(fail=False)
            if message is not None:
                await message.ack()
                return message
            await asyncio.sleep(0.05)
    return None


async def _publish(name: str, body: bytes, **props: Any) -> None:
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        await channel.default_exchange.publish(aio_pika.Message(body, **props), routing_key=name)


async def _counts(name: str) -> int:
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, durable=True, passive=True)
        return queue.declaration_result.message_count


async def _delete(*names: str) -> None:
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)


@pytest.fixture
def queues() -> Any:
    names: list[str] = []

    def make(label: str) -> str:
        names.append(f"dwtest.{label}.{uuid.uuid4().hex[:10]}")
        return names[-1]

    yield make
    asyncio.run(_delete(*names))


def publish_flow(queue: str, **extra: Any) -> str:
    step = {"id": "pub", "type": "amqp_publish", "connection": "mq",
            "config": {"routing_key": queue, **extra}}
    return "flow: main\nsteps:\n  - " + json.dumps(step) + "\n"


def run_flow(flow: str, payload: Any, url: str = URL) -> Any:
    async def go() -> Any:
        engine = engine_with({"main": flow}, {"mq": {"type": "amqp", "config": {
            "url": url, "connect_timeout": 2}}})
        try:
            return await engine.run_flow("main", {"payload": payload})
        finally:
            await engine.shutdown(grace=0)

    return asyncio.run(go())


def test_publish_body_and_properties(queues: Any) -> None:
    q = queues("pub")
    asyncio.run(_queue(q))
    record = run_flow(publish_flow(q, headers={"x-kind": "order"}, message_id="m-1",
                                   correlation_id={"expr": "msg.payload['id']"},
                                   priority=3, expiration=60000), {"id": "c-7", "total": 5})
    assert record.status == "succeeded", record.error
    assert record.message.payload == {"id": "c-7", "total": 5}  # the input passes through
    got = asyncio.run(_get(q))
    assert got.body == b'{"id":"c-7","total":5}' and got.content_type == "application/json"
    assert got.headers == {"x-kind": "order"} and got.message_id == "m-1"
    assert got.correlation_id == "c-7" and got.priority == 3
    assert got.delivery_mode == aio_pika.DeliveryMode.PERSISTENT


def test_publish_failures(queues: Any) -> None:
    unroutable = run_flow(publish_flow(f"nobody.{uuid.uuid4().hex}", mandatory=True), "x")
    assert unroutable.error["Code"] == "AMQP:PUBLISH", unroutable.error
    missing = run_flow(publish_flow("q", exchange="no.such.exchange.dw"), "x")
    assert missing.error["Code"] == "AMQP:PUBLISH", missing.error
    refused = run_flow(publish_flow("q"), "x", url=f"amqp://guest:guest@127.0.0.1:{closed_port()}/")
    assert refused.error["Code"] == "AMQP:CONNECTIVITY", refused.error
    wrong = run_flow(publish_flow("q"), "x", url="amqp://guest:wrong@127.0.0.1:5672/")
    assert wrong.error["Code"] == "AMQP:CONNECTIVITY", wrong.error


def consumer_app(root: Path, queue: str, results: str, fail_on: str = "", extra: str = "",
                 arguments: Any = None, http_port: int = 0) -> Path:
    """An app whose flow consumes ``queue`` and reports each delivery to ``results``."""
    app = root / f"app-{uuid.uuid4().hex[:6]}"
    (app / "flows").mkdir(parents=True)
    (app / "app.yaml").write_text(textwrap.dedent(f"""\
        app: consumer
        connections:
          mq: {{type: amqp, config: {{url: "{URL}"}}}}
          api: {{type: http, config: {{base_url: "http://127.0.0.1:{http_port or 9}", timeout: 600}}}}
        """))
    trigger = {"id": "in", "type": "amqp_consumer", "connection": "mq",
               "config": {"queue": queue, "declare": True, "arguments": arguments or {}}}
    report = {"id": "report", "type": "amqp_publish", "connection": "mq",
              "config": {"routing_key": results, "payload": {"expr": (
                  "{'body': str(msg.payload), 'redelivered': msg.attrs['redelivered'], "
                  "'content_type': msg.attrs['content_type'], 'kind': msg.attrs['headers']"
                  ".get('kind')}")}}}
    steps = [report]
    if fail_on:
        steps.append({"id": "check", "type": "choice", "branches": [{"when": fail_on, "steps": [
            {"id": "boom", "type": "raise_error",
             "config": {"error_type": "VALIDATION", "description": "refused"}}]}]})
    flow = {"flow": "consume", "trigger": trigger, "steps": steps}
    (app / "flows" / "consume.yaml").write_text(json.dumps(flow) + "\n" + extra)
    return app


def serve(app: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("dataway")
    return subprocess.Popen([str(exe), "serve", str(app), "--grace", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.stdout.read() if proc.stdout else ""


def test_consumer_acks_successes_and_dead_letters_failures(tmp_path: Path, queues: Any) -> None:
    q, results, dead = queues("in"), queues("results"), queues("dead")
    asyncio.run(_queue(results))
    asyncio.run(_queue(dead))
    app = consumer_app(tmp_path, q, results, fail_on="msg.attrs['headers'].get('kind') == 'bad'",
                       arguments={"x-dead-letter-exchange": "", "x-dead-letter-routing-key": dead})
    proc = serve(app)
    try:
        asyncio.run(_wait_for_queue(q))
        asyncio.run(_publish(q, b"caf\xc3\xa9", content_type="text/plain; charset=utf-8",
                             headers={"kind": "good"}))
        asyncio.run(_publish(q, b"nope", headers={"kind": "bad"}))
        first = json.loads(asyncio.run(_get(results)).body)
        second = json.loads(asyncio.run(_get(results)).body)
        assert first == {"body": "café", "redelivered": False,
                         "content_type": "text/plain; charset=utf-8", "kind": "good"}
        assert second["kind"] == "bad"
        dead_letter = asyncio.run(_get(dead))
        assert dead_letter is not None and dead_letter.body == b"nope"
        time.sleep(0.5)
        assert asyncio.run(_counts(q)) == 0  # the success was acknowledged, not requeued
    finally:
        log = stop(proc)
    assert "Traceback" not in log


async def _wait_for_queue(name: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            await _counts(name)
            return
        except Exception:
            await asyncio.sleep(0.2)
    raise AssertionError(f"queue {name} was never declared by the consumer")


def test_no_delivery_is_lost_when_the_consumer_process_dies(tmp_path: Path,
                                                            queues: Any) -> None:
    q, results = queues("noloss"), queues("noloss-results")
    asyncio.run(_queue(results))
    # The first consumer's run blocks on a server that accepts and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    blocking = consumer_app(tmp_path, q, results, http_port=port)
    flow = json.loads((blocking / "flows" / "consume.yaml").read_text())
    flow["steps"].insert(0, {"id": "hang", "type": "http_request", "connection": "api",
                             "config": {"method": "GET", "path": "/"}})
    (blocking / "flows" / "consume.yaml").write_text(json.dumps(flow))
    first = serve(blocking)
    try:
        asyncio.run(_wait_for_queue(q))
        asyncio.run(_publish(q, b"order-1", content_type="text/plain", headers={"kind": "k"}))
        silent.settimeout(30)
        conn, _ = silent.accept()  # the run is in flight: it reached the HTTP step
        assert asyncio.run(_counts(q)) == 0  # delivered to the consumer, not acknowledged
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        conn.close()
    finally:
        silent.close()
        stop(first)
    second = serve(consumer_app(tmp_path, q, results))
    try:
        got = asyncio.run(_get(results, timeout=30))
        assert got is not None, "the delivery was lost"
        report = json.loads(got.body)
        assert report["body"] == "order-1" and report["redelivered"] is True
    finally:
        log = stop(second)
    assert "Traceback" not in log

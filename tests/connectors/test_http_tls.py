"""HTTPS: the listener with a TLS certificate, HTTP Request's verify_tls and ca_bundle."""
from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
from pathlib import Path
from typing import Any

from dataway.connectors.base import close_pools
from dataway.connectors.http.listener import close_server

from .http_support import engine_with, start_listener


def self_signed(tmp: Path) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp / "cert.pem", tmp / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


LISTENER = """
flow: hello
trigger: {id: rx, type: http_listener, config: {path: /hello}}
steps:
  - {id: out, type: set_payload, config: {value: {secure: true}}}
"""
CALLER = """
flow: call
steps:
  - {id: req, type: http_request, connection: api, config: {path: /hello}}
"""


def test_https_listener_and_request_tls_options(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)

    async def scenario() -> list[Any]:
        server_engine = engine_with({"hello": LISTENER}, app="tls")
        server_engine.project.apps["tls"].settings = {"http": {"tls_cert": cert,
                                                               "tls_key": key}}
        server = await start_listener(server_engine)
        assert server.url.startswith("https://")
        out = []
        try:
            for extra in ({}, {"ca_bundle": cert}, {"verify_tls": False}):
                client = engine_with({"call": CALLER}, {"api": {"type": "http", "config": {
                    "base_url": server.url + "/tls", **extra}}})
                try:
                    out.append(await client.run_flow("call", None))
                finally:
                    await close_pools(client)
                    await client.shutdown(grace=0)
        finally:
            await server_engine.shutdown(grace=0)
            await close_server(server_engine)
        return out

    untrusted, trusted, unverified = asyncio.run(scenario())
    assert untrusted.error["Code"] == "HTTP:CONNECTIVITY"
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.error["Description"]
    for record in (trusted, unverified):
        assert record.status == "succeeded", record.error
        assert record.message.payload.parsed() == {"secure": True}

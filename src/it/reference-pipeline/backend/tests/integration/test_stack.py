"""What the stack as a whole provides: the init job's seed, the served spec, TLS."""

import os
import ssl
from pathlib import Path

import pytest

from app.openapi import SPEC
from tests.integration.conftest import BASE_URL, Client


def test_init_job_seeded_redis(client: Client) -> None:
    info = client.request("GET", "/api/v1/info").json()
    assert info["name"] == "notes-backend"
    assert info["seed"] is not None, "the redis-init service did not run (no meta:seed key)"
    assert "welcome" in info["seed"]["notes"]
    welcome = client.request("GET", "/api/v1/notes/welcome")
    assert welcome.status == 200
    assert welcome.json()["text"]


def test_served_spec_is_the_code_spec(client: Client) -> None:
    reply = client.request("GET", "/openapi.json")
    assert reply.json() == SPEC
    # The docs step publishes the spec the running service serves (the reference fetches it from the
    # API): OPENAPI_EXPORT names the file to write it to.
    export = os.environ.get("OPENAPI_EXPORT")
    if export:
        Path(export).parent.mkdir(parents=True, exist_ok=True)
        Path(export).write_bytes(reply.body)


def test_certificate_does_not_verify(client: Client) -> None:
    import http.client

    conn = http.client.HTTPSConnection(client.host, client.port, timeout=10, context=ssl.create_default_context())
    with pytest.raises(ssl.SSLCertVerificationError):
        conn.request("GET", "/api/v1/health/live")
    conn.close()
    assert BASE_URL.startswith("https://")

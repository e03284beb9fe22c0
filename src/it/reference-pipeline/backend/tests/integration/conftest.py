"""Integration tests talk to the running stack over HTTPS.

BACKEND_BASE_URL  where the backend listens (default https://127.0.0.1:8443); its certificate is
                  self-signed, so verification is off for these requests only.
SCHEMA_SUBJECT_PREFIX  run-scoped prefix (CI sets ci.<run id>.); each pytest-xdist worker adds its own
                  id (PYTEST_XDIST_WORKER), so parallel workers and parallel runs never share keys.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest

BASE_URL = os.environ.get("BACKEND_BASE_URL", "https://127.0.0.1:8443")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"BACKEND_BASE_URL must be https://host:port (got {base_url!r})")
        self.host, self.port = parts.hostname, parts.port or 443
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # the stack's certificate is self-signed

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"} if data is not None else {}
        all_headers.update(headers or {})
        conn = http.client.HTTPSConnection(self.host, self.port, timeout=15, context=self.context)
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            conn.close()


@pytest.fixture(scope="session")
def client() -> Client:
    c = Client(BASE_URL)
    try:
        live = c.request("GET", "/api/v1/health/live")
    except OSError as exc:
        pytest.fail(f"backend not reachable at {BASE_URL} ({exc}): start the stack (docker compose up -d) "
                    "or set BACKEND_BASE_URL", pytrace=False)
    assert live.status == 200, f"{BASE_URL}/api/v1/health/live answered {live.status}"
    return c


@pytest.fixture(scope="session")
def key_prefix() -> str:
    run = os.environ.get("SCHEMA_SUBJECT_PREFIX", "local.")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{run}{worker}."


@pytest.fixture
def note_ids(client: Client, key_prefix: str) -> Iterator[list[str]]:
    """Ids a test creates; deleted afterwards so a rerun starts clean."""
    created: list[str] = []
    yield created
    for note_id in created:
        client.request("DELETE", f"/api/v1/notes/{key_prefix}{note_id}")

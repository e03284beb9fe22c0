"""The frontend image: the bundle nginx serves and its /api/ proxy to the backend.

Runs when FRONTEND_BASE_URL is set (CI sets it to the stack's frontend, e.g. http://127.0.0.1:<port>);
otherwise skipped with that reason.
"""

import http.client
import json
import os
import re
from urllib.parse import urlsplit

import pytest

FRONTEND = os.environ.get("FRONTEND_BASE_URL", "")
pytestmark = pytest.mark.skipif(not FRONTEND, reason="FRONTEND_BASE_URL not set (the frontend is not under test)")


def get(path: str) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(FRONTEND)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=15)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_index_references_content_hashed_assets() -> None:
    status, headers, body = get("/")
    assert status == 200
    assert headers["cache-control"] == "no-cache"
    assets = re.findall(r'(?:src|href)="(/assets/[a-z]+\.[0-9a-f]{12}\.(?:js|css))"', body.decode())
    assert len(assets) == 2, body[:300]
    for asset in assets:
        status, headers, _ = get(asset)
        assert status == 200
        assert "immutable" in headers["cache-control"]


def test_manifest_maps_sources_to_bundle() -> None:
    status, _, body = get("/manifest.json")
    assert status == 200
    assert set(json.loads(body)) == {"app.js", "style.css"}


def test_api_is_proxied_to_the_backend() -> None:
    status, _, body = get("/api/v1/health/ready")
    assert status == 200
    assert json.loads(body)["checks"]["redis"] == "ok"

import uuid
from concurrent.futures import ThreadPoolExecutor

from tests.integration.conftest import Client


def test_increments_are_atomic(client: Client, key_prefix: str) -> None:
    name = f"{key_prefix}hits-{uuid.uuid4().hex[:8]}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: client.request("POST", f"/api/v1/counters/{name}/increment"), range(24)))
    assert all(r.status == 200 for r in replies)
    assert sorted(r.json()["value"] for r in replies) == list(range(1, 25))


def test_increment_by(client: Client, key_prefix: str) -> None:
    name = f"{key_prefix}by-{uuid.uuid4().hex[:8]}"
    assert client.request("POST", f"/api/v1/counters/{name}/increment", {"by": 5}).json()["value"] == 5
    assert client.request("POST", f"/api/v1/counters/{name}/increment", {"by": 0}).status == 400

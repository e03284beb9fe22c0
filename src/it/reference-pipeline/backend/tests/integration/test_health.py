from tests.integration.conftest import Client


def test_live(client: Client) -> None:
    reply = client.request("GET", "/api/v1/health/live")
    assert reply.status == 200
    assert reply.json() == {"status": "live"}


def test_ready_checks_redis(client: Client) -> None:
    reply = client.request("GET", "/api/v1/health/ready")
    assert reply.status == 200, reply.body
    assert reply.json() == {"status": "ready", "checks": {"redis": "ok"}}


def test_unknown_route_is_a_problem_document(client: Client) -> None:
    reply = client.request("GET", "/api/v1/nothing-here")
    assert reply.status == 404
    assert reply.headers["content-type"] == "application/problem+json"

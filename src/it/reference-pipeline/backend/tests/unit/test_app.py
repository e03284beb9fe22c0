"""The request router, driven without a network. Redis is a real, unreachable address (a closed port),
so the datastore paths show their real failure behaviour (503), not a stand-in's."""

import json

import pytest

from app.config import RedisAddress
from app.notes import NoteStore
from app.openapi import SPEC
from app.openapi import operations as spec_operations
from app.resp import RedisClient
from app.server import App, Request


@pytest.fixture
def app() -> App:
    # Port 1 on loopback: nothing listens there, connections are refused at once.
    return App(NoteStore(RedisClient(RedisAddress("127.0.0.1", 1), timeout=0.5)), "test")


def test_live(app: App) -> None:
    response = app.handle(Request("GET", "/api/v1/health/live"))
    assert (response.status, response.payload) == (200, {"status": "live"})


def test_ready_is_503_when_redis_is_down(app: App) -> None:
    response = app.handle(Request("GET", "/api/v1/health/ready"))
    assert response.status == 503
    assert response.payload["status"] == "unavailable"
    assert "cannot connect to redis" in response.payload["checks"]["redis"]


def test_datastore_routes_answer_503_problem_when_redis_is_down(app: App) -> None:
    response = app.handle(Request("PUT", "/api/v1/notes/a", body=b'{"text": "x"}'))
    assert response.status == 503
    assert response.content_type == "application/problem+json"


def test_validation_happens_before_the_datastore(app: App) -> None:
    response = app.handle(Request("PUT", "/api/v1/notes/a", body=b'{"text": ""}'))
    assert response.status == 400
    assert "text must be" in response.payload["detail"]
    response = app.handle(Request("PUT", "/api/v1/notes/a", body=b"{not json"))
    assert response.status == 400
    assert "not valid JSON" in response.payload["detail"]
    response = app.handle(Request("GET", "/api/v1/notes/bad*id"))
    assert response.status == 400


def test_unknown_route_and_wrong_method(app: App) -> None:
    assert app.handle(Request("GET", "/nope")).status == 404
    response = app.handle(Request("POST", "/api/v1/notes/a"))
    assert response.status == 405
    assert response.headers["Allow"] == "DELETE, GET, PUT"


def test_openapi_is_served(app: App) -> None:
    response = app.handle(Request("GET", "/openapi.json"))
    assert response.status == 200
    assert json.loads(response.body()) == SPEC


def test_spec_documents_exactly_the_routes(app: App) -> None:
    assert app.operations() == spec_operations()

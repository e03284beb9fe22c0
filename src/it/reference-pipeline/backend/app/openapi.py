"""The OpenAPI 3.1 description of the service, served at /openapi.json.

``python3 -m app.openapi`` prints it (the docs use a copy in docs/reference/openapi.json).
"""

from __future__ import annotations

import json
from typing import Any

from app import __version__
from app.notes import ID_PATTERN, MAX_TEXT


def _json(schema_ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


_ID_PARAM = {
    "name": "id",
    "in": "path",
    "required": True,
    "description": "Note id. Tests prefix it with their run and worker (for example `ci.42.gw0.greeting`).",
    "schema": {"type": "string", "pattern": f"^{ID_PATTERN}$"},
}
_NAME_PARAM = {**_ID_PARAM, "name": "name", "description": "Counter name."}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Notes service",
        "version": __version__,
        "description": "The backend of the Buildgate reference example: notes and counters kept in Redis, "
        "served over HTTPS with a self-signed certificate.",
    },
    "paths": {
        "/api/v1/health/live": {
            "get": {
                "operationId": "live",
                "summary": "Liveness: the process serves requests",
                "tags": ["health"],
                "responses": {"200": {"description": "Alive", "content": _json("Health")}},
            }
        },
        "/api/v1/health/ready": {
            "get": {
                "operationId": "ready",
                "summary": "Readiness: Redis answers PING",
                "tags": ["health"],
                "responses": {
                    "200": {"description": "Ready", "content": _json("Health")},
                    "503": {"description": "Redis is not reachable", "content": _json("Health")},
                },
            }
        },
        "/api/v1/info": {
            "get": {
                "operationId": "info",
                "summary": "Service name, version, environment and what the init job seeded",
                "tags": ["meta"],
                "responses": {"200": {"description": "Info", "content": _json("Info")}, "503": _problem("Redis down")},
            }
        },
        "/api/v1/notes": {
            "get": {
                "operationId": "listNotes",
                "summary": "List notes whose id starts with a prefix (at most 1000, sorted by id)",
                "tags": ["notes"],
                "parameters": [
                    {"name": "prefix", "in": "query", "required": False, "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "Notes", "content": _json("NoteList")},
                    "400": _problem("Invalid prefix"),
                    "503": _problem("Redis down"),
                },
            }
        },
        "/api/v1/notes/{id}": {
            "parameters": [_ID_PARAM],
            "get": {
                "operationId": "getNote",
                "summary": "Read a note (conditional with If-None-Match)",
                "tags": ["notes"],
                "responses": {
                    "200": {"description": "The note; the ETag header is set", "content": _json("Note")},
                    "304": {"description": "Not modified"},
                    "404": _problem("No such note"),
                    "503": _problem("Redis down"),
                },
            },
            "put": {
                "operationId": "putNote",
                "summary": "Create or replace a note",
                "tags": ["notes"],
                "requestBody": {"required": True, "content": _json("NoteInput")},
                "responses": {
                    "200": {"description": "Replaced", "content": _json("Note")},
                    "201": {"description": "Created", "content": _json("Note")},
                    "400": _problem("Invalid body"),
                    "503": _problem("Redis down"),
                },
            },
            "delete": {
                "operationId": "deleteNote",
                "summary": "Delete a note",
                "tags": ["notes"],
                "responses": {"204": {"description": "Deleted"}, "404": _problem("No such note")},
            },
        },
        "/api/v1/counters/{name}/increment": {
            "parameters": [_NAME_PARAM],
            "post": {
                "operationId": "incrementCounter",
                "summary": "Atomically increment a counter (Redis INCRBY)",
                "tags": ["counters"],
                "requestBody": {"required": False, "content": _json("IncrementInput")},
                "responses": {
                    "200": {"description": "The new value", "content": _json("Counter")},
                    "400": _problem("Invalid body"),
                    "503": _problem("Redis down"),
                },
            },
        },
        "/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "tags": ["meta"],
                "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {}}}},
            }
        },
    },
    "components": {
        "schemas": {
            "Health": {
                "type": "object",
                "required": ["status"],
                "properties": {
                    "status": {"type": "string", "enum": ["live", "ready", "unavailable"]},
                    "checks": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
            "Info": {
                "type": "object",
                "required": ["name", "version", "environment"],
                "properties": {
                    "name": {"type": "string"},
                    "version": {"type": "string"},
                    "environment": {"type": "string"},
                    "seed": {"type": ["object", "null"]},
                },
            },
            "NoteInput": {
                "type": "object",
                "required": ["text"],
                "additionalProperties": False,
                "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT}},
            },
            "Note": {
                "type": "object",
                "required": ["id", "text", "updated"],
                "properties": {
                    "id": {"type": "string"},
                    "text": {"type": "string"},
                    "updated": {"type": "string", "format": "date-time"},
                },
            },
            "NoteList": {
                "type": "object",
                "required": ["items", "count"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Note"}},
                    "count": {"type": "integer"},
                },
            },
            "IncrementInput": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"by": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1}},
            },
            "Counter": {
                "type": "object",
                "required": ["name", "value"],
                "properties": {"name": {"type": "string"}, "value": {"type": "integer"}},
            },
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details",
                "required": ["title", "status"],
                "properties": {
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                },
            },
        }
    },
}


def operations() -> set[tuple[str, str]]:
    """(METHOD, path template) for every operation in the spec."""
    methods = {"get", "put", "post", "delete", "patch"}
    return {(m.upper(), path) for path, item in SPEC["paths"].items() for m in item if m in methods}


def main() -> None:
    print(json.dumps(SPEC, indent=2))


if __name__ == "__main__":
    main()

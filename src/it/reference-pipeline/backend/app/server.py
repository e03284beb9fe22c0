"""HTTPS server: routing, JSON in and out, problem responses; no framework, only the standard library."""

from __future__ import annotations

import json
import logging
import re
import signal
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app import __version__
from app.config import Settings
from app.notes import NoteStore, ValidationError, check_id, check_prefix, parse_increment_body, parse_note_body
from app.openapi import SPEC
from app.resp import ProtocolError, RedisClient, RedisError, RedisUnavailable

log = logging.getLogger("notes")

MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    def json(self) -> Any:
        if not self.body.strip():
            return None
        try:
            return json.loads(self.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(f"body is not valid JSON: {exc}")


@dataclass
class Response:
    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"

    def body(self) -> bytes:
        if self.payload is None:
            return b""
        return json.dumps(self.payload, separators=(",", ":")).encode()


def problem(status: HTTPStatus, detail: str) -> Response:
    payload = {"title": status.phrase, "status": int(status), "detail": detail}
    return Response(int(status), payload, content_type="application/problem+json")


Handler = Callable[[Request, dict[str, str]], Response]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler


def _compile(template: str) -> re.Pattern[str]:
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(regex)


class App:
    """Maps requests to responses; the HTTP server and the tests both drive it through :meth:`handle`."""

    def __init__(self, store: NoteStore, environment: str) -> None:
        self.store = store
        self.environment = environment
        self.routes: list[Route] = []
        self._add("GET", "/api/v1/health/live", self.live)
        self._add("GET", "/api/v1/health/ready", self.ready)
        self._add("GET", "/api/v1/info", self.info)
        self._add("GET", "/api/v1/notes", self.list_notes)
        self._add("GET", "/api/v1/notes/{id}", self.get_note)
        self._add("PUT", "/api/v1/notes/{id}", self.put_note)
        self._add("DELETE", "/api/v1/notes/{id}", self.delete_note)
        self._add("POST", "/api/v1/counters/{name}/increment", self.increment)
        self._add("GET", "/openapi.json", self.openapi)

    def _add(self, method: str, template: str, handler: Handler) -> None:
        self.routes.append(Route(method, template, _compile(template), handler))

    def operations(self) -> set[tuple[str, str]]:
        return {(r.method, r.template) for r in self.routes}

    def handle(self, req: Request) -> Response:
        allowed: list[str] = []
        for route in self.routes:
            match = route.pattern.fullmatch(req.path)
            if match is None:
                continue
            if route.method != req.method:
                allowed.append(route.method)
                continue
            try:
                return route.handler(req, match.groupdict())
            except ValidationError as exc:
                return problem(HTTPStatus.BAD_REQUEST, str(exc))
            except RedisUnavailable as exc:
                log.warning("redis unavailable: %s", exc)
                return problem(HTTPStatus.SERVICE_UNAVAILABLE, "the datastore is not reachable")
            except (RedisError, ProtocolError) as exc:
                log.error("redis error: %s", exc)
                return problem(HTTPStatus.BAD_GATEWAY, "the datastore returned an error")
        if allowed:
            response = problem(HTTPStatus.METHOD_NOT_ALLOWED, f"{req.method} is not allowed on {req.path}")
            response.headers["Allow"] = ", ".join(sorted(set(allowed)))
            return response
        return problem(HTTPStatus.NOT_FOUND, f"no route for {req.path}")

    # Handlers

    def live(self, req: Request, params: dict[str, str]) -> Response:
        return Response(200, {"status": "live"})

    def ready(self, req: Request, params: dict[str, str]) -> Response:
        try:
            ok = self.store.redis.ping()
        except (RedisUnavailable, RedisError, ProtocolError) as exc:
            return Response(503, {"status": "unavailable", "checks": {"redis": str(exc)}})
        if not ok:
            return Response(503, {"status": "unavailable", "checks": {"redis": "unexpected PING reply"}})
        return Response(200, {"status": "ready", "checks": {"redis": "ok"}})

    def info(self, req: Request, params: dict[str, str]) -> Response:
        payload = {
            "name": "notes-backend",
            "version": __version__,
            "environment": self.environment,
            "seed": self.store.seed_info(),
        }
        return Response(200, payload)

    def list_notes(self, req: Request, params: dict[str, str]) -> Response:
        prefix = check_prefix(req.query.get("prefix", [""])[0])
        notes = self.store.list(prefix)
        return Response(200, {"items": [n.to_json() for n in notes], "count": len(notes)})

    def get_note(self, req: Request, params: dict[str, str]) -> Response:
        note_id = check_id(params["id"])
        found = self.store.get(note_id)
        if found is None:
            return problem(HTTPStatus.NOT_FOUND, f"no note {note_id!r}")
        note, tag = found
        if req.headers.get("if-none-match") == tag:
            return Response(304, headers={"ETag": tag})
        return Response(200, note.to_json(), headers={"ETag": tag})

    def put_note(self, req: Request, params: dict[str, str]) -> Response:
        note_id = check_id(params["id"])
        text = parse_note_body(req.json())
        note, tag, created = self.store.put(note_id, text)
        return Response(201 if created else 200, note.to_json(), headers={"ETag": tag})

    def delete_note(self, req: Request, params: dict[str, str]) -> Response:
        note_id = check_id(params["id"])
        if not self.store.delete(note_id):
            return problem(HTTPStatus.NOT_FOUND, f"no note {note_id!r}")
        return Response(204)

    def increment(self, req: Request, params: dict[str, str]) -> Response:
        name = check_id(params["name"], "name")
        by = parse_increment_body(req.json())
        return Response(200, {"name": name, "value": self.store.increment(name, by)})

    def openapi(self, req: Request, params: dict[str, str]) -> Response:
        return Response(200, SPEC)


class RequestHandler(BaseHTTPRequestHandler):
    server_version = f"notes/{__version__}"
    protocol_version = "HTTP/1.1"
    timeout = 30
    app: App  # set on a subclass by serve()

    def _serve(self) -> None:
        url = urlsplit(self.path)
        length_text = self.headers.get("Content-Length", "0")
        try:
            length = int(length_text)
        except ValueError:
            length = -1
        if length < 0:
            self._send(problem(HTTPStatus.BAD_REQUEST, "invalid Content-Length"))
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._send(problem(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body larger than {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = Request(self.command, url.path, parse_qs(url.query), headers, body)
        try:
            response = self.app.handle(req)
        except Exception:
            log.exception("unhandled error on %s %s", self.command, url.path)
            response = problem(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")
        self._send(response)

    def _send(self, response: Response) -> None:
        body = response.body()
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if body:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    do_GET = _serve
    do_PUT = _serve
    do_POST = _serve
    do_DELETE = _serve
    do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


class TLSServer(ThreadingHTTPServer):
    """Accepts plain TCP and does the TLS handshake in the request's own thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[RequestHandler], context: ssl.SSLContext) -> None:
        self.context = context
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(30)
        try:
            tls = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.debug("TLS handshake with %s failed: %s", client_address, exc)
            return
        try:
            super().finish_request(tls, client_address)
        finally:
            tls.close()


def tls_context(cert_file: str, key_file: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_file, key_file)
    return context


def serve(settings: Settings) -> None:
    redis = RedisClient(settings.redis)
    app = App(NoteStore(redis, settings.notes_ttl_seconds), settings.environment)
    handler = type("BoundHandler", (RequestHandler,), {"app": app})
    server = TLSServer(
        (settings.bind_host, settings.port), handler, tls_context(settings.tls_cert_file, settings.tls_key_file)
    )

    def stop(signum: int, frame: object) -> None:
        log.info("signal %d: shutting down", signum)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info(
        "notes %s (%s) on https://%s:%d, redis %s:%d/%d",
        __version__,
        settings.environment,
        settings.bind_host,
        settings.port,
        settings.redis.host,
        settings.redis.port,
        settings.redis.db,
    )
    try:
        server.serve_forever()
    finally:
        server.server_close()
        redis.close()


def main() -> None:
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    serve(settings)

"""The real HTTPS server on an ephemeral loopback port with a certificate made by openssl."""

import http.client
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator

import pytest

from app.config import RedisAddress
from app.notes import NoteStore
from app.resp import RedisClient
from app.server import App, RequestHandler, TLSServer, tls_context


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed to make the test certificate: install it (apt-get install openssl)")
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )
    app = App(NoteStore(RedisClient(RedisAddress("127.0.0.1", 1), timeout=0.5)), "test")
    handler = type("H", (RequestHandler,), {"app": app})
    srv = TLSServer(("127.0.0.1", 0), handler, tls_context(str(cert), str(key)))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(10)


def unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_https_request_round_trip(server: int) -> None:
    conn = http.client.HTTPSConnection("127.0.0.1", server, timeout=10, context=unverified())
    conn.request("GET", "/api/v1/health/live")
    response = conn.getresponse()
    assert response.status == 200
    assert json.loads(response.read()) == {"status": "live"}
    # Keep-alive: a second request on the same connection.
    conn.request("PUT", "/api/v1/notes/x", body=b'{"text": 1}', headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 400
    assert response.getheader("Content-Type") == "application/problem+json"
    response.read()
    conn.close()


def test_oversized_body_is_refused(server: int) -> None:
    conn = http.client.HTTPSConnection("127.0.0.1", server, timeout=10, context=unverified())
    # Announce a body above the limit without sending it: the server answers before reading it.
    conn.putrequest("PUT", "/api/v1/notes/x")
    conn.putheader("Content-Length", str(64 * 1024 + 1))
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()


def test_certificate_is_self_signed(server: int) -> None:
    conn = http.client.HTTPSConnection("127.0.0.1", server, timeout=10, context=ssl.create_default_context())
    with pytest.raises(ssl.SSLCertVerificationError):
        conn.request("GET", "/api/v1/health/live")
    conn.close()


def test_plain_http_gets_no_answer(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine)):
        conn.request("GET", "/api/v1/health/live")
        conn.getresponse()
    conn.close()


"""HTTPS endpoint for the integration ITs: /health turns 200 after READY_AFTER seconds."""
import json
import os
import signal
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

START = time.time()
READY_AFTER = float(os.environ.get("READY_AFTER", "0"))
PORT = int(os.environ.get("PORT", "8443"))


class Handler(BaseHTTPRequestHandler):
    def _send(self, code, body, ctype="text/plain"):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/health":
            if time.time() - START >= READY_AFTER:
                self._send(200, "ok")
            else:
                self._send(503, "starting")
        elif self.path == "/env":
            self._send(200, json.dumps(dict(os.environ)), "application/json")
        else:
            self._send(404, "not found")

    def log_message(self, fmt, *args):
        sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain("/cert.pem", "/key.pem")
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("listening on https://0.0.0.0:%d (ready after %.1fs)" % (PORT, READY_AFTER), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

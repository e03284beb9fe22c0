"""Bench endpoint: binds only after DELAY seconds, then prints the epoch millis it became ready."""
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

time.sleep(float(os.environ.get("DELAY", "2")))


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *a):
        pass


server = HTTPServer(("0.0.0.0", 8080), H)
print("READY_AT=%d" % int(time.time() * 1000), flush=True)
server.serve_forever()

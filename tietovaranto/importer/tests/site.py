"""A real HTTP server on 127.0.0.1 that serves saved pages, for the import-from-address tests."""

import errno
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTS = range(8120, 8129)  # this work's port range; 8129 is kept free as the unreachable address
UNREACHABLE_PORT = 8129


@dataclass
class Site:
    """path → (status, content type, body); every request path is recorded in order."""

    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def html(self, path: str, body: str, status: int = 200) -> None:
        self.pages[path] = (status, "text/html; charset=utf-8", body.encode("utf-8"))


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            site.requests.append(self.path)
            status, content_type, body = site.pages.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
            if status == 0:  # a server that does not answer in time
                time.sleep(float(body))
                status, body = 200, b"<p>late</p>"
            if status in (301, 302):
                self.send_response(status)
                self.send_header("Location", body.decode())
                self.end_headers()
                return
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
            return

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return  # a client that gave up (the timeout test) is expected, not a failure of the server


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()
    server = None
    for port in PORTS:
        try:
            server = _Server(("127.0.0.1", port), _handler(site))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            continue
        site.port = port
        break
    if server is None:
        raise RuntimeError("every port of 8120-8128 is in use")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

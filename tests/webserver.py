"""A real HTTP server on 127.0.0.1 for the fetch tests: routes of canned answers, in a thread.

Not a mock: the fetch code talks HTTP over a socket to it, as it would to GOV.UK or a force's
website. A route can answer slowly (for timeouts) or break off its body (for cut-short downloads).
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    body: bytes
    content_type: str = "application/octet-stream"
    status: int = 200
    sleep: float = 0.0  # seconds to wait before answering
    send_bytes: int | None = None  # send only this many bytes of the body, then close


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                server.hits[path] += 1
                route = server.routes.get(path)
                if route is None:
                    route = Route(b"<h1>Not found</h1>", "text/html", 404)
                if route.sleep:
                    time.sleep(route.sleep)
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.send_bytes is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    self.wfile.write(route.body[: route.send_bytes])
                    self.wfile.flush()
                except OSError:
                    pass  # the client gave up (a timeout test)
                if route.send_bytes is not None:
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output clean

        return Handler

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def serving() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connecting to it is refused, as when offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

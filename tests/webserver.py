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
    headers: dict[str, str] | None = None  # more headers (a redirect's Location)
    drip: float = 0.0  # seconds between single bytes of the body (a server that never ends)
    size: int = 0  # a body of this many bytes, made as it is sent (pages of hundreds of MB)
    unannounced: bool = False  # no Content-Length: the body ends when the connection closes


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up mid-body (a cap, a deadline) is expected; socketserver would print
        # a traceback to stderr, into whichever CliRunner result is being captured at the time.
        pass


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.httpd = _Quiet(("127.0.0.1", 0), self._handler())
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
                length = route.size or len(route.body)
                if route.unannounced:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                else:
                    self.send_header("Content-Length", str(length))
                for k, v in (route.headers or {}).items():
                    self.send_header(k, v)
                if route.send_bytes is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if route.drip:
                        for n in range(length):
                            self.wfile.write(route.body[n : n + 1] or b" ")
                            self.wfile.flush()
                            time.sleep(route.drip)
                    elif route.size:
                        chunk = (route.body or b"<p>x</p>") * (
                            65536 // max(1, len(route.body) or 8)
                        )
                        sent = 0
                        while sent < route.size:
                            part = chunk[: route.size - sent]
                            self.wfile.write(part)
                            sent += len(part)
                    else:
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

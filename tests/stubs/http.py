"""A real HTTP server on a free 127.0.0.1 port, for stubs of services this environment cannot reach.

A stub supplies ``respond(method, path, headers, body) -> (status, content_type, body)``; requests,
sockets and HTTP framing are real, so the code under test runs exactly as against the service.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Respond = Callable[[str, str, Message, bytes], tuple[int, str, bytes]]


def _handler(respond: Respond) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, content_type, payload = respond(self.command, self.path, self.headers, body)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def serving(respond: Respond) -> Iterator[str]:
    """The server's base URL (``http://127.0.0.1:<port>``) for the duration of the block."""
    with serving_handler(_handler(respond)) as url:
        yield url


@contextmanager
def serving_handler(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A loopback ThreadingHTTPServer with any handler class; its base URL for the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

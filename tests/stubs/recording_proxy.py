"""A real HTTPS reverse proxy on a free 127.0.0.1 port that records every request it forwards.

It stands between the framework and the platform as a witness: a test points an environment at
the proxy and afterwards reads what actually went over the wire (method, path, body). TLS,
sockets and HTTP framing are real; the proxy serves the platform's own certificate (issued for
127.0.0.1 by the local CA), so clients verify it exactly as they verify the platform.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "upgrade"}


@dataclass
class Recorded:
    method: str
    path: str
    body: bytes


@dataclass
class Witness:
    url: str
    requests: list[Recorded] = field(default_factory=list)


def _handler(upstream: str, ca_file: Path, witness: Witness, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with lock:
                witness.requests.append(Recorded(self.command, self.path, body))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            answer = requests.request(self.command, f"{upstream}{self.path}", data=body or None, headers=headers,
                                      verify=str(ca_file), timeout=60)
            self.send_response(answer.status_code)
            for name, value in answer.headers.items():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def recording_proxy(upstream: str, *, cert: Path, key: Path, ca_file: Path) -> Iterator[Witness]:
    """An ``https://127.0.0.1:<port>`` proxy to ``upstream`` for the duration of the block."""
    witness = Witness("")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(upstream.rstrip("/"), ca_file, witness, threading.Lock()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    witness.url = f"https://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield witness
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

"""Serving the app with uvicorn on a socket bound first, so a busy port is one clear line, not a traceback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from support.errors import UsageError


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"usage error: cannot serve on {host}:{port} ({exc.strerror}): pick another --port or --host") from None
    sock.listen(2048)
    return sock


def server_for(app: FastAPI) -> uvicorn.Server:
    # no permessage-deflate: the monitor's events are small lines sent to every watcher, and compressing each one
    # per connection was a tenth of the server's CPU under 100 watchers (docs/dashboard.md "Load")
    config = uvicorn.Config(app, log_level="warning", access_log=False, ws_ping_interval=20, ws_ping_timeout=20,
                            ws_per_message_deflate=False, timeout_graceful_shutdown=2)
    return uvicorn.Server(config)


def serve(app: FastAPI, sock: socket.socket) -> None:
    """Serves until interrupted (Ctrl-C)."""
    server_for(app).run(sockets=[sock])


@contextmanager
def in_background(app: FastAPI, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """The app served from a thread on loopback (a free port by default; tests, benchmarks); yields its base URL."""
    sock = bind(host, port)
    server = server_for(app)
    server.config.lifespan = "on"
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()

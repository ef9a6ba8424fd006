"""Serves a generated Allure site on loopback HTTP: what ``./jump test:report --open`` runs.

Why a server at all: the Allure 2 site loads its data (data/*.json, widgets/) with fetch(), which
browsers refuse for file:// pages ("Failed to fetch"), so a double-clicked index.html shows an
empty report. Why the standard library's http.server and not ``allure open``: the site is static
files, and ``allure open`` would start a JVM and try to launch a desktop browser on machines that
have none; ThreadingHTTPServer serves the folder on 127.0.0.1 only, in this process, at once.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import webbrowser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"


class _QuietHandler(SimpleHTTPRequestHandler):
    """The site's files; no access log on the console (the URL line stays the last thing printed)."""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a rebuilt report is never shown stale
        super().end_headers()


class _LoopbackServer(ThreadingHTTPServer):
    """socketserver prints a full traceback for every request that raised; a browser that leaves a page
    while it loads (connection reset, broken pipe) is normal, and anything else is one line."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(f"report server: {type(error).__name__}: {error}", file=sys.stderr)


class ReportServer:
    """A loopback HTTP server over one folder; ``url`` is known as soon as it is constructed."""

    def __init__(self, site: Path, port: int = 0) -> None:
        handler = functools.partial(_QuietHandler, directory=str(site))
        self._server = _LoopbackServer((LOOPBACK, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self._server.server_address[1]}/"

    def start(self) -> ReportServer:
        """Serves in a background thread (tests); ``serve_forever`` blocks instead (the CLI)."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def has_desktop() -> bool:
    """A browser window can be opened: macOS, Windows, or a Linux session with a display.

    Without one, ``webbrowser`` would start a text browser (lynx, w3m) inside the terminal."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    return has_desktop() and webbrowser.open(url)

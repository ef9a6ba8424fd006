"""The report server (``./jump test:report --open``): a browser that leaves mid-download prints nothing."""

from __future__ import annotations

import socket
import struct
import time
from pathlib import Path

import pytest

from support.reporting.serve import ReportServer


def test_a_client_that_resets_mid_download_leaves_no_traceback(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.json").write_bytes(b"x" * (8 << 20))  # larger than the socket buffers: the send is cut off
    server = ReportServer(tmp_path).start()
    try:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        for _ in range(3):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(b"GET /big.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.0 200")
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = RST
            client.close()
        time.sleep(0.5)  # the handler threads meet the reset
    finally:
        server.stop()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err

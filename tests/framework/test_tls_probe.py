"""The TLS probe (support/clients/tls_probe.py) against real TLS servers on loopback, each set up with
one fault a deployment can have: it must see every fault, and find none on a current server."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.clients.tls_probe import probe, problems
from support.stack.tls import create_local_ca


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return create_local_ca(tmp_path_factory.mktemp("tls"))


@contextmanager
def tls_server(pki: tuple[Path, Path, Path], *, host: str = "127.0.0.1", legacy: bool = False,
               ciphers: str | None = None) -> Iterator[str]:
    """A server that completes handshakes (and sends nothing) with the local stack's certificate."""
    _, cert, key = pki
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    if legacy:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
    if ciphers or legacy:
        context.set_ciphers(ciphers or "ALL:@SECLEVEL=0")
    listener = socket.create_server((host, 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                context.wrap_socket(conn, server_side=True).close()
            except (ssl.SSLError, OSError):
                conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"https://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def test_a_current_server_has_no_problem(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki) as url:
        report = probe(url, pki[0])
    assert report.protocol == "TLSv1.3" and report.failure is None
    assert report.accepts_legacy_protocol is None and report.accepts_weak_cipher is None
    assert 85 <= (report.days_left or 0) <= 90
    assert problems(report, min_days_left=14) == []


def test_a_server_that_agrees_to_tls_1_0_or_1_1_is_reported(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki, legacy=True) as url:
        report = probe(url, pki[0])
    assert report.accepts_legacy_protocol in ("TLSv1", "TLSv1.1")
    assert any("agreed to TLSv1" in p for p in problems(report, min_days_left=14))


def test_a_server_that_agrees_to_a_weak_cipher_is_reported(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki, ciphers="ALL:@SECLEVEL=0") as url:
        report = probe(url, pki[0])
    assert report.accepts_weak_cipher
    assert any("weak cipher" in p for p in problems(report, min_days_left=14))


def test_a_certificate_about_to_expire_is_reported(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki) as url:
        report = probe(url, pki[0], now=dt.datetime.now(dt.UTC) + dt.timedelta(days=80))
    assert report.days_left is not None and report.days_left < 14
    assert any("expires in" in p for p in problems(report, min_days_left=14))


def test_a_certificate_for_another_host_name_is_not_accepted(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki, host="127.0.0.2") as url:  # the certificate names localhost and 127.0.0.1 only
        report = probe(url, pki[0])
    assert report.failure and "certificate not accepted" in report.failure and "127.0.0.2" in report.failure
    assert problems(report, min_days_left=14) == [report.failure]


def test_a_certificate_from_an_unknown_authority_is_not_accepted(pki: tuple[Path, Path, Path]) -> None:
    with tls_server(pki) as url:
        report = probe(url)  # the system's CAs only
    assert report.failure and "certificate not accepted" in report.failure

"""What a platform's HTTPS endpoint negotiates: protocol, cipher, certificate, and what it refuses.

Handshakes only (no HTTP request is sent), so the probe is read-only and safe against production.
Written on the standard ``ssl`` module because a TLS client is what it is: the libraries that
grade servers (sslyze, testssl.sh) are scanners with their own OpenSSL builds, far more than four
handshakes need. "Refuses" means the handshake failed although this client offered the protocol
or cipher; OpenSSL here can still offer TLS 1.0/1.1 and legacy ciphers at security level 0
(tests/framework/test_tls_probe.py proves the probe sees a server that accepts them).
"""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import warnings
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

TIMEOUT_S = 10.0
# Ciphers no ticketing platform should accept: no forward secrecy or broken primitives
WEAK_CIPHERS = "RC4:3DES:DES:NULL:EXPORT:MD5:aNULL:eNULL:kRSA:@SECLEVEL=0"


class TlsReport(BaseModel):
    """One endpoint's TLS as a client sees it; ``failure`` says why no verified handshake happened."""

    host: str
    port: int
    protocol: str | None = None          # "TLSv1.3"
    cipher: str | None = None
    cipher_bits: int | None = None
    expires_at: dt.datetime | None = None
    days_left: int | None = None
    failure: str | None = None           # verification (chain, host name, expiry) or connection failure
    accepts_legacy_protocol: str | None = None   # "TLSv1.1" when the server agreed to it
    accepts_weak_cipher: str | None = None       # the weak cipher the server agreed to


def _handshake(host: str, port: int, context: ssl.SSLContext, server_hostname: str) -> tuple[str | None, tuple[str, str, int] | None, dict]:
    with socket.create_connection((host, port), timeout=TIMEOUT_S) as raw, \
            context.wrap_socket(raw, server_hostname=server_hostname) as tls:
        return tls.version(), tls.cipher(), tls.getpeercert() or {}


def _unverified(minimum: ssl.TLSVersion, maximum: ssl.TLSVersion, ciphers: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with warnings.catch_warnings():  # offering TLS 1.0/1.1 is deprecated: which is why the server must refuse it
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version, context.maximum_version = minimum, maximum
    context.set_ciphers(ciphers)
    return context


def _accepted(host: str, port: int, context: ssl.SSLContext) -> tuple[str | None, str | None]:
    """(protocol, cipher) when the server completed the handshake, else (None, None)."""
    try:
        protocol, cipher, _ = _handshake(host, port, context, host)
    except (ssl.SSLError, OSError):
        return None, None
    return protocol, cipher[0] if cipher else None


def probe(url: str, ca_file: Path | str | None = None, *, now: dt.datetime | None = None) -> TlsReport:
    """Verified handshake (system CAs or ``ca_file``, host name checked), then legacy protocols and weak ciphers."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    report = TlsReport(host=host, port=port)
    verifying = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    try:
        protocol, cipher, cert = _handshake(host, port, verifying, host)
    except ssl.SSLCertVerificationError as exc:
        report.failure = f"certificate not accepted: {exc.verify_message or exc.reason}"
    except (ssl.SSLError, OSError) as exc:
        report.failure = f"no TLS connection to {host}:{port}: {exc.__class__.__name__}: {exc}"
    else:
        report.protocol, report.cipher, report.cipher_bits = protocol, cipher[0] if cipher else None, cipher[2] if cipher else None
        if "notAfter" in cert:
            report.expires_at = dt.datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), dt.UTC)
            report.days_left = (report.expires_at - (now or dt.datetime.now(dt.UTC))).days
    legacy, _ = _accepted(host, port, _unverified(ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1, "ALL:@SECLEVEL=0"))
    report.accepts_legacy_protocol = legacy
    _, weak = _accepted(host, port, _unverified(ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_2, WEAK_CIPHERS))
    report.accepts_weak_cipher = weak
    return report


def problems(report: TlsReport, *, min_days_left: int) -> list[str]:
    """What is wrong with an endpoint's TLS for a platform that sells tickets (SRS SEC-001.5: TLS 1.3 preferred)."""
    found = [report.failure] if report.failure else []
    if report.protocol and report.protocol not in ("TLSv1.2", "TLSv1.3"):
        found.append(f"negotiated {report.protocol}: TLS 1.2 or newer is required")
    if report.accepts_legacy_protocol:
        found.append(f"agreed to {report.accepts_legacy_protocol} when offered")
    if report.accepts_weak_cipher:
        found.append(f"agreed to the weak cipher {report.accepts_weak_cipher} when offered")
    if report.cipher_bits is not None and report.cipher_bits < 128:
        found.append(f"negotiated {report.cipher} with {report.cipher_bits}-bit keys")
    if report.days_left is not None and report.days_left < min_days_left:
        found.append(f"the certificate expires in {report.days_left} days ({report.expires_at:%Y-%m-%d}), "
                     f"less than {min_days_left}")
    return found

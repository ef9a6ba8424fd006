"""What the platform does around every answer: security headers, rate limits, TLS.

Headers are read from the shared platform. Rate limiting and TLS need a platform started with
other settings (a low limit, HTTPS with the local CA): those run on a second platform process on
the same databases, started and stopped inside one call, so the shared platform and the other
scenarios are never disturbed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from support.clients import tls_probe
from support.clients.transport import HttpTransport, TransportOptions
from support.errors import PlatformUnreachable
from support.run.retry_policy import RetryPolicy
from support.stack.lifecycle import LocalStack
from support.stack.state import PlatformOptions
from support.state import ScenarioState

# Connection: close lets the extra platform stop at once: idle TLS keep-alive connections hold up
# its graceful shutdown for its whole grace period (10 s).
ONE_SHOT = {"Connection": "close"}
EVENTS_QUERY = {"query": "query { events(first: 1) { totalCount } }"}


@dataclass
class Answer:
    """One HTTP answer as a header check sees it (header names lower-cased), or why none came."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    failure: str | None = None


def answer(transport: HttpTransport, method: str, path: str, *, json: Any = None,
            headers: Mapping[str, str] | None = None) -> Answer:
    try:
        response, _ = transport.send(method, path, operation=f"{method} {path or '/graphql'}", json=json,
                                     headers={**ONE_SHOT, **(headers or {})})
    except PlatformUnreachable as exc:
        return Answer(status=None, failure=exc.cause)
    return Answer(response.status_code, {k.lower(): v for k, v in response.headers.items()})


def _bearer(state: ScenarioState, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {state.session.tokens.token(state.session.credentials[role])}"}


REQUESTS = {
    "a health check": lambda s: answer(s.session.rest.transport, "GET", "/health"),
    "an anonymous look at the events": lambda s: answer(s.session.graphql.transport, "POST", "", json=EVENTS_QUERY),
    "a fan's look at the events": lambda s: answer(s.session.graphql.transport, "POST", "", json=EVENTS_QUERY,
                                                    headers=_bearer(s, "fan")),
    "a staff read of the venues": lambda s: answer(s.session.rest.transport, "GET", "/v1/venues",
                                                    headers=_bearer(s, "analyst")),
    "a request refused for lack of a token": lambda s: answer(s.session.rest.transport, "GET", "/v1/orders"),
    "a request with a bad token": lambda s: answer(s.session.rest.transport, "GET", "/v1/orders",
                                                    headers={"Authorization": "Bearer not-a-token"}),
    "a request for a page that does not exist": lambda s: answer(s.session.rest.transport, "GET", "/v1/no-such-page"),
}
ANOTHER_SITE = "https://tickets-cheap.example"  # a site a browser may be on that is not the platform's shop


def answer_to(state: ScenarioState, request: str) -> Answer:
    """The platform's answer to one of REQUESTS, kept for the header checks."""
    if request not in REQUESTS:
        raise LookupError(f"unknown request {request!r}; known: {', '.join(REQUESTS)}")
    answer = REQUESTS[request](state)
    state.variables["answer"] = answer
    return answer


def missing_protections(answer: Answer) -> list[str]:
    """The browser protections an answer lacks (content sniffing, framing, referrer leaks)."""
    headers = answer.headers
    missing = []
    if headers.get("x-content-type-options", "").lower() != "nosniff":
        missing.append("X-Content-Type-Options: nosniff")
    frame_ancestors = "frame-ancestors 'none'" in headers.get("content-security-policy", "")
    if headers.get("x-frame-options", "").upper() not in ("DENY", "SAMEORIGIN") and not frame_ancestors:
        missing.append("X-Frame-Options or CSP frame-ancestors")
    if headers.get("referrer-policy", "") not in ("no-referrer", "same-origin", "strict-origin",
                                                  "strict-origin-when-cross-origin"):
        missing.append("a strict Referrer-Policy")
    return missing


def browser_asks_to_call(state: ScenarioState, site: str) -> Answer:
    """The CORS preflight a browser sends before a page on ``site`` ("the ticket shop" or "another site")
    may POST to the GraphQL API with a token: an OPTIONS request, so read-only and production-safe."""
    origin = state.session.settings.platform.web_origin if site == "the ticket shop" else ANOTHER_SITE
    preflight = answer(state.session.graphql.transport, "OPTIONS", "", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    state.variables["browser origin"], state.variables["answer"] = origin, preflight
    return preflight


def browser_may_call(answer: Answer, origin: str) -> bool:
    """Whether a browser on ``origin`` would go on to call the API after this preflight answer (the Fetch
    standard's CORS check: a 2xx answer naming that origin, or ``*``, which a token-carrying API must not send)."""
    allowed = answer.headers.get("access-control-allow-origin", "")
    return answer.status is not None and 200 <= answer.status < 300 and allowed in (origin, "*")


def hsts_max_age(answer: Answer) -> int | None:
    """Seconds a browser must keep to HTTPS (Strict-Transport-Security max-age); None when not sent."""
    for directive in answer.headers.get("strict-transport-security", "").split(";"):
        name, _, value = directive.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return int(value)
    return None


def retry_after_seconds(answers: list[Answer]) -> list[str]:
    """The Retry-After header of every answer refused with HTTP 429 (as sent)."""
    return [a.headers.get("retry-after", "") for a in answers if a.status == 429]


# -- platforms started for one check ---------------------------------------------------------------
@contextmanager
def extra_platform(options: PlatformOptions) -> Iterator[tuple[str, Path | None]]:
    """A second platform process on the local stack's databases, and its CA file when on TLS."""
    stack = LocalStack()
    tls_folder: Path | None = None
    try:
        with stack.extra_platform(options) as url:
            tls_folder = stack.home / f"tls-{urlsplit(url).port}" if options.tls else None
            yield url, tls_folder / "ca.pem" if tls_folder else None
    finally:
        if tls_folder is not None:  # a throw-away CA and server key: leave no private key behind
            shutil.rmtree(tls_folder, ignore_errors=True)


def transport_to(url: str, *, verify: bool | str) -> HttpTransport:
    return HttpTransport("guarded-platform", url, retry=RetryPolicy(max_attempts=1),
                         options=TransportOptions(verify=verify, breaker_fail_max=1_000))


def burst(state: ScenarioState, count: int, *, per_second: float, burst_size: int) -> dict[str, list[Answer]]:
    """``count`` requests in a row from one client to a platform limited to ``burst_size`` at once
    and ``per_second`` after, then one request from another client."""
    options = PlatformOptions(rate_limit_per_second=per_second, rate_limit_burst=burst_size)
    with extra_platform(options) as (url, _):
        transport = transport_to(url, verify=True)
        try:
            first = [answer(transport, "GET", "/v1/venues", headers=_bearer(state, "analyst")) for _ in range(count)]
            other = [answer(transport, "GET", "/v1/venues", headers=_bearer(state, "ops"))]
        finally:
            transport.close()
    result = {"client": first, "other client": other}
    state.variables["burst"] = result
    return result


def connect_over_tls(state: ScenarioState) -> dict[str, Answer]:
    """A platform served over HTTPS, reached by a client trusting the local CA and by one that does not;
    its TLS handshakes are examined too (state "tls report")."""
    with extra_platform(PlatformOptions(tls=True)) as (url, ca_file):
        state.variables["tls report"] = tls_probe.probe(url, ca_file)
        answers = {}
        for client, verify in (("trusting", str(ca_file)), ("untrusting", True)):
            transport = transport_to(url, verify=verify)
            try:
                answers[client] = answer(transport, "GET", "/health")
            finally:
                transport.close()
    state.variables["tls"] = answers
    return answers


def allowed_methods(state: ScenarioState) -> str:
    """The Allow header of the last generic REST answer, methods sorted ("GET, POST"); "" when absent."""
    from support.journeys.api import last_response

    response = last_response(state).rest
    header = response.headers.get("Allow", "") if response is not None else ""
    return ", ".join(sorted(m.strip().upper() for m in header.split(",") if m.strip()))

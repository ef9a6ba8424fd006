"""The platform's ASGI application: REST v1, GraphQL, health, and the middleware stack."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Match

from sandbox.db import Databases
from sandbox.errors import Forbidden, InvalidInput, NotFound, PayloadTooLarge, PlatformError
from sandbox.security import audit
from sandbox.security.middleware import (
    BodySizeLimitMiddleware,
    FaultInjectionMiddleware,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
)
from sandbox.security.revocation import TokenVersions
from sandbox.security.throttle import LoginThrottle
from sandbox.security.tokens import TokenService, load_or_create_private_key
from sandbox.settings import SandboxSettings, get_settings

log = logging.getLogger("sandbox")
PROBLEM = "application/problem+json"


def problem_response(error: PlatformError, request: Request, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if "retry_after" in error.extra:
        headers["Retry-After"] = str(error.extra["retry_after"])
    return JSONResponse(error.problem(instance=request.url.path), status_code=error.status, media_type=PROBLEM, headers=headers)


def _validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        error = InvalidInput("the request body is not valid JSON", field="body")
        error.status = 400
        return problem_response(error, request)
    fields = [
        {"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path")) or "body",
         "message": e.get("msg", "invalid")}
        for e in errors
    ]
    first = fields[0] if fields else {"field": "body", "message": "invalid"}
    error = InvalidInput(f"{first['field']}: {first['message']}", field=first["field"])
    body = error.problem(instance=request.url.path)
    body["errors"] = fields
    return JSONResponse(body, status_code=422, media_type=PROBLEM)


def _leaf_routes(routes: list[Any]) -> Iterator[Any]:
    """Routes with methods, looking inside included routers (FastAPI keeps them nested)."""
    for route in routes:
        nested = getattr(route, "effective_candidates", None)
        if nested is not None:
            candidates = nested() if callable(nested) else nested
            yield from _leaf_routes([c[0] if isinstance(c, tuple) else c for c in candidates])
        elif hasattr(route, "routes"):
            yield from _leaf_routes(list(route.routes))
        else:
            yield route


def _allowed_methods(app: FastAPI, request: Request, said: str) -> str:
    """Every method some route answers on this path (each route here has one), else what the router said."""
    methods: set[str] = set()
    for route in _leaf_routes(list(app.router.routes)):
        match, _ = route.matches({**request.scope, "method": "GET"})
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods)) or said


async def _expiry_sweeper(app: FastAPI, every: float) -> None:
    """Turns ACTIVE locks past their TTL into EXPIRED and frees their seats (rule 2)."""
    from sandbox.services.reservations import expire_locks

    while True:
        try:
            await expire_locks(app.state.db)
        except Exception:  # keep sweeping; a failed pass is retried on the next tick
            log.exception("lock expiry sweep failed")
        await asyncio.sleep(every)


def create_app(settings: SandboxSettings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = await Databases.open(settings)
        sweeper = asyncio.create_task(_expiry_sweeper(app, settings.expiry_sweep_seconds))
        try:
            yield
        finally:
            sweeper.cancel()
            await app.state.db.close()

    app = FastAPI(
        title="Jump platform (reference sandbox)",
        version="1.0.0",
        description="Reference implementation of Jump's ticketing platform: management REST API v1. "
        "Fan journeys use the GraphQL API at POST /graphql.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.tokens = TokenService(
        load_or_create_private_key(settings.jwt_private_key_file),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=settings.token_ttl_seconds,
    )
    app.state.token_versions = TokenVersions(cache_seconds=settings.token_version_cache_seconds)
    app.state.login_throttle = LoginThrottle(
        per_account=settings.login_max_failures_per_account,
        per_client=settings.login_max_failures_per_client,
        window_seconds=settings.login_failure_window_seconds,
    )

    @app.exception_handler(PlatformError)
    async def platform_error(request: Request, exc: PlatformError) -> JSONResponse:
        if isinstance(exc, Forbidden):
            await audit.access_denied(request, f"{request.method} {request.url.path}")
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_problem(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return problem_response(NotFound(f"no resource at {request.url.path}"), request)
        if exc.status_code == 413:
            return problem_response(PayloadTooLarge(str(exc.detail)), request)
        error = PlatformError(str(exc.detail))
        error.status, error.code, error.title = exc.status_code, "HTTP_ERROR", str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # Allow names every method of the path (RFC 9110 15.5.6), not one route's
            headers["Allow"] = _allowed_methods(app, request, headers.get("Allow", ""))
        return problem_response(error, request, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(PlatformError("unexpected server error; see the platform log"), request)

    @app.get("/health", tags=["health"], summary="Liveness and database reachability", operation_id="getHealth")
    async def health() -> dict[str, object]:
        db: Databases = app.state.db
        checks = {}
        for name, pool in (("events", db.events), ("inventory", db.inventory)):
            try:
                await pool.fetchval("SELECT 1")
                checks[name] = "ok"
            except Exception as exc:  # report, don't crash: health must always answer
                checks[name] = f"error: {type(exc).__name__}"
        status = "ok" if all(v == "ok" for v in checks.values()) else "degraded"
        return {"status": status, "databases": checks, "version": app.version}

    from sandbox.graphql.router import build_graphql_router
    from sandbox.rest import ROUTERS, install_openapi

    # GraphQL first: it is the busiest route, and routes are matched in order
    app.include_router(build_graphql_router(settings), prefix="/graphql", include_in_schema=False)
    for router in ROUTERS:
        app.include_router(router)
    install_openapi(app)

    # outermost first: headers wrap everything, then faults, then rate limiting, then the body size
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimitMiddleware, per_second=settings.rate_limit_per_second, burst=settings.rate_limit_burst,
                       tokens=app.state.tokens)
    app.add_middleware(FaultInjectionMiddleware, error_rate=settings.fault_503_rate, latency_ms=settings.fault_latency_ms, seed=settings.fault_seed,
                       latency_path=settings.fault_latency_path)
    # CORS inside the headers: preflight answers carry the security headers too
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_allowed_origins, allow_credentials=False,
                       allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                       allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.add_middleware(SecurityHeadersMiddleware, tls=settings.tls_enabled)
    return app

"""Domain errors of the platform, shared by the REST and GraphQL layers.

Tree (each class carries a stable ``code`` used as the GraphQL ``extensions.code`` and as the
last segment of the REST problem ``type``, and the HTTP status the REST layer answers with):

    PlatformError                      500 INTERNAL
    ├── Unauthenticated                401 UNAUTHENTICATED   missing, expired, tampered token
    ├── Forbidden                      403 FORBIDDEN         valid token, role not allowed
    ├── NotFound                       404 NOT_FOUND
    ├── InvalidInput                   422 BAD_USER_INPUT    names the field
    ├── Conflict                       409 CONFLICT          unique or state conflict
    │   ├── SeatsUnavailable           409 SEATS_UNAVAILABLE not enough AVAILABLE seats
    │   ├── EventNotOnSale             409 EVENT_NOT_ON_SALE draft, cancelled, completed
    │   ├── ReservationExpired         409 RESERVATION_EXPIRED lock past TTL or not ACTIVE
    │   └── LimitExceeded              409 LIMIT_EXCEEDED    max tickets per fan
    ├── OfferNotAvailable              403 OFFER_NOT_AVAILABLE outside window, not for this fan
    ├── AccessCodeInvalid              403 ACCESS_CODE_INVALID wrong or used-up code
    ├── PaymentDeclined                402 PAYMENT_DECLINED
    ├── PayloadTooLarge                413 PAYLOAD_TOO_LARGE request body over the limit
    ├── RateLimited                    429 RATE_LIMITED      carries retry_after seconds
    └── ServiceUnavailable             503 SERVICE_UNAVAILABLE injected fault
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://jump.test/problems/"


class PlatformError(Exception):
    status: int = 500
    code: str = "INTERNAL"
    title: str = "Internal error"

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.extra = extra

    @property
    def type_uri(self) -> str:
        return PROBLEM_BASE + self.code.lower().replace("_", "-")

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 problem document for this error."""
        body: dict[str, Any] = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.field:
            body["errors"] = [{"field": self.field, "message": self.detail}]
        body.update(self.extra)
        return body

    def graphql_extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": self.code}
        if self.field:
            ext["field"] = self.field
        ext.update(self.extra)
        return ext


class Unauthenticated(PlatformError):
    status, code, title = 401, "UNAUTHENTICATED", "Authentication required"


class Forbidden(PlatformError):
    status, code, title = 403, "FORBIDDEN", "Not allowed for this role"


class NotFound(PlatformError):
    status, code, title = 404, "NOT_FOUND", "Not found"


class InvalidInput(PlatformError):
    status, code, title = 422, "BAD_USER_INPUT", "Invalid input"


class Conflict(PlatformError):
    status, code, title = 409, "CONFLICT", "Conflict"


class SeatsUnavailable(Conflict):
    code, title = "SEATS_UNAVAILABLE", "Not enough seats available"


class EventNotOnSale(Conflict):
    code, title = "EVENT_NOT_ON_SALE", "Event is not on sale"


class ReservationExpired(Conflict):
    code, title = "RESERVATION_EXPIRED", "Reservation is no longer active"


class LimitExceeded(Conflict):
    code, title = "LIMIT_EXCEEDED", "Ticket limit per fan exceeded"


class OfferNotAvailable(PlatformError):
    status, code, title = 403, "OFFER_NOT_AVAILABLE", "Offer not available"


class AccessCodeInvalid(PlatformError):
    status, code, title = 403, "ACCESS_CODE_INVALID", "Access code invalid"


class PaymentDeclined(PlatformError):
    status, code, title = 402, "PAYMENT_DECLINED", "Payment declined"


class PayloadTooLarge(PlatformError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Request body too large"


class RateLimited(PlatformError):
    status, code, title = 429, "RATE_LIMITED", "Too many requests"


class ServiceUnavailable(PlatformError):
    status, code, title = 503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable"

"""Input checks shared by the services: a bad value is a 422 naming the field, never a 500."""

from __future__ import annotations

import uuid

from sandbox.errors import InvalidInput


def parse_uuid(value: object, field: str) -> uuid.UUID:
    """Ids arrive as strings from GraphQL/REST; a malformed one must not reach PostgreSQL."""
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or len(value) > 64:
        raise InvalidInput(f"{field} must be a UUID", field=field)
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInput(f"{field} must be a UUID, got {value[:40]!r}", field=field) from None


def optional_uuid(value: object | None, field: str) -> uuid.UUID | None:
    return None if value is None else parse_uuid(value, field)


def storable(value: str) -> bool:
    """PostgreSQL text holds neither NUL nor lone surrogates: such input must not reach it."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(value: str | None, field: str, *, max_length: int, min_length: int = 1) -> str | None:
    """Length limits mirror the schema's CHECKs so oversized input is refused, not a DB error."""
    if value is None:
        return None
    if not min_length <= len(value) <= max_length:
        raise InvalidInput(f"{field} must be {min_length} to {max_length} characters long", field=field)
    if not storable(value):
        raise InvalidInput(f"{field} contains characters that cannot be stored", field=field)
    return value


def check_range(value: int, field: str, *, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InvalidInput(f"{field} must be between {low} and {high}, got {value}", field=field)
    return value

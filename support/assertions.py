"""Named assertions for Then steps: each failure says what was expected, what came back, where to look."""

from __future__ import annotations

from typing import Any

from support.errors import ApiError


class ExpectationFailed(AssertionError):
    """A business expectation did not hold (a product defect unless the data was wrong)."""


def _where(error: ApiError | None) -> str:
    if error is None:
        return ""
    rid = f" (request id {error.request_id})" if error.request_id else ""
    return f"; the platform answered: {error}{rid}"


def expect_equal(what: str, actual: Any, expected: Any, *, error: ApiError | None = None) -> None:
    if actual != expected:
        raise ExpectationFailed(f"{what}: expected {expected!r}, got {actual!r}{_where(error)}")


def expect_true(what: str, condition: bool, detail: str = "") -> None:
    if not condition:
        raise ExpectationFailed(f"{what}{': ' + detail if detail else ''}")


def expect_error(what: str, error: ApiError | None, *codes: str) -> None:
    """The last attempt failed with one of ``codes`` (GraphQL extensions.code or problem code)."""
    if error is None:
        raise ExpectationFailed(f"{what}: expected the platform to refuse with {' or '.join(codes)}, but it accepted")
    code = getattr(error, "code", None)
    if code not in codes:
        raise ExpectationFailed(f"{what}: expected {' or '.join(codes)}, got {code}: {error}")


def expect_no_error(what: str, error: ApiError | None) -> None:
    if error is not None:
        raise ExpectationFailed(f"{what}: the platform refused{_where(error)}")


def money(cents: int) -> str:
    """Cents as the dollars a business reader writes: 11800 -> $118.00."""
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def expect_invalid_field(what: str, error: ApiError | None, field: str) -> None:
    """The last attempt was refused as invalid input, and the refusal names ``field`` (REST errors[] or GraphQL extensions)."""
    expect_error(what, error, "BAD_USER_INPUT")
    named = list(getattr(error, "fields", None) or [])
    for entry in getattr(error, "errors", None) or []:
        if isinstance(entry, dict) and (entry.get("extensions") or {}).get("field"):
            named.append(str(entry["extensions"]["field"]))
    if field not in named:
        raise ExpectationFailed(f"{what}: expected the refusal to name the field {field!r}, it named {named}: {error}")


def expect_no_differences(what: str, differences: list[str]) -> None:
    """Every field came back as it was sent (``differences`` lists the ones that did not)."""
    if differences:
        raise ExpectationFailed(f"{what}: " + "; ".join(differences))


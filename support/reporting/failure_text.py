"""Failure messages for people: what was expected and what happened first, the Python detail below.

Why: a business analyst reading the Allure report, the JUnit widget or the console should not
have to decode ``support.assertions.ExpectationFailed:`` or ``psycopg2.errors.UniqueViolation:``
before the sentence that matters. The worker's event stream (support/run/worker_stream.py) carries
a failure as its ``headline`` (the message: Allure's message, the JUnit failure's message, the
console's FAILED line, failures.json) and its ``technical`` line above the traceback (the detail:
Allure's trace, the JUnit failure's text), masked like everything else that is written (an
assertion may quote the personal data or token it got); the compact behave output shows both:

    order 4711 total: expected '$118.00', got '$120.00'

    technical: support.assertions.ExpectationFailed: order 4711 total: expected '$118.00', got '$120.00'

The headline names what the failure means (the platform broke its contract, a database could not
be reached...) before the exception's own first line; support/reporting/categories.py reads it.
"""

from __future__ import annotations

from typing import Any

import psycopg2
import requests

from support import errors
from support.assertions import ExpectationFailed
from support.clients.masking import mask_text

TECHNICAL = "technical: "

# (exception type, what it means in business words), the first isinstance match wins: most specific first
_MEANINGS: list[tuple[type[BaseException] | tuple[type[BaseException], ...], str]] = [
    (ExpectationFailed, ""),  # its text already says what was expected and what happened
    (AssertionError, "An expectation did not hold"),
    (errors.ContractViolation, "The platform's answer broke its API contract"),
    (errors.AuthenticationFailed, "The platform refused the credentials"),
    (errors.ApiError, "The platform refused the request"),
    (errors.PlatformUnreachable, "The platform could not be reached"),
    ((errors.DatabaseUnreachable, psycopg2.OperationalError, psycopg2.InterfaceError), "A database could not be reached"),
    (errors.EnvironmentUnreachable, "Something the run needs could not be reached"),
    ((requests.ConnectionError, requests.Timeout), "The platform could not be reached"),
    (errors.ReadOnlyRefused, "A write was refused: this environment is read-only"),
    (psycopg2.IntegrityError, "The database refused the data (a constraint did not allow it)"),
    ((psycopg2.Error, errors.DatabaseError), "A database statement failed"),
    (errors.DataSetupError, "The test data could not be set up"),
    (errors.GherkinDataError, "The step could not use the data it was given"),
    (errors.JumpError, "The step could not be carried out"),
]
UNEXPECTED = "The step stopped on an unexpected error in the test code"


def class_path(exc: BaseException) -> str:
    cls = type(exc)
    return cls.__qualname__ if cls.__module__ in ("builtins", "__main__") else f"{cls.__module__}.{cls.__qualname__}"


def _text(exc: BaseException) -> str:
    """The exception's text masked: an assertion may quote the value it got, a fan's e-mail or phone number, a token."""
    return mask_text(str(exc).strip())


def headline(exc: BaseException) -> str:
    """One line in business words: the meaning of the failure, then its own first line."""
    lines = [line.strip().lstrip("-* ").strip() for line in _text(exc).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if first.endswith(":") and len(lines) > 1:  # "X differs from Y:" + a list: the list is the point
        first = f"{first} {'; '.join(lines[1:4])}" + ("; ..." if len(lines) > 4 else "")
    meaning = next((m for kinds, m in _MEANINGS if isinstance(exc, kinds)), UNEXPECTED)
    if not meaning:
        return first or "An expectation did not hold"
    return f"{meaning}: {first}" if first else meaning


def technical(exc: BaseException) -> str:
    """``technical: <module.Class>: <the exception's full text>``: the line below the headline."""
    text = _text(exc)
    return f"{TECHNICAL}{class_path(exc)}" + (f": {text}" if text else "")


def business_message(exc: BaseException) -> str:
    """The headline, a blank line, then the technical line."""
    return f"{headline(exc)}\n\n{technical(exc)}"


def of_step(step: Any) -> str:
    """The message of a failed behave step: from its exception when it has one, else behave's own text."""
    exception = getattr(step, "exception", None)
    if isinstance(exception, BaseException):
        return business_message(exception)
    return mask_text(str(getattr(step, "error_message", "") or "").strip())

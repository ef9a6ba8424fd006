"""Masks credentials, tokens, card data and personal data before anything reaches a log, report or attachment.

Secrets (passwords, tokens, JWTs) become ``********``. Personal data (PII) is masked so the report
stays readable: ``m***@example.com``, a phone's last two digits, an access code's last two characters,
a card number's last four. Which PII kinds are masked is ``reporting.mask_pii`` (all four by default,
set by :func:`configure_pii` at start-up). Only what is *written* is masked: the clients mask the
copy of an exchange the reports get, and steps keep comparing the real values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

MASK = "********"
SENSITIVE_HEADERS = {"authorization", "cookie", "set-cookie", "x-api-key", "x-vault-token", "proxy-authorization"}
# availabilityToken is a reservation handle, not a credential: it stays readable for debugging.
SENSITIVE_KEY = re.compile(
    r"^(.*pass(word)?|.*secret|(access|refresh|id|bearer)?_?token|authorization|.*api_?key|payment_?token|"
    r"card_?number|pan|cvv|cvc|password_?hash)$",
    re.IGNORECASE,
)
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")

# Known secret values (resolved passwords, tokens) registered at run time, scrubbed from any text.
_known_secrets: set[str] = set()

PiiKind = Literal["email", "phone", "access_code", "card_number"]
PII_KINDS: tuple[PiiKind, ...] = ("email", "phone", "access_code", "card_number")
EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
# +1-555-123-4567, 001-555-123-4567x89, (555) 123-4567, 555.123.4567, +4915112345678; not dates, ids or amounts
PHONE = re.compile(r"(?<![\w+.-])(?:(?:\+|00)\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?:\s?x\d{1,5})?(?![\w-])"
                   r"|(?<![\w+])\+\d{8,15}(?!\w)")
# 13-19 digits, optionally grouped by single spaces or dashes, starting like a real card (2-6); Luhn-checked below
CARD = re.compile(r"(?<![\w+-])[2-6](?:[ -]?\d){12,18}(?![\w-])")
ACCESS_CODE_KEY = re.compile(r"^(access|presale)_?code$", re.IGNORECASE)
_pii: set[PiiKind] = set(PII_KINDS)
_known_codes: set[str] = set()  # access codes the scenarios use, masked wherever they appear in text


def register_secret(value: str | None) -> None:
    if value and len(value) >= 4:
        _known_secrets.add(value)


def configure_pii(kinds: Iterable[str]) -> None:
    """Which PII kinds reports and logs mask (``reporting.mask_pii``); unknown names are refused by the settings model."""
    _pii.clear()
    _pii.update(k for k in kinds if k in PII_KINDS)  # type: ignore[misc]


def register_access_code(value: str | None) -> None:
    """An access code a scenario uses: masked in any text from now on (it has no recognisable shape of its own)."""
    if value and len(value) >= 3:
        _known_codes.add(value)


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def mask_email(match: re.Match[str]) -> str:
    return f"{match.group(1)}***@{match.group(2)}"


def mask_phone(match: re.Match[str]) -> str:
    """Every digit but the number's last two becomes ``*`` (an extension's too); the shape (+, brackets, dashes) stays."""
    number, x, extension = match.group(0).partition("x")
    keep = [i for i, ch in enumerate(number) if ch.isdigit()][-2:]
    masked = "".join("*" if ch.isdigit() and i not in keep else ch for i, ch in enumerate(number))
    return masked + x + re.sub(r"\d", "*", extension)


def mask_card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
        return match.group(0)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_code(value: str) -> str:
    return "****" + (value[-2:] if len(value) > 6 else "")


_TEXT_MASKS: dict[PiiKind, Callable[[str], str]] = {
    "email": lambda t: EMAIL.sub(mask_email, t),
    "card_number": lambda t: CARD.sub(mask_card, t),  # before phones: a grouped PAN is not a phone number
    "phone": lambda t: PHONE.sub(mask_phone, t),
}


def mask_pii(text: str) -> str:
    """The configured PII kinds masked in free text."""
    if "access_code" in _pii:
        for code in sorted(_known_codes, key=len, reverse=True):
            text = text.replace(code, mask_code(code))
    for kind in ("email", "card_number", "phone"):
        if kind in _pii and (kind != "email" or "@" in text):
            text = _TEXT_MASKS[kind](text)
    return text


def mask_text(text: str) -> str:
    for secret in sorted(_known_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return mask_pii(JWT.sub(MASK, text))


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: (MASK if k.lower() in SENSITIVE_HEADERS else mask_text(v)) for k, v in headers.items()}


def mask_data(data: Any) -> Any:
    """A copy of a JSON-like value with sensitive keys' values and embedded secrets masked."""
    if isinstance(data, dict):
        return {k: _mask_entry(k, v) for k, v in data.items()}
    if isinstance(data, list):
        return [mask_data(item) for item in data]
    if isinstance(data, str):
        return mask_text(data)
    return data


def _mask_entry(key: Any, value: Any) -> Any:
    if isinstance(key, str) and value is not None:
        if SENSITIVE_KEY.match(key):
            return MASK
        if "access_code" in _pii and isinstance(value, str) and ACCESS_CODE_KEY.match(key):
            return mask_code(value)
    return mask_data(value)

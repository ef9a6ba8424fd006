"""Masks credentials, tokens and card data before anything reaches a log, report or attachment."""

from __future__ import annotations

import re
from typing import Any

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


def register_secret(value: str | None) -> None:
    if value and len(value) >= 4:
        _known_secrets.add(value)


def mask_text(text: str) -> str:
    for secret in sorted(_known_secrets, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return JWT.sub(MASK, text)


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    return {k: (MASK if k.lower() in SENSITIVE_HEADERS else mask_text(v)) for k, v in headers.items()}


def mask_data(data: Any) -> Any:
    """A copy of a JSON-like value with sensitive keys' values and embedded secrets masked."""
    if isinstance(data, dict):
        return {k: (MASK if isinstance(k, str) and SENSITIVE_KEY.match(k) and v is not None else mask_data(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [mask_data(item) for item in data]
    if isinstance(data, str):
        return mask_text(data)
    return data

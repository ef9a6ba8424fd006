"""Configuration errors (ConfigError is in the tree of support/errors.py) and the translation of pydantic errors.

Every configuration failure ends up as a single line that names the key and where its value came
from, because that is what a QA engineer needs to fix it: the CLI prints it and exits 2.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from support.clients.masking import MASK
from support.errors import CONFIG_PREFIX as PREFIX
from support.errors import ConfigError

__all__ = ["PREFIX", "ConfigError", "from_validation", "hide_url_password", "invalid", "show"]
SECRET_PARTS = frozenset({"password", "token", "key", "client_secret", "secret", "api_key", "webhook_url"})
_URL_PASSWORD = re.compile(r"(://[^/:@\s]+:)[^/@\s]+@")


def hide_url_password(text: str) -> str:
    """``postgresql://qa:pw@db/x`` -> ``postgresql://qa:********@db/x``: DSNs may carry passwords."""
    return _URL_PASSWORD.sub(rf"\g<1>{MASK}@", text)


def show(key: str, value: Any) -> str:
    """A value as messages quote it: secrets never appear, references do (they are not secret).

    A table (an auth provider's) is shown key by key, so a wrong one never prints its secrets."""
    raw = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    if isinstance(raw, Mapping):
        return "{" + ", ".join(f"{k!r}: {show(f'{key}.{k}', v)}" for k, v in raw.items()) + "}"
    secret = key.rsplit(".", 1)[-1] in SECRET_PARTS or ".headers." in key
    if secret and not str(raw).startswith(("env:", "vault:")):
        return repr(MASK)
    return hide_url_password(repr(raw))


def _invalid_text(key: str, value: Any, source: str, reason: str) -> str:
    return f"{key} = {show(key, value)} in {source}: {reason}"


def invalid(key: str, value: Any, source: str, reason: str) -> ConfigError:
    """A value that is present but wrong: ``<key> = <value> in <source>: <reason>``."""
    return ConfigError(_invalid_text(key, value, source, reason))


def _dotted(loc: tuple[int | str, ...], data: Mapping[str, Any], missing: bool) -> str:
    """The user's key for an error location, dropping pydantic's own parts (``[key]``, union tags)."""
    parts: list[str] = []
    node: Any = data
    for index, part in enumerate(loc):
        if isinstance(node, Mapping) and part in node:
            parts.append(str(part))
            node = node[part]
        elif missing and index == len(loc) - 1:
            parts.append(str(part))
    return ".".join(parts)


def _reason(error: ErrorDetails) -> str:
    message = error["msg"].removeprefix("Value error, ")
    return message[:1].lower() + message[1:] if message[1:2].islower() else message  # keep "TLS ..."


def from_validation(
    exc: ValidationError, data: Mapping[str, Any], locate: Callable[[str, bool], str]
) -> ConfigError:
    """The first error of ``exc`` as a ConfigError; ``locate(key, missing)`` names the source."""
    errors = exc.errors()
    error = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    ctx = error.get("ctx") or {}
    if error["type"] == "unsafe_value":
        key = str(ctx["key"])
        return ConfigError(_invalid_text(key, ctx["value"], locate(key, False), _reason(error)) + more)
    missing = error["type"] == "missing"
    key = _dotted(error["loc"], data, missing)
    if missing:
        return ConfigError(f"{key} is missing in {locate(key, True)}{more}")
    if error["type"] == "extra_forbidden":
        return ConfigError(f"{key} is not a known key in {locate(key, False)}{more}")
    return ConfigError(_invalid_text(key, error["input"], locate(key, False), _reason(error)) + more)

"""Value types of the settings: URLs and DSNs that may be "auto", link patterns.

Each keeps the string as written (clients and messages show what the user typed) and fails with a
one-phrase reason that ConfigError can quote after the key.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, AnyHttpUrl, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

AUTO = "auto"
"""Take this value from the running local stack (see ``support.config.local.resolve_auto``)."""

_HTTP_URL = TypeAdapter(AnyHttpUrl)


def _http_url(value: str) -> str:
    """Validates like AnyHttpUrl but keeps the string as written (no added trailing slash)."""
    _HTTP_URL.validate_python(value)
    return value


def _url_or_auto(value: str) -> str:
    try:
        return value if value == AUTO else _http_url(value)
    except ValidationError:
        raise PydanticCustomError("url_or_auto", "input should be an http(s) URL or 'auto'") from None


def _dsn_or_auto(value: str) -> str:
    if value != AUTO and not value.startswith(("postgresql://", "postgres://")):
        raise PydanticCustomError("dsn_or_auto", "input should be a postgresql:// DSN or 'auto'")
    return value


def _url_pattern(value: str | None) -> str | None:
    if value is not None and "{}" not in value:
        raise PydanticCustomError("url_pattern", "input should contain {} where the id goes")
    return value


UrlOrAuto = Annotated[str, AfterValidator(_url_or_auto)]
DsnOrAuto = Annotated[str, AfterValidator(_dsn_or_auto)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
UrlPattern = Annotated[str | None, AfterValidator(_url_pattern)]

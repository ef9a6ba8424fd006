"""The one place a DSN and a database password meet (kept free of heavy imports: the CLI's quick
commands such as ``test:history`` use it without loading the clients)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit


def with_password(dsn: str, password: str | None) -> str:
    """Adds the configured password to a DSN that carries none (URL form only)."""
    if not password or not dsn.startswith(("postgresql://", "postgres://")):
        return dsn
    parts = urlsplit(dsn)
    if parts.password or not parts.username:
        return dsn
    netloc = f"{parts.username}:{quote(password, safe='')}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))

"""The results history of an environment's settings: its database, password resolved.

Separate from support/run/outcome.py so that ``./jump test:history`` reaches the store without
importing the run engine, the clients and the factories (issue 10: under 2 s with 1M results).
"""

from __future__ import annotations

from support.config import FrameworkSettings, SecretResolver
from support.db.dsn import with_password
from support.results.store import HistoryStore


def history_store(settings: FrameworkSettings) -> HistoryStore:
    password = None
    if settings.databases.password:
        password = SecretResolver(settings).resolve("databases.password").get_secret_value()
    return HistoryStore(with_password(str(settings.databases.results), password))

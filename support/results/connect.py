"""The results history of an environment's settings: its database, password resolved.

Separate from support/run/outcome.py so that ``./jump test:history`` reaches the store without
importing the run engine, the clients and the factories (issue 10: under 2 s with 1M results).
The results database is optional: without one the history is off (runs are not recorded, the
history commands say so in one line) and the test-data ledger lives in a file (data_factories/ledger_store.py).
"""

from __future__ import annotations

from support.config import ConfigError, FrameworkSettings, SecretResolver
from support.db.dsn import with_password
from support.results.store import HistoryStore


def has_history(settings: FrameworkSettings) -> bool:
    return bool(settings.databases.results)


def history_off(settings: FrameworkSettings) -> str:
    """The one note a run prints when the environment keeps no history."""
    return (f"history off: no results database configured for environment {settings.environment} (databases.results): "
            "this run is not recorded for test:history, the dashboard or the trends; "
            f"its test data is tracked in .jump/test-data/{settings.environment}.jsonl")


def history_store(settings: FrameworkSettings, purpose: str = "the run history") -> HistoryStore:
    """The environment's history; a ConfigError (one line, exit 2) naming ``purpose`` when it has none."""
    if not has_history(settings):
        raise ConfigError(f"history off: environment {settings.environment} has no results database (databases.results), "
                          f"so there is no {purpose}: set databases.results to a PostgreSQL DSN to keep one")
    password = None
    if settings.databases.password:
        password = SecretResolver(settings).resolve("databases.password").get_secret_value()
    return HistoryStore(with_password(str(settings.databases.results), password))

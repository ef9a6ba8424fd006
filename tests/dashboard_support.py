"""A real dashboard for tests: served by uvicorn on a free loopback port, on a schema of its own in the
results database (dropped afterwards), with one account per role. Used by tests/framework and tests/e2e."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests

from support.config import load_settings
from support.dashboard.accounts import Accounts
from support.dashboard.app import create_app
from support.dashboard.config import DashboardConfig
from support.dashboard.db import Database
from support.dashboard.server import in_background

REPO = Path(__file__).resolve().parents[1]
PASSWORDS = {"admin": "admin-password-1", "runner": "runner-password-1", "viewer": "viewer-password-1"}
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class RunningDashboard:
    url: str
    db: Database
    schema: str
    repo: Path
    app: object = field(repr=False, default=None)

    def sign_in(self, name: str, password: str | None = None) -> requests.Session:
        """A requests session signed in as ``name`` (an account of the fixture: admin, runner, viewer)."""
        http = requests.Session()
        page = http.get(f"{self.url}/login", timeout=10)
        token = CSRF_FIELD.search(page.text).group(1)  # type: ignore[union-attr]
        answer = http.post(f"{self.url}/login", data={"csrf": token, "name": name, "password": password or PASSWORDS[name]},
                           timeout=10, allow_redirects=False)
        assert answer.status_code == 303, answer.text
        return http

    def csrf(self, http: requests.Session, path: str = "/") -> str:
        return CSRF_FIELD.search(http.get(f"{self.url}{path}", timeout=10).text).group(1)  # type: ignore[union-attr]


@contextmanager
def running_dashboard(dsn: str, *, repo: Path = REPO, idle_minutes: int = 30) -> Iterator[RunningDashboard]:
    schema = f"test_dashboard_{secrets.token_hex(4)}"
    settings = load_settings("local")
    db = Database(dsn, schema=schema, max_connections=24)
    try:
        db.migrate()
        accounts = Accounts(db)
        for role, password in PASSWORDS.items():
            accounts.add(role, role, password)
        app = create_app(DashboardConfig(settings=settings, repo=repo, schema_name=schema, idle_minutes=idle_minutes), db)
        with in_background(app) as url:
            yield RunningDashboard(url=url, db=db, schema=schema, repo=repo, app=app)
    finally:
        db.close()
        with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()

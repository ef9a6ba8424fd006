"""A real dashboard for tests: served by uvicorn on a free loopback port, on a schema of its own in the
results database (dropped afterwards), with one account per role. Used by tests/framework and tests/e2e."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2
import requests

from support.config import load_settings
from support.dashboard.accounts import Accounts
from support.dashboard.app import create_app
from support.dashboard.config import DashboardConfig
from support.dashboard.db import Database
from support.dashboard.server import in_background
from support.run.settings_loader import load_for_cli

REPO = Path(__file__).resolve().parents[1]
PASSWORDS = {"admin": "admin-password-1", "runner": "runner-password-1", "viewer": "viewer-password-1"}
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


# -- single sign-on: a real OpenID Connect provider beside the dashboard -------------------------------
SSO_CLIENT_ID, SSO_SECRET_ENV = "jump-dashboard", "JUMP_TEST_SSO_CLIENT_SECRET"
SSO_ACCOUNTS = {  # login name -> claims the provider holds (its devInteractions accept any password)
    "alice@corp.test": {"groups": ["qa-engineers", "qa-leads"]},
    "bob@corp.test": {"groups": ["qa-engineers"]},
    "carol@corp.test": {"groups": ["sales"]},  # no group the dashboard maps: refused
    "admin": {"groups": ["qa-leads"]},  # the name of the local admin account running_dashboard adds
}


@contextmanager
def oidc_provider(workdir: Path, dashboard_port: int) -> Iterator[tuple[str, str]]:
    """(issuer, client secret) of node-oidc-provider on loopback, started by the PostGraphile example's script
    with an authorization-code client whose redirect URL is a dashboard's on ``dashboard_port``; stopped after."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    from support.dashboard.sso import CALLBACK_PATH
    from support.stack.library import rsa_jwk, spawn_oidc_provider, stop_oidc_provider, wait_for_oidc_provider
    from support.stack.postgres import free_port

    port = free_port()
    issuer, secret = f"http://127.0.0.1:{port}", secrets.token_urlsafe(24)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pid = spawn_oidc_provider(workdir, {
        "port": port, "issuer": issuer, "audience": "urn:jump:dashboard", "jwk": rsa_jwk(key, "sso-test"), "clients": [],
        "code_clients": [{"client_id": SSO_CLIENT_ID, "client_secret": secret,
                          "redirect_uris": [f"http://127.0.0.1:{dashboard_port}{CALLBACK_PATH}"],
                          "post_logout_redirect_uris": [f"http://127.0.0.1:{dashboard_port}/login"]}],
        "accounts": SSO_ACCOUNTS, "cookie_key": secrets.token_urlsafe(16)}, REPO / "tools" / "node_modules")
    try:
        wait_for_oidc_provider(issuer, pid, workdir, timeout_s=30)
        yield issuer, secret
    finally:
        stop_oidc_provider(pid)


def sso_overrides(issuer: str) -> dict[str, str]:
    """dashboard.sso for the test provider: Corp ID, qa-engineers -> runner, qa-leads -> admin, others refused."""
    return {"dashboard.sso.enabled": "true", "dashboard.sso.name": "Corp ID", "dashboard.sso.issuer": issuer,
            "dashboard.sso.client_id": SSO_CLIENT_ID, "dashboard.sso.client_secret": f"env:{SSO_SECRET_ENV}",
            "dashboard.sso.scopes": "openid,email,groups",
            "dashboard.sso.roles.qa-engineers": "runner", "dashboard.sso.roles.qa-leads": "admin"}


@contextmanager
def dashboard_with_sso(dsn: str, workdir: Path, **options: Any) -> Iterator[RunningDashboard]:
    """running_dashboard with single sign-on through a provider of its own (the secret in $JUMP_TEST_SSO_CLIENT_SECRET
    while it runs: the setting is a reference, the secret itself is never in a file or an override)."""
    import os

    from support.stack.postgres import free_port

    port = free_port()
    with oidc_provider(workdir, port) as (issuer, secret):
        os.environ[SSO_SECRET_ENV] = secret
        try:
            with running_dashboard(dsn, overrides=sso_overrides(issuer), port=port, **options) as running:
                running.sso_issuer, running.sso_secret = issuer, secret
                yield running
        finally:
            os.environ.pop(SSO_SECRET_ENV, None)


@dataclass
class RunningDashboard:
    url: str
    db: Database
    schema: str
    repo: Path
    app: object = field(repr=False, default=None)
    serving: ExitStack = field(repr=False, default_factory=ExitStack)
    sso_issuer: str = ""                            # dashboard_with_sso's provider
    sso_secret: str = field(repr=False, default="")

    @contextmanager
    def server_down(self) -> Iterator[None]:
        """The server stops (open WebSockets drop) and comes back on the same port afterwards."""
        port = int(self.url.rsplit(":", 1)[1])
        self.serving.close()
        try:
            yield
        finally:
            self.serving = ExitStack()
            self.serving.enter_context(in_background(self.app, port=port))  # type: ignore[arg-type]

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
def running_dashboard(dsn: str, *, repo: Path = REPO, idle_minutes: int = 30, sample_history: bool = False,
                      config_dir: Path | None = None, overrides: dict[str, str] | None = None,
                      port: int = 0, flows_dir: Path | None = None) -> Iterator[RunningDashboard]:
    """The dashboard on a schema of its own; ``sample_history`` records record_sample_history's runs first.
    ``port`` 0 is a free one; a test that must know the URL beforehand (an SSO redirect URL) picks its own.
    ``flows_dir``: where the flow builder saves (tests use a scratch folder, never features/)."""
    schema = f"test_dashboard_{secrets.token_hex(4)}"
    app: Any = None
    settings = load_for_cli("local", overrides)  # "auto" resolved from the running local stack, as ./jump dashboard does
    db = Database(dsn, schema=schema, max_connections=24)
    try:
        db.migrate()
        accounts = Accounts(db)
        for role, password in PASSWORDS.items():
            accounts.add(role, role, password)
        if sample_history:
            record_sample_history(db)
        app = create_app(DashboardConfig(settings=settings, repo=repo, schema_name=schema, idle_minutes=idle_minutes,
                                         config_dir=config_dir, flows_dir=flows_dir), db)
        running = RunningDashboard(url="", db=db, schema=schema, repo=repo, app=app)
        running.url = running.serving.enter_context(in_background(app, port=port))
        try:
            yield running
        finally:
            running.serving.close()
    finally:
        db.close()
        platform = getattr(app, "state", None) and getattr(app.state, "platform_databases", None)  # the data page's
        if platform is not None:
            platform.close()
        with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


SAMPLE_RUN_ID = "20260101-120000-abc123"
SAMPLE_CASES = [  # (feature, scenario, location) of tests/e2e/sample_run.py's project
    ("Paying for seats", "A fan buys seats", "features/checkout/paying.feature:4"),
    ("Paying for seats", "The order total includes the fees", "features/checkout/paying.feature:10"),
    ("Finding events", "A fan sees what is on sale", "features/discovery/finding.feature:4"),
    ("Finding events", "A fan buys from the listing", "features/discovery/finding.feature:8"),
]


def sample_checkout(root: Path) -> Path:
    """A checkout-like folder whose reports/runs/SAMPLE_RUN_ID/ holds a real run of the sample project
    with its reports built (Allure site, coverage, failures.json); returns the folder."""
    import shutil

    from support.reporting.pipeline import build_reports
    from tests.e2e.sample_run import run_sample

    reports = run_sample(root / "sample")
    build_reports(load_settings("local"), reports)
    folder = root / "reports" / "runs" / SAMPLE_RUN_ID
    folder.parent.mkdir(parents=True)
    shutil.copytree(reports, folder)
    return root


def record_sample_history(db: Database) -> list[str]:
    """Three runs of the sample project in the dashboard's schema, oldest first; the last one is the
    sample run folder's. 'The order total includes the fees' passed in the first run and failed since."""
    import datetime as dt

    from support.results import CaseOutcome, RunRecord, StepOutcome
    from support.results.models import ApiTimingRecord

    now = dt.datetime.now(dt.UTC)
    ids = []
    for number, age_h in enumerate((48, 24, 1)):
        cases = []
        for feature, name, location in SAMPLE_CASES:
            failing = name == "A fan buys from the listing" or (name == "The order total includes the fees" and number > 0)
            status = "failed" if failing else ("flaky" if name == "A fan buys seats" and number == 1 else "passed")
            steps = [StepOutcome(keyword="Given", name="a registered fan", status="passed", duration_s=0.1)]
            if failing:
                steps.append(StepOutcome(keyword="Then", name="the order total is '$118.00'", status="failed", duration_s=0.1))
            cases.append(CaseOutcome(feature=feature, name=name, location=location, status=status, duration_s=1.0 + number,
                                     attempts=2 if status == "flaky" else 1, worker="w1", steps=steps,
                                     error="ExpectationFailed: order 4711 total: expected '$118.00', got '$120.00'" if failing else ""))
        finished = now - dt.timedelta(hours=age_h)
        ids.append(db.history.record(RunRecord(environment="local", git_commit=f"c0ffee{number}", exit_code=1,
                                               run_id=SAMPLE_RUN_ID if number == 2 else "",
                                               started_at=finished - dt.timedelta(seconds=30), finished_at=finished, cases=cases,
                                               api_timings=[ApiTimingRecord(operation="POST /v1/orders", api="rest", count=3, p50_ms=12.5,
                                                                            p95_ms=(100.0, 110.0, 250.0)[number], max_ms=260.0)])))
    return ids


@contextmanager
def dashboard_watching_run(dsn: str, repo: Path, run_id: str) -> Iterator[RunningDashboard]:
    """The dashboard over a scratch project whose reports/runs/ holds one run folder ``run_id`` (the monitor's tests)."""
    (repo / "features").mkdir()
    (repo / "reports" / "runs" / run_id).mkdir(parents=True)
    with running_dashboard(dsn, repo=repo) as running:
        yield running

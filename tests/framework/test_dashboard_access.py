"""Dashboard access (SRS 4.3.1): sign-in, roles, session timeout, CSRF on every action, the audit log,
and accounts from the command line. Against a real dashboard on loopback and the real results database."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from typing import Any

import psycopg2
import pytest
import requests
from fastapi.routing import APIRoute

from support.dashboard.accounts import Accounts
from support.dashboard.audit import AuditLog
from support.dashboard.db import Database
from tests.dashboard_support import REPO, RunningDashboard, running_dashboard


def http_routes(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers; no prefixes are used)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += http_routes(route.original_router.routes)
    return found


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str]) -> Iterator[RunningDashboard]:
    with running_dashboard(dsns["results"]) as running:
        yield running


def test_a_visitor_is_sent_to_sign_in(dash: RunningDashboard) -> None:
    answer = requests.get(f"{dash.url}/users?x=1", timeout=10, allow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/users%3Fx%3D1"


def test_a_wrong_password_is_refused_and_audited(dash: RunningDashboard) -> None:
    http = requests.Session()
    token = dash.csrf(http, "/login")
    answer = http.post(f"{dash.url}/login", data={"csrf": token, "name": "viewer", "password": "not-the-password"}, timeout=10)
    assert answer.status_code == 401 and "not right" in answer.text and "jump_session" not in http.cookies
    entries = dash.app.state.audit.recent(20, "viewer")  # type: ignore[attr-defined]
    assert entries[0].action == "sign-in refused"


def test_passwords_are_stored_as_argon2id_hashes(dash: RunningDashboard) -> None:
    with dash.db.cursor() as cur:
        cur.execute("SELECT password_hash FROM dashboard_users WHERE name = 'admin'")
        stored = cur.fetchone()["password_hash"]
    assert stored.startswith("$argon2id$") and "admin-password-1" not in stored


def test_roles_decide_what_a_user_may_open(dash: RunningDashboard) -> None:
    viewer, admin = dash.sign_in("viewer"), dash.sign_in("admin")
    assert viewer.get(f"{dash.url}/", timeout=10).status_code == 200
    refused = viewer.get(f"{dash.url}/users", timeout=10)
    assert refused.status_code == 403 and "your role (viewer) cannot do this: it needs admin" in refused.text
    assert admin.get(f"{dash.url}/users", timeout=10).status_code == 200
    assert "/users" not in viewer.get(f"{dash.url}/", timeout=10).text  # not offered in the navigation either


def test_every_unsafe_route_refuses_a_request_without_the_csrf_token(dash: RunningDashboard) -> None:
    admin = dash.sign_in("admin")
    other = dash.csrf(dash.sign_in("runner"))  # a real token, but another session's
    posts = [route.path for route in http_routes(dash.app.routes)  # type: ignore[attr-defined]
             if route.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert "/users" in posts and "/logout" in posts
    for path in posts:
        concrete = path.replace("{name}", "viewer")
        for data in ({}, {"csrf": other}):
            answer = admin.post(f"{dash.url}{concrete}", data=data | {"name": "x", "role": "admin", "password": "p" * 12,
                                                                      "disabled": "true"}, timeout=10)
            assert answer.status_code == 403 and "CSRF" in answer.text, (path, data)
    assert dash.app.state.accounts.get("x") is None  # type: ignore[attr-defined]


def test_sign_in_itself_needs_its_form_token(dash: RunningDashboard) -> None:
    answer = requests.post(f"{dash.url}/login", data={"name": "admin", "password": "admin-password-1"}, timeout=10,
                           allow_redirects=False)
    assert answer.status_code == 403


def test_an_idle_session_times_out(dash: RunningDashboard) -> None:
    http = dash.sign_in("runner")
    assert http.get(f"{dash.url}/", timeout=10, allow_redirects=False).status_code == 200
    with dash.db.cursor() as cur:
        cur.execute("UPDATE dashboard_sessions SET last_seen = now() - interval '31 minutes' WHERE user_name = 'runner'")
    answer = http.get(f"{dash.url}/", timeout=10, allow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
    with dash.db.cursor() as cur:
        cur.execute("SELECT count(*) AS n FROM dashboard_sessions WHERE token_hash = %s",
                    (hashlib.sha256(http.cookies["jump_session"].encode()).hexdigest(),))
        assert cur.fetchone()["n"] == 0  # the expired session is gone, not just ignored


def test_an_admin_adds_an_account_and_the_audit_log_says_who(dash: RunningDashboard) -> None:
    admin = dash.sign_in("admin")
    token = dash.csrf(admin, "/users")
    answer = admin.post(f"{dash.url}/users", data={"csrf": token, "name": "maya", "role": "runner",
                                                   "password": "maya-password-1"}, timeout=10)
    assert answer.status_code == 200 and "Account maya (runner) saved." in answer.text
    maya = dash.sign_in("maya", "maya-password-1")
    assert "maya (runner)" in maya.get(f"{dash.url}/", timeout=10).text
    audit = admin.get(f"{dash.url}/audit", timeout=10).text
    assert "added account" in audit and "maya" in audit
    # disabling ends her session at once
    admin.post(f"{dash.url}/users/maya/disabled", data={"csrf": token, "disabled": "true"}, timeout=10)
    assert maya.get(f"{dash.url}/", timeout=10, allow_redirects=False).status_code == 303


def test_sign_in_never_redirects_to_another_site(dash: RunningDashboard) -> None:
    http = requests.Session()
    token = dash.csrf(http, "/login")
    answer = http.post(f"{dash.url}/login", data={"csrf": token, "name": "viewer", "password": "viewer-password-1",
                                                   "next": "//evil.example/"}, timeout=10, allow_redirects=False)
    assert answer.headers["location"] == "/"


def test_the_browser_libraries_come_from_the_dashboard_itself(dash: RunningDashboard) -> None:
    page = dash.sign_in("viewer").get(f"{dash.url}/", timeout=10)
    assert '<script src="/assets/vendor/htmx.min.js"' in page.text and "https://" not in page.text.split("<main")[0]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    script = requests.get(f"{dash.url}/assets/vendor/htmx.min.js", timeout=10)
    assert script.status_code == 200 and "htmx" in script.text[:2000]


@pytest.fixture()
def scratch_results_dsn(dsns: dict[str, str]) -> Iterator[str]:
    """A results database of its own (the command line uses the default schema), dropped afterwards."""
    name = f"jump_results_test_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dsns["results"])
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name}")
    try:
        yield dsns["results"].rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def test_the_first_admin_comes_from_the_command_line_with_the_password_out_of_argv(scratch_results_dsn: str) -> None:
    env = os.environ | {"JUMP_DASHBOARD_PASSWORD": "first-admin-pass", "JUMP_DATABASES__RESULTS": scratch_results_dsn}
    done = subprocess.run([str(REPO / "jump"), "dashboard:user", "add", "root", "--role", "admin"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    db = Database(scratch_results_dsn)
    try:
        assert Accounts(db).verify("root", "first-admin-pass") is not None
        assert Accounts(db).verify("root", "a-wrong-password") is None
        assert AuditLog(db).recent(5)[0].action == "dashboard:user add"
    finally:
        db.close()
    bad = subprocess.run([str(REPO / "jump"), "dashboard:user", "add", "root"], env=env | {"JUMP_DASHBOARD_PASSWORD": "short"},
                         cwd=REPO, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert bad.returncode == 2 and bad.stderr.strip() == "usage error: the password needs at least 12 characters"
    no_terminal = subprocess.run([str(REPO / "jump"), "dashboard:user", "add", "root"],
                                 env={k: v for k, v in env.items() if k != "JUMP_DASHBOARD_PASSWORD"},
                                 cwd=REPO, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert no_terminal.returncode == 2 and "JUMP_DASHBOARD_PASSWORD" in no_terminal.stderr
    db = Database(scratch_results_dsn)
    try:
        Accounts(db).from_sso("sso.user@corp.test", "viewer")  # what a first sign-in through the provider makes
    finally:
        db.close()
    sso = subprocess.run([str(REPO / "jump"), "dashboard:user", "add", "sso.user@corp.test", "--role", "admin"], env=env,
                         cwd=REPO, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
    assert (sso.returncode, sso.stderr.strip()) == (2, "usage error: s***@corp.test signs in through single sign-on: "  # PII masked
                                                       "it has no password to set (its role comes from the identity provider)")
    listed = subprocess.run([str(REPO / "jump"), "dashboard:user", "list"], env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=180, stdin=subprocess.DEVNULL)
    assert listed.stdout.splitlines() == ["root\tadmin\tpassword", "sso.user@corp.test\tviewer\tsingle sign-on"], listed.stderr


def test_an_sso_accounts_role_cannot_be_changed_on_the_users_page(dash: RunningDashboard) -> None:
    """The provider's claims set it again at the next sign-in: the selector is disabled and the server refuses."""
    Accounts(dash.db).from_sso("sso.role@corp.test", "viewer")
    admin = dash.sign_in("admin")
    page = admin.get(f"{dash.url}/users", timeout=10).text
    row = page.split('<th scope="row">sso.role@corp.test</th>')[1].split("</tr>")[0]
    assert re.search(r'<select [^>]*name="role" disabled', row) and re.search(r'<button type="submit" disabled>Change role', row)
    local = page.split('<th scope="row">viewer</th>')[1].split("</tr>")[0]
    assert re.search(r'<select [^>]*name="role">', local) and "disabled>Change role" not in local
    answer = admin.post(f"{dash.url}/users/sso.role@corp.test/role", data={"csrf": dash.csrf(admin, "/users"), "role": "admin"},
                        timeout=10, allow_redirects=False)
    assert answer.status_code == 400
    assert re.search(r'role="alert">([^<]*)<', answer.text).group(1) == (  # type: ignore[union-attr]
        "sso.role@corp.test signs in through single sign-on: its role comes from the identity provider at every sign-in "
        "(dashboard.sso.roles)")
    assert Accounts(dash.db).get("sso.role@corp.test").role == "viewer"  # type: ignore[union-attr]

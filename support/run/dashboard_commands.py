"""./jump dashboard (the web dashboard, docs/dashboard.md) and ./jump dashboard:user (its accounts)."""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import psycopg2
import typer

from support.dashboard import DEFAULT_HOST, DEFAULT_PORT
from support.dashboard.accounts import ROLES, Accounts, check_new
from support.dashboard.config import DashboardConfig
from support.dashboard.db import Database
from support.errors import DatabaseUnreachable, UsageError
from support.results.connect import history_store
from support.run.settings_loader import load_for_cli

REPO = Path(__file__).resolve().parents[2]
PASSWORD_ENV = "JUMP_DASHBOARD_PASSWORD"


def open_database(env: str | None) -> tuple[Database, object]:
    """The results database of ``env``, migrated (accounts, sessions, audit included); exit 3 when down."""
    settings = load_for_cli(env)
    store = history_store(settings, "store for the dashboard's runs, accounts and sessions")  # none: one line, exit 2
    try:
        db = Database(store.dsn)
        db.migrate()
    except psycopg2.Error as exc:
        raise DatabaseUnreachable(f"results database unreachable: {str(exc).strip().splitlines()[0]}") from None
    return db, settings


def dashboard_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _password() -> str:
    """From $JUMP_DASHBOARD_PASSWORD (scripts, CI) or a hidden prompt; never from the command line."""
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"usage error: no terminal to ask for the password: set {PASSWORD_ENV}")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def register(app: typer.Typer) -> None:
    @app.command("dashboard")
    def dashboard(
        env: str | None = typer.Option(None, "--env", metavar="ENV", help="Environment whose results and settings to show."),
        host: str = typer.Option(DEFAULT_HOST, "--host", metavar="ADDRESS",
                                 help="Bind address; loopback by default (another address serves the network: put TLS in front)."),
        port: int = typer.Option(DEFAULT_PORT, "--port", min=0, max=65535, metavar="PORT", help="TCP port."),
        idle_minutes: int = typer.Option(30, "--session-timeout", min=1, max=1440, metavar="MINUTES",
                                         help="Sign a session out after this long without activity."),
        secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Cookies only over HTTPS (behind a TLS proxy)."),
    ) -> None:
        """Serve the web dashboard: results, trends, coverage, configuration and runs (docs/dashboard.md)."""
        from support.dashboard.app import create_app
        from support.dashboard.assets import missing
        from support.dashboard.server import bind, serve

        absent = missing()
        if absent:
            raise UsageError(f"usage error: the dashboard's browser libraries are not installed ({', '.join(absent)}): run make setup")
        db, settings = open_database(env)
        config = DashboardConfig(settings=settings, repo=REPO, idle_minutes=idle_minutes, secure_cookies=secure_cookies)
        sock = bind(host, port)
        url = dashboard_url(host, sock.getsockname()[1])
        sso = settings.dashboard.sso
        if sso.enabled:  # a wrong secret or an unreachable provider is one line now, not a failed sign-in later
            from support.dashboard.sso import CALLBACK_PATH, check_provider

            check_provider(settings, sso.redirect_url or url + CALLBACK_PATH)
        typer.echo(f"dashboard: {url}  (environment {settings.environment}; Ctrl-C stops it)")
        if sso.enabled:
            typer.echo(f"single sign-on: {sso.name} ({sso.issuer}); redirect URL {sso.redirect_url or url + CALLBACK_PATH}")
        if not _is_loopback(host):
            typer.echo("warning: serving beyond this machine: put an HTTPS proxy in front and use --secure-cookies", err=True)
        if Accounts(db).count_admins() == 0:
            typer.echo("no admin account yet: ./jump dashboard:user add NAME --role admin", err=True)
        try:
            serve(create_app(config, db), sock)
        finally:
            db.close()

    @app.command("dashboard:user")
    def dashboard_user(
        action: str = typer.Argument(..., metavar="ACTION", help="add (or reset), role, disable, enable, list."),
        name: str = typer.Argument("", metavar="NAME", show_default=False, help="The account's name."),
        role: str = typer.Option("viewer", "--role", metavar="ROLE", help=f"One of {', '.join(ROLES)}."),
        env: str | None = typer.Option(None, "--env", metavar="ENV", help="Environment whose results database holds the accounts."),
    ) -> None:
        """Manage dashboard accounts. The password is asked for (or read from $JUMP_DASHBOARD_PASSWORD), never an argument."""
        if action not in ("add", "role", "disable", "enable", "list"):
            raise UsageError(f"usage error: unknown action {action!r}: add, role, disable, enable or list")
        if action != "list":
            check_new(name, role, None)
        password = _password() if action == "add" else None
        if password is not None:
            check_new(name, role, password)
        db, _ = open_database(env)
        try:
            accounts = Accounts(db)
            if action == "list":
                for user in accounts.all():
                    typer.echo("\t".join([user.name, user.role, "single sign-on" if user.sso else "password"]
                                          + (["disabled"] if user.disabled else [])))
                return
            if action == "add":
                accounts.add(name, role, password)
            elif action == "role":
                accounts.set_role(name, role)
            else:
                accounts.set_disabled(name, action == "disable")
            from support.dashboard.audit import AuditLog

            AuditLog(db).record(os.environ.get("USER", "cli"), f"dashboard:user {action}", name,
                                {"role": role} if action in ("add", "role") else {}, "command line")
            typer.echo(f"{action}: {name}" + (f" ({role})" if action in ("add", "role") else ""))
        finally:
            db.close()

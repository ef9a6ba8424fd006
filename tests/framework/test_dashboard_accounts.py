"""Accounts of the dashboard (support/dashboard/accounts.py) on a real results database, a schema of its own:
the names single sign-on gives are case-insensitive (never a local account's), and the provider alone
sets an SSO account's role."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg2
import pytest

from support.dashboard.accounts import Accounts
from support.dashboard.db import Database
from support.errors import UsageError


@pytest.fixture
def db(dsns: dict[str, str]) -> Iterator[Database]:
    schema = f"test_accounts_{secrets.token_hex(4)}"
    database = Database(dsns["results"], schema=schema, max_connections=2)
    try:
        database.migrate()
        yield database
    finally:
        database.close()
        with psycopg2.connect(dsns["results"]) as conn, conn.cursor() as cur:
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.close()


def _names(db: Database) -> list[str]:
    with db.cursor() as cur:
        cur.execute("SELECT name FROM dashboard_users ORDER BY name")
        return [row["name"] for row in cur.fetchall()]


def test_an_sso_name_is_one_account_whatever_its_case(db: Database) -> None:
    accounts = Accounts(db)
    first = accounts.from_sso("Alice@Corp.test", "viewer")
    again = accounts.from_sso("alice@corp.test", "runner")
    assert first is not None and again is not None
    assert (first.name, again.name, again.role) == ("alice@corp.test", "alice@corp.test", "runner")
    assert _names(db) == ["alice@corp.test"]


def test_a_local_account_is_not_taken_over_by_a_differently_cased_sso_name(db: Database) -> None:
    accounts = Accounts(db)
    accounts.add("Admin.Local", "admin", "a-local-password")
    assert accounts.from_sso("admin.local", "viewer") is None
    assert accounts.from_sso("ADMIN.LOCAL", "admin") is None
    assert _names(db) == ["Admin.Local"] and accounts.verify("Admin.Local", "a-local-password") is not None


def test_a_disabled_sso_account_stays_disabled_under_another_case(db: Database) -> None:
    accounts = Accounts(db)
    accounts.from_sso("bob@corp.test", "runner")
    accounts.set_disabled("bob@corp.test", True)
    assert accounts.from_sso("Bob@Corp.test", "runner") is None
    assert _names(db) == ["bob@corp.test"]


def test_an_sso_account_made_before_names_were_casefolded_is_found_again(db: Database) -> None:
    with db.cursor() as cur:  # what an earlier version stored: the provider's spelling
        cur.execute("INSERT INTO dashboard_users (name, role, password_hash) VALUES ('Carol@corp.test', 'viewer', NULL)")
    user = Accounts(db).from_sso("carol@corp.test", "admin")
    assert user is not None and (user.name, user.role) == ("Carol@corp.test", "admin")
    assert _names(db) == ["Carol@corp.test"]


def test_a_password_account_is_refused_for_a_differently_cased_sso_name(db: Database) -> None:
    """The other way round: a password on the SSO account's name in another case would lock its owner out."""
    accounts = Accounts(db)
    accounts.from_sso("dave@corp.test", "viewer")
    with pytest.raises(UsageError, match="^usage error: dave@corp.test signs in through single sign-on"):
        accounts.add("Dave@corp.test", "admin", "a-password-for-dave")
    assert _names(db) == ["dave@corp.test"]


def test_the_role_of_an_sso_account_is_the_providers(db: Database) -> None:
    accounts = Accounts(db)
    accounts.from_sso("erin@corp.test", "viewer")
    with pytest.raises(UsageError) as raised:
        accounts.set_role("erin@corp.test", "admin")
    assert str(raised.value) == ("usage error: erin@corp.test signs in through single sign-on: its role comes from the "
                                 "identity provider at every sign-in (dashboard.sso.roles)")
    assert accounts.get("erin@corp.test").role == "viewer"  # type: ignore[union-attr]
    accounts.add("frank", "viewer", "a-password-for-frank")
    accounts.set_role("frank", "runner")
    assert accounts.get("frank").role == "runner"  # type: ignore[union-attr]
    with pytest.raises(UsageError, match="^usage error: no account named 'nobody'$"):
        accounts.set_role("nobody", "runner")

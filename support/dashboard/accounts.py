"""Local accounts: a name, a role and an argon2id password hash (argon2-cffi).

argon2-cffi rather than hashlib.scrypt by hand: it encodes the parameters and salt in the hash,
verifies in constant time and tells when a stored hash needs rehashing after a parameter change.
Roles are ordered: viewer (read) < runner (start and cancel runs, build flows, generate data) <
admin (configuration, users).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel

from support.dashboard.db import Database
from support.errors import UsageError

Role = Literal["viewer", "runner", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
RANK = {role: number for number, role in enumerate(ROLES)}
NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 12

# Serialises writes of one name in any case (add, from_sso): a transaction-scoped advisory lock,
# because a name that does not exist yet has no row to lock.
_NAME_LOCK = "SELECT pg_advisory_xact_lock(hashtext('jump.dashboard_users'), hashtext(lower(%s)))"
_SSO_ONLY = "{name} signs in through single sign-on"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")  # unknown names cost the same time as known ones


class User(BaseModel):
    name: str
    role: Role
    disabled: bool = False
    sso: bool = False  # no password: the identity provider signs it in (from_sso) and sets its role


    def may(self, role: Role) -> bool:
        return RANK[self.role] >= RANK[role]


def check_new(name: str, role: str, password: str | None) -> None:
    """One line naming the problem (UsageError, exit 2) for a bad name, role or password."""
    if not NAME.fullmatch(name):
        raise UsageError(f"usage error: account name {name!r}: 1-64 letters, digits, '.', '_', '@' or '-'")
    if role not in ROLES:
        raise UsageError(f"usage error: role {role!r}: one of {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UsageError(f"usage error: the password needs at least {MIN_PASSWORD} characters")


def sso_name(name: str) -> str:
    """The account name of a user the identity provider signed in: casefolded, as providers (and e-mail)
    compare names, so ``Alice@corp`` and ``alice@corp`` are one account. NAME allows ASCII only, so
    this is what PostgreSQL's lower() gives too."""
    return name.casefold()


class Accounts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, role: str, password: str | None) -> User:
        """Creates or replaces (role and password) an account. An SSO account is refused a password: it
        would turn into a local account, which from_sso then refuses, so its owner could no longer sign in."""
        check_new(name, role, password)
        digest = _hasher.hash(password) if password is not None else None
        with self.db.cursor() as cur:  # under the name's lock: no SSO sign-in slips in between
            cur.execute(_NAME_LOCK, (name,))
            cur.execute("SELECT name FROM dashboard_users WHERE lower(name) = lower(%s) AND password_hash IS NULL"
                        " ORDER BY name = %s DESC, name LIMIT 1", (name, name))
            sso = cur.fetchone()
            if sso is not None and digest is not None:  # the same name in another case is the same SSO user
                raise UsageError(f"usage error: {_SSO_ONLY.format(name=sso['name'])}: it has no password to set "
                                 "(its role comes from the identity provider)")
            cur.execute("INSERT INTO dashboard_users (name, role, password_hash) VALUES (%s, %s, %s)"
                        " ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,"
                        " disabled = false"
                        " WHERE dashboard_users.password_hash IS NOT NULL OR EXCLUDED.password_hash IS NULL"
                        " RETURNING name", (name, role, digest))
            if cur.fetchone() is None:
                raise UsageError(f"usage error: {_SSO_ONLY.format(name=name)}: it has no password to set "
                                 "(its role comes from the identity provider)")
        return User(name=name, role=role, sso=digest is None)  # type: ignore[arg-type]

    def set_role(self, name: str, role: str) -> None:
        """A password account's new role. An SSO account's is refused: from_sso sets it from the provider's
        claims at every sign-in, so a change here would silently revert."""
        check_new(name, role, None)
        with self.db.cursor() as cur:
            cur.execute("UPDATE dashboard_users SET role = %s WHERE name = %s AND password_hash IS NOT NULL", (role, name))
            if cur.rowcount == 0:
                cur.execute("SELECT 1 FROM dashboard_users WHERE name = %s", (name,))
                if cur.fetchone() is not None:
                    raise UsageError(f"usage error: {_SSO_ONLY.format(name=name)}: its role comes from the identity "
                                     "provider at every sign-in (dashboard.sso.roles)")
                raise UsageError(f"usage error: no account named {name!r}")

    def set_disabled(self, name: str, disabled: bool) -> None:
        with self.db.cursor() as cur:
            cur.execute("UPDATE dashboard_users SET disabled = %s WHERE name = %s", (disabled, name))
            if cur.rowcount == 0:
                raise UsageError(f"usage error: no account named {name!r}")
            if disabled:
                cur.execute("DELETE FROM dashboard_sessions WHERE user_name = %s", (name,))

    def get(self, name: str) -> User | None:
        with self.db.cursor() as cur:
            cur.execute("SELECT name, role, disabled, password_hash IS NULL AS sso FROM dashboard_users WHERE name = %s", (name,))
            row = cur.fetchone()
        return User(**row) if row else None

    def all(self) -> list[User]:
        with self.db.cursor() as cur:
            cur.execute("SELECT name, role, disabled, password_hash IS NULL AS sso FROM dashboard_users ORDER BY name")
            return [User(**row) for row in cur.fetchall()]

    def count_admins(self) -> int:
        with self.db.cursor() as cur:
            cur.execute("SELECT count(*) AS n FROM dashboard_users WHERE role = 'admin' AND NOT disabled")
            return int(cur.fetchone()["n"])

    def from_sso(self, name: str, role: str) -> User | None:
        """The account of a user the identity provider signed in: created on the first sign-in (named
        ``sso_name(name)``), its role set from the provider's claims on every one (the provider decides).
        The name matches in any case. None when it belongs to a local account (one with a password: the
        provider may not take it over, in no case) or to a disabled one."""
        check_new(name, role, None)
        key = sso_name(name)
        with self.db.cursor() as cur:
            cur.execute(_NAME_LOCK, (key,))
            cur.execute("SELECT name, password_hash IS NOT NULL AS local, disabled FROM dashboard_users"
                        " WHERE lower(name) = %s ORDER BY name = %s DESC, name", (key, key))
            found = cur.fetchall()
            if any(row["local"] or row["disabled"] for row in found):
                return None
            if found:  # one made before names were casefolded keeps its name; the WHERE holds against a disable since
                cur.execute("UPDATE dashboard_users SET role = %s WHERE name = %s AND password_hash IS NULL"
                            " AND NOT disabled RETURNING name, role", (role, found[0]["name"]))
            else:
                cur.execute("INSERT INTO dashboard_users (name, role, password_hash) VALUES (%s, %s, NULL)"
                            " ON CONFLICT (name) DO NOTHING RETURNING name, role", (key, role))
            row = cur.fetchone()
        return User(**row, sso=True) if row else None

    def verify(self, name: str, password: str) -> User | None:
        """The account when the password matches and the account is enabled; None otherwise."""
        with self.db.cursor() as cur:
            cur.execute("SELECT name, role, disabled, password_hash FROM dashboard_users WHERE name = %s", (name,))
            row = cur.fetchone()
        digest = row["password_hash"] if row and row["password_hash"] else _DUMMY_HASH
        try:
            _hasher.verify(digest, password)
        except (VerificationError, InvalidHashError):
            return None
        if not row or row["disabled"] or not row["password_hash"]:
            return None
        if _hasher.check_needs_rehash(digest):
            with self.db.cursor() as cur:
                cur.execute("UPDATE dashboard_users SET password_hash = %s WHERE name = %s", (_hasher.hash(password), name))
        return User(name=row["name"], role=row["role"], disabled=False)

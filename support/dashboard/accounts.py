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


class Accounts:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, role: str, password: str | None) -> User:
        """Creates or replaces (role and password) an account. An SSO account is refused a password: it
        would turn into a local account, which from_sso then refuses, so its owner could no longer sign in."""
        check_new(name, role, password)
        digest = _hasher.hash(password) if password is not None else None
        with self.db.cursor() as cur:  # checked and written in one statement: no SSO sign-in slips in between
            cur.execute("INSERT INTO dashboard_users (name, role, password_hash) VALUES (%s, %s, %s)"
                        " ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role, password_hash = EXCLUDED.password_hash,"
                        " disabled = false"
                        " WHERE dashboard_users.password_hash IS NOT NULL OR EXCLUDED.password_hash IS NULL"
                        " RETURNING name", (name, role, digest))
            if cur.fetchone() is None:
                raise UsageError(f"usage error: {name} signs in through single sign-on: it has no password to set "
                                 "(its role comes from the identity provider)")
        return User(name=name, role=role, sso=digest is None)  # type: ignore[arg-type]

    def set_role(self, name: str, role: str) -> None:
        check_new(name, role, None)
        with self.db.cursor() as cur:
            cur.execute("UPDATE dashboard_users SET role = %s WHERE name = %s", (role, name))
            if cur.rowcount == 0:
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
        """The account of a user the identity provider signed in: created on the first sign-in, its role
        set from the provider's claims on every one (the provider decides). None when the name belongs
        to a local account (one with a password: the provider may not take it over) or a disabled one."""
        check_new(name, role, None)
        with self.db.cursor() as cur:
            cur.execute("INSERT INTO dashboard_users (name, role, password_hash) VALUES (%s, %s, NULL)"
                        " ON CONFLICT (name) DO UPDATE SET role = EXCLUDED.role"
                        " WHERE dashboard_users.password_hash IS NULL AND NOT dashboard_users.disabled"
                        " RETURNING name, role", (name, role))
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

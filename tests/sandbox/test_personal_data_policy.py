"""The sandbox's personal-data presentation: a caller the policy does not name sees the least (no 500)."""

from __future__ import annotations

from typing import Any

from sandbox.security.personal_data import POLICY, present
from sandbox.security.tokens import Principal

FAN: dict[str, Any] = {"id": "7", "email": "maya.lopez@example.test", "first_name": "Maya", "last_name": "Lopez",
                       "phone": "+1-555-123-4567", "attributes": {"fanClub": "gold"}, "created_at": "then"}


def _staff(role: str) -> Principal:
    return Principal(user_id="u1", username="someone", role=role, fan_id=None, expires_at=0.0)  # type: ignore[arg-type]


def test_a_staff_role_without_a_rule_sees_every_personal_field_hidden() -> None:
    """A role added to the tokens before the policy names it (a KeyError, a 500, before) gets the most restrictive."""
    assert "support" not in POLICY["email"]
    shown = present(FAN, _staff("support"))
    assert shown == {"id": "7", "email": None, "first_name": None, "last_name": None, "phone": None,
                     "attributes": {}, "created_at": "then"}


def test_a_listed_role_still_gets_its_rule() -> None:
    shown = present(FAN, _staff("ops"))
    assert (shown["email"], shown["phone"]) == ("maya.lopez@example.test", "+*-***-***-**67")

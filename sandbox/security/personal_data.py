"""Which personal data of a fan each caller sees: an addition to the contract (sandbox/README.md).

Data minimisation (GDPR art. 5(1)(c)): administrators and the fan see everything; operations
staff answer fans (e-mail and name) but see only the last two digits of a phone number; analysts
count and segment (offer attributes, a masked e-mail to tell fans apart) and see no name or
phone. Another fan and anonymous callers see nothing (the access rules already refuse them; this
is the second line). A caller the policy does not name (a role added to the tokens before a rule
here) gets the most restrictive rule, hidden: never an error, never more than the policy grants.
Both APIs present a fan through ``present``, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sandbox.security.tokens import Principal

Viewer = Literal["admin", "ops", "analyst", "own fan", "other fan", "anonymous"]
Rule = Literal["shown", "masked", "hidden"]

# field (service / column name) -> what each viewer gets
POLICY: dict[str, dict[Viewer, Rule]] = {
    "email": {"admin": "shown", "ops": "shown", "analyst": "masked", "own fan": "shown",
              "other fan": "hidden", "anonymous": "hidden"},
    "first_name": {"admin": "shown", "ops": "shown", "analyst": "hidden", "own fan": "shown",
                   "other fan": "hidden", "anonymous": "hidden"},
    "last_name": {"admin": "shown", "ops": "shown", "analyst": "hidden", "own fan": "shown",
                  "other fan": "hidden", "anonymous": "hidden"},
    "phone": {"admin": "shown", "ops": "masked", "analyst": "hidden", "own fan": "shown",
              "other fan": "hidden", "anonymous": "hidden"},
    "attributes": {"admin": "shown", "ops": "shown", "analyst": "shown", "own fan": "shown",
                   "other fan": "hidden", "anonymous": "hidden"},
}


def viewer(principal: Principal | None, fan_id: object) -> Viewer:
    """Who is looking at the fan ``fan_id``."""
    if principal is None:
        return "anonymous"
    if principal.role == "fan":
        return "own fan" if principal.fan_id is not None and principal.fan_id == str(fan_id) else "other fan"
    return principal.role


def mask_email(value: str) -> str:
    """``m***@example.com``: the first character and the domain."""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_phone(value: str) -> str:
    """Every digit but the last two becomes ``*``; the shape (+, dashes, brackets) stays."""
    keep = [i for i, ch in enumerate(value) if ch.isdigit()][-2:]
    return "".join("*" if ch.isdigit() and i not in keep else ch for i, ch in enumerate(value))


_MASKS = {"email": mask_email, "phone": mask_phone}


def _apply(field: str, rule: Rule, value: Any) -> Any:
    if rule == "shown" or value is None:
        return value
    if rule == "hidden":
        return {} if field == "attributes" else None
    return _MASKS[field](value)


def rule_for(field: str, who: Viewer) -> Rule:
    """What ``who`` gets of ``field``; hidden when the policy has no rule for them."""
    return POLICY[field].get(who, "hidden")


def present(fan: Mapping[str, Any], principal: Principal | None) -> dict[str, Any]:
    """A copy of the fan (keyed by column name, with ``id``) holding only what ``principal`` may see."""
    who = viewer(principal, fan["id"])
    return {key: _apply(key, rule_for(key, who), value) if key in POLICY else value for key, value in fan.items()}

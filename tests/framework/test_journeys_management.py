"""Unit tests of the pure parts of the management, security and edge-case journeys (no platform needed)."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from support.errors import ContractViolation, GraphQLResponseError, ProblemError
from support.journeys import management, security
from support.journeys.management_kinds import KINDS, MISSING, UNKNOWN_ID, VARIANTS, vary, with_value
from support.journeys.security_platform import Answer, hsts_max_age, missing_protections, retry_after_seconds
from support.journeys.security_tokens import FORGERIES, forged_token
from support.state import Outcome

BODY = {"name": "Harbour Hall", "sections": [{"rows": [{"row": "1", "seats": 5}]}], "ids": ["a"]}


def test_with_value_changes_a_copy_along_a_dotted_path() -> None:
    changed = with_value(BODY, "sections.0.rows.0.seats", 0)
    assert changed["sections"][0]["rows"][0]["seats"] == 0
    assert BODY["sections"][0]["rows"][0]["seats"] == 5


def test_with_value_drops_missing_fields_and_invents_unknown_ids() -> None:
    assert "name" not in with_value(BODY, "name", MISSING)
    [unknown] = with_value(BODY, "ids", [UNKNOWN_ID])["ids"]
    assert uuid.UUID(unknown)


def test_every_variant_names_a_field_and_unknown_variants_are_refused() -> None:
    assert all(isinstance(path, str) and path for path, _ in VARIANTS.values())
    assert vary({"capacity": 10}, "a negative capacity") == {"capacity": -1}
    with pytest.raises(LookupError, match="unknown variant"):
        vary(BODY, "a purple name")


def test_owned_kinds_are_posted_under_their_parent() -> None:
    assert KINDS["access code"].owned and not KINDS["venue"].owned


def test_differences_ignore_passwords_and_datetime_spelling() -> None:
    sent = {"startsAt": "2027-01-01T19:30:00+00:00", "password": "secret", "name": "A"}
    stored = {"startsAt": "2027-01-01T19:30:00Z", "name": "B"}
    assert management.differences(sent, stored) == ["name: sent 'A', read 'B'"]
    assert management.differences(sent, None) == ["the entry cannot be found"]


def _problem(status: int, code: str) -> ProblemError:
    return ProblemError(method="GET", url="/v1/x", status=status, problem={"code": code, "detail": "no"})


@pytest.mark.parametrize(("outcome", "expected"), [
    (Outcome(value={}), "allowed"),
    (Outcome(error=_problem(401, "UNAUTHENTICATED")), "refused as unauthenticated"),
    (Outcome(error=_problem(403, "FORBIDDEN")), "refused as forbidden"),
    (Outcome(error=GraphQLResponseError([{"message": "x", "extensions": {"code": "FORBIDDEN"}}], operation="Me", status=200)),
     "refused as forbidden"),
])
def test_verdict_names_the_outcome(outcome: Outcome, expected: str) -> None:
    assert security.verdict(outcome) == expected


def test_verdict_does_not_mistake_other_failures_for_refusals() -> None:
    assert security.verdict(Outcome(error=_problem(404, "NOT_FOUND"))).startswith("failed otherwise")
    assert security.verdict(Outcome(error=_problem(403, "UNAUTHENTICATED"))).startswith("failed otherwise")


def _answering(error: Exception) -> SimpleNamespace:
    """A scenario state whose REST client raises ``error`` (what the real client raises for such an answer)."""
    def call(*args: object, **kwargs: object) -> None:
        raise error
    return SimpleNamespace(session=SimpleNamespace(rest=SimpleNamespace(call=call)), last=None)


def test_a_refusal_is_kept_but_an_answer_breaking_the_contract_fails_the_attempt_as_itself() -> None:
    refused = _answering(_problem(403, "FORBIDDEN"))
    outcome = management.attempt(refused, "POST", "/v1/venues", role="ops", json={})  # type: ignore[arg-type]
    assert security.verdict(outcome) == "refused as forbidden" and refused.last is outcome
    broken = ContractViolation("POST /v1/venues -> 403 does not match the pinned OpenAPI document: body.status: "
                               "pinned type integer, received 'forbidden' (string)", status=403)
    with pytest.raises(ContractViolation) as raised:   # not "failed otherwise (...)" in a verdict
        management.attempt(_answering(broken), "POST", "/v1/venues", role="ops", json={})  # type: ignore[arg-type]
    assert raised.value is broken


def test_missing_protections_lists_each_absent_header() -> None:
    good = Answer(200, {"x-content-type-options": "nosniff", "content-security-policy": "frame-ancestors 'none'",
                        "referrer-policy": "no-referrer"})
    assert missing_protections(good) == []
    assert missing_protections(Answer(200, {})) == [
        "X-Content-Type-Options: nosniff", "X-Frame-Options or CSP frame-ancestors", "a strict Referrer-Policy"]


@pytest.fixture(scope="module")
def platform_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_forged_tokens_differ_from_the_genuine_one_only_by_their_defect(platform_key: rsa.RSAPrivateKey) -> None:
    genuine = jwt.encode({"sub": "u1", "role": "analyst", "exp": 4_102_444_800}, platform_key, algorithm="RS256")
    tokens = SimpleNamespace(login=lambda who: SimpleNamespace(access_token=genuine))
    public = platform_key.public_key()

    assert forged_token(tokens, None, "no token") is None  # type: ignore[arg-type]
    tampered = forged_token(tokens, None, "a tampered token")  # type: ignore[arg-type]
    assert tampered.split(".")[2] == genuine.split(".")[2]
    assert jwt.decode(tampered, options={"verify_signature": False})["role"] == "admin"
    for credential in ("a tampered token", "a token signed with another key", "an unsigned token"):
        forged = forged_token(tokens, None, credential)  # type: ignore[arg-type]
        with pytest.raises(jwt.InvalidTokenError):
            jwt.decode(forged, public, algorithms=["RS256"])
    assert set(FORGERIES) >= {"no token", "a token that is not a JWT"}


def test_hsts_and_retry_after_are_read_from_the_answers() -> None:
    assert hsts_max_age(Answer(200, {"strict-transport-security": "max-age=31536000; includeSubDomains"})) == 31_536_000
    assert hsts_max_age(Answer(200, {})) is None
    assert retry_after_seconds([Answer(200, {}), Answer(429, {"retry-after": "2"})]) == ["2"]

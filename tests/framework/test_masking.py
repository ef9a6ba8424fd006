"""Secrets and personal data never reach reports: headers, JSON keys, JWTs, registered values, e-mails,
phone numbers, access codes and card numbers are masked."""

import pytest

from support.clients.masking import (
    MASK,
    PII_KINDS,
    configure_pii,
    mask_data,
    mask_headers,
    mask_text,
    register_access_code,
    register_secret,
)
from support.config import ConfigError, load_settings

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"


def test_sensitive_headers_are_masked_others_kept() -> None:
    masked = mask_headers({"Authorization": f"Bearer {JWT}", "Content-Type": "application/json", "Cookie": "s=1"})
    assert masked == {"Authorization": MASK, "Content-Type": "application/json", "Cookie": MASK}


def test_sensitive_keys_are_masked_at_any_depth_but_reservation_tokens_stay_readable() -> None:
    body = {"username": "maya", "password": "pw", "input": {"paymentToken": "tok_visa", "availabilityToken": "av-1"},
            "items": [{"access_token": JWT, "cardNumber": "4242424242424242"}]}
    assert mask_data(body) == {"username": "maya", "password": MASK,
                               "input": {"paymentToken": MASK, "availabilityToken": "av-1"},
                               "items": [{"access_token": MASK, "cardNumber": MASK}]}


@pytest.mark.req("SEC-001.3")
def test_jwts_and_registered_secrets_are_scrubbed_from_free_text() -> None:
    register_secret("s3cret-value")
    assert mask_text(f"login with s3cret-value gave {JWT}") == f"login with {MASK} gave {MASK}"
    assert mask_text("short ab") == "short ab"


# -- personal data (issue 10): masked in what is written, readable enough to debug with ----------------------

def test_emails_keep_their_first_letter_and_domain() -> None:
    assert mask_text("mail maya.jones+vip@example.org, cc qa-admin@jump.example") == "mail m***@example.org, cc q***@jump.example"


def test_phone_numbers_keep_their_shape_and_last_two_digits() -> None:
    assert mask_text("call +1-555-123-4567x89 or (555) 123-4567") == "call +*-***-***-**67x** or (***) ***-**67"
    assert mask_text("+4915112345678") == "+***********78"


def test_luhn_valid_card_numbers_keep_their_last_four() -> None:
    assert mask_text("paid with 4111 1111 1111 1111 and 378282246310005") == "paid with ************1111 and ***********0005"
    assert mask_text("not a card: 4111111111111112") == "not a card: 4111111111111112"  # Luhn fails


def test_access_codes_are_masked_by_key_and_wherever_a_registered_code_appears() -> None:
    register_access_code("FANCLUB-26")
    assert mask_text("reserved with FANCLUB-26") == "reserved with ****26"
    assert mask_data({"input": {"accessCode": "PRESALE-9Z", "presale_code": "X7"}, "code": "SOLD_OUT"}) == {
        "input": {"accessCode": "****9Z", "presale_code": "****"}, "code": "SOLD_OUT"}  # error codes stay readable


def test_dates_ids_amounts_and_timestamps_are_not_mistaken_for_personal_data() -> None:
    text = "at 2030-01-01T10:00:00 order 3f2a9c1e-1234-4abc-8def-1234567890ab cost 123456 ts 1764612345678 on 127.0.0.1:5432"
    assert mask_text(text) == text


def test_the_masked_kinds_follow_the_setting_and_the_original_value_is_untouched() -> None:
    body = {"email": "maya@example.com", "phone": "555-123-4567"}
    try:
        configure_pii(["phone"])
        assert mask_data(body) == {"email": "maya@example.com", "phone": "***-***-**67"}
        configure_pii([])
        assert mask_data(body) == body
    finally:
        configure_pii(PII_KINDS)
    assert mask_data(body) == {"email": "m***@example.com", "phone": "***-***-**67"}
    assert body == {"email": "maya@example.com", "phone": "555-123-4567"}  # steps keep comparing the real values


def test_the_setting_accepts_a_list_or_comma_text_and_refuses_unknown_kinds() -> None:
    assert load_settings("local").reporting.mask_pii == list(PII_KINDS)
    assert load_settings("local", {"reporting.mask_pii": "email,card_number"}).reporting.mask_pii == ["email", "card_number"]
    assert load_settings("local", {"reporting.mask_pii": "[]"}).reporting.mask_pii == []
    with pytest.raises(ConfigError, match="reporting.mask_pii"):
        load_settings("local", {"reporting.mask_pii": "email,ssn"})

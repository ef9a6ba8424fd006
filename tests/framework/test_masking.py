"""Secrets never reach reports: headers, JSON keys, JWTs and registered values are masked."""

from support.clients.masking import MASK, mask_data, mask_headers, mask_text, register_secret

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


def test_jwts_and_registered_secrets_are_scrubbed_from_free_text() -> None:
    register_secret("s3cret-value")
    assert mask_text(f"login with s3cret-value gave {JWT}") == f"login with {MASK} gave {MASK}"
    assert mask_text("short ab") == "short ab"

"""Login password hashes in the platform's documented format, computed here (no platform import).

``pbkdf2_sha256$<iterations>$<salt>$<base64 digest>``; test fans use 1000 iterations so that
creating hundreds of them stays cheap, which the format allows (the iteration count is stored).
"""

from __future__ import annotations

import base64
import hashlib
import secrets

TEST_ITERATIONS = 1000


def hash_password(password: str, *, iterations: int = TEST_ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def new_password() -> str:
    """A throw-away password that satisfies any reasonable policy."""
    return f"Jt-{secrets.token_urlsafe(12)}9a"

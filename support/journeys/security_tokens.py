"""Bearer tokens the platform must refuse: forged from a real one so only the defect differs.

A tampered token keeps the platform's signature but claims a more powerful role; a token signed
with another key carries the real claims under a fresh RSA key's signature; an unsigned one uses
``alg: none``. Each starts from a genuine token for the same user, so a 401 can only be caused
by the defect under test, never by a wrong user name or audience.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from support.clients.auth import Credentials, TokenProvider
from support.clients.masking import register_secret


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(token, options={"verify_signature": False})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _tampered(token: str) -> str:
    """The same header and signature over a payload that now claims the admin role."""
    header, _, signature = token.split(".")
    payload = _b64(json.dumps({**_claims(token), "role": "admin"}, separators=(",", ":")).encode())
    return f"{header}.{payload}.{signature}"


@lru_cache(maxsize=1)
def _stranger_key() -> rsa.RSAPrivateKey:
    """A fresh RSA key the platform has never seen (made once per run: key generation is slow)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _signed_by_stranger(token: str) -> str:
    return jwt.encode(_claims(token), _stranger_key(), algorithm="RS256")


def _unsigned(token: str) -> str:
    return jwt.encode(_claims(token), None, algorithm="none")


FORGERIES: dict[str, Callable[[str], str] | None] = {
    "no token": None,
    "a token that is not a JWT": lambda _: "not-a-token",
    "a tampered token": _tampered,
    "a token signed with another key": _signed_by_stranger,
    "an unsigned token": _unsigned,
}


def forged_token(tokens: TokenProvider, who: Credentials, credential: str) -> str | None:
    """The token to present for ``credential`` (one of FORGERIES); None means no token at all."""
    if credential not in FORGERIES:
        raise LookupError(f"unknown credential {credential!r}; known: {', '.join(FORGERIES)}")
    forge = FORGERIES[credential]
    if forge is None:
        return None
    forged = forge(tokens.login(who).access_token)
    register_secret(forged)
    return forged

"""Bearer tokens the platform must refuse: forged from a real one so only the defect differs.

A tampered token keeps the platform's signature but claims a more powerful role; a token signed
with another key carries the real claims under a fresh RSA key's signature; an unsigned one uses
``alg: none``. Each starts from a genuine token for the same user, so a 401 can only be caused
by the defect under test, never by a wrong user name or audience.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

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


def platform_public_key_pem(jwks: dict[str, Any]) -> bytes:
    """The PEM of the platform's signing key, from its published key set (GET /.well-known/jwks.json)."""
    key = RSAAlgorithm.from_jwk(json.dumps(jwks["keys"][0]))
    assert isinstance(key, rsa.RSAPublicKey)
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def hs256_with_public_key(token: str, public_pem: bytes) -> str:
    """Algorithm confusion: the real claims, HS256 with the platform's public key as the HMAC secret.

    Signed by hand because PyJWT (rightly) refuses to use a PEM public key as an HMAC secret; a
    verifier that took ``alg`` from the token and the key from its config would accept this.
    """
    header = {"alg": "HS256", "typ": "JWT", "kid": jwt.get_unverified_header(token).get("kid")}
    signing_input = f"{_b64(json.dumps(header, separators=(',', ':')).encode())}." \
                    f"{_b64(json.dumps(_claims(token), separators=(',', ':')).encode())}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


# Forgeries signed with the platform's own private key (only the local stack's key file is at
# hand): each differs from a genuine token in exactly one claim or header.
RESIGNED: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {  # defect -> (claim changes, header changes)
    "naming another signing key": ({}, {"kid": "retired-key-2019"}),
    "for another audience": ({"aud": "jump-partner-api"}, {}),
    "from another issuer": ({"iss": "https://login.example.test"}, {}),
}


def resigned(token: str, private_key_pem: bytes, defect: str) -> str:
    """``token`` re-signed with the platform's key after applying one of RESIGNED."""
    if defect not in RESIGNED:
        raise LookupError(f"unknown defect {defect!r}; known: {', '.join(RESIGNED)}")
    claims, header = RESIGNED[defect]
    headers = {**jwt.get_unverified_header(token), **header}
    forged = jwt.encode({**_claims(token), **claims}, private_key_pem, algorithm="RS256", headers=headers)
    register_secret(forged)
    return forged


FORGERIES: dict[str, Callable[[str], str] | None] = {
    "no token": None,
    "a token that is not a JWT": lambda _: "not-a-token",
    "a tampered token": _tampered,
    "a token signed with another key": _signed_by_stranger,
    "an unsigned token": _unsigned,
    "a token signed with the platform's public key as an HMAC secret": None,  # needs the key set: see forged_token
}


HS256_CONFUSION = "a token signed with the platform's public key as an HMAC secret"


def forged_token(tokens: TokenProvider, who: Credentials, credential: str, *,
                 jwks: Callable[[], dict[str, Any]] | None = None) -> str | None:
    """The token to present for ``credential`` (one of FORGERIES); None means no token at all.
    ``jwks`` fetches the platform's published key set (for the algorithm confusion)."""
    if credential not in FORGERIES:
        raise LookupError(f"unknown credential {credential!r}; known: {', '.join(FORGERIES)}")
    if credential == HS256_CONFUSION:
        if jwks is None:
            raise ValueError("the algorithm confusion needs the platform's key set")
        forged = hs256_with_public_key(tokens.login(who).access_token, platform_public_key_pem(jwks()))
        register_secret(forged)
        return forged
    forge = FORGERIES[credential]
    if forge is None:
        return None
    forged = forge(tokens.login(who).access_token)
    register_secret(forged)
    return forged

"""RS256 access tokens: issued by POST /v1/auth/token, verified on every request."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from sandbox.errors import Unauthenticated

Role = Literal["admin", "ops", "fan", "analyst"]
ROLES: tuple[Role, ...] = ("admin", "ops", "fan", "analyst")


@dataclass(frozen=True)
class Principal:
    """Who is calling: the verified claims of the bearer token."""

    user_id: str
    username: str
    role: Role
    fan_id: str | None
    expires_at: float
    token_version: int = 0


def load_or_create_private_key(path: Path | None) -> rsa.RSAPrivateKey:
    """The stack writes a key at start-up; without one a throw-away key is made."""
    if path is not None and path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"{path} is not an RSA private key")
        return key
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class TokenService:
    """Signs and verifies tokens; remembers verified tokens so hot paths skip the RSA check."""

    CACHE_SIZE = 4096

    def __init__(self, private_key: rsa.RSAPrivateKey, *, issuer: str, audience: str, ttl_seconds: int) -> None:
        self._private_key = private_key
        self._public_key = private_key.public_key()
        self._issuer = issuer
        self._audience = audience
        self._ttl = ttl_seconds
        self._verified: OrderedDict[str, Principal] = OrderedDict()
        self.kid = _key_id(self._public_key)

    @property
    def public_key(self) -> rsa.RSAPublicKey:
        return self._public_key

    @property
    def public_key_pem(self) -> str:
        return self._public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def issue(self, *, user_id: str, username: str, role: Role, fan_id: str | None, ttl_seconds: int | None = None,
              token_version: int = 0) -> tuple[str, int]:
        ttl = min(ttl_seconds or self._ttl, self._ttl)
        now = int(time.time())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": user_id,
            "name": username,
            "role": role,
            "fan_id": fan_id,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
            "ver": token_version,
        }
        return jwt.encode(claims, self._private_key, algorithm="RS256", headers={"kid": self.kid}), ttl

    def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at > time.time():
                return cached
            self._verified.pop(token, None)
            raise Unauthenticated("the access token has expired")
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"the access token is invalid: {exc}") from exc
        if kid != self.kid:
            raise Unauthenticated("the access token names a key this platform does not sign with (kid)")
        try:
            claims = jwt.decode(
                token,
                self._public_key,
                algorithms=["RS256"],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "sub", "role", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("the access token has expired") from exc
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(f"the access token is invalid: {exc}") from exc
        if claims.get("role") not in ROLES:
            raise Unauthenticated("the access token names an unknown role")
        principal = Principal(
            user_id=str(claims["sub"]),
            username=str(claims.get("name", "")),
            role=claims["role"],
            fan_id=claims.get("fan_id"),
            expires_at=float(claims["exp"]),
            token_version=claims.get("ver", 0) if isinstance(claims.get("ver", 0), int) else -1,
        )
        self._verified[token] = principal
        if len(self._verified) > self.CACHE_SIZE:
            self._verified.popitem(last=False)
        return principal


def _key_id(public_key: rsa.RSAPublicKey) -> str:
    """A stable key id: the first 16 bytes of the SHA-256 of the public key (DER), base64url."""
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()[:16]).rstrip(b"=").decode()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header; a malformed header is a 401."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    return token.strip()

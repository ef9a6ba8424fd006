"""GET /.well-known/jwks.json: the public key that signs access tokens, as a JSON Web Key Set.

Published like any OpenID provider does, so clients can verify tokens themselves; which is also
what makes algorithm confusion worth testing (an attacker holds this key too).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from jwt.algorithms import RSAAlgorithm
from starlette.requests import Request

from sandbox.security.tokens import TokenService

router = APIRouter(tags=["auth"])


@router.get("/.well-known/jwks.json", operation_id="getSigningKeys", summary="Public keys of the token signer (JWKS)")
async def signing_keys(request: Request) -> dict[str, Any]:
    tokens: TokenService = request.app.state.tokens
    jwk = json.loads(RSAAlgorithm.to_jwk(tokens.public_key))
    return {"keys": [{**jwk, "kid": tokens.kid, "use": "sig", "alg": "RS256"}]}

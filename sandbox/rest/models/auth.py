"""Token request and response of POST /v1/auth/token.

These two keep OAuth2's snake_case names (RFC 6749 section 5.1: access_token, token_type,
expires_in), which token clients expect; every other resource is camelCase.
"""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from sandbox.rest.models.base import PlainText
from sandbox.security.tokens import Role


class TokenRequest(PlainText):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=254, description="Staff user name, or a fan's email")
    password: str = Field(min_length=1, max_length=1024, json_schema_extra={"writeOnly": True})
    expires_in: int | None = Field(
        default=None, ge=1, validation_alias=AliasChoices("expires_in", "expiresIn"),
        description="Lifetime in seconds, at most the platform's token TTL (its default)",
    )


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int
    role: Role


class PasswordChange(PlainText):
    """POST /v1/auth/password: the caller's current password and the new one (camelCase like v1)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    current_password: str = Field(min_length=1, max_length=1024, alias="currentPassword",
                                  json_schema_extra={"writeOnly": True})
    new_password: str = Field(min_length=8, max_length=1024, alias="newPassword", json_schema_extra={"writeOnly": True})

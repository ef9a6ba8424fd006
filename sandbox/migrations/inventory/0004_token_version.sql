-- Revocation: every access token carries its account's token version ("ver"); a password change
-- or POST /v1/auth/revoke bumps the version, so every token issued before it is refused.
ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0);

-- The web dashboard (issue 12, SRS 3.1.1, 4.3.1): local accounts with roles, server-side sessions
-- (so a session can time out and be ended), and the audit log of every action (who, what, when).
-- Run pruning (HistoryStore.prune) never touches these tables.
CREATE TABLE dashboard_users (
    name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._@-]{1,64}$'),
    role text NOT NULL CHECK (role IN ('viewer', 'runner', 'admin')),
    password_hash text,            -- argon2id (argon2-cffi); NULL for an account that signs in by SSO only
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE dashboard_sessions (
    token_hash text PRIMARY KEY,   -- sha256 of the cookie's token: a leaked table opens no session
    user_name text NOT NULL REFERENCES dashboard_users(name) ON DELETE CASCADE ON UPDATE CASCADE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_name);
CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    action text NOT NULL,
    target text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{}',
    client text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

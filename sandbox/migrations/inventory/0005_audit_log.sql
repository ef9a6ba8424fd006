-- The audit log: one row per security-relevant action (sandbox/README.md, "Audit log").
-- Who (account, name as given, role), what (action, target), how it ended, when, which request.
-- Never a password or a token. Read by administrators only (GET /v1/audit-events).
-- actor_user_id and fan_id name the account and the fan concerned; they are nulled, not
-- blocking, when the platform deletes that account or fan (GDPR erasure deletes the login).
CREATE TABLE audit_event (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    request_id    text NOT NULL CHECK (length(request_id) BETWEEN 1 AND 200),
    actor_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
    actor_name    text CHECK (length(actor_name) <= 254),
    actor_role    text CHECK (actor_role IN ('admin', 'ops', 'analyst', 'fan')),
    action        text NOT NULL CHECK (action IN ('SIGN_IN', 'TOKENS_REVOKED', 'PASSWORD_CHANGED', 'ACCESS_DENIED',
                                                  'PROFILE_ERASED', 'PERSONAL_DATA_READ', 'PRICE_CHANGED',
                                                  'EVENT_PUBLISHED', 'EVENT_CANCELLED')),
    outcome       text NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED', 'THROTTLED')),
    target_type   text CHECK (length(target_type) <= 40),
    target_id     text CHECK (length(target_id) <= 300),
    fan_id        uuid REFERENCES fan (id) ON DELETE SET NULL,
    detail        jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_event_request_idx ON audit_event (request_id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor_user_id);
CREATE INDEX audit_event_fan_idx ON audit_event (fan_id);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);

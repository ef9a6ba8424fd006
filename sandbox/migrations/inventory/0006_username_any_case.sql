-- Login names are unique whatever their capitals: the UNIQUE on username compares case-sensitively,
-- so "Nia@Example.test" and "nia@example.test" were two password accounts (two fans with the
-- "same" e-mail address). A second one is now a unique violation: POST/PATCH /v1/fans answer 409.
CREATE UNIQUE INDEX app_user_username_any_case_key ON app_user (lower(username));

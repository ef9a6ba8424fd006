-- Baseline reference data: price codes, price types and one account per role.
-- Passwords are the documented local defaults (see sandbox/README.md); hashes are PBKDF2-SHA256
-- in the format pbkdf2_sha256$<iterations>$<salt>$<base64 digest>.

INSERT INTO price_code (code, description) VALUES
    ('STD', 'Standard'),
    ('PREMIUM', 'Premium seating'),
    ('VIP', 'VIP package');

INSERT INTO price_type (code, description) VALUES
    ('ADULT', 'Adult'),
    ('CHILD', 'Child (under 16)'),
    ('SENIOR', 'Senior (65+)'),
    ('STUDENT', 'Student');

INSERT INTO fan (id, email, first_name, last_name, attributes) VALUES
    ('00000000-0000-4000-8000-00000000f001', 'demo.fan@jump.test', 'Demo', 'Fan', '{}'::jsonb);

INSERT INTO app_user (username, password_hash, role, fan_id) VALUES
    ('admin', 'pbkdf2_sha256$20000$s4ltAdm1n$HRlIL5nlRjHPCzODUEhTJE0BPO1jgPwKFnIhh/SK12Y=', 'admin', NULL),
    ('ops', 'pbkdf2_sha256$20000$s4lt0ps00$/xtjyPovIwOtgLaT2No71813fDGzycP6bjYYAZ4X/Dg=', 'ops', NULL),
    ('analyst', 'pbkdf2_sha256$20000$s4ltAn4ly$YT7w/c5WnvZKcNB9IWrr5YotfPoTotXElN8Y3Q88PUk=', 'analyst', NULL),
    ('demo.fan@jump.test', 'pbkdf2_sha256$20000$s4ltF4n00$y/TrCTa4mkrJMfdRZWKKzzGadF230vJ43JG248SBQ80=', 'fan', '00000000-0000-4000-8000-00000000f001');

-- API response times (SRS API-001.5): each run's figures per operation (REST method + path template,
-- or a GraphQL operation name), so `./jump test:history --timings` shows an operation's p95 over runs.
-- Pruned with its run (the cascade).
CREATE TABLE api_timings (
    report_id uuid NOT NULL REFERENCES test_reports(id) ON DELETE CASCADE,
    operation text NOT NULL,
    api text NOT NULL,
    calls integer NOT NULL,
    p50_ms double precision NOT NULL,
    p95_ms double precision NOT NULL,
    max_ms double precision NOT NULL,
    errors integer NOT NULL DEFAULT 0,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (report_id, operation)
);
CREATE INDEX api_timings_recorded ON api_timings (recorded_at);

-- Run history (SRS 5.1.2): suites contain cases, cases contain steps; a report (one run)
-- aggregates results, a result contains step results and tracks metrics.
CREATE TABLE test_suites (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL UNIQUE,
    path text NOT NULL DEFAULT ''
);
CREATE TABLE test_cases (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    suite_id uuid NOT NULL REFERENCES test_suites(id) ON DELETE CASCADE,
    name text NOT NULL,
    location text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    UNIQUE (suite_id, name)
);
CREATE TABLE test_steps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    case_id uuid NOT NULL REFERENCES test_cases(id) ON DELETE CASCADE,
    position int NOT NULL,
    keyword text NOT NULL,
    text text NOT NULL,
    UNIQUE (case_id, position)
);
CREATE TABLE test_reports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    format text NOT NULL DEFAULT 'run',
    environment text NOT NULL,
    git_commit text NOT NULL DEFAULT '',
    shard text NOT NULL DEFAULT '1/1',
    parallel int NOT NULL DEFAULT 1,
    exit_code int NOT NULL,
    started_at timestamptz NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX test_reports_generated_at ON test_reports (generated_at);
CREATE TABLE test_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    report_id uuid NOT NULL REFERENCES test_reports(id) ON DELETE CASCADE,
    case_id uuid NOT NULL REFERENCES test_cases(id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('passed', 'failed', 'skipped', 'flaky')),
    flaky boolean NOT NULL DEFAULT false,
    duration_s double precision NOT NULL,
    retries int NOT NULL DEFAULT 0,
    attempts int NOT NULL DEFAULT 1,
    worker text NOT NULL DEFAULT '',
    error text NOT NULL DEFAULT '',
    recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX test_results_case ON test_results (case_id, recorded_at);
CREATE TABLE step_results (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    result_id uuid NOT NULL REFERENCES test_results(id) ON DELETE CASCADE,
    step_id uuid NOT NULL REFERENCES test_steps(id) ON DELETE CASCADE,
    status text NOT NULL,
    duration_s double precision NOT NULL DEFAULT 0
);
CREATE TABLE test_metrics (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    report_id uuid NOT NULL REFERENCES test_reports(id) ON DELETE CASCADE,
    result_id uuid REFERENCES test_results(id) ON DELETE CASCADE,
    metric_type text NOT NULL,
    value double precision NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

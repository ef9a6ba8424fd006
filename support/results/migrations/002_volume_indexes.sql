-- Volume (issue 10): a million stored results stay quick to read (test:history) and to remove
-- (prune, whose cascades would otherwise scan step_results and test_metrics once per deleted result).
CREATE INDEX IF NOT EXISTS test_results_report ON test_results (report_id);
CREATE INDEX IF NOT EXISTS test_results_recorded ON test_results (recorded_at)
    INCLUDE (case_id, status, flaky, duration_s, retries);
CREATE INDEX IF NOT EXISTS step_results_result ON step_results (result_id);
CREATE INDEX IF NOT EXISTS test_metrics_result ON test_metrics (result_id);
CREATE INDEX IF NOT EXISTS test_metrics_report ON test_metrics (report_id);

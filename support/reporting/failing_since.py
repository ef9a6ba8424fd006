"""Reads, never writes, the execution engine's results history: since when does a scenario fail?

Guarded on purpose: the history tables are created by the execution engine (support/results); a
run without them (first run, no results database, another environment) simply reports
"this run" as the start of every failure.
"""

from __future__ import annotations

import logging

from support.reporting.failures import FirstFailure

log = logging.getLogger(__name__)
SCHEMA = "jump_history"

_STREAKS = """
SELECT DISTINCT ON (s.name, c.name) s.name AS feature, c.name AS scenario, r.recorded_at AS since,
       rep.id::text AS report_id, rep.git_commit,
       count(*) OVER (PARTITION BY s.name, c.name) AS failed_runs
FROM {schema}.test_results r
JOIN {schema}.test_cases c ON c.id = r.case_id
JOIN {schema}.test_suites s ON s.id = c.suite_id
JOIN {schema}.test_reports rep ON rep.id = r.report_id
WHERE r.status = 'failed'
  AND (s.name, c.name) IN (SELECT * FROM unnest(%s::text[], %s::text[]))
  AND r.recorded_at > COALESCE((SELECT max(p.recorded_at) FROM {schema}.test_results p
                                WHERE p.case_id = c.id AND p.status IN ('passed', 'flaky')), '-infinity'::timestamptz)
ORDER BY s.name, c.name, r.recorded_at ASC
"""


def failing_since(dsn: str | None, scenarios: list[tuple[str, str]], schema: str = SCHEMA) -> dict[tuple[str, str], FirstFailure]:
    """(feature, scenario) -> the first failed run of its current streak; {} when there is no history."""
    if not dsn or not scenarios or dsn == "auto":
        return {}
    try:
        import psycopg2
        import psycopg2.extras

        with psycopg2.connect(dsn, connect_timeout=3) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute("SELECT to_regclass(%s) AS t", (f"{schema}.test_results",))
            if cur.fetchone()["t"] is None:
                return {}
            cur.execute(_STREAKS.format(schema=schema), ([f for f, _ in scenarios], [s for _, s in scenarios]))
            return {(row["feature"], row["scenario"]): FirstFailure(
                        since=row["since"].isoformat(timespec="seconds"), report_id=row["report_id"],
                        git_commit=row["git_commit"] or "", failed_runs=int(row["failed_runs"]))
                    for row in cur.fetchall()}
    except Exception as exc:  # noqa: BLE001 - history is a nice-to-have; the report must still be written
        log.warning("results history not readable (%s): failures are reported without their start", type(exc).__name__)
        return {}

"""Writes each run to the results database and answers the questions test:history asks.

Tables live in their own PostgreSQL schema (default ``jump_history``) next to the data ledger,
created by the versioned SQL files in ``migrations/`` (applied once each, under an advisory lock,
so concurrent CI shards finishing together do not race). The parent process writes one run in
one transaction at the very end, which is why a killed worker never leaves half a run behind.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import psycopg2.extras
from psycopg2 import sql

from support.results.models import RunRecord

MIGRATIONS = Path(__file__).with_name("migrations")
DEFAULT_SCHEMA = "jump_history"
_LOCK_KEY = 0x6A756D70  # "jump": serialises migrations across processes


class HistoryStore:
    def __init__(self, dsn: str, *, schema: str = DEFAULT_SCHEMA, connect_timeout_s: int = 5) -> None:
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
            raise ValueError(f"not a schema name: {schema!r}")
        self.dsn, self.schema, self.connect_timeout_s = dsn, schema, connect_timeout_s

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        conn = psycopg2.connect(self.dsn, connect_timeout=self.connect_timeout_s)
        try:
            with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                cur.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(self.schema)))
                yield cur
        finally:
            conn.close()

    def migrate(self) -> list[str]:
        """Applies the migrations not applied yet; returns their versions. Safe to call every run."""
        applied: list[str] = []
        conn = psycopg2.connect(self.dsn, connect_timeout=self.connect_timeout_s)
        try:
            with conn, conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
                cur.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(self.schema)))
                cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
                cur.execute("SELECT version FROM schema_migrations")
                done = {row[0] for row in cur.fetchall()}
                for file in sorted(MIGRATIONS.glob("*.sql")):
                    version = file.stem
                    if version not in done:
                        cur.execute(file.read_text())
                        cur.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                        applied.append(version)
        finally:
            conn.close()
        return applied

    def record(self, run: RunRecord) -> str:
        """Stores one run (suites, cases, steps, results, step results, metrics); returns its id."""
        with self._cursor() as cur:
            cur.execute(
                "INSERT INTO test_reports (format, environment, git_commit, shard, parallel, exit_code, started_at, generated_at, data)"
                " VALUES ('run', %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (run.environment, run.git_commit, run.shard, run.parallel, run.exit_code, run.started_at, run.finished_at,
                 psycopg2.extras.Json({s: run.count(s) for s in ("passed", "failed", "skipped", "flaky")} | {"wall_s": run.wall_s}
                                     | ({"run_id": run.run_id} if run.run_id else {}))),
            )
            report_id = cur.fetchone()["id"]
            for case in run.cases:
                case_id = self._case_id(cur, case.feature, case.name, case.location, case.tags)
                cur.execute(
                    "INSERT INTO test_results (report_id, case_id, status, flaky, duration_s, retries, attempts, worker, error, recorded_at)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    (report_id, case_id, case.status, case.flaky, case.duration_s, case.retries, case.attempts, case.worker,
                     case.error, run.finished_at),
                )
                result_id = cur.fetchone()["id"]
                for position, step in enumerate(case.steps):
                    cur.execute(
                        "INSERT INTO test_steps (case_id, position, keyword, text) VALUES (%s, %s, %s, %s)"
                        " ON CONFLICT (case_id, position) DO UPDATE SET keyword = EXCLUDED.keyword, text = EXCLUDED.text RETURNING id",
                        (case_id, position, step.keyword, step.name),
                    )
                    cur.execute("INSERT INTO step_results (result_id, step_id, status, duration_s) VALUES (%s, %s, %s, %s)",
                                (result_id, cur.fetchone()["id"], step.status, step.duration_s))
                cur.execute("INSERT INTO test_metrics (report_id, result_id, metric_type, value, recorded_at) VALUES"
                            " (%s, %s, 'retries', %s, %s)", (report_id, result_id, case.retries, run.finished_at))
            cur.execute("INSERT INTO test_metrics (report_id, metric_type, value, recorded_at) VALUES (%s, 'wall_s', %s, %s)",
                        (report_id, run.wall_s, run.finished_at))
            if run.api_timings:
                psycopg2.extras.execute_values(
                    cur, "INSERT INTO api_timings (report_id, operation, api, calls, p50_ms, p95_ms, max_ms, errors, recorded_at) VALUES %s",
                    [(report_id, t.operation, t.api, t.count, t.p50_ms, t.p95_ms, t.max_ms, t.errors, run.finished_at)
                     for t in run.api_timings])
            return str(report_id)

    @staticmethod
    def _case_id(cur: Any, feature: str, name: str, location: str, tags: list[str]) -> Any:
        cur.execute("INSERT INTO test_suites (name, path) VALUES (%s, %s) ON CONFLICT (name) DO UPDATE SET path = EXCLUDED.path"
                    " RETURNING id", (feature, location.rsplit(":", 1)[0]))
        suite_id = cur.fetchone()["id"]
        cur.execute("INSERT INTO test_cases (suite_id, name, location, tags) VALUES (%s, %s, %s, %s)"
                    " ON CONFLICT (suite_id, name) DO UPDATE SET location = EXCLUDED.location, tags = EXCLUDED.tags RETURNING id",
                    (suite_id, name, location, tags))
        return cur.fetchone()["id"]

    def prune(self, retention_days: int, *, now: dt.datetime | None = None) -> int:
        """Deletes runs older than ``retention_days`` (their results cascade); returns how many."""
        with self._cursor() as cur:
            cur.execute("DELETE FROM test_reports WHERE generated_at < COALESCE(%s, now()) - make_interval(days => %s)",
                        (now, retention_days))
            return int(cur.rowcount)

    def durations(self, last_runs: int = 5, *, before: dt.datetime | None = None) -> dict[str, float]:
        """location -> mean duration of the scenario's last ``last_runs`` non-skipped results (for sharding).

        ``before``: only results recorded before it, so CI jobs of one pipeline that start at
        different moments still read the same figures (and compute the same shards)."""
        with self._cursor() as cur:
            cur.execute(
                "SELECT c.location, avg(r.duration_s) AS mean FROM test_cases c JOIN LATERAL ("
                " SELECT duration_s FROM test_results WHERE case_id = c.id AND status <> 'skipped'"
                " AND recorded_at < COALESCE(%s, 'infinity'::timestamptz)"
                " ORDER BY recorded_at DESC LIMIT %s) r ON true GROUP BY c.location", (before, last_runs))
            return {row["location"]: float(row["mean"]) for row in cur.fetchall()}

    def api_timing_trend(self, runs: int = 10) -> list[dict[str, Any]]:
        """Each operation's p95 over the last ``runs`` runs that recorded response times, oldest first.

        One row per operation: ``p95_ms`` (a list, None where a run did not call it), ``calls`` and
        ``errors`` of the latest run that did, and ``change``: its latest p95 against the median of the
        runs before (0.85: 85 % slower; None with fewer than two runs); the slowest latest p95 first."""
        with self._cursor() as cur:
            cur.execute(
                "SELECT id, generated_at FROM test_reports WHERE id IN (SELECT DISTINCT report_id FROM api_timings)"
                " ORDER BY generated_at DESC LIMIT %s", (runs,))
            last = list(reversed(cur.fetchall()))
            if not last:
                return []
            cur.execute("SELECT report_id, operation, api, calls, p95_ms, errors FROM api_timings WHERE report_id = ANY(%s::uuid[])",
                        ([str(r["id"]) for r in last],))
            found = {(str(row["report_id"]), row["operation"]): row for row in cur.fetchall()}
        order = [str(r["id"]) for r in last]
        rows = []
        for operation in sorted({op for _, op in found}):
            seen = [found.get((report, operation)) for report in order]
            latest = next(row for row in reversed(seen) if row is not None)
            p95 = [float(row["p95_ms"]) if row is not None else None for row in seen]
            rows.append({"operation": operation, "api": latest["api"], "calls": latest["calls"], "errors": latest["errors"],
                         "p95_ms": p95, "latest_ms": float(latest["p95_ms"]), "change": _change([v for v in p95 if v is not None])})
        return sorted(rows, key=lambda r: (-r["latest_ms"], r["operation"]))

    def recent_runs(self, limit: int = 10) -> list[dict[str, Any]]:
        with self._cursor() as cur:
            cur.execute("SELECT id::text, environment, git_commit, shard, parallel, exit_code, started_at, generated_at, data"
                        " FROM test_reports ORDER BY generated_at DESC LIMIT %s", (limit,))
            return [dict(row) for row in cur.fetchall()]

    def scenario_stats(self, limit: int = 10, days: int = 30) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(slowest, flakiest) scenarios of the last ``days``, from one pass over the results.

        The results are aggregated per case id first (an index-only scan of test_results_recorded,
        migration 002) and only the per-case rows are joined to names, so a million stored results
        cost one scan, not a join of a million rows grouped by text.
        """
        query = (
            "WITH per_case AS ("
            " SELECT case_id, avg(duration_s) AS mean_s, max(duration_s) AS max_s, count(*) AS runs,"
            " count(*) FILTER (WHERE flaky) AS flaky, count(*) FILTER (WHERE status = 'failed') AS failed,"
            " count(*) FILTER (WHERE flaky OR status = 'failed') AS unstable, sum(retries) AS retries"
            " FROM test_results WHERE recorded_at >= now() - make_interval(days => %s) AND status <> 'skipped'"
            " GROUP BY case_id)"
            " SELECT c.id::text AS case_id, s.name AS feature, c.name, c.location, p.mean_s, p.max_s, p.runs, p.flaky, p.failed, p.unstable, p.retries"
            " FROM per_case p JOIN test_cases c ON c.id = p.case_id JOIN test_suites s ON s.id = c.suite_id")
        with self._cursor() as cur:
            cur.execute(query, (days,))
            rows = [{**row, "mean_s": float(row["mean_s"]), "max_s": float(row["max_s"])} for row in cur.fetchall()]
        slowest = sorted(rows, key=lambda r: (-r["mean_s"], r["location"]))[:limit]
        flakiest = sorted((r for r in rows if r["unstable"]), key=lambda r: (-r["unstable"], r["location"]))[:limit]
        return ([{**r, "score": r["mean_s"]} for r in slowest], [{**r, "score": float(r["unstable"])} for r in flakiest])

    # --- what the dashboard's results viewer and trends ask (support/dashboard/pages/results.py) ---

    def _one(self, query: str, params: tuple[Any, ...]) -> dict[str, Any] | None:
        """The one row ``query`` finds, as a dict, or None."""
        with self._cursor() as cur:
            cur.execute(query, params)
            row = cur.fetchone()
        return dict(row) if row else None

    def report(self, report_id: str) -> dict[str, Any] | None:
        """One run's record, or None (also for an id that is not a uuid)."""
        return self._one("SELECT id::text, environment, git_commit, shard, parallel, exit_code, started_at, generated_at, data"
                         " FROM test_reports WHERE id::text = %s", (report_id,))

    def report_cases(self, report_id: str) -> list[dict[str, Any]]:
        """A run's scenarios with their result and the first step that did not pass (name and status)."""
        with self._cursor() as cur:
            cur.execute(
                "SELECT c.id::text AS case_id, s.name AS feature, c.name, c.location, c.tags, r.status, r.flaky, r.duration_s,"
                " r.retries, r.attempts, r.worker, r.error, fs.keyword AS failed_keyword, fs.text AS failed_step"
                " FROM test_results r JOIN test_cases c ON c.id = r.case_id JOIN test_suites s ON s.id = c.suite_id"
                " LEFT JOIN LATERAL (SELECT ts.keyword, ts.text FROM step_results sr JOIN test_steps ts ON ts.id = sr.step_id"
                "  WHERE sr.result_id = r.id AND sr.status IN ('failed', 'error') ORDER BY ts.position LIMIT 1) fs ON true"
                " WHERE r.report_id = %s ORDER BY c.location", (report_id,))
            return [dict(row) for row in cur.fetchall()]

    def trend(self, limit: int = 50) -> list[dict[str, Any]]:
        """The last ``limit`` runs, oldest first: pass rate (flaky counts as passed), wall time, flaky and failed counts."""
        with self._cursor() as cur:
            cur.execute(
                "SELECT id::text, generated_at, git_commit, exit_code, data FROM ("
                " SELECT * FROM test_reports ORDER BY generated_at DESC LIMIT %s) last ORDER BY generated_at", (limit,))
            rows = []
            for row in cur.fetchall():
                counts = {k: int(row["data"].get(k, 0)) for k in ("passed", "failed", "flaky")}
                ran = sum(counts.values())
                rows.append({**row, **counts, "wall_s": float(row["data"].get("wall_s", 0.0)),
                             "pass_rate": (counts["passed"] + counts["flaky"]) / ran if ran else 0.0})
            return rows

    def case(self, case_id: str) -> dict[str, Any] | None:
        return self._one("SELECT c.id::text AS case_id, s.name AS feature, c.name, c.location, c.tags FROM test_cases c"
                         " JOIN test_suites s ON s.id = c.suite_id WHERE c.id::text = %s", (case_id,))

    def case_history(self, case_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """A scenario's own results, newest first, with the run each belongs to."""
        with self._cursor() as cur:
            cur.execute("SELECT r.report_id::text, r.recorded_at, r.status, r.flaky, r.duration_s, r.retries, r.attempts,"
                        " r.error, rep.git_commit FROM test_results r JOIN test_reports rep ON rep.id = r.report_id"
                        " WHERE r.case_id::text = %s ORDER BY r.recorded_at DESC LIMIT %s", (case_id, limit))
            return [dict(row) for row in cur.fetchall()]

    def failing_now(self, limit: int = 50) -> list[dict[str, Any]]:
        """Scenarios whose latest result failed, with the first failed run of the current streak (when it first appeared)."""
        query = (
            "WITH latest AS (SELECT DISTINCT ON (case_id) case_id, status, recorded_at, error FROM test_results"
            "  ORDER BY case_id, recorded_at DESC),"
            " streak AS (SELECT l.case_id, l.error, l.recorded_at AS last_at,"
            "  (SELECT max(p.recorded_at) FROM test_results p WHERE p.case_id = l.case_id AND p.status IN ('passed', 'flaky'))"
            "  AS last_pass FROM latest l WHERE l.status = 'failed')"
            " SELECT c.id::text AS case_id, s.name AS feature, c.name, c.location, st.error, st.last_at,"
            "  f.recorded_at AS since, f.report_id::text AS since_report, rep.git_commit AS since_commit, f.failed_runs"
            " FROM streak st JOIN test_cases c ON c.id = st.case_id JOIN test_suites s ON s.id = c.suite_id"
            " JOIN LATERAL (SELECT min(r.recorded_at) AS recorded_at, count(*) AS failed_runs,"
            "  (array_agg(r.report_id ORDER BY r.recorded_at))[1] AS report_id FROM test_results r"
            "  WHERE r.case_id = st.case_id AND r.status = 'failed'"
            "  AND r.recorded_at > COALESCE(st.last_pass, '-infinity'::timestamptz)) f ON true"
            " JOIN test_reports rep ON rep.id = f.report_id"
            " ORDER BY f.recorded_at, c.location LIMIT %s")
        with self._cursor() as cur:
            cur.execute(query, (limit,))
            return [dict(row) for row in cur.fetchall()]


def _change(p95: list[float]) -> float | None:
    """The latest p95 against the median of the earlier ones: a regression stands out as +0.85."""
    if len(p95) < 2:
        return None
    before = statistics.median(p95[:-1])
    return round((p95[-1] - before) / before, 3) if before else None

"""The report step: one call turns a run's raw outputs into every report people open.

``build_reports`` is what ``./jump test:run`` calls at its end and what ``./jump test:report``
runs on its own: enrich the Allure results (categories, environment, executor, flaky marks),
compute coverage and failure analysis from the results and the recorder's traces, render the
Allure site (carrying the previous report's history) and put the coverage page inside it.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.clients.masking import configure_pii
from support.reporting.allure_cli import PendingRender, ReportError
from support.reporting.categories import write_categories
from support.reporting.coverage import CoverageReport, build_coverage
from support.reporting.failing_since import failing_since
from support.reporting.failures import FailureAnalysis, analyse
from support.reporting.html import render_coverage
from support.reporting.recorder import RAW_DIR, read_meta, read_openapi, read_traces
from support.reporting.results import ScenarioResult, latest_per_test, read_results
from support.reporting.run_info import write_environment, write_executor
from support.reporting.srs import load_requirements


@dataclass
class ReportPaths:
    allure_index: Path | None
    coverage_html: Path
    coverage_json: Path
    failures_json: Path
    coverage: CoverageReport
    failures: FailureAnalysis
    timings: dict[str, float] = field(default_factory=dict)


def _prune_raw(reports_dir: Path, results: list[ScenarioResult]) -> None:
    """Drops trace files of earlier runs: their last line was written before this run's first scenario."""
    starts = [r.start for r in results if r.start]
    if not starts:
        return
    cutoff = min(starts) / 1000 - 1
    for path in (reports_dir / RAW_DIR).glob("*.jsonl"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def mark_flaky(results_dir: Path, results: list[ScenarioResult]) -> int:
    """The execution engine tags a scenario that passed on rerun ``flaky``; Allure wants statusDetails.flaky."""
    marked = 0
    for result in results:
        if "flaky" in result.tags and not result.flaky and result.file:
            path = results_dir / result.file
            data = json.loads(path.read_text(encoding="utf-8"))
            data.setdefault("statusDetails", {})["flaky"] = True
            path.write_text(json.dumps(data), encoding="utf-8")
            result.flaky = True
            marked += 1
    return marked


def _results_dsn(settings: Any | None) -> str | None:
    dsn = getattr(getattr(settings, "databases", None), "results", None)
    return str(dsn) if dsn else None


def build_reports(settings: Any | None, reports_dir: Path, *, html: bool = True, srs: Path | None = None,
                  report_dir: Path | None = None, history_dir: Path | None = None) -> ReportPaths:
    """Raises support.reporting.allure_cli.ReportError when there are no results or Allure fails.

    ``history_dir`` (reports/history) carries Allure's trend data from one run folder to the next:
    read before rendering, replaced by the new report's history after."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    results_dir = reports_dir / "allure-results"
    results = read_results(results_dir) if results_dir.is_dir() else []
    if not results:
        raise ReportError(f"no Allure results in {results_dir}: run the suite first")
    _prune_raw(reports_dir, results)
    write_categories(results_dir)
    write_environment(results_dir, settings)
    write_executor(results_dir, settings)
    mark_flaky(results_dir, results)
    lap("read and enrich results")

    # Allure renders in its own process while coverage and failure analysis run here
    pending = PendingRender(results_dir, report_dir or reports_dir / "allure-report", history=history_dir) if html else None
    try:
        latest = latest_per_test(results)
        current = {r.history_id for r in latest}
        traces = [t for t in read_traces(reports_dir) if t.history_id in current]
        reporting = getattr(settings, "reporting", None)
        if reporting is not None:
            configure_pii(reporting.mask_pii)  # the failure analysis masks what the run's settings ask for
        coverage = build_coverage(latest, traces, load_requirements(srs), read_openapi(reports_dir), read_meta(reports_dir).known_tables)
        coverage_dir = reports_dir / "coverage"
        requirement_url = getattr(reporting, "requirement_url_pattern", "")
        coverage_html = render_coverage(coverage, coverage_dir, report_link="../allure-report/index.html",
                                        requirement_url=requirement_url)
        lap("coverage")

        failed = [(r.feature, r.name) for r in latest if r.status in ("failed", "broken")]
        failures = analyse(latest, traces, failing_since(_results_dsn(settings), failed))
        failures_json = reports_dir / "failures.json"
        failures_json.write_text(failures.model_dump_json(indent=2), encoding="utf-8")
        lap("failure analysis")
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise

    index = None
    if pending is not None:
        report_dir = pending.report
        index = pending.wait()
        if history_dir is not None and (report_dir / "history").is_dir():
            shutil.copytree(report_dir / "history", history_dir, dirs_exist_ok=True)
        # the same page inside the Allure site, so one served folder has both (and its link back works)
        render_coverage(coverage, report_dir / "coverage", report_link="../index.html", requirement_url=requirement_url)
        lap("allure generate (rest of)")
    return ReportPaths(allure_index=index, coverage_html=coverage_html, coverage_json=coverage_dir / "coverage.json",
                       failures_json=failures_json, coverage=coverage, failures=failures, timings=timings)

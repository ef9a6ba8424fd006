"""The report step: one call turns a run's event stream into every report people open.

``build_reports`` is what ``./jump test:run`` calls at its end and what ``./jump test:report``
runs on a stored stream (a replay writes the same files): Allure results (written once, from the
stream: support/reporting/allure_results.py) with categories, environment and executor; the one
JUnit file; coverage, API response times and failure analysis; then the Allure site (carrying the
previous report's history) with the coverage and response-time pages inside it.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from support.clients.masking import configure_pii
from support.reporting import allure_results
from support.reporting.allure_cli import PendingRender, ReportError
from support.reporting.api_timings import ApiTimings, api_timings
from support.reporting.categories import write_categories
from support.reporting.coverage import CoverageReport, build_coverage
from support.reporting.failing_since import failing_since
from support.reporting.failures import FailureAnalysis, analyse
from support.reporting.html import render_api_timings, render_coverage
from support.reporting.junit import write_junit
from support.reporting.overview_link import link_coverage_from_overview
from support.reporting.pytest_proofs import for_run as pytest_proofs_for_run
from support.reporting.results import latest_per_test, parse_result
from support.reporting.run_info import write_environment, write_executor
from support.reporting.srs import load_requirements
from support.reporting.trace import ScenarioTrace
from support.run import events as ev
from support.run.outcome import Folded, fold
from support.run.run_folder import pinned_openapi

JUNIT_FILE = "junit.xml"


@dataclass
class ReportPaths:
    allure_index: Path | None
    coverage_html: Path
    coverage_json: Path
    failures_json: Path
    junit: Path
    coverage: CoverageReport
    failures: FailureAnalysis
    timings: dict[str, float] = field(default_factory=dict)
    api_timings: ApiTimings = field(default_factory=ApiTimings)   # response times per operation (API-001.5)
    api_timings_html: Path | None = None


def traces(folded: Folded) -> list[ScenarioTrace]:
    """What each scenario's last attempt touched, keyed as the Allure results are (historyId)."""
    return [ScenarioTrace(history_id=attempts[-1].finished.history_id, **attempts[-1].finished.touched.model_dump())
            for attempts in folded.attempts.values()]


def _results_dsn(settings: Any | None) -> str | None:
    dsn = getattr(getattr(settings, "databases", None), "results", None)
    return str(dsn) if dsn else None


def report_look(folded: Folded, overrides: dict[str, Any] | None = None) -> ev.ReportSettings:
    """Title, language, logo and extra categories as the run recorded them (reporting.*), with this rebuild's overrides on top."""
    recorded = folded.started[0].report if folded.started else ev.ReportSettings()
    return ev.ReportSettings.model_validate({**recorded.model_dump(), **(overrides or {})})


def build_reports(settings: Any | None, reports_dir: Path, *, html: bool = True, srs: Path | None = None,
                  report_dir: Path | None = None, history_dir: Path | None = None,
                  look: dict[str, Any] | None = None) -> ReportPaths:
    """Every report of the run in ``reports_dir`` from its ``events.jsonl``.

    Raises support.reporting.allure_cli.ReportError when there is no stream or no scenario in it, or
    Allure fails. ``history_dir`` (reports/history) carries Allure's trend data from one run folder to
    the next: read before rendering, replaced by the new report's history after. ``look`` overrides the
    stream's title/language/logo/categories for this rebuild (``./jump test:report --title``)."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    stream = reports_dir / ev.EVENTS_FILE
    folded = fold(ev.read_all(stream)) if stream.is_file() else Folded()
    if not folded.attempts and not folded.contracts:
        raise ReportError(f"no scenario results in {stream}: run the suite first")
    results_dir = reports_dir / "allure-results"
    results = [parse_result(data) for data in allure_results.write(folded, reports_dir)]
    branding = report_look(folded, look)
    write_categories(results_dir, branding.categories)
    write_environment(results_dir, settings)
    write_executor(results_dir, settings)
    latest = latest_per_test(results)
    write_junit(latest, reports_dir / JUNIT_FILE)
    lap("results from the stream")

    # Allure renders in its own process while coverage and failure analysis run here
    pending = PendingRender(results_dir, report_dir or reports_dir / "allure-report", history=history_dir,
                            name=branding.title, language=branding.language, logo=branding.logo) if html else None
    try:
        current = {r.history_id for r in latest}
        scenario_traces = [t for t in traces(folded) if t.history_id in current]
        reporting = getattr(settings, "reporting", None)
        if reporting is not None:
            configure_pii(reporting.mask_pii)  # the failure analysis masks what the run's settings ask for
        openapi = pinned_openapi(reports_dir)
        known_tables = sorted({t for run in folded.started for t in run.known_tables})
        graphql_schema = next((run.graphql_schema for run in folded.started if run.graphql_schema), None)  # another target's pin
        # the pytest tests marked @pytest.mark.req: not in the stream, read when the report is built
        coverage = build_coverage(latest, scenario_traces, load_requirements(srs),
                                  openapi, known_tables,
                                  proofs=pytest_proofs_for_run(reports_dir), graphql_schema=Path(graphql_schema) if graphql_schema else None)
        coverage.generated_at = finished_at = folded.ended_at()
        coverage_dir = reports_dir / "coverage"
        # as the run recorded it, as the Allure results' links have it (a stream without it: today's setting)
        requirement_url = branding.requirement_url or getattr(reporting, "requirement_url_pattern", "")
        coverage_html = render_coverage(coverage, coverage_dir, report_link="../allure-report/index.html",
                                        requirement_url=requirement_url, title=branding.title, logo=branding.logo)
        lap("coverage")

        response_times = api_timings(folded, openapi)
        timings_html = render_api_timings(response_times, coverage_dir, report_link="../allure-report/index.html",
                                          title=branding.title, logo=branding.logo)
        lap("API response times")

        failed = [(r.feature, r.name) for r in latest if r.status in ("failed", "broken")]
        failures = analyse(latest, scenario_traces, failing_since(_results_dsn(settings), failed), custom=branding.categories)
        failures.generated_at = finished_at
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
        render_coverage(coverage, report_dir / "coverage", report_link="../index.html", requirement_url=requirement_url,
                        title=branding.title, logo=branding.logo)
        render_api_timings(response_times, report_dir / "coverage", report_link="../index.html", title=branding.title,
                           logo=branding.logo)
        link_coverage_from_overview(report_dir, coverage, response_times)  # the Overview's Executors widget links to both
        lap("allure generate (rest of)")
    return ReportPaths(allure_index=index, coverage_html=coverage_html, coverage_json=coverage_dir / "coverage.json",
                       failures_json=failures_json, coverage=coverage, failures=failures, timings=timings,
                       junit=reports_dir / JUNIT_FILE, api_timings=response_times, api_timings_html=timings_html)

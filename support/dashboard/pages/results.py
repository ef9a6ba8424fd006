"""The results viewer: runs from the results history, a run's scenarios by area and feature, a
scenario in a run (steps, exchanges and created rows), a scenario's own history, and the trends."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from support.dashboard.charts import line_chart
from support.dashboard.run_files import RunFolder
from support.dashboard.security import viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render

router = APIRouter()
Viewer = Annotated[Session, Depends(viewer)]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def area_of(location: str) -> str:
    """features/checkout/buying.feature:12 -> checkout."""
    parts = location.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "features" else "(other)"


def line_order(location: str) -> tuple[str, int]:
    """features/a.feature:10 after features/a.feature:4 (text order puts 10 first)."""
    path, _, line = location.rpartition(":")
    return (path, int(line)) if line.isdigit() else (location, 0)


def _not_found(request: Request, what: str) -> Response:
    return render(request, "error.html", status_code=404, title="Not found", message=f"There is no {what} here.")


def folder_of(request: Request, report: dict[str, Any]) -> RunFolder:
    return RunFolder(request.app.state.config.reports_root, str(report["data"].get("run_id", "")))


@router.get("/results")
def runs(request: Request, session: Viewer) -> Response:
    reports = request.app.state.db.history.recent_runs(50)
    folders = {r["id"]: folder_of(request, r) for r in reports}
    return render(request, "results.html", runs=reports, folders=folders)


@router.get("/results/{report_id}")
def run(request: Request, session: Viewer, report_id: str, status: str = "") -> Response:
    history = request.app.state.db.history
    report = history.report(report_id) if UUID.fullmatch(report_id) else None
    if report is None:
        return _not_found(request, "run with that id")
    cases = history.report_cases(report_id)
    shown = sorted((c for c in cases if not status or c["status"] == status), key=lambda c: line_order(c["location"]))
    tree: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for case in shown:
        tree[area_of(case["location"])][case["feature"]].append(case)
    folder = folder_of(request, report)
    uids = {c["case_id"]: folder.allure_uid(c["feature"], c["name"]) for c in shown} if "allure" in folder.links() else {}
    counts = {s: sum(1 for c in cases if c["status"] == s) for s in ("passed", "failed", "flaky", "skipped")}
    return render(request, "run.html", report=report, tree={a: dict(f) for a, f in sorted(tree.items())}, counts=counts,
                  status=status, folder=folder, links=folder.links(), uids=uids, total=len(cases))


@router.get("/results/{report_id}/scenarios/{case_id}")
def scenario_in_run(request: Request, session: Viewer, report_id: str, case_id: str) -> Response:
    history = request.app.state.db.history
    report = history.report(report_id) if UUID.fullmatch(report_id) else None
    case = next((c for c in history.report_cases(report_id) if c["case_id"] == case_id), None) if report else None
    if report is None or case is None:
        return _not_found(request, "scenario in that run")
    folder = folder_of(request, report)
    files = folder.scenario(case["feature"], case["name"])
    return render(request, "scenario_run.html", report=report, case=case, folder=folder, files=files,
                  uid=folder.allure_uid(case["feature"], case["name"]))


@router.get("/scenarios/{case_id}")
def scenario_history(request: Request, session: Viewer, case_id: str) -> Response:
    history = request.app.state.db.history
    case = history.case(case_id) if UUID.fullmatch(case_id) else None
    if case is None:
        return _not_found(request, "scenario with that id")
    results = history.case_history(case_id, 60)
    oldest_first = list(reversed(results))
    chart = line_chart("Duration", [r["duration_s"] for r in oldest_first],
                       [r["recorded_at"].strftime("%m-%d %H:%M") for r in oldest_first], unit=" s")
    return render(request, "scenario.html", case=case, results=results, chart=chart,
                  passed=sum(1 for r in results if r["status"] in ("passed", "flaky")))


@router.get("/trends")
def trends(request: Request, session: Viewer, days: int = 30) -> Response:
    history = request.app.state.db.history
    days = min(max(days, 1), 3650)
    points = history.trend(50)
    labels = [p["generated_at"].strftime("%m-%d %H:%M") for p in points]
    charts = {
        "Pass rate": line_chart("Pass rate", [100 * p["pass_rate"] for p in points], labels, unit=" %", top=100),
        "Wall time": line_chart("Wall time", [p["wall_s"] for p in points], labels, unit=" s", colour="#5b3fa8"),
        "Flaky scenarios": line_chart("Flaky scenarios", [float(p["flaky"]) for p in points], labels, colour="#8a5a00"),
    }
    slowest, flakiest = history.scenario_stats(10, days)
    return render(request, "trends.html", charts=charts, points=list(reversed(points)), slowest=slowest, flakiest=flakiest,
                  failing=history.failing_now(50), days=days, api_timings=history.api_timing_trend(10))


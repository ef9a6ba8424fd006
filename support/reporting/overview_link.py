"""The Allure Overview links to the coverage page and the API response times: rows of its Executors widget.

Why the Executors widget: Allure 2 has no setting for a free link on the Overview. Its Environment
widget links only absolute http(s) URLs, while the Executors widget links its ``buildUrl`` relative
to the site (the coverage page sits inside it at ``coverage/index.html``, locally, in a GitLab job's
artifacts and on Pages alike). The row is added to the generated ``widgets/executors.json`` after
``allure generate``, next to the run's own executor, and names the figure a business analyst looks for.
"""

from __future__ import annotations

import json
from pathlib import Path

from support.reporting import api_timings as timing_files
from support.reporting.api_timings import ApiTimings
from support.reporting.coverage import CoverageReport
from support.reporting.labels import COVERAGE_PAGE

EXECUTORS = Path("widgets") / "executors.json"
ROW_NAME = "Requirement coverage"
TIMINGS_ROW_NAME = "API response times"


def coverage_row(coverage: CoverageReport) -> dict[str, str]:
    r = coverage.requirements
    return {"name": ROW_NAME, "type": "coverage", "buildUrl": COVERAGE_PAGE,
            "buildName": f"{r.percent:g}% of requirements proven ({r.covered} of {r.total})"}


def timings_row(timings: ApiTimings) -> dict[str, str]:
    return {"name": TIMINGS_ROW_NAME, "type": "timings", "buildUrl": f"coverage/{timing_files.PAGE}", "buildName": timings.summary()}


def link_coverage_from_overview(site: Path, coverage: CoverageReport, timings: ApiTimings | None = None) -> Path | None:
    """Adds (or replaces) the coverage row and the response-times row; None when the site has no Executors widget data."""
    path = site / EXECUTORS
    if not path.is_file():
        return None
    rows = [row for row in json.loads(path.read_text(encoding="utf-8")) if row.get("name") not in (ROW_NAME, TIMINGS_ROW_NAME)]
    ours = [coverage_row(coverage)] + ([timings_row(timings)] if timings is not None else [])
    path.write_text(json.dumps([*rows, *ours], indent=2), encoding="utf-8")
    return path

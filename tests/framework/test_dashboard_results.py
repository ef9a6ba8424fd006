"""The results viewer, trends, coverage, failure analysis and report downloads of the dashboard,
read from a real results database (three recorded runs) and a real run folder of the sample
project (tests/e2e/sample_run.py, reports built by the reporting pipeline)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pytest
import requests

from tests.dashboard_support import SAMPLE_RUN_ID, RunningDashboard, running_dashboard, sample_checkout


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningDashboard]:
    root = sample_checkout(tmp_path_factory.mktemp("checkout"))
    with running_dashboard(dsns["results"], repo=root, sample_history=True) as running:
        yield running


@pytest.fixture(scope="module")
def http(dash: RunningDashboard) -> requests.Session:
    return dash.sign_in("viewer")


def test_the_runs_are_listed_newest_first_with_their_report_folder(dash: RunningDashboard, http: requests.Session) -> None:
    page = http.get(f"{dash.url}/results", timeout=10).text
    links = re.findall(r'href="/results/([0-9a-f-]{36})"', page)
    assert len(links) == 3
    assert f'href="/reports/{SAMPLE_RUN_ID}"' in page and page.count("not on this machine") == 2


def test_a_run_shows_its_scenarios_by_area_and_feature_with_the_failing_step(dash: RunningDashboard, http: requests.Session) -> None:
    latest = re.search(r'href="/results/([0-9a-f-]{36})"', http.get(f"{dash.url}/results", timeout=10).text).group(1)  # type: ignore[union-attr]
    page = http.get(f"{dash.url}/results/{latest}", timeout=10).text
    assert page.index("<h2>checkout</h2>") < page.index("<caption>Paying for seats</caption>")
    assert "<h2>discovery</h2>" in page
    assert "Then the order total is &#39;$118.00&#39;" in page and "expected &#39;$118.00&#39;, got &#39;$120.00&#39;" in page
    # the scenario links into the Allure site of the run, at that scenario
    uid = re.search(r'allure-report/index.html#testresult/([0-9a-f]+)">Allure', page).group(1)  # type: ignore[union-attr]
    case_json = dash.repo / "reports" / "runs" / SAMPLE_RUN_ID / "allure-report" / "data" / "test-cases" / f"{uid}.json"
    assert case_json.is_file()
    failed_only = http.get(f"{dash.url}/results/{latest}?status=failed", timeout=10).text
    assert "A fan sees what is on sale" not in failed_only and "A fan buys from the listing" in failed_only


def test_a_scenario_in_a_run_shows_its_exchanges_masked(dash: RunningDashboard, http: requests.Session) -> None:
    latest = re.search(r'href="/results/([0-9a-f-]{36})"', http.get(f"{dash.url}/results", timeout=10).text).group(1)  # type: ignore[union-attr]
    run_page = http.get(f"{dash.url}/results/{latest}", timeout=10).text
    scenario = re.search(rf'href="(/results/{latest}/scenarios/[0-9a-f-]{{36}})">The order total includes the fees', run_page).group(1)  # type: ignore[union-attr]
    page = http.get(f"{dash.url}{scenario}", timeout=10).text
    attachment = re.search(r'href="(/reports/[^"]+/files/allure-results/[^"]+)">rest: POST /v1/orders', page).group(1)  # type: ignore[union-attr]
    body = http.get(f"{dash.url}{attachment}", timeout=10).text
    assert "4111111111111111" not in body and "maya@example.com" not in body  # masked as in Allure
    assert "Created Fan" in page or "created Fan" in page


def test_trends_show_pass_rate_and_when_a_failure_first_appeared(dash: RunningDashboard, http: requests.Session) -> None:
    page = http.get(f"{dash.url}/trends", timeout=10).text
    assert page.count('<svg class="chart"') == 3
    assert 'aria-label="Pass rate: 3 runs, latest 50 %' in page
    failing = page.split("Failing now")[1].split("Slowest scenarios")[0]
    fees = failing.split("The order total includes the fees")[1].split("</tr>")[0]
    listing = failing.split("A fan buys from the listing")[1].split("</tr>")[0]
    assert "c0ffee1" in fees and '<td class="num">2</td>' in fees          # since the second run, 2 failed runs
    assert "c0ffee0" in listing and '<td class="num">3</td>' in listing    # since the first run
    assert "A fan buys seats" in page.split("Flakiest scenarios")[1]


@pytest.mark.req("API-001.5")
def test_trends_show_each_api_operations_p95_over_the_runs(dash: RunningDashboard, http: requests.Session) -> None:
    page = http.get(f"{dash.url}/trends", timeout=10).text
    row = page.split('id="api-timings"')[1].split("</tr>")[1]     # the header row, then the first operation
    assert "<code>POST /v1/orders</code>" in row and "100 · 110 · 250" in row
    assert '<td class="num">250</td><td class="num">+138 %</td>' in row   # 250 against the median 105 of the runs before


def test_a_scenarios_history(dash: RunningDashboard, http: requests.Session) -> None:
    trends = http.get(f"{dash.url}/trends", timeout=10).text
    link = re.search(r'href="(/scenarios/[0-9a-f-]{36})">The order total includes the fees', trends).group(1)  # type: ignore[union-attr]
    page = http.get(f"{dash.url}{link}", timeout=10).text
    assert "1 of the last 3 results passed." in page and page.count("status-failed") == 2


def test_coverage_and_failure_analysis_come_from_the_runs_reports(dash: RunningDashboard, http: requests.Session) -> None:
    coverage = http.get(f"{dash.url}/coverage", timeout=10).text  # the latest folder by default
    assert "FT-001.1" in coverage and "A fan buys seats" in coverage and "Per feature" in coverage
    failures = http.get(f"{dash.url}/failures?run={SAMPLE_RUN_ID}", timeout=10).text
    assert "2 of 4 scenarios failed" in failures and "order &lt;n&gt; total: expected &lt;str&gt;" in failures


def test_reports_open_and_download(dash: RunningDashboard, http: requests.Session) -> None:
    site = http.get(f"{dash.url}/reports/{SAMPLE_RUN_ID}/files/allure-report/index.html", timeout=10)
    assert site.status_code == 200 and "allure" in site.text.lower()
    archive = http.get(f"{dash.url}/reports/{SAMPLE_RUN_ID}/download/coverage.zip", timeout=30)
    assert archive.headers["content-disposition"] == f'attachment; filename="{SAMPLE_RUN_ID}-coverage.zip"'
    assert f"{SAMPLE_RUN_ID}/coverage/coverage.json" in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    junit = http.get(f"{dash.url}/reports/{SAMPLE_RUN_ID}/download/junit.zip", timeout=30)
    assert zipfile.ZipFile(io.BytesIO(junit.content)).namelist() == [f"{SAMPLE_RUN_ID}/junit.xml"]
    page = http.get(f"{dash.url}/reports/{SAMPLE_RUN_ID}", timeout=10).text
    assert f'/reports/{SAMPLE_RUN_ID}/files/junit.xml"' in page and "events.zip" in page


@pytest.mark.parametrize("path", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "allure-report/../../../../etc/passwd"])
def test_no_file_outside_the_run_folder_is_served(dash: RunningDashboard, http: requests.Session, path: str) -> None:
    answer = http.get(f"{dash.url}/reports/{SAMPLE_RUN_ID}/files/{path}", timeout=10)
    assert answer.status_code == 404 and "root:" not in answer.text


def test_results_need_a_session(dash: RunningDashboard) -> None:
    for path in ("/results", "/trends", f"/reports/{SAMPLE_RUN_ID}/files/failures.json", "/coverage"):
        assert requests.get(f"{dash.url}{path}", timeout=10, allow_redirects=False).status_code == 303, path


def test_unknown_ids_are_a_clear_404(dash: RunningDashboard, http: requests.Session) -> None:
    for path in ("/results/not-a-uuid", "/results/00000000-0000-0000-0000-000000000000", "/scenarios/x", "/reports/nope"):
        answer = http.get(f"{dash.url}{path}", timeout=10)
        assert answer.status_code == 404 and "Not found" in answer.text, path



"""The configuration page: the data of ./jump test:config with sources and masked secrets; admin
overrides through the same validated writer, secrets only as references."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard_support import RunningDashboard, running_dashboard


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jump-config")


@pytest.fixture(scope="module")
def dash(dsns: dict[str, str], config_dir: Path) -> Iterator[RunningDashboard]:
    with running_dashboard(dsns["results"], config_dir=config_dir) as running:
        yield running


def test_settings_are_shown_with_their_source_and_secrets_masked(dash: RunningDashboard) -> None:
    page = dash.sign_in("viewer").get(f"{dash.url}/config?env=local", timeout=10).text
    row = page.split("<code>auth.credentials.admin.password</code>")[1].split("</tr>")[0]
    assert "********" in row and "jump-admin-local" not in page
    parallel = page.split("<code>run.parallel</code>")[1].split("</tr>")[0]
    assert "defaults" in parallel or "environments/local.toml" in parallel
    assert "Set an override" not in page  # a viewer only reads
    assert 'href="/config?env=production"' in page


def test_a_viewer_cannot_set_an_override(dash: RunningDashboard, config_dir: Path) -> None:
    http = dash.sign_in("viewer")
    answer = http.post(f"{dash.url}/config", data={"csrf": dash.csrf(http), "env": "local", "key": "run.parallel", "value": "3"},
                       timeout=10)
    assert answer.status_code == 403 and not (config_dir / "config.local.toml").exists()


def test_an_admin_override_is_validated_written_and_audited(dash: RunningDashboard, config_dir: Path) -> None:
    http = dash.sign_in("admin")
    token = dash.csrf(http)
    bad = http.post(f"{dash.url}/config", data={"csrf": token, "env": "local", "key": "run.parallel", "value": "many"}, timeout=10)
    assert bad.status_code == 400 and "run.parallel" in bad.text and not (config_dir / "config.local.toml").exists()
    good = http.post(f"{dash.url}/config", data={"csrf": token, "env": "local", "key": "run.parallel", "value": "3"}, timeout=10)
    assert good.status_code == 200 and "run.parallel saved" in good.text
    assert tomllib.loads((config_dir / "config.local.toml").read_text())["run"]["parallel"] == 3
    parallel = good.text.split("<code>run.parallel</code>")[1].split("</tr>")[0]
    assert "<code>3</code>" in parallel and "config.local.toml" in parallel
    assert "set configuration" in http.get(f"{dash.url}/audit", timeout=10).text


def test_a_secret_is_stored_only_as_a_reference(dash: RunningDashboard, config_dir: Path) -> None:
    http = dash.sign_in("admin")
    token = dash.csrf(http)
    literal = http.post(f"{dash.url}/config", data={"csrf": token, "env": "staging", "key": "auth.credentials.admin.password",
                                                    "value": "hunter2-literal"}, timeout=10)
    assert literal.status_code == 400 and "refuses to write a literal secret" in literal.text
    assert "hunter2-literal" not in literal.text and not (config_dir / "config.staging.toml").exists()
    reference = http.post(f"{dash.url}/config", data={"csrf": token, "env": "staging", "key": "auth.credentials.admin.password",
                                                      "value": "env:STAGING_ADMIN_PASSWORD"}, timeout=10)
    assert reference.status_code == 200
    assert "env:STAGING_ADMIN_PASSWORD" in reference.text.split("<code>auth.credentials.admin.password</code>")[1].split("</tr>")[0]


def test_an_admin_takes_the_report_logo_away_with_an_empty_value(dash: RunningDashboard, config_dir: Path, tmp_path: Path) -> None:
    """docs/reports.md: an empty field takes a logo away again (the page has no other way to remove a setting)."""
    (tmp_path / "acme.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>')
    http = dash.sign_in("admin")
    token = dash.csrf(http)
    set_logo = http.post(f"{dash.url}/config", data={"csrf": token, "env": "local", "key": "reporting.logo", "value": str(tmp_path / "acme.svg")}, timeout=10)
    assert set_logo.status_code == 200 and "reporting.logo saved" in set_logo.text
    taken = http.post(f"{dash.url}/config", data={"csrf": token, "env": "local", "key": "reporting.logo", "value": ""}, timeout=10)
    assert taken.status_code == 200 and "reporting.logo saved" in taken.text, taken.text[:2000]
    assert tomllib.loads((config_dir / "config.local.toml").read_text())["reporting"]["logo"] == ""
    refused = http.post(f"{dash.url}/config", data={"csrf": token, "env": "local", "key": "run.parallel", "value": ""}, timeout=10)
    assert refused.status_code == 400 and "input should be a valid integer" in refused.text  # the page's one line, not a raw 422

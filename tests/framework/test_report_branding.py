"""A company's look on the reports (reporting.title/.language/.logo), rendered by the real Allure command line.

The sample run (tests/e2e/sample_run.py) is made with the settings set; the reports are then built with
settings that have none of them, so what shows proves the run's event stream carries the look, and a
replay after the logo file is gone rebuilds the same pages.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from support.config import load_settings
from support.reporting.branding import ALLURE_LANGUAGES
from support.reporting.pipeline import build_reports
from tests.e2e.sample_run import REPO, run_sample

TITLE = "Acme Tickets – QA report"
FAILING = "The order total includes the fees"
# a company category: of the sample's two wrong totals, the one expected with the fees ($118.00) is a fee rule
PRICING = {"name": "Pricing rules", "description": "A fee is missing from a total.", "matchedStatuses": ["failed"],
           "messageRegex": r"(?s).*expected .*\$118\.00.*"}


def png(path: Path, size: int = 48, rgb: tuple[int, int, int] = (214, 51, 108)) -> Path:
    """A small solid PNG written with zlib (no imaging library in the project for one test image)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("branded")
    logo = png(root / "acme.png")
    categories = root / "categories.json"
    categories.write_text(json.dumps([PRICING]))
    reports = run_sample(root, {"JUMP_REPORTING__TITLE": TITLE, "JUMP_REPORTING__LANGUAGE": "de",
                                "JUMP_REPORTING__LOGO": str(logo), "JUMP_REPORTING__CATEGORIES_FILE": str(categories)})
    logo.unlink()  # the stream has the image and the categories: nothing reads the files after the run
    categories.unlink()
    build_reports(load_settings("local"), reports)  # settings without any look: it comes from the stream
    return reports


def jump(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "support.run.cli", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "JUMP_ENV": "local", **(env or {})}, timeout=120)


@pytest.mark.req("REP-001.1")
def test_the_allure_site_carries_the_title_the_language_and_the_logo(branded, tmp_path):
    site = branded / "allure-report"
    assert json.loads((site / "widgets" / "summary.json").read_text())["reportName"] == TITLE
    index = (site / "index.html").read_text()
    assert '<html dir="ltr" lang="de">' in index and f"<title>{TITLE}</title>" in index
    assert '<link rel="stylesheet" type="text/css" href="plugin/custom-logo/styles.css">' in index  # the plugin is on
    assert "url('logo.png')" in (site / "plugin" / "custom-logo" / "styles.css").read_text()
    assert (site / "plugin" / "custom-logo" / "logo.png").read_bytes() == png(tmp_path / "same.png").read_bytes()


def test_the_coverage_and_response_time_pages_have_the_title_and_the_logo(branded):
    for folder in (branded / "coverage", branded / "allure-report" / "coverage"):
        for page, name in (("index.html", "coverage"), ("api-timings.html", "API response times")):
            html = (folder / page).read_text()
            assert f"<title>{TITLE} – {name} – " in html
            assert '<h1><img class="logo" src="data:image/png;base64,' in html and f"{TITLE} – {name}</h1>" in html


def results_under(node: dict) -> set[str]:
    """The names of the test results somewhere below a node of Allure's data/categories.json tree."""
    children = node.get("children")
    return set().union(*(results_under(c) for c in children)) if children else {node["name"]}


@pytest.mark.req("REP-001.4")
def test_the_company_categories_come_first_in_allure_and_in_the_failure_analysis(branded):
    written = json.loads((branded / "allure-results" / "categories.json").read_text())
    assert [c["name"] for c in written][:2] == ["Pricing rules", "Environment problems"]
    shown = {c["name"]: results_under(c) for c in json.loads((branded / "allure-report" / "data" / "categories.json").read_text())["children"]}
    # Allure files a result under the first category that matches, as classify() does for failures.json
    assert shown["Pricing rules"] == {FAILING} and shown["Product defects"] == {"A fan buys from the listing"}
    analysis = json.loads((branded / "failures.json").read_text())
    assert {f["scenario"]: f["category"] for f in analysis["failures"]}[FAILING] == "Pricing rules"  # the first that matches
    assert analysis["by_category"] == {"Pricing rules": 1, "Product defects": 1}


def test_a_rebuild_without_the_logo_file_is_identical_and_flags_override_the_look(branded, tmp_path):
    """The stream is the only source of the look: the same bytes again; --title/--language win for one rebuild."""
    run = tmp_path / "run"
    shutil.copytree(branded, run)
    pages = ["coverage/index.html", "allure-report/coverage/index.html", "coverage/api-timings.html", "allure-report/plugin/custom-logo/styles.css",
             "allure-report/plugin/custom-logo/logo.png", "allure-report/widgets/summary.json", "allure-results/categories.json",
             "failures.json"]
    before = {name: (run / name).read_bytes() for name in pages}
    for folder in ("coverage", "allure-report", "allure-results"):
        shutil.rmtree(run / folder)
    (run / "failures.json").unlink()
    root = {"JUMP_REPORTING__REPORTS_DIR": str(tmp_path / "reports-root")}
    out = jump("test:report", "--reports-dir", str(run), env=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert {name: (run / name).read_bytes() for name in pages} == before

    (tmp_path / "none.json").write_text("[]")
    out = jump("test:report", "--reports-dir", str(run), "--title", "Acme nightly", "--language", "fr",
               "--categories", str(tmp_path / "none.json"), env=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert json.loads((run / "allure-report" / "widgets" / "summary.json").read_text())["reportName"] == "Acme nightly"
    assert 'lang="fr"' in (run / "allure-report" / "index.html").read_text()
    assert "<h1><img" in (run / "coverage" / "index.html").read_text()  # the run's logo stays
    assert json.loads((run / "failures.json").read_text())["by_category"] == {"Product defects": 2}


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reports = run_sample(tmp_path_factory.mktemp("plain"))
    build_reports(load_settings("local"), reports)
    return reports


def test_a_logo_changes_nothing_else_in_the_allure_site(branded, plain):
    """Allure's other plugins stay on beside the logo's (behaviors: the Overview's "Features by stories")."""
    def widgets(reports: Path) -> list[str]:
        return sorted(p.name for p in (reports / "allure-report" / "widgets").iterdir())

    assert "behaviors.json" in widgets(plain) and widgets(branded) == widgets(plain)
    assert sorted(p.name for p in (branded / "allure-report" / "data").iterdir()) == sorted(
        p.name for p in (plain / "allure-report" / "data").iterdir())


def test_without_a_look_the_reports_are_as_before(plain):
    reports = plain
    site = reports / "allure-report"
    assert json.loads((site / "widgets" / "summary.json").read_text())["reportName"] == "Allure Report"
    assert not (site / "plugin").exists() and "plugin/" not in (site / "index.html").read_text()
    assert '<html dir="ltr" lang="en">' in (site / "index.html").read_text()
    html = (reports / "coverage" / "index.html").read_text()
    assert "<h1>Coverage</h1>" in html and "<title>Jump coverage – " in html and "img" not in html
    html = (reports / "coverage" / "api-timings.html").read_text()
    assert "<h1>API response times</h1>" in html and "<title>Jump API response times – " in html and "img" not in html


def one_line_exit_2(out: subprocess.CompletedProcess[str]) -> str:
    text = (out.stdout + out.stderr).strip()
    assert out.returncode == 2 and len(text.splitlines()) == 1 and "Traceback" not in text, text
    return text


@pytest.mark.req("CFG-001.1")
def test_a_bad_language_or_logo_setting_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / "fake.png").write_text("<svg/>")
    line = one_line_exit_2(jump("test:config", "--get", "reporting.language", env={"JUMP_REPORTING__LANGUAGE": "english"}))
    assert "reporting.language" in line and all(f"'{lang}'" in line for lang in ALLURE_LANGUAGES), line
    for logo, problem in ((tmp_path / "missing.png", "no such file"), (tmp_path / "logo.gif", "must be a .png or .svg"),
                          (tmp_path / "fake.png", "not a PNG image")):
        line = one_line_exit_2(jump("test:config", "--get", "reporting.logo", env={"JUMP_REPORTING__LOGO": str(logo)}))
        assert "reporting.logo" in line and problem in line, line


@pytest.mark.req("CFG-001.1")
@pytest.mark.parametrize(("content", "problem"), [
    ("{", "invalid JSON"),
    ('[{"name": "Pricing", "colour": "red"}]', "entry 1.colour: Extra inputs are not permitted"),
    ('[{"name": "Pricing", "messageRegex": "(total"}]', "entry 1.messageRegex: not a regular expression"),
    ('[{"name": "Product defects"}]', "entry 1.name: 'Product defects' is a built-in category"),
    ('[{"name": "Pricing", "matchedStatuses": ["red"]}]', "Input should be 'failed', 'broken', 'passed', 'skipped' or 'unknown'"),
])
def test_a_bad_categories_file_is_one_line_and_exit_2(tmp_path, content, problem):
    (tmp_path / "categories.json").write_text(content)
    line = one_line_exit_2(jump("test:config", "--get", "reporting.categories_file",
                                env={"JUMP_REPORTING__CATEGORIES_FILE": str(tmp_path / "categories.json")}))
    assert line.startswith("config error: reporting.categories_file = ") and problem in line, line


def test_bad_look_flags_of_test_report_are_one_line_and_exit_2(branded, tmp_path):
    line = one_line_exit_2(jump("test:report", "--reports-dir", str(branded), "--format", "json", "--language", "xx"))
    assert line.startswith("usage error: --language must be one of en, ru, ") and "got 'xx'" in line
    line = one_line_exit_2(jump("test:report", "--reports-dir", str(branded), "--format", "json", "--logo", str(tmp_path / "no.svg")))
    assert line == f"usage error: --logo {tmp_path / 'no.svg'}: no such file"
    (tmp_path / "bad.json").write_text('[{"name": ""}]')
    line = one_line_exit_2(jump("test:report", "--reports-dir", str(branded), "--format", "json", "--categories", str(tmp_path / "bad.json")))
    assert line.startswith(f"usage error: --categories {tmp_path / 'bad.json'}: entry 1.name: "), line


def unreadable(path: Path) -> Path:
    """A file this user cannot read: mode 000, or (root reads those) a link to /proc/self/mem, whose read fails with EIO."""
    if os.geteuid() == 0:
        path.symlink_to("/proc/self/mem")
    else:
        path.write_text("[]")
        path.chmod(0)
    return path


@pytest.mark.req("CFG-001.1")
@pytest.mark.parametrize("key", ["logo", "categories_file"])
def test_an_unreadable_or_directory_look_file_is_one_line_and_exit_2(tmp_path, key):
    name = "acme.png" if key == "logo" else "categories.json"
    for path, problem in ((unreadable(tmp_path / name), "cannot be read"), (tmp_path / "folder" / name, "not a file")):
        path.parent.mkdir(exist_ok=True)
        if problem == "not a file":
            path.mkdir()
        line = one_line_exit_2(jump("test:config", "--get", f"reporting.{key}", env={f"JUMP_REPORTING__{key.upper()}": str(path)}))
        assert line.startswith(f"config error: reporting.{key} = ") and problem in line, line


@pytest.mark.req("CFG-001.1")
def test_test_config_set_with_nothing_takes_the_logo_and_the_categories_away_again(tmp_path):
    """As docs/reports.md says (and the dashboard's Configuration page, which writes through the same --set):
    ``--set reporting.logo=`` takes a logo away, also one an environment file or a lower layer set."""
    env = {"JUMP_CONFIG_DIR": str(tmp_path / "config")}
    (tmp_path / "categories.json").write_text('[{"name": "Pricing"}]')
    setting = jump("test:config", "--set", f"reporting.logo={png(tmp_path / 'acme.png')}",
                   "--set", f"reporting.categories_file={tmp_path / 'categories.json'}", env=env)
    assert setting.returncode == 0, setting.stderr
    for key in ("logo", "categories_file"):
        assert jump("test:config", "--get", f"reporting.{key}", env=env).stdout.strip() == str(tmp_path / ("acme.png" if key == "logo" else "categories.json"))
        taken = jump("test:config", "--set", f"reporting.{key}=", env=env)
        assert taken.returncode == 0, taken.stderr
        shown = jump("test:config", "--get", f"reporting.{key}", env=env)
        assert shown.returncode == 0 and str(tmp_path) not in shown.stdout, shown.stdout

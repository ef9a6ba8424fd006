"""Renders the coverage and the API response-time pages with jinja2 (autoescaped: names and messages are user text)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from support.reporting import api_timings as timing_files
from support.reporting.api_timings import ApiTimings
from support.reporting.branding import Logo
from support.reporting.coverage import CoverageReport

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       trim_blocks=True, lstrip_blocks=True)


def render_coverage(coverage: CoverageReport, out_dir: Path, *, requirement_url: str = "", report_link: str = "",
                    title: str = "", logo: Logo | None = None) -> Path:
    """Writes index.html and coverage.json into ``out_dir``; returns the page's path.

    ``title`` and ``logo`` are the company's (reporting.title/.logo); the logo is inlined as a data URI
    so the page stays one file wherever it is copied."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "coverage.json").write_text(coverage.model_dump_json(indent=2), encoding="utf-8")
    page = _environment().get_template("coverage.html.j2").render(c=coverage, requirement_url=requirement_url,
                                                                  report_link=report_link, title=title,
                                                                  logo_uri=logo.data_uri if logo else "")
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def render_api_timings(timings: ApiTimings, out_dir: Path, *, report_link: str = "", title: str = "",
                       logo: Logo | None = None) -> Path:
    """Writes api-timings.html and api-timings.json (the CI artifact) into ``out_dir``, beside the coverage page
    (with the company's title and logo as the coverage page has them)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / timing_files.JSON_FILE).write_text(timings.model_dump_json(indent=2), encoding="utf-8")
    page = _environment().get_template("api_timings.html.j2").render(t=timings, json_name=timing_files.JSON_FILE,
                                                                     report_link=report_link, title=title,
                                                                     logo_uri=logo.data_uri if logo else "")
    path = out_dir / timing_files.PAGE
    path.write_text(page, encoding="utf-8")
    return path

"""The report's "Environment" and "Executor" panels: what ran, against what, from where.

environment.properties answers "which platform and which framework version produced this?";
executor.json makes the report link back to the GitLab pipeline and job that produced it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import requests

from support.clients.masking import mask_text

REPO = Path(__file__).resolve().parents[2]


def framework_version() -> str:
    try:
        from importlib.metadata import version

        return version("jump-testing-framework")
    except Exception:  # noqa: BLE001 - not installed as a package: the git commit identifies it
        return "source"


def git_commit(settings: Any | None = None, *, short: bool = False) -> str:
    """The commit under test: CI's, else the checkout's HEAD; "" outside a git checkout."""
    ci = getattr(settings, "ci", None)
    if ci is not None and ci.commit_sha:
        return str(ci.commit_sha)
    try:
        proc = subprocess.run(["git", "rev-parse", *(["--short"] if short else []), "HEAD"], cwd=REPO, capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def platform_version(rest_url: str, timeout_s: float = 3.0, verify: Any = True) -> str:
    """The ``version`` of the platform's /health (at the REST base URL's origin); "unknown" when unreachable."""
    if not rest_url or rest_url == "auto":
        return "unknown"
    for url in (rest_url.rstrip("/") + "/health", requests.compat.urljoin(rest_url, "/health")):
        try:
            response = requests.get(url, timeout=timeout_s, verify=verify)
            if response.ok:
                return str(response.json().get("version", "unknown"))
        except (requests.RequestException, ValueError):
            continue
    return "unknown"


def environment_properties(settings: Any | None) -> dict[str, str]:
    if settings is None:
        return {"framework": framework_version(), "git.commit": git_commit(short=True) or "unknown"}
    platform = settings.platform
    verify = str(platform.ca_file) if platform.ca_file not in (None, "auto") else platform.verify_tls
    props = {
        "environment": settings.environment,
        "platform.rest_url": str(platform.rest_url),
        "platform.graphql_url": str(platform.graphql_url),
        "platform.version": platform_version(str(platform.rest_url), verify=verify),
        "framework": framework_version(),
        "git.commit": git_commit(settings, short=True) or "unknown",
        "coverage": "coverage/index.html",
    }
    if settings.ci.active:
        props["ci.pipeline"] = str(settings.ci.pipeline_url or settings.ci.pipeline_id)
    if settings.reporting.owner:
        props["owner"] = settings.reporting.owner
    return props


def _escape_key(key: str) -> str:
    return key.replace(":", "\\:").replace("=", "\\=").replace(" ", "\\ ")


def write_environment(results: Path, settings: Any | None) -> Path:
    """Java properties: one ``key = value`` a line, with ``:``/``=`` in keys escaped; values masked."""
    lines = [f"{_escape_key(key)} = {mask_text(value)}" for key, value in environment_properties(settings).items()]
    path = results / "environment.properties"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def executor(settings: Any | None) -> dict[str, Any]:
    """GitLab pipeline and job links in CI; a local executor otherwise."""
    ci = getattr(settings, "ci", None)
    if ci is None or not ci.active:
        return {"name": "local", "type": "local", "buildName": f"local run ({git_commit(settings, short=True) or 'unknown'})"}
    return {
        "name": "GitLab CI", "type": "gitlab",
        "url": ci.project_url or "", "buildOrder": int(ci.pipeline_id) if str(ci.pipeline_id).isdigit() else 0,
        "buildName": f"pipeline #{ci.pipeline_id} job #{ci.job_id} ({ci.commit_ref_name or ''})",
        "buildUrl": ci.job_url or ci.pipeline_url or "",
        "reportUrl": (ci.job_url + "/artifacts/file/reports/allure-report/index.html") if ci.job_url else "",
        "reportName": "Jump acceptance run",
    }


def write_executor(results: Path, settings: Any | None) -> Path:
    path = results / "executor.json"
    path.write_text(json.dumps(executor(settings), indent=2), encoding="utf-8")
    return path

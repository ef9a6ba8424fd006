""".ci/install-system-packages never fails silently: every job of the pipeline starts with it.

apt-get, curl, id, chromium and (where a test needs an old one) node are STUBS on a private PATH: the tests
cannot install packages on this machine, and what is checked is the script's reaction to their exit
codes. Every other command is the machine's real one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "install-system-packages"
REAL = ("bash", "head", "mktemp", "rm", "node", "npm", "java")


def stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


@pytest.fixture()
def bin_dir(tmp_path: Path) -> Path:
    """Real bash, head, mktemp, rm, node, npm, java; apt-get logs its arguments and succeeds; id says root; chromium is there."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in REAL:
        real = shutil.which(name)
        assert real, f"{name} is needed on this machine"
        (folder / name).symlink_to(real)
    stub(folder, "apt-get", f'echo "$*" >> {tmp_path}/apt.log')
    stub(folder, "id", "echo 0")
    stub(folder, "chromium", "exit 0")   # present: its optional install (the browser test) stays out of these tests
    return folder


def run(bin_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=60)


def apt_calls(bin_dir: Path) -> list[str]:
    log = bin_dir.parent / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_nothing_missing_installs_nothing(bin_dir: Path) -> None:
    proc = run(bin_dir)
    assert proc.returncode == 0, proc.stderr
    assert "system packages ready" in proc.stdout and apt_calls(bin_dir) == []


def test_a_failed_apt_get_update_stops_before_installing(bin_dir: Path) -> None:
    (bin_dir / "java").unlink()
    stub(bin_dir, "apt-get", f'echo "$*" >> {bin_dir.parent}/apt.log; [ "$1" != update ]')
    proc = run(bin_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: apt-get update failed: the package lists are stale, nothing installed"
    # --error-on=any: a repository that failed to download counts as a failure, not a warning
    assert apt_calls(bin_dir) == ["update -qq --error-on=any"]


def test_a_failed_install_stops_the_job(bin_dir: Path) -> None:
    (bin_dir / "java").unlink()
    stub(bin_dir, "apt-get", f'echo "$*" >> {bin_dir.parent}/apt.log; [ "$1" != install ]')
    proc = run(bin_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith("error: apt-get install") and "default-jre-headless" in proc.stderr
    assert "system packages ready" not in proc.stdout


def test_missing_packages_without_root_name_them(bin_dir: Path) -> None:
    (bin_dir / "java").unlink()
    stub(bin_dir, "id", "echo 1000")
    proc = run(bin_dir)
    assert proc.returncode == 1 and "default-jre-headless" in proc.stderr and "not root" in proc.stderr
    assert apt_calls(bin_dir) == []


def test_node_18_after_the_install_is_an_error_not_a_silent_downgrade(bin_dir: Path) -> None:
    """Debian's nodejs 18 instead of NodeSource's 20 (e.g. NodeSource's repository did not apply)."""
    (bin_dir / "node").unlink()
    stub(bin_dir, "node", 'case "$*" in *--version*) echo v18.19.0;; *) echo 18;; esac')
    stub(bin_dir, "curl", 'out=; while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done; echo true > "$out"')
    proc = run(bin_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: Node 20+ still missing after installing NodeSource's nodejs (found v18.19.0)"
    assert apt_calls(bin_dir) == ["install -y -qq nodejs"]


def test_pipeline_option_adds_rsync_and_unknown_options_are_refused(bin_dir: Path) -> None:
    assert shutil.which("rsync", path=str(bin_dir)) is None
    proc = run(bin_dir, "--pipeline")
    assert proc.returncode == 0, proc.stderr
    assert apt_calls(bin_dir) == ["update -qq --error-on=any", "install -y -qq --no-install-recommends rsync"]
    refused = run(bin_dir, "--rsync")
    assert refused.returncode == 2 and refused.stderr.strip() == "error: unknown option --rsync (only --pipeline)"

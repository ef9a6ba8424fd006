"""Renders reports/allure-results into the HTML site with the real Allure 2 command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from support.errors import ReportError
from support.reporting.branding import Logo, logo_css

REPO = Path(__file__).resolve().parents[2]
ALLURE_BIN = REPO / "tools" / "node_modules" / ".bin" / "allure"


def allure_binary() -> Path:
    override = os.environ.get("JUMP_ALLURE_BIN")
    candidate = Path(override) if override else ALLURE_BIN
    if candidate.exists():
        return candidate
    found = shutil.which("allure")
    if found:
        return Path(found)
    raise ReportError("the Allure command line is not installed: run 'make setup' (npm package allure-commandline, needs Java)")


def carry_history(results: Path, previous_report: Path) -> None:
    """Copies the previous report's history into the results so trends and per-test history build up."""
    history = previous_report / "history"
    if history.is_dir():
        shutil.copytree(history, results / "history", dirs_exist_ok=True)


# allure generate is a short batch JVM: the C2 compiler and parallel GC threads cost more CPU than
# they save (about a third of its CPU time for 10,000 results; benchmarks/report_generation.py).
# ALLURE_OPTS or JAVA_OPTS set by the user win.
JVM_OPTS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"


LOGO_PLUGIN = "custom-logo-plugin"


def branded_home(binary: Path, logo: Logo, home: Path) -> Path:
    """An Allure home in ``home`` whose custom-logo plugin shows ``logo``; returns its ``bin/allure``.

    Why a home of its own: Allure loads plugins from ``<its home>/plugins``, the ones its
    ``<its home>/config/allure.yml`` enables, and its home is where its start script lies (run it with
    APP_HOME set: ``lib`` here is a link, and Allure would otherwise find its home through it, in the
    installation). The installation stays untouched (other runs share it): the script is copied,
    ``lib`` and the other plugins are links, the logo plugin gets its own ``static/`` (the stylesheet
    and the image it names), and allure.yml enables the installation's plugins plus this one, so a
    report with a logo differs from one without by the logo alone."""
    install = _installation(binary)
    (home / "bin").mkdir(parents=True)
    shutil.copy2(install / "bin" / "allure", home / "bin" / "allure")
    (home / "lib").symlink_to(install / "lib", target_is_directory=True)
    (home / "plugins").mkdir()
    for plugin in (install / "plugins").iterdir():
        if plugin.is_dir() and plugin.name != LOGO_PLUGIN:
            (home / "plugins" / plugin.name).symlink_to(plugin, target_is_directory=True)
    ours = home / "plugins" / LOGO_PLUGIN
    (ours / "static").mkdir(parents=True)
    for item in (install / "plugins" / LOGO_PLUGIN).iterdir():
        if item.is_file():  # allure-plugin.yml and the plugin's jar
            (ours / item.name).symlink_to(item)
    (ours / "static" / "styles.css").write_text(logo_css(logo), encoding="utf-8")
    (ours / "static" / logo.file_name).write_bytes(logo.content)
    config = yaml.safe_load((install / "config" / "allure.yml").read_text(encoding="utf-8")) or {}
    config["plugins"] = [p for p in config.get("plugins") or [] if p != LOGO_PLUGIN] + [LOGO_PLUGIN]
    (home / "config").mkdir()
    (home / "config" / "allure.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return home / "bin" / "allure"


def _installation(binary: Path) -> Path:
    """The folder with bin/, lib/, plugins/ and config/: the npm package's dist/ behind its node wrapper."""
    resolved = binary.resolve()
    for folder in (resolved.parents[1], resolved.parents[1] / "dist"):
        if all(p.exists() for p in (folder / "plugins" / LOGO_PLUGIN, folder / "bin" / "allure", folder / "config" / "allure.yml")):
            return folder
    raise ReportError(f"reporting.logo needs Allure's {LOGO_PLUGIN}, which is not beside {binary}")


class PendingRender:
    """``allure generate`` running in the background while the Python part of the report step works."""

    def __init__(self, results: Path, report: Path, timeout_s: float = 300, history: Path | None = None, *,
                 name: str = "", language: str = "en", logo: Logo | None = None) -> None:
        if not results.is_dir() or not any(results.iterdir()):
            raise ReportError(f"no Allure results in {results}: run the suite first")
        carry_history(results, report)
        if history is not None and history.is_dir():  # the trend store shared by the run folders (reports/history)
            shutil.copytree(history, results / "history", dirs_exist_ok=True)
        env = dict(os.environ)
        if not env.get("ALLURE_OPTS") and not env.get("JAVA_OPTS"):
            env["ALLURE_OPTS"] = JVM_OPTS
        self.report, self.timeout_s = report, timeout_s
        binary = allure_binary()
        self._home: Path | None = None
        if logo is not None:
            self._home = Path(tempfile.mkdtemp(prefix="jump-allure-home-"))
            binary = branded_home(binary, logo, self._home / "allure")
            env["APP_HOME"] = str(binary.parents[1])  # Allure's home: where it finds the plugin and allure.yml
        command = [str(binary), "generate", str(results), "-o", str(report), "--clean"]
        command += ["--name", name] if name else []
        command += ["--lang", language] if language != "en" else []  # no flag by default: today's command line
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def _forget_home(self) -> None:
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def cancel(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()
        self._forget_home()

    def wait(self) -> Path:
        """Returns the path of index.html."""
        try:
            stdout, stderr = self.proc.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            raise ReportError(f"allure generate took longer than {self.timeout_s:.0f}s") from None
        finally:
            self._forget_home()
        if self.proc.returncode != 0:
            last = (stderr or stdout).strip().splitlines()
            raise ReportError(f"allure generate failed: {last[-1] if last else self.proc.returncode}")
        return self.report / "index.html"


def render(results: Path, report: Path, timeout_s: float = 300) -> Path:
    """Runs ``allure generate``; returns the path of index.html."""
    return PendingRender(results, report, timeout_s).wait()

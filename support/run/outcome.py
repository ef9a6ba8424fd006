"""From the engine's attempts to what a run reports: cases with final statuses, the summary
table, and the run's record in the results history (written by the parent, once, at the end)."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path

from rich.console import Console
from rich.table import Table

from support.config import FrameworkSettings
from support.results import CaseOutcome, RunRecord
from support.results.connect import history_store
from support.run.engine import EngineResult
from support.run.merge import Key

log = logging.getLogger("jump")


def cases(result: EngineResult, cwd: Path) -> list[CaseOutcome]:
    """One outcome per selected scenario: final status, and the attempt that decided it."""
    outcomes = []
    for ref in result.refs:
        status, attempts = result.final(ref, cwd)
        last = attempts[-1] if attempts else None
        outcomes.append(CaseOutcome(
            feature=ref.feature, name=ref.name, location=ref.location, status=status,
            duration_s=last.duration_s if last else 0.0, retries=sum(a.retries for a in attempts),
            attempts=max(len(attempts), 1), worker=last.worker if last else "",
            error=next((a.error for a in reversed(attempts) if a.error), ""), tags=list(ref.tags),
            steps=last.steps if last else [],
        ))
    return outcomes


def decided_by(result: EngineResult, cwd: Path) -> dict[Key, str]:
    """(feature, scenario) -> the worker whose attempt is the final one (for the JUnit merge)."""
    return {(ref.feature, ref.name): result.final(ref, cwd)[1][-1].worker
            for ref in result.refs if result.final(ref, cwd)[1]}


def git_commit(settings: FrameworkSettings, cwd: Path) -> str:
    if settings.ci.commit_sha:
        return settings.ci.commit_sha
    proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def record_history(settings: FrameworkSettings, record: RunRecord, *, quiet: bool = False) -> str | None:
    """Migrates, writes the run and prunes past the retention; a history problem never fails a run.

    ``quiet`` when the run was stopped because a database is gone: exit 3's one line already says so."""
    try:
        store = history_store(settings)
        store.migrate()
        run_id = store.record(record)
        pruned = store.prune(settings.reporting.history_retention_days)
        if pruned:
            log.info("history: pruned %d run(s) older than %d days", pruned, settings.reporting.history_retention_days)
        return run_id
    except Exception as exc:  # noqa: BLE001 - reported, the run's own result stands
        log.log(logging.INFO if quiet else logging.WARNING, "history not written: %s",
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        return None


def make_record(settings: FrameworkSettings, outcomes: list[CaseOutcome], *, started: dt.datetime, shard: tuple[int, int],
                parallel: int, exit_code: int, cwd: Path) -> RunRecord:
    return RunRecord(environment=settings.environment, git_commit=git_commit(settings, cwd), shard=f"{shard[0] + 1}/{shard[1]}",
                     parallel=parallel, exit_code=exit_code, started_at=started, finished_at=dt.datetime.now(dt.UTC),
                     cases=outcomes)


def print_summary(console: Console, record: RunRecord, report: Path | None) -> None:
    table = Table(title="Jump acceptance run", show_edge=False)
    for column in ("scenarios", "passed", "failed", "flaky", "skipped", "retries", "wall time"):
        table.add_column(column, justify="right")
    failed = record.count("failed")
    table.add_row(str(len(record.cases)), f"[green]{record.count('passed')}[/green]", f"[red]{failed}[/red]" if failed else "0",
                  f"[yellow]{record.count('flaky')}[/yellow]" if record.count("flaky") else "0", str(record.count("skipped")),
                  str(sum(c.retries for c in record.cases)), f"{record.wall_s:.1f}s")
    console.print(table)
    for case in record.cases:
        if case.status == "failed":
            console.print(f"[red]FAILED[/red] {case.location} {case.feature} :: {case.name}: {case.error[:200]}")
        elif case.status == "flaky":
            console.print(f"[yellow]FLAKY[/yellow] {case.location} {case.feature} :: {case.name}: passed on attempt {case.attempts}")
    if report is not None:
        console.print(f"report: {report}")

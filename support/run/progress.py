"""The live progress line of test:run: a handler of the run's event stream (passed, failed, remaining)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from support.run import events as ev


class RunProgress:
    """A rich Progress bar over all scenario attempts; failures are printed above it as they happen.

    On a terminal the line redraws in place; in CI logs (no terminal) rich prints nothing live,
    so the failure lines and the final summary are what the log shows.
    """

    def __init__(self, console: Console, total: int = 0) -> None:
        self.console = console
        self.passed = self.failed = self.skipped = 0
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False,
        )
        self._task = self._progress.add_task(self._text(total), total=total)

    def _text(self, remaining: int) -> str:
        return (f"[green]{self.passed} passed[/green]  [red]{self.failed} failed[/red]  "
                f"{self.skipped} skipped  {remaining} remaining")

    def __enter__(self) -> RunProgress:
        return self  # the bar appears with the run's first event (RunStarted: how many scenarios)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    @property
    def remaining(self) -> int:
        task = self._progress.tasks[0]
        return int((task.total or 0) - task.completed)

    def add(self, scenarios: int, label: str) -> None:
        """More attempts are coming (a rerun of failed scenarios)."""
        task = self._progress.tasks[0]
        self._progress.update(self._task, total=(task.total or 0) + scenarios)
        self.console.print(f"{label}: {scenarios} scenario(s)")
        self._progress.update(self._task, description=self._text(self.remaining))

    def handle(self, event: ev.Event) -> None:
        if isinstance(event, ev.RunStarted):
            self._progress.update(self._task, total=event.scenarios, description=self._text(event.scenarios))
            self._progress.start()
        elif isinstance(event, ev.RerunStarted):
            self.add(event.scenarios, f"rerun {event.attempt}/{event.of} of failed scenarios")
        elif isinstance(event, ev.ScenarioFinished):
            self.scenario(event)

    def scenario(self, event: ev.ScenarioFinished) -> None:
        if event.status == "passed":
            self.passed += 1
        elif event.status == "failed":
            self.failed += 1
            # the worker, names and message are text, not rich markup: "[w0]" or "expected [1, 2]" must show as written
            self.console.print(f"[red]FAILED[/red] {escape(f'[{event.worker}] {event.location} {event.name}: {event.error[:160]}')}",
                               markup=True, highlight=False)
        else:
            self.skipped += 1
        self._progress.update(self._task, advance=1)
        self._progress.update(self._task, description=self._text(self.remaining))

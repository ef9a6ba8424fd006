"""A behave process's side of the result stream: what happens in it, as typed events (support/run/events.py).

The behave hooks call this writer at each moment (scenario started, step finished, scenario
finished, worker failed); it is also a plugin of the framework (exchanges, retries, created and
changed data: what the scenario touched) and of allure-commons (every ``allure.attach`` call in
steps and support code lands here, as a masked file under the run's ``attachments/`` referenced by
the step's event). Nothing else about results is written by a worker: no Allure result, no JUnit,
no coverage file. The parent builds those from the stream.

A worker of ``./jump test:run`` writes to the file named by JUMP_EVENTS_FILE (the parent relays it
into the run's ``events.jsonl``); a plain ``behave`` run has no parent and writes the run's file
itself, with its own RunStarted and RunFinished.
"""

from __future__ import annotations

import os
import shutil
import time
import traceback
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import allure_commons
import psycopg2

from support.clients.masking import mask_text
from support.errors import EnvironmentUnreachable
from support.plugins.hookspecs import hookimpl
from support.reporting import failure_text
from support.reporting.trace import GraphQLCall, RestCall
from support.run import events as ev
from support.run.run_folder import ATTACHMENTS

EVENTS_ENV = "JUMP_EVENTS_FILE"
WORKER_ENV = "JUMP_WORKER"
UNREACHABLE_ERRORS: tuple[type[BaseException], ...] = (EnvironmentUnreachable, psycopg2.OperationalError, psycopg2.InterfaceError)
FAILED = {"failed", "error", "hook_error", "cleanup_error"}


def is_unreachable(error: BaseException | None) -> bool:
    """The platform or a database is gone: going on would only time out scenario after scenario."""
    return isinstance(error, UNREACHABLE_ERRORS)


def failure_of(scenario: Any) -> ev.Failure | None:
    """The first failed step's error: its message (what was expected, what happened) first, the type and trace below."""
    for step in scenario.all_steps:
        if step.status.name not in FAILED:
            continue
        error = getattr(step, "exception", None)
        title = f"{step.keyword} {step.name}"
        if error is None:
            text = mask_text(str(step.error_message or step.status.name).strip())
            return ev.Failure(message=text.splitlines()[-1] if text else step.status.name, detail=text, step=title)
        trace = mask_text("".join(traceback.format_exception(type(error), error, getattr(step, "exc_traceback", None))))
        return ev.Failure(message=failure_text.headline(error), detail=f"{failure_text.technical(error)}\n\n{trace}",
                          step=title, broken=not isinstance(error, AssertionError))
    if scenario.status.name in FAILED:  # a hook failed, not a step
        text = mask_text(str(getattr(scenario, "error_message", "") or f"{scenario.status.name} in a hook").strip())
        return ev.Failure(message=text.splitlines()[-1], detail=text, broken=True)
    return None


def _behave_status(status: str) -> ev.Status:
    return "failed" if status in FAILED else "passed" if status == "passed" else "skipped"


class StreamWriter:
    """Registered with the framework's and allure-commons' plugin managers in a behave process."""

    def __init__(self, path: Path, worker: str, run_dir: Path, cwd: Path, tables_of: Mapping[str, str] | None = None) -> None:
        self.path, self.worker, self.cwd = path, worker, cwd
        self.attachments_dir = run_dir / ATTACHMENTS
        self.tables_of = dict(tables_of or {})
        self._scenario: ev.ScenarioStarted | None = None
        self._scenario_attachments: list[ev.AttachmentRef] = []
        self._step_attachments: list[ev.AttachmentRef] = []
        self._step_exchanges: list[ev.ExchangeRef] = []
        self._step_start = 0.0
        self._in_step = False
        self._reported: set[int] = set()   # id() of the steps already sent
        self._touched = ev.Touched()
        self._seen: set[tuple[Any, ...]] = set()
        self.retries = 0
        self.counts: dict[str, int] = {}   # final status -> scenarios (a plain run ends its stream with them)

    @classmethod
    def for_worker(cls, run_dir: Path, cwd: Path, tables_of: Mapping[str, str] | None = None) -> StreamWriter | None:
        """The writer of a ``./jump test:run`` worker (JUMP_EVENTS_FILE set), else None."""
        path = os.environ.get(EVENTS_ENV)
        return cls(Path(path), os.environ.get(WORKER_ENV, ""), run_dir, cwd, tables_of) if path else None

    def emit(self, event: ev._Event) -> None:
        if not event.worker:
            event.worker = self.worker
        ev.append(self.path, event)

    # -- behave's moments ---------------------------------------------------------------------
    def scenario_started(self, scenario: Any) -> None:
        self._scenario = ev.ScenarioStarted(location=ev.location_of(str(scenario.location), self.cwd), feature=scenario.feature.name,
                                            name=scenario.name.strip())
        self._scenario_attachments, self._reported = [], set()
        self._touched, self._seen, self.retries = ev.Touched(), set(), 0
        self.emit(self._scenario)

    def step_started(self) -> None:
        self._step_attachments, self._step_exchanges = [], []
        self._step_start, self._in_step = time.time(), True

    def step_finished(self, step: Any) -> None:
        if self._scenario is None:
            return
        self._reported.add(id(step))
        error = getattr(step, "exception", None)
        message = failure_text.headline(error) if error is not None else ""  # business words, never a class name first
        self.emit(ev.StepFinished(location=self._scenario.location, keyword=step.keyword, name=step.name,
                                  status=step.status.name, start=self._step_start or time.time(), stop=time.time(),
                                  message=message, exchanges=self._step_exchanges, attachments=self._step_attachments))
        self._step_attachments, self._step_exchanges, self._in_step = [], [], False

    def scenario_finished(self, scenario: Any) -> None:
        from allure_behave.utils import scenario_history_id  # the key Allure gives the same scenario across runs

        started = self._scenario
        if started is None:
            return
        stop = time.time()
        for step in scenario.all_steps:  # steps behave never ran (after a failure), and a late failed step
            if id(step) not in self._reported:
                self._step_start = stop
                self.step_finished(step)
        row = getattr(scenario, "_row", None)
        status = _behave_status(scenario.status.name)
        self.counts[status] = self.counts.get(status, 0) + 1
        self.emit(ev.ScenarioFinished(
            location=started.location, feature=started.feature, name=started.name,
            feature_file=started.location.rpartition(":")[0],
            tags=sorted(str(t) for t in scenario.effective_tags), status=status,
            start=started.at, stop=stop, retries=self.retries, history_id=scenario_history_id(scenario),
            parameters=dict(zip(row.headings, row.cells, strict=False)) if row else {},
            failure=failure_of(scenario), skip_reason=str(getattr(scenario, "skip_reason", "") or ""),
            attachments=self._scenario_attachments, touched=self._touched,
        ))
        self._scenario = None

    def worker_failed(self, reason: str, exit_code: int, message: str) -> None:
        self.emit(ev.WorkerFailed(reason=reason, exit_code=exit_code, message=message))  # type: ignore[arg-type]

    # -- attachments (allure-commons hooks: allure.attach in any step or support module) ---------
    def _keep(self, name: str, mime: str, extension: str, write: Any) -> None:
        self.attachments_dir.mkdir(parents=True, exist_ok=True)
        source = f"{uuid.uuid4()}-attachment.{extension or 'txt'}"
        write(self.attachments_dir / source)
        ref = ev.AttachmentRef(name=name, source=source, type=mime)
        (self._step_attachments if self._in_step else self._scenario_attachments).append(ref)

    @allure_commons.hookimpl
    def attach_data(self, body: Any, name: str, attachment_type: Any, extension: str | None) -> None:
        mime, ext = _kind(attachment_type, extension)
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        self._keep(name or "attachment", mime, ext, lambda path: path.write_bytes(data))

    @allure_commons.hookimpl
    def attach_file(self, source: Any, name: str, attachment_type: Any, extension: str | None) -> None:
        mime, ext = _kind(attachment_type, extension)
        self._keep(name or Path(str(source)).name, mime, ext, lambda path: shutil.copyfile(source, path))

    # -- what the scenario touched (framework hooks) ---------------------------------------------
    @hookimpl
    def jump_retry(self, service: str, operation: str, attempt: int, reason: str, wait_s: float) -> None:
        self.retries += 1

    @hookimpl
    def jump_exchange(self, exchange: Any) -> None:
        if self._scenario is None:
            return
        self._step_exchanges.append(ev.ExchangeRef(service=exchange.service, title=exchange.title, method=exchange.method,
                                                   url=exchange.url, status=exchange.status,
                                                   duration_ms=round(exchange.duration_ms, 1), error=exchange.error,
                                                   operation=exchange.operation))
        touched = self._touched
        touched.exchanges += 1
        if exchange.service == "graphql" and isinstance(exchange.request_body, dict):
            document = str(exchange.request_body.get("query") or "")
            if document and ("gql", exchange.operation, document) not in self._seen:
                self._seen.add(("gql", exchange.operation, document))
                touched.graphql.append(GraphQLCall(operation=exchange.operation, document=document))
        else:
            rest = ("rest", exchange.method.upper(), urlsplit(exchange.url).path, exchange.status)
            if rest not in self._seen:
                self._seen.add(rest)
                touched.rest.append(RestCall(method=rest[1], path=rest[2], status=rest[3]))
        touched.last_exchange = {
            "title": exchange.title, "service": exchange.service,
            "request": {"method": exchange.method, "url": exchange.url, "headers": exchange.request_headers,
                        "body": exchange.request_body},
            "response": {"status": exchange.status, "headers": exchange.response_headers, "body": exchange.response_body},
            "error": exchange.error,
        }

    @hookimpl
    def jump_data_changed(self, database: str, summary: dict[str, tuple[int, int, int]], text: str) -> None:
        if self._scenario is not None:
            self._tables(f"{database}.{table}" for table in summary)
            self._touched.last_diff = mask_text(text)  # the failure analysis shows it

    @hookimpl
    def jump_data_created(self, entity: str, data: dict[str, Any]) -> None:
        if self._scenario is not None:
            self._tables([self.tables_of.get(entity, entity)])

    def _tables(self, names: Any) -> None:
        self._touched.tables = sorted(set(self._touched.tables).union(names))


def _kind(attachment_type: Any, extension: str | None) -> tuple[str, str]:
    """allure's AttachmentType (mime, extension) or a plain MIME string."""
    mime = getattr(attachment_type, "mime_type", None) or (attachment_type if isinstance(attachment_type, str) else "text/plain")
    return mime, extension or getattr(attachment_type, "extension", None) or "txt"



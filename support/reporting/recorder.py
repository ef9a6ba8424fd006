"""A pluggy plugin that writes what each scenario exercised to reports/coverage/raw/*.jsonl.

Why files: scenarios run in several worker processes (and CI shards); each process appends to
its own JSON-lines file, and the report step merges them. Nothing is shared between processes.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from support.clients.masking import mask_text
from support.plugins.hookspecs import hookimpl
from support.reporting.labels import area_of
from support.reporting.trace import GraphQLCall, RestCall, RunMeta, ScenarioTrace

RAW_DIR = Path("coverage") / "raw"
META_FILE = "run-meta.json"


class CoverageRecorder:
    """Buffers the current scenario's calls and data changes; one line per scenario on finish."""

    def __init__(self, reports_dir: Path, tables_of: Mapping[str, str] | None = None) -> None:
        self.raw_dir = reports_dir / RAW_DIR
        self.raw_dir.mkdir(parents=True, exist_ok=True)
        stem = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.path = self.raw_dir / f"{stem}.jsonl"
        self.tables_of = dict(tables_of or {})
        self.current: ScenarioTrace | None = None
        self._documents: set[tuple[str, str]] = set()
        self._rest: set[tuple[str, str, int | None]] = set()
        # the same for every worker: one file, replaced atomically, instead of one per process
        meta = self.raw_dir / f".{stem}.meta.tmp"
        meta.write_text(RunMeta(known_tables=sorted(set(self.tables_of.values()))).model_dump_json(), encoding="utf-8")
        os.replace(meta, self.raw_dir / META_FILE)

    def save_openapi(self, spec: dict[str, Any] | None) -> None:
        """Keeps the OpenAPI document the run validated against, so the report works offline."""
        if spec:
            (self.raw_dir / "openapi.json").write_text(json.dumps(spec), encoding="utf-8")

    def start_scenario(self, scenario: Any) -> None:
        from allure_behave.utils import scenario_history_id  # the key Allure gives the same scenario

        self._documents, self._rest = set(), set()
        self.current = ScenarioTrace(
            history_id=scenario_history_id(scenario), feature=scenario.feature.name, scenario=scenario.name,
            feature_file=str(scenario.filename or ""), area=area_of(scenario.filename), tags=list(scenario.effective_tags),
        )

    @hookimpl
    def jump_exchange(self, exchange: Any) -> None:
        trace = self.current
        if trace is None:
            return
        trace.exchanges += 1
        if exchange.service == "graphql" and isinstance(exchange.request_body, dict):
            document = str(exchange.request_body.get("query") or "")
            key = (exchange.operation, document)
            if document and key not in self._documents:
                self._documents.add(key)
                trace.graphql.append(GraphQLCall(operation=exchange.operation, document=document))
        else:
            rest = (exchange.method.upper(), urlsplit(exchange.url).path, exchange.status)
            if rest not in self._rest:
                self._rest.add(rest)
                trace.rest.append(RestCall(method=rest[0], path=rest[1], status=rest[2]))
        trace.last_exchange = {
            "title": exchange.title, "service": exchange.service,
            "request": {"method": exchange.method, "url": exchange.url, "headers": exchange.request_headers,
                        "body": exchange.request_body},
            "response": {"status": exchange.status, "headers": exchange.response_headers, "body": exchange.response_body},
            "error": exchange.error,
        }

    @hookimpl
    def jump_data_changed(self, database: str, summary: dict[str, tuple[int, int, int]], text: str) -> None:
        if self.current is not None:
            self._tables(f"{database}.{table}" for table in summary)
            self.current.last_diff = mask_text(text)  # the failure analysis shows it

    @hookimpl
    def jump_data_created(self, entity: str, data: dict[str, Any]) -> None:
        if self.current is not None:
            self._tables([self.tables_of.get(entity, entity)])

    def _tables(self, names: Any) -> None:
        assert self.current is not None
        self.current.tables = sorted(set(self.current.tables).union(names))

    @hookimpl
    def jump_scenario_finished(self, feature: str, scenario: str, status: str, duration_s: float, tags: list[str]) -> None:
        trace, self.current = self.current, None
        if trace is None:
            return
        trace.status = status
        with self.path.open("a", encoding="utf-8") as out:
            out.write(trace.model_dump_json(exclude_defaults=True) + "\n")


def read_traces(reports_dir: Path) -> list[ScenarioTrace]:
    """Every worker's lines; a rerun's line is written later (its file is newer) and replaces the first."""
    traces: dict[str, ScenarioTrace] = {}
    for path in sorted((reports_dir / RAW_DIR).glob("*.jsonl"), key=lambda p: (p.stat().st_mtime, p.name)):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    trace = ScenarioTrace.model_validate_json(line)
                    key = trace.history_id or f"{trace.feature}:{trace.scenario}"
                    # a worker's skipped stand-in for a scenario another worker ran never replaces that run
                    if trace.status != "skipped" or key not in traces or traces[key].status == "skipped":
                        traces[key] = trace
    return list(traces.values())


def read_meta(reports_dir: Path) -> RunMeta:
    path = reports_dir / RAW_DIR / META_FILE
    return RunMeta.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else RunMeta()


def read_openapi(reports_dir: Path) -> dict[str, Any] | None:
    path = reports_dir / RAW_DIR / "openapi.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

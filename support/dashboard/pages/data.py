"""The data generator (runner): pick a table, a count and a seed, preview the generated rows with the
parents they need, insert them and clean them up, with the rules of ./jump test:generate (the same
plan, generator and loader; a read-only environment refuses before anything is generated)."""

from __future__ import annotations

import secrets
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError

from data_factories.generator import GenerationError, build_plan, generate, stream
from data_factories.generator.loader import catalogs_of, cleanup_generated, insert_dataset
from support.dashboard.security import client_of, runner
from support.dashboard.sessions import Session
from support.dashboard.web import render
from support.errors import ReadOnlyRefused

router = APIRouter()
Runner = Annotated[Session, Depends(runner)]
PREVIEW_ROWS = 8        # rows shown per table
MAX_PREVIEW = 1000      # a preview is generated in memory
MAX_INSERT = 100_000    # bigger loads belong to ./jump test:generate --insert


class GenerateForm(BaseModel):
    target: str = Field(pattern=r"^(events|inventory)\.[a-z_][a-z0-9_]*$")
    count: int = Field(ge=1, le=MAX_INSERT)
    seed: int = Field(ge=0, le=2**31 - 1)


_lock = threading.Lock()


def databases(request: Request) -> Any:
    """The environment's platform databases, opened once per server (support/run/db_commands.open_databases)."""
    state = request.app.state
    with _lock:
        if getattr(state, "platform_databases", None) is None:
            from support.run.db_commands import open_databases

            state.platform_databases = open_databases(state.config.settings)
        return state.platform_databases


def _tables(request: Request) -> dict[str, list[str]]:
    catalogs = catalogs_of(databases(request))
    return {name: sorted(catalog.tables) for name, catalog in sorted(catalogs.items())}


def _form(target: str, count: str, seed: str) -> GenerateForm | str:
    try:
        return GenerateForm(target=target, count=count, seed=seed or secrets.randbelow(2**31))  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        return f"{first['loc'][0]}: {first['msg']} (got {first['input']!r})"


def _page(request: Request, status_code: int = 200, **context: Any) -> Response:
    defaults: dict[str, Any] = {"target": "inventory.inventory_item", "count": 10, "seed": 7, "error": "", "notice": "",
                                "plan": [], "preview": [], "read_only": request.app.state.config.settings.run.read_only}
    return render(request, "data.html", status_code=status_code, tables=_tables(request), **(defaults | context))


@router.get("/data")
def data(request: Request, session: Runner) -> Response:
    return _page(request)


@router.post("/data")
def act(request: Request, session: Runner, target: Annotated[str, Form()], count: Annotated[str, Form()],
        seed: Annotated[str, Form()] = "", action: Annotated[str, Form()] = "preview") -> Response:
    form = _form(target, count, seed)
    echo = {"target": target, "count": count, "seed": seed}
    if isinstance(form, str):
        return _page(request, 400, error=form, **echo)
    echo = {"target": form.target, "count": form.count, "seed": form.seed}
    db = databases(request)
    schema, table = form.target.split(".")
    try:
        if action == "insert":
            db.refuse_writes(f"test:generate --insert ({form.count} {form.target} row(s))")
        plan = build_plan(catalogs_of(db), schema, table, form.count)
        if action == "insert":
            report = insert_dataset(db, stream(plan, form.seed))
            request.app.state.audit.record(session.user.name, "inserted generated data", form.target,
                                           {"count": form.count, "seed": form.seed, "namespace": report.namespace,
                                            "rows": report.rows}, client_of(request))
            return _page(request, notice=f"Inserted {report.rows} row(s) as namespace {report.namespace} "
                                          f"({', '.join(f'{k}: {v}' for k, v in report.counts.items())}).", plan=plan.lines(), **echo)
        if form.count > MAX_PREVIEW:
            return _page(request, 400, error=f"count: a preview holds at most {MAX_PREVIEW} rows (insert takes up to {MAX_INSERT})",
                         **echo)
        dataset = generate(plan, form.seed)
    except (GenerationError, ReadOnlyRefused) as exc:
        return _page(request, 400, error=str(exc).splitlines()[0], **echo)
    preview = [{"name": f"{t.database}.{t.table}", "count": t.count, "columns": t.columns,
                "rows": [[_cell(v) for v in row] for _, row in zip(range(PREVIEW_ROWS), t.rows(), strict=False)]}
               for t in dataset.tables]
    return _page(request, plan=plan.lines(), preview=preview, **echo)


@router.post("/data/cleanup")
def cleanup(request: Request, session: Runner) -> Response:
    db = databases(request)
    try:
        db.refuse_writes("test:generate --cleanup (it deletes generated rows)")
    except ReadOnlyRefused as exc:
        return _page(request, 400, error=str(exc).splitlines()[0])
    reports = cleanup_generated(db)
    rows = sum(r.rows for r in reports)
    request.app.state.audit.record(session.user.name, "cleaned up generated data", "",
                                   {"rows": rows, "namespaces": len(reports)}, client_of(request))
    return _page(request, notice=f"Removed {rows} row(s) of {len(reports)} generated namespace(s).")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."

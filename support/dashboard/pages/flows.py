"""The flow builder: compose a feature from the step catalog in Given/When/Then lanes, validate as you
go, save it into features/<area>/, open an existing one, and run it into the live monitor.

Everybody may look and validate; saving and running need the runner role. The server side is
support/flows/ (pure, tested on its own); this module only wires it to pages and the audit log.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from support.dashboard.launcher import StartForm, launcher_of
from support.dashboard.security import client_of, runner, viewer
from support.dashboard.sessions import Session
from support.dashboard.web import render
from support.errors import FeatureFileError, OutputError
from support.flows.catalog import StepCatalog
from support.flows.dataflow import value_uses
from support.flows.gherkin_io import render as render_gherkin
from support.flows.lanes import lanes_of
from support.flows.model import Flow, Scenario
from support.flows.operations import contract_operations, picker_of
from support.flows.store import SLUG, feature_path, open_flow, save_flow, with_area_tag
from support.flows.validate import Issue, validate

router = APIRouter()
Viewer = Annotated[Session, Depends(viewer)]
Runner = Annotated[Session, Depends(runner)]
_loading = threading.Lock()


def catalog_of(app: FastAPI) -> StepCatalog:
    """The step catalog of the checkout's steps/, loaded on first use (a few seconds) and kept."""
    with _loading:
        if getattr(app.state, "step_catalog", None) is None:
            app.state.step_catalog = StepCatalog(app.state.config.repo / "steps")
        catalog: StepCatalog = app.state.step_catalog
        return catalog


def operations_of(app: FastAPI) -> dict[str, Any]:
    """The request steps' operation pickers: the active target's pinned REST and GraphQL operations."""
    with _loading:
        if getattr(app.state, "flow_operations", None) is None:
            rest, graphql = contract_operations(app.state.config.settings)
            app.state.flow_operations = {"rest": [o for o in rest if not o.body], "rest-body": [o for o in rest if o.body],
                                         "graphql": graphql}
        operations: dict[str, Any] = app.state.flow_operations
        return operations


def _card_context(app: FastAPI) -> dict[str, Any]:
    return {"operations": operations_of(app), "picker_of": picker_of}


def _features(request: Request) -> Path:
    features: Path = request.app.state.config.features_dir
    return features


def _files(features: Path) -> dict[str, list[str]]:
    """The feature files the builder can open, by area."""
    found: dict[str, list[str]] = {}
    for path in sorted(features.glob("*/*.feature")) if features.is_dir() else []:
        if SLUG.fullmatch(path.parent.name) and SLUG.fullmatch(path.stem):
            found.setdefault(path.parent.name, []).append(path.stem)
    return found


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _shown(features: Path, area: str, name: str) -> str:
    return f"features/{area}/{name}.feature" if features.name == "features" else str(features / area / f"{name}.feature")


def _builder(request: Request, session: Session, flow: Flow, *, opened: str = "", opened_sha: str = "", status_code: int = 200,
             **extra: Any) -> Response:
    catalog = catalog_of(request.app)
    parts = ([(-1, flow.background)] if flow.background else []) + list(enumerate(flow.scenarios))
    scenarios = [{"index": index, "scenario": scenario, "lanes": lanes_of(scenario.steps, catalog),
                  "meta": scenario.model_copy(update={"steps": []}).model_dump_json()} for index, scenario in parts]
    issues = validate(flow, catalog)
    return render(request, "flow_builder.html", status_code=status_code, flow=flow, scenarios=scenarios,
                  flow_meta=flow.model_copy(update={"scenarios": [], "background": None}).model_dump_json(),
                  new_scenario=Scenario().model_dump_json(), groups=catalog.by_area(), can_edit=session.user.may("runner"),
                  opened=opened, opened_sha=opened_sha, issues=issues, uses=value_uses(flow), flow_json=flow.model_dump_json(),
                  areas=sorted(_files(_features(request))), **_card_context(request.app), **extra)


@router.get("/flows")
def flows(request: Request, session: Viewer) -> Response:
    files = _files(_features(request))
    return render(request, "flows.html", files=files, areas=sorted(files), can_edit=session.user.may("runner"))


@router.get("/flows/builder")
def builder(request: Request, session: Viewer, area: str = "", name: str = "", title: str = "", saved: str = "") -> Response:
    features = _features(request)
    try:
        path = feature_path(features, area, name)
    except OutputError as exc:
        return render(request, "error.html", status_code=400, title="Flow not opened", message=str(exc))
    if not path.is_file():
        flow = Flow(area=area, name=name, feature=title.strip() or name.replace("_", " ").capitalize(), tags=[area],
                    scenarios=[Scenario(name="")])
        return _builder(request, session, flow)
    try:
        flow = open_flow(features, area, name)
    except FeatureFileError as exc:
        return render(request, "error.html", status_code=400, title="Flow not opened", message=str(exc))
    if not saved:
        request.app.state.audit.record(session.user.name, "opened flow", _shown(features, area, name), client=client_of(request))
    return _builder(request, session, flow, opened=f"{area}/{name}", opened_sha=_sha(path),
                    notice=f"Saved {_shown(features, area, name)}." if saved else "")


@router.get("/flows/catalog")
def catalog(request: Request, session: Viewer, q: str = "") -> Response:
    return render(request, "_flow_catalog.html", groups=catalog_of(request.app).by_area(q), query=q.strip(),
                  **_card_context(request.app))


def _posted(flow: str) -> Flow | str:
    try:
        return Flow.model_validate_json(flow)
    except ValidationError as exc:
        first = exc.errors()[0]
        return f"the flow is not valid: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


@router.post("/flows/validate")
def check(request: Request, session: Viewer, flow: Annotated[str, Form()] = "") -> Response:
    posted = _posted(flow)
    if isinstance(posted, str):
        issues = [Issue(kind="empty", scenario=-1, message=posted)]
        return render(request, "_flow_checks.html", issues=issues, uses=[], flow=None, status_code=400)
    return render(request, "_flow_checks.html", issues=validate(posted, catalog_of(request.app)), uses=value_uses(posted),
                  flow=posted)


@router.post("/flows/save")
def save(request: Request, session: Runner, flow: Annotated[str, Form()] = "", opened: Annotated[str, Form()] = "",
         opened_sha: Annotated[str, Form()] = "", overwrite: Annotated[str, Form()] = "",
         then_run: Annotated[str, Form()] = "") -> Response:
    audit, who, client = request.app.state.audit, session.user.name, client_of(request)
    posted = _posted(flow)
    if isinstance(posted, str):
        audit.record(who, "refused flow save", "", {"why": posted}, client)
        return render(request, "error.html", status_code=400, title="Flow not saved", message=posted)
    features = _features(request)
    again = {"opened": opened, "opened_sha": opened_sha}
    try:
        path = feature_path(features, posted.area, posted.name)
    except OutputError as exc:
        audit.record(who, "refused flow save", f"{posted.area}/{posted.name}", {"why": str(exc)}, client)
        return _builder(request, session, posted, status_code=400, error=str(exc), **again)
    shown = _shown(features, posted.area, posted.name)
    issues = validate(posted, catalog_of(request.app))
    if issues:
        audit.record(who, "refused flow save", shown, {"why": f"{len(issues)} problem(s)", "first": issues[0].message}, client)
        return _builder(request, session, posted, status_code=422, error=f"Not saved: {len(issues)} problem(s) to fix first.", **again)
    own_file = opened == f"{posted.area}/{posted.name}" and opened_sha == _sha(path)  # the file opened, unchanged since
    if path.exists() and not own_file and not overwrite:
        audit.record(who, "refused flow save", shown, {"why": "exists; overwrite not confirmed"}, client)
        return _builder(request, session, posted, status_code=409, confirm=shown, **again)
    existed = path.exists()  # before the save, which always makes it exist
    unchanged = path.is_file() and path.read_text(encoding="utf-8") == render_gherkin(with_area_tag(posted))
    save_flow(features, posted, overwrite=True)
    audit.record(who, "saved flow", shown, {"scenarios": len(posted.scenarios), "unchanged": unchanged,
                                            "overwrote": existed and not own_file}, client)
    if not then_run:
        return RedirectResponse(f"/flows/builder?area={posted.area}&name={posted.name}&saved=1", status_code=303)
    return _run(request, session, path, shown)


def _run(request: Request, session: Session, path: Path, shown: str) -> Response:
    repo = request.app.state.config.repo.resolve()
    location = str(path.relative_to(repo)) if path.is_relative_to(repo) else str(path)
    form = StartForm(env=request.app.state.config.settings.environment, locations=[location], parallel=1)
    try:
        run_id = launcher_of(request.app).start(form, session.user.name)
    except ValueError as exc:
        return render(request, "error.html", status_code=400, title="Run not started", message=str(exc))
    request.app.state.audit.record(session.user.name, "started run", run_id, {"flow": shown} | form.model_dump(exclude_defaults=True),
                                   client_of(request))
    return RedirectResponse(f"/runs/{run_id}", status_code=303)

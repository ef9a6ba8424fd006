"""What the behave hooks and the parent call for reporting, so support/hooks.py and support/run/run.py stay thin.

start_run registers the result stream's writer with the framework's plugins (exchanges, data) and
with allure-commons (every ``allure.attach`` lands in the stream), plus the per-step log capture;
start_step/end_step attach the masked log of a failing step. ``run_started`` is the first event of
a run, the same for ``./jump test:run`` and a plain behave run.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import allure_commons

from support.contracts.pins import PINNED_OPENAPI, contract_paths, has_graphql, has_openapi
from support.plugins.manager import plugin_manager
from support.reporting import step_log
from support.reporting.branding import load_logo
from support.reporting.categories import load_categories
from support.reporting.run_info import git_commit
from support.run import events as ev
from support.run.run_folder import OPENAPI_FILE

log = logging.getLogger(__name__)
_capture: step_log.StepLogCapture | None = None


def tables_of_entities() -> dict[str, str]:
    """Factory entity -> ``database.table``, so created rows count as tables touched."""
    try:
        from data_factories.models import ALL_MODELS
    except ImportError:  # a plugin-only install without factories
        return {}
    return {m.__name__: f"{m.__database__}.{m.__table__}" for m in ALL_MODELS}


def keep_contract(folder: Path, settings: Any = None) -> None:
    """The OpenAPI document the run validates against (the target's pin; none when it has no OpenAPI
    contract), in the run's folder: a later replay works offline."""
    pinned = PINNED_OPENAPI
    if settings is not None:
        if not has_openapi(settings):
            return
        pinned = contract_paths(settings).openapi
    if pinned.is_file() and not (folder / OPENAPI_FILE).exists():
        shutil.copyfile(pinned, folder / OPENAPI_FILE)


def target_coverage(settings: Any) -> tuple[list[str], str | None]:
    """What coverage is measured against: (``database.table`` of every table, the GraphQL pin). Jump's
    platform: the factories' tables and its pin; another target (``contracts.dir``): the tables of its
    configured databases, read from their catalogs, and its own pin."""
    if getattr(settings, "contracts", None) is None or settings.contracts.dir is None:
        return sorted(set(tables_of_entities().values())), None
    from support.config import SecretResolver
    from support.db.catalog import load_catalog
    from support.session import open_databases

    databases = open_databases(settings, SecretResolver(settings), minconn=0, maxconn=1, wait_s=10.0)
    try:
        tables = sorted(f"{db.name}.{name}" for db in databases.platform() for name in load_catalog(db).tables)
    finally:
        databases.close()
    return tables, (str(contract_paths(settings).graphql) if has_graphql(settings) else None)


def run_started(settings: Any, run_id: str, *, origin: str = "behave", scenarios: int = 0, parallel: int = 1,
                shard: str = "1/1", rerun_failed: int = 0) -> ev.RunStarted:
    reporting = settings.reporting
    tables, graphql_schema = target_coverage(settings)
    return ev.RunStarted(run_id=run_id, environment=settings.environment, scenarios=scenarios, parallel=parallel, shard=shard,
                         rerun_failed=rerun_failed, origin=origin, git_commit=git_commit(settings),  # type: ignore[arg-type]
                         report=ev.ReportSettings(owner=reporting.owner, requirement_url=reporting.requirement_url_pattern,
                                                  issue_url=reporting.issue_url_pattern,
                                                  api_budget=ev.ApiBudget(**reporting.api_budget.model_dump()),
                                                  title=reporting.title, language=reporting.language,
                                                  logo=load_logo(reporting.logo) if reporting.logo else None,
                                                  categories=load_categories(reporting.categories_file) if reporting.categories_file else []),
                         known_tables=tables, graphql_schema=graphql_schema)


def start_run(writer: Any) -> None:
    """Idempotent per process (behave calls before_all once, tests may call it again)."""
    global _capture
    _capture = step_log.install()
    earlier = plugin_manager().get_plugin("events")
    if earlier is not None:
        plugin_manager().unregister(earlier, name="events")
        allure_commons.plugin_manager.unregister(earlier)
    plugin_manager().register(writer, name="events")
    allure_commons.plugin_manager.register(writer)


def start_step() -> None:
    if _capture is not None:
        _capture.start_step()


def end_step(step: Any) -> None:
    if _capture is not None:
        status = getattr(step.status, "name", str(step.status))
        step_log.attach_if_failed(_capture, status, f"{step.keyword} {step.name}")

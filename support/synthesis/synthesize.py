"""A whole synthesis run against one environment: data, accounts, engine runs, cleanup.

The run claims a data namespace of its own in the cleanup ledger (as a behave run does), so
every row it makes (the factories' parents and accounts, the rows generated POSTs create) is
removed at the end, passed or failed; a run that is killed leaves a namespace whose owner is
gone, which the next run's sweep (or ``./jump data:sweep``) removes like any other.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from data_factories import Registry
from data_factories import session as factory_session
from data_factories.sweep import describe, survey
from support.config import FrameworkSettings
from support.session import PlatformSession
from support.synthesis import known_ids, plan, runner
from support.synthesis.accounts import RoleAccount
from support.synthesis.created_rows import CreatedRows
from support.synthesis.results import SynthesisResult


class SynthesisOptions(BaseModel):
    """How much to generate: examples per operation for the primary role, a time cap, what to cover."""

    max_examples: int = 5
    budget_s: float = 600.0
    seed: int = 1
    roles: tuple[str, ...] = plan.ROLES
    apis: tuple[plan.Api, ...] = ("rest", "graphql")
    operations: tuple[str, ...] = ()
    real_ids: bool = True     # False: Schemathesis invents every id (to measure what the factories' ids add)


def _target(settings: FrameworkSettings) -> runner.Target:
    platform = settings.platform
    return runner.Target(rest_url=str(platform.rest_url).rstrip("/"), graphql_url=str(platform.graphql_url),
                         verify=str(platform.ca_file) if platform.ca_file else platform.verify_tls)


def synthesize(settings: FrameworkSettings, options: SynthesisOptions,
               say: Callable[[str], None] = lambda _: None, namespace: str | None = None) -> SynthesisResult:
    """Runs the generated tests; the rows they made are removed before this returns (or raises). ``namespace``:
    the data namespace to claim (a new one when None), e.g. the one the command's preflight requests were filed under."""
    session = PlatformSession.open(settings, validate_rest=False)
    databases = session.databases
    databases.refuse_writes("API test synthesis (it creates test data and calls every write operation)")
    try:
        line = describe(survey(databases))
        if line:
            say(line)
        registry = Registry.open(databases, namespace)
        registry.start_heartbeat()
        created = CreatedRows(registry)
        accounts: dict[str, RoleAccount] = {}
        ids: dict[str, known_ids.KnownIds] = {}

        def account(role: str) -> RoleAccount:
            return accounts.setdefault(role, RoleAccount(role, session.tokens))

        def ids_for(role: str) -> known_ids.KnownIds:   # fresh objects per role: one role's DELETE is not another's 404
            if role not in ids:
                ids[role] = (known_ids.make(owner=account(role).owner() if role == "fan" else None)
                             if options.real_ids else known_ids.KnownIds())
            return ids[role]

        try:
            with factory_session.bound(databases, registry, seed=options.seed):
                cells = plan.cells(roles=options.roles, apis=options.apis, operations=options.operations)
                budget = runner.Budget(max_examples=options.max_examples, seconds=options.budget_s, seed=options.seed)
                result = runner.run(cells, _target(settings), budget, account, ids_for, created, say)
        finally:
            report = registry.cleanup_all()
            registry.close()
        result.removed_rows = report.rows
        result.accounts_replaced = sum(a.replaced for a in accounts.values())
        return result
    finally:
        session.close()

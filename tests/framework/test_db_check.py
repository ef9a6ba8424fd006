"""./jump db:check: the integrity checks over a whole environment, and their exit codes.

The databases are shared with other engineers' runs, so the real-database tests judge only the
rows they created (registered, and removed again by the ``factories`` fixture's registry).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from data_factories import EventFactory, InventoryBlockFactory, seat_map
from data_factories.session import FactorySession
from support.db.integrity import Check, Finding, check_integrity
from support.db.pool import Databases
from support.run import db_commands
from support.run.cli import app

REPO = Path(__file__).resolve().parents[2]


def _db_check(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "support.run.cli", "db:check", *args], cwd=REPO, capture_output=True,
                            text=True, timeout=120, env={**os.environ, **(env or {})})
    return result.returncode, result.stdout, result.stderr


def _findings(stdout: str) -> list[dict[str, Any]]:
    return list(json.loads(stdout)["findings"])


def test_seeded_data_is_consistent(databases: Databases, factories: FactorySession) -> None:
    event = EventFactory(status="ON_SALE")
    seat_map(event, "A", rows=2, seats_per_row=5, price_code="STD")
    assert check_integrity(databases, event_ids=[event.id]) == []
    code, stdout, _ = _db_check("--json")
    assert code in (0, 1) and not [f for f in _findings(stdout) if str(event.id) in f["key"] + f["message"]]


@pytest.mark.req("DB-001.5")
def test_an_orphan_inventory_row_is_found_and_exits_1(databases: Databases, factories: FactorySession) -> None:
    missing_event = uuid.uuid4()
    InventoryBlockFactory(event_id=missing_event)  # registered: the fixture's cleanup removes it again
    code, stdout, _ = _db_check("--json")
    orphans = [f for f in _findings(stdout) if f["key"] == str(missing_event)]
    assert code == 1 and json.loads(stdout)["consistent"] is False
    assert orphans == [{"check": "orphan_reference", "database": "inventory", "table": "inventory_block", "key": str(missing_event),
                        "message": f"1 row(s) with event_id={missing_event} but no events.event"}]
    code, text, _ = _db_check()
    assert code == 1 and f"[orphan_reference] inventory.inventory_block {missing_event}" in text


def test_clean_databases_print_one_line_and_exit_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_commands, "check_integrity", lambda databases, **_: [])
    result = CliRunner().invoke(app, ["db:check"])
    assert (result.exit_code, result.output) == (0, "databases are consistent\n")


def test_findings_are_printed_one_per_line(monkeypatch: pytest.MonkeyPatch) -> None:
    finding = Finding(Check.ORDER_TOTAL, "inventory", "order", "o-1", "total_cents=6000 but its items sum to 5000")
    monkeypatch.setattr(db_commands, "check_integrity", lambda databases, **_: [finding])
    result = CliRunner().invoke(app, ["db:check"])
    assert (result.exit_code, result.output.splitlines()) == (1, [str(finding), "1 finding(s)"])


def test_an_unreachable_database_exits_3_with_one_line() -> None:
    dead = {f"JUMP_DATABASES__{name.upper()}": f"postgresql://postgres@127.0.0.1:1/jump_{name}" for name in ("events", "inventory")}
    code, stdout, stderr = _db_check(env=dead)
    assert code == 3 and stdout == "" and stderr.startswith("error: database events unreachable: ") and stderr.strip().endswith("check databases.events and that PostgreSQL runs") and len(stderr.strip().splitlines()) == 1


def test_an_unknown_environment_exits_2() -> None:
    code, _, stderr = _db_check("--env", "nowhere")
    assert code == 2 and "unknown environment 'nowhere'" in stderr

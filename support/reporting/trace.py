"""What one scenario did to the platform, as coverage and failure analysis need it.

A worker collects it while the scenario runs (support/run/worker_stream.py) and sends it as the
``touched`` part of the scenario's ScenarioFinished event (support/run/events.py); the report step
joins it to the scenario's Allure result by historyId (``ScenarioTrace``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class GraphQLCall(BaseModel):
    operation: str
    document: str


class RestCall(BaseModel):
    method: str
    path: str          # the URL's path, without the query; matched to a template at report time
    status: int | None


class Touched(BaseModel):
    """What the scenario exercised: the coverage and failure analysis read it."""

    graphql: list[GraphQLCall] = Field(default_factory=list)
    rest: list[RestCall] = Field(default_factory=list)
    tables: list[str] = Field(default_factory=list)        # "database.table"
    exchanges: int = 0
    last_exchange: dict[str, Any] | None = None             # masked request + response of the last call
    last_diff: str | None = None                            # readable diff of the last state change


class ScenarioTrace(Touched):
    """A scenario's last attempt's Touched, keyed as its Allure result is."""

    history_id: str = ""

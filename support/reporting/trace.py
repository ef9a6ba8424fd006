"""What one scenario did to the platform, as coverage and failure analysis need it.

One ``ScenarioTrace`` per finished scenario is written as a JSON line by the recorder in the
worker process and read back by the report step (pydantic on both sides, so the two agree).
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


class ScenarioTrace(BaseModel):
    history_id: str = ""
    feature: str = ""
    scenario: str = ""
    feature_file: str = ""
    area: str = ""
    tags: list[str] = Field(default_factory=list)
    status: str = ""
    graphql: list[GraphQLCall] = Field(default_factory=list)
    rest: list[RestCall] = Field(default_factory=list)
    tables: list[str] = Field(default_factory=list)        # "database.table"
    exchanges: int = 0
    last_exchange: dict[str, Any] | None = None             # masked request + response of the last call
    last_diff: str | None = None                            # readable diff of the last state change


class RunMeta(BaseModel):
    """Written once per worker: what the run knew that the report step may not (spec, tables)."""

    known_tables: list[str] = Field(default_factory=list)

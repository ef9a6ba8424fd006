"""What a running local stack looks like, kept in .jump/stack.json between commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, Field

# The reservation lifetime of the stack's second platform process (same databases), which only the
# scenarios that wait for a reservation to expire (@needs-short-lock-ttl) talk to. The main platform
# keeps its 10 s: a crowd of 30 reserving on a loaded machine can take seconds, and a shorter lifetime
# there let the fair-sale journey's reservations expire before its availability check.
SHORT_LOCK_TTL_S = 1.5


class PlatformOptions(BaseModel):
    """Knobs of the platform process that tests and benchmarks turn."""

    lock_ttl_seconds: float = Field(default=10.0, gt=0)
    token_ttl_seconds: int = Field(default=900, ge=1)
    fault_503_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    fault_latency_ms: int = Field(default=0, ge=0)
    fault_seed: int = 1
    rate_limit_per_second: float = Field(default=100.0, gt=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    tls: bool = False
    # further platform settings by name, without the SANDBOX_ prefix ("login_max_failures_per_client": "5"):
    # the limits a security check needs low on its own platform
    settings: dict[str, str] = Field(default_factory=dict)


class StackState(BaseModel):
    pg_port: int
    pg_root: Path
    platform_port: int
    platform_pid: int
    options: PlatformOptions
    ca_file: Path | None = None
    started_at: dt.datetime
    extra_platform_pids: list[int] = []  # second platforms (LocalStack.extra_platform) that stack:down must stop too
    short_ttl_port: int | None = None   # the second platform process, with SHORT_LOCK_TTL_S
    short_ttl_pid: int | None = None
    sandbox_digest: str = ""           # the platform code it runs (LocalStack.platform_is_stale)

    @property
    def short_ttl_graphql_url(self) -> str | None:
        return f"{self.scheme}://127.0.0.1:{self.short_ttl_port}/graphql" if self.short_ttl_port else None

    @property
    def scheme(self) -> str:
        return "https" if self.options.tls else "http"

    @property
    def rest_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.platform_port}"

    @property
    def graphql_url(self) -> str:
        return f"{self.rest_url}/graphql"

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{database}"

    @property
    def databases(self) -> dict[str, str]:
        return {"events": self.dsn("jump_events"), "inventory": self.dsn("jump_inventory"), "results": self.dsn("jump_results")}

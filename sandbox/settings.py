"""Platform settings, read from SANDBOX_* environment variables (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SandboxSettings(BaseSettings):
    """Everything the platform process needs; the local stack sets these when it starts it."""

    model_config = SettingsConfigDict(env_prefix="SANDBOX_", extra="ignore")

    events_dsn: str = "postgresql://postgres@127.0.0.1:5432/jump_events"
    inventory_dsn: str = "postgresql://postgres@127.0.0.1:5432/jump_inventory"
    host: str = "127.0.0.1"
    port: int = 8400
    db_pool_size: int = Field(default=10, ge=1, le=100)

    # business rules
    lock_ttl_seconds: float = Field(default=600.0, gt=0)
    expiry_sweep_seconds: float = Field(default=1.0, gt=0)

    # security
    jwt_private_key_file: Path | None = None
    jwt_issuer: str = "jump-sandbox"
    jwt_audience: str = "jump-api"
    token_ttl_seconds: int = Field(default=900, ge=1)
    rate_limit_per_second: float = Field(default=100.0, gt=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    token_version_cache_seconds: float = Field(default=1.0, ge=0)
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_client: int = Field(default=100, ge=1)
    login_failure_window_seconds: float = Field(default=300.0, gt=0)
    max_body_bytes: int = Field(default=1_048_576, ge=1)
    graphql_max_depth: int = Field(default=6, ge=1)
    graphql_max_aliases: int = Field(default=15, ge=0)
    graphql_max_complexity: int = Field(default=5_000, ge=1)
    # web origins whose pages may call the API from a browser (CORS); every other origin is refused
    cors_allowed_origins: list[str] = Field(default_factory=lambda: ["https://tickets.jump.example"])
    tls_cert_file: Path | None = None
    tls_key_file: Path | None = None

    # faults on purpose (off by default)
    fault_503_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    fault_latency_ms: int = Field(default=0, ge=0, le=60_000)
    fault_latency_path: str = ""  # only requests whose path starts with this get the latency ("": every request)
    fault_seed: int = 1

    @property
    def tls_enabled(self) -> bool:
        return self.tls_cert_file is not None and self.tls_key_file is not None


@lru_cache(maxsize=1)
def get_settings() -> SandboxSettings:
    return SandboxSettings()

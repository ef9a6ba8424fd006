"""What one dashboard server is told at start-up (validated once, by the command line or a test)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from support.config import FrameworkSettings


class DashboardConfig(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    settings: FrameworkSettings          # the environment the dashboard shows (and whose results database it uses)
    repo: Path                           # the checkout: features/, steps/, reports/
    schema_name: str = "jump_history"    # the results database schema (tests use one of their own)
    idle_minutes: int = Field(default=30, ge=1, le=24 * 60)   # session timeout without activity (SRS 4.3.1)
    lifetime_hours: int = Field(default=12, ge=1, le=24 * 14)  # ... and in all, active or not
    secure_cookies: bool = False         # set behind an HTTPS reverse proxy: cookies only travel over TLS
    config_dir: Path | None = None       # where admin overrides are written (default .jump/, as test:config --set)
    flows_dir: Path | None = None        # where the flow builder opens and saves features (default repo/features)

    @property
    def idle(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.idle_minutes)

    @property
    def lifetime(self) -> dt.timedelta:
        return dt.timedelta(hours=self.lifetime_hours)

    def environ(self) -> dict[str, str]:
        """The process environment as the configuration loader should see it (JUMP_CONFIG_DIR when moved)."""
        return dict(os.environ) | ({"JUMP_CONFIG_DIR": str(self.config_dir)} if self.config_dir else {})

    @property
    def features_dir(self) -> Path:
        return self.flows_dir or self.repo / "features"

    @property
    def reports_root(self) -> Path:
        return self.repo / self.settings.reporting.reports_dir

"""Sends a killed run's recorded API requests from a sweep outside the workers (the run's parent,
``./jump data:sweep``); the platform session, and each role's authentication, only when one is due."""

from __future__ import annotations

from data_factories.ledger import ApiRequest
from support.config import FrameworkSettings
from support.session import PlatformSession


class SweepSender:
    """``send`` for data_factories.sweep.survey: opens the environment's session on the first request."""

    def __init__(self, settings: FrameworkSettings) -> None:
        self.settings = settings
        self._session: PlatformSession | None = None

    def __call__(self, request: ApiRequest) -> None:
        from support.journeys.api import send_recorded  # the generic steps' sender: the same request as at a scenario's end

        if self._session is None:
            self._session = PlatformSession.open(self.settings, validate_rest=False)
        send_recorded(self._session, request)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

"""Captures the log records of each step and attaches them, masked, when the step fails.

Why per step: a failing scenario's whole log buries the few lines that explain it; the step's
own records sit next to its request/response attachments in the report.
"""

from __future__ import annotations

import logging

from support.clients.masking import mask_text

# The framework's own loggers are raised to INFO so their records reach this handler even though
# behave's root level is WARNING; other libraries stay as quiet as behave.ini makes them.
FRAMEWORK_LOGGERS = ("jump", "support", "data_factories", "steps")
MAX_RECORDS = 500


class StepLogCapture(logging.Handler):
    """A root handler that keeps the records of the current step only."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < MAX_RECORDS:
            try:
                self.records.append(mask_text(self.format(record)))
            except Exception:  # noqa: BLE001 - a bad log call must not fail the step
                self.handleError(record)

    def start_step(self) -> None:
        self.records = []

    def text(self) -> str:
        return "\n".join(self.records)


def install() -> StepLogCapture:
    """Idempotent: one capture handler on the root logger per process."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, StepLogCapture):
            return handler
    capture = StepLogCapture()
    root.addHandler(capture)
    for name in FRAMEWORK_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
    return capture


def attach_if_failed(capture: StepLogCapture, step_status: str, step_name: str) -> None:
    if step_status not in ("failed", "error") or not capture.records:
        return
    import allure

    try:
        allure.attach(capture.text(), name=f"log of failed step: {step_name}"[:120], attachment_type=allure.attachment_type.TEXT)
    except Exception:  # noqa: BLE001 - no running Allure test
        pass

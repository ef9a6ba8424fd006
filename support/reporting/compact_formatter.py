"""What a plain ``behave`` run prints: one line per scenario that ran, and why a failure failed.

Why: behave's default "pretty" output lists every step of every scenario, skipped ones included,
so ``behave --tags @checkout`` printed 2,666 lines for 9 scenarios. behave.ini makes this the
default format (``default_format = compact``); the summary behave prints at the end stays.

    PASSED  features/checkout/buying_tickets.feature:11  A fan buys two seats (1.4s)
    FAILED  features/checkout/fees.feature:20  The order total includes the fees (0.9s)
            Then the order total is $118.00  (features/checkout/fees.feature:24)
            order 4711 total: expected '$118.00', got '$120.00'
            technical: support.assertions.ExpectationFailed: order 4711 total: expected '$118.00', got '$120.00'

``-f pretty`` (or ``plain``) still shows every step.
"""

from __future__ import annotations

from typing import Any

from behave.formatter.base import Formatter

from support.reporting import failure_text

NOT_RUN = {"skipped", "untested", "untested_pending"}
FAILED = {"failed", "error", "hook_error", "cleanup_error"}
INDENT = " " * 8


class CompactFormatter(Formatter):
    name = "compact"
    description = "One line per scenario that ran; failures with the step and the reason, business words first"

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self.stream = self.open()
        self._scenario: Any = None

    def scenario(self, scenario: Any) -> None:
        self._flush()
        self._scenario = scenario

    def eof(self) -> None:
        self._flush()

    def close(self) -> None:
        self._flush()
        super().close()

    def _flush(self) -> None:
        scenario, self._scenario = self._scenario, None
        if scenario is None:
            return
        status = getattr(scenario.status, "name", str(scenario.status))
        if status in NOT_RUN:
            return
        word = "FAILED" if status in FAILED else status.upper()
        self.stream.write(f"{word:<7} {scenario.location}  {scenario.name.strip()} ({float(scenario.duration or 0):.1f}s)\n")
        if status in FAILED:
            self.stream.write(self._why(scenario))
        self.stream.flush()

    @staticmethod
    def _why(scenario: Any) -> str:
        step = next((s for s in scenario.all_steps if getattr(s.status, "name", "") in FAILED | {"undefined"}), None)
        if step is None:  # a hook failed before or after the steps
            return f"{INDENT}{str(getattr(scenario, 'error_message', '') or 'a hook failed').strip().splitlines()[-1]}\n"
        where = f"{INDENT}{step.keyword} {step.name}  ({step.location})\n"
        message = failure_text.of_step(step) or step.status.name
        return where + "".join(f"{INDENT}{line}\n" for line in message.splitlines() if line.strip())

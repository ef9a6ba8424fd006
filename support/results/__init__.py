"""The results history (SRS 5.1.2 test data models, REP-001.3, FT-001.5) in the jump_results database."""

from support.results.models import CaseOutcome, RunRecord, StepOutcome
from support.results.store import HistoryStore

__all__ = ["CaseOutcome", "HistoryStore", "RunRecord", "StepOutcome"]

"""The runner behave.ini names for plain ``behave``: a Gherkin syntax error is one line, as in ./jump.

Why a runner: behave parses every feature file before the first hook runs and prints a parse
failure over several lines (``ParserError: Failed to parse "...": Parser failure in state=steps at
line 6: ...``). ``./jump test:run`` parses the files itself first (support/run/selection.py); a plain
run gets the same line here, on stderr, and exit 2 like every usage error:

    error: features/pricing/broken.feature:6: Gherkin syntax error: unexpected "Scenari: misspelt" (while reading steps): fix the feature file
"""

from __future__ import annotations

import sys
from pathlib import Path

from behave.parser import ParserError
from behave.runner import Runner

from support.run.exit_codes import ExitCode
from support.run.selection import syntax_error_line


class PlainBehaveRunner(Runner):
    def run_with_paths(self) -> bool:
        try:
            return bool(super().run_with_paths())
        except ParserError as exc:
            print(f"error: {syntax_error_line(exc, Path(exc.filename or '?'), Path.cwd())}", file=sys.stderr, flush=True)
            raise SystemExit(int(ExitCode.USAGE)) from None

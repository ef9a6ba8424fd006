"""A real scenario's Allure attachments show no clear e-mail address or access code (issue 10).

Runs the real hooks and steps of features/offers/access_codes.feature (the right code opens the
presale: a registered fan, an access code created and then sent with a reservation) against the
local stack, writing Allure results to a temporary folder. The same run with
``reporting.mask_pii=[]`` shows the code in clear, so the check can tell masked from unmasked;
both runs pass, so the steps compared the real values.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FEATURE = REPO / "features" / "offers" / "access_codes.feature"
CODE = "FANCLUB-26"
CLEAR_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]")  # "m***@x.y" is masked: '*' is not in the class


def _attachments(tmp: Path, *defines: str) -> str:
    """Runs the scenario "Only the right code opens the presale (the right code)"; returns its attachments' text."""
    line = next(i for i, text in enumerate(FEATURE.read_text().splitlines(), 1) if "| the right code " in text)
    workdir = tmp / "cwd"
    workdir.mkdir()
    # cwd without a behave.ini; the run's folder (attachments/, events.jsonl) is under reports_dir = tmp
    env = dict(os.environ, JUMP_ENV="local", PYTHONPATH=str(REPO))
    args = [sys.executable, "-m", "behave", "--no-color", "-D", f"reporting.reports_dir={tmp}", *defines, f"{FEATURE}:{line}"]
    proc = subprocess.run(args, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "1 scenario passed" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    files = sorted(tmp.rglob("*-attachment*"))  # wherever the run folder put them (reports_dir is tmp)
    assert files, "the scenario attached nothing"
    return "\n".join(f.read_text(errors="replace") for f in files)


def test_attachments_mask_emails_and_access_codes(tmp_path: Path) -> None:
    text = _attachments(tmp_path)
    assert CODE not in text and CLEAR_EMAIL.findall(text) == []
    assert "****26" in text and re.search(r"\w\*\*\*@", text)  # the masked forms are there: the data was attached


def test_with_masking_switched_off_the_same_attachments_show_them(tmp_path: Path) -> None:
    text = _attachments(tmp_path, "-D", "reporting.mask_pii=[]")
    assert CODE in text and CLEAR_EMAIL.findall(text)

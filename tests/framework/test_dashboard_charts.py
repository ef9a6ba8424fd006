"""The server-drawn charts of the Trends page (support/dashboard/charts.py)."""

from __future__ import annotations

import re

from support.dashboard.charts import line_chart


def axis_labels(svg: str) -> list[str]:
    return re.findall(r'<text x="4" y="[\d.]+">([^<]*)</text>', svg)


def test_a_series_of_zeros_has_a_readable_axis() -> None:
    """No flaky scenario in any run: the axis reads 0, 0.5, 1 (it read 1.1e-09), and the line lies on 0."""
    svg = str(line_chart("Flaky scenarios", [0.0, 0.0, 0.0], ["r1", "r2", "r3"]))
    assert axis_labels(svg) == ["0", "0.5", "1"] and not re.search(r"\de-\d", svg)


def test_the_axis_tops_out_above_the_highest_value_or_at_the_given_top() -> None:
    assert axis_labels(str(line_chart("Wall time", [10.0, 20.0], ["r1", "r2"], unit=" s"))) == ["0 s", "11 s", "22 s"]
    assert axis_labels(str(line_chart("Pass rate", [90.0, 95.0], ["r1", "r2"], unit=" %", top=100))) == ["0 %", "50 %", "100 %"]

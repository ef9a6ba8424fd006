"""Small line charts drawn as SVG on the server: no chart library in the browser, and the same
numbers sit beside each chart in a table (the accessible form of the figure)."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_X, PAD_Y = 900, 220, 48, 24


def line_chart(title: str, values: list[float], labels: list[str], *, unit: str = "", top: float | None = None,
               colour: str = "#0b5cad") -> Markup:
    """One series as an SVG line with its axis; ``top`` fixes the scale (100 for percentages)."""
    if not values:
        return Markup(f'<p class="hint">{escape(title)}: no runs yet.</p>')
    highest = max(values)
    high = top if top is not None else highest * 1.1 if highest > 0 else 1.0  # all zero: an axis of 0 to 1
    step = (WIDTH - 2 * PAD_X) / max(len(values) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return PAD_X + index * step, HEIGHT - PAD_Y - (value / high) * (HEIGHT - 2 * PAD_Y)

    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(labels[i])}: {values[i]:.4g}{escape(unit)}'
                   f'</title></circle>' for i, (x, y) in enumerate(point(i, v) for i, v in enumerate(values)))
    grid = "".join(
        f'<line x1="{PAD_X}" x2="{WIDTH - PAD_X}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de"/>'
        f'<text x="4" y="{y + 4:.1f}">{fraction * high:.3g}{escape(unit)}</text>'
        for fraction in (0, 0.5, 1) for y in [HEIGHT - PAD_Y - fraction * (HEIGHT - 2 * PAD_Y)])
    axis = (f'<text x="{PAD_X}" y="{HEIGHT - 4}">{escape(labels[0])}</text>'
            f'<text x="{WIDTH - PAD_X}" y="{HEIGHT - 4}" text-anchor="end">{escape(labels[-1])}</text>')
    summary = f"{title}: {len(values)} runs, latest {values[-1]:.4g}{unit}, lowest {min(values):.4g}{unit}, highest {max(values):.4g}{unit}"
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(summary)}">'
                  f'{grid}{axis}<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>{dots}</svg>')

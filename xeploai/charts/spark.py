"""A card's small trend (a sparkline) as an SVG line, drawn by the browser itself.

Streamlit draws ``st.metric(chart_data=…)`` with Vega-Lite: the first card of a session made
the browser fetch, parse and run Vega's bundle (≈ 1 MB of scripts) for a few dozen points — half
a second of the first page after login (docs/performance-history.md). A line of a few points
needs no chart library.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 100.0, 28.0  # the drawing's own units; it is stretched to the card's width
PAD = 2.0  # room for the line's width and the last point's dot
COLOR = "#1565C0"


def points(values: Sequence[float]) -> list[tuple[float, float]]:
    """Where each value lies in the drawing: left to right in order, the highest at the top;
    a flat series lies across the middle."""
    low, high = min(values), max(values)
    span = high - low
    step = (WIDTH - 2 * PAD) / (len(values) - 1) if len(values) > 1 else 0.0
    out = []
    for i, value in enumerate(values):
        share = (value - low) / span if span else 0.5
        out.append((round(PAD + i * step, 2), round(HEIGHT - PAD - share * (HEIGHT - 2 * PAD), 2)))
    return out


def sparkline_svg(values: Sequence[float], label: str) -> str:
    """The values as a line with a dot on the last one; empty when there is no line to draw
    (fewer than two values). ``label`` is what a screen reader says of it. The drawing is
    stretched to the card's width; the line and the dot keep their size (a dot is a path of
    no length with round ends, which a stretch does not turn into an ellipse)."""
    if len(values) < 2:
        return ""
    drawn = points(values)
    line = " ".join(f"{x},{y}" for x, y in drawn)
    last_x, last_y = drawn[-1]
    return (
        f'<svg class="xl-spark" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" preserveAspectRatio="none" '
        f'width="100%" height="{HEIGHT:g}" xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{line}" fill="none" stroke="{COLOR}" stroke-width="1.5" '
        f'vector-effect="non-scaling-stroke" stroke-linejoin="round"/>'
        f'<path d="M{last_x} {last_y}h0" stroke="{COLOR}" stroke-width="5" '
        f'stroke-linecap="round" vector-effect="non-scaling-stroke"/></svg>'
    )

"""The room an axis's labels take beside the plot, made before plotly draws the chart.

Every page chart lets its axes make room for their labels (``automargin``): plotly lays the
chart out, measures the labels, finds the margin too narrow, widens it and lays the chart out
again — at every redraw, for every chart whose margin starts narrower than its labels (all of
them, from the 10 px of ``base_layout``). Here the labels beside the plot are measured from the
font's widths (``text.text_width``), as plotly will draw them, and the margin starts as wide as
they need; plotly then lays the chart out once. ``automargin`` stays on: a label wider than
measured still gets its room (the second layout, as before), so nothing is ever cut.

What is measured: the tick labels of a vertical axis (the left margin, or the right for an axis
on the right) — the category labels of horizontal bars, the texts an axis is given
(``ticktext``), or the numbers plotly chooses for a numeric axis, found as it finds them
(``numeric_ticks``) — and the axis's title; and the 0 that ends the horizontal axis of bars
below zero (a gap to a target), which plotly centres on the plot's right edge. Not measured:
the legend under the plot, whose rows depend on the chart's width in the browser, and the last
number of other horizontal axes, which stands clear of the edge but on a phone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from xeploai.charts.text import text_width
from xeploai.texts import fmt_int

# Measured in Chromium (tests/browser/test_chart_room_browser.py): the margin plotly makes is
# the widest tick label plus this much (the gap between labels and plot, and its own padding),
# and an axis title on one line adds this much more.
TICK_GAP = 20
TITLE_DEPTH = 34
# and a label centred on the plot's edge reaches half its width past it, plus this much
EDGE_GAP = 12
# Streamlit's chart theme writes tick labels at 12 px (in the page's font: ``base.FONT``).
TICK_SIZE = 12
# plotly's minus sign, not a hyphen
MINUS = "\u2212"


def make_room(spec: dict[str, Any]) -> None:
    """Widen ``spec``'s margins (a figure's plain dict, changed in place) to the room its
    vertical axes' labels take; never narrows one."""
    layout = spec.setdefault("layout", {})
    margin = layout.setdefault("margin", {})
    height = float(layout.get("height") or 450)
    plot_height = height - float(margin.get("t", 100)) - float(margin.get("b", 80))
    for name, axis in _axes(layout, "y"):
        if not axis.get("automargin") or axis.get("showticklabels") is False:
            continue
        labels = _labels(spec, name, axis, "y", plot_height)
        need = max((text_width(t, TICK_SIZE) for t in labels), default=0.0) + TICK_GAP
        if _title(axis):
            need += TITLE_DEPTH
        side = "r" if axis.get("side") == "right" else "l"
        margin[side] = max(margin.get(side, 80), math.ceil(need))
    for name, axis in _axes(layout, "x"):
        if not axis.get("automargin") or axis.get("range") is not None:
            continue
        # bars of values at most zero along an axis of its own range: the last tick, 0, stands
        # on the plot's right edge, and plotly centres a label on its tick
        if _kind(spec, name, axis, "x") == "numeric":
            span = _range(spec, name, axis, "x")
            if span is not None and span[1] == 0:
                need = text_width("0", TICK_SIZE) / 2 + EDGE_GAP
                margin["r"] = max(margin.get("r", 80), math.ceil(need))


def _axes(layout: dict[str, Any], letter: str) -> list[tuple[str, dict[str, Any]]]:
    return sorted(
        (k, v)
        for k, v in layout.items()
        if isinstance(v, dict) and k.startswith(f"{letter}axis") and k[5:] in ("", *"23456789")
    )


def _title(axis: dict[str, Any]) -> str:
    title = axis.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    return str(text or "")


def _traces(spec: dict[str, Any], name: str, letter: str) -> list[dict[str, Any]]:
    """The traces drawn on the axis ``name`` (``yaxis2``: the traces with ``yaxis="y2"``)."""
    ref = letter + name[5:]
    return [t for t in spec.get("data", []) if (t.get(f"{letter}axis") or letter) == ref]


def _kind(spec: dict[str, Any], name: str, axis: dict[str, Any], letter: str) -> str:
    if axis.get("type") == "category":
        return "category"
    values = [v for t in _traces(spec, name, letter) for v in t.get(letter) or ()]
    if any(isinstance(v, str) for v in values):
        return "category"
    return "numeric"


def _labels(
    spec: dict[str, Any], name: str, axis: dict[str, Any], letter: str, length: float
) -> list[str]:
    if axis.get("ticktext"):
        return [str(t) for t in axis["ticktext"]]
    if _kind(spec, name, axis, letter) == "category":
        return [str(v) for t in _traces(spec, name, letter) for v in t.get(letter) or ()]
    return _numeric_labels(spec, name, axis, letter, length)


def _numeric_labels(
    spec: dict[str, Any], name: str, axis: dict[str, Any], letter: str, length: float
) -> list[str]:
    """The numbers plotly writes on a numeric axis of ``length`` px, as it writes them."""
    span = _range(spec, name, axis, letter)
    if span is None:
        return []
    return [
        text
        for _, text in tick_texts(
            span,
            length,
            letter,
            tickformat=str(axis.get("tickformat") or ""),
            suffix=str(axis.get("ticksuffix") or ""),
        )
    ]


def tick_texts(
    span: tuple[float, float], length: float, letter: str, *, tickformat: str = "", suffix: str = ""
) -> list[tuple[float, str]]:
    """The ticks plotly puts on a numeric axis spanning ``span`` over ``length`` px, each with
    its label as plotly writes it (``tickformat`` ",d" or "d", or plotly's own)."""
    ticks, step = numeric_ticks(span[0], span[1], length, letter)
    # with no format of its own, plotly writes numbers from 10.000 in thousands ("250k") or
    # millions ("1,5M"): its exponent, a multiple of 3, from the range's largest end
    largest = max(abs(span[0]), abs(span[1]))
    power = math.floor(math.log10(largest) + 0.01) if largest > 0 else 0
    exponent = 3 * round((power - 1) / 3) if not tickformat and power > 3 else 0
    unit = {3: "k", 6: "M", 9: "G"}.get(exponent, "")
    decimals = _decimals(step / 10**exponent)
    # a zero is written without the unit
    return [
        (t, _number(t / 10**exponent, decimals, tickformat) + (unit if t else "") + suffix)
        for t in ticks
    ]


def _range(
    spec: dict[str, Any], name: str, axis: dict[str, Any], letter: str
) -> tuple[float, float] | None:
    """The axis's range: as given, or about as plotly's autorange makes it (bars from zero and
    not past it, a sixteenth of the span more at an open end: plotly's own padding is a
    little less, so a label is taken wide rather than narrow)."""
    given = axis.get("range")
    if given and axis.get("autorange") in (None, False):
        low, high = sorted(float(v) for v in given)
        return low, high
    traces = _traces(spec, name, letter)
    values = [float(v) for v in _values(spec, traces, letter) if _finite(v)]
    if not values:
        return None
    low, high = min(values), max(values)
    # bars start at zero, and their range is not padded past it; lines and markers are padded
    # at both ends (by the markers' size: about a sixteenth of the span)
    from_zero = axis.get("rangemode") == "tozero" or any(
        t.get("type") == "bar" and _along(t) == letter for t in traces
    )
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    pad = (high - low) / 16 or 1.0
    return (
        low - (pad if low < 0 or not from_zero else 0),
        high + (pad if high > 0 or not from_zero else 0),
    )


def _along(trace: dict[str, Any]) -> str:
    """The axis a bar's length runs along."""
    return "x" if trace.get("orientation") == "h" else "y"


def _values(spec: dict[str, Any], traces: Sequence[dict[str, Any]], letter: str) -> list[Any]:
    """The values a numeric axis spans: stacked bars by their sums at each place."""
    stacked = spec.get("layout", {}).get("barmode") in ("stack", "relative")
    out: list[Any] = []
    sums: dict[Any, list[float]] = {}
    for t in traces:
        values = list(t.get(letter) or ())
        if stacked and t.get("type") == "bar" and _along(t) == letter:
            places = list(t.get("y" if letter == "x" else "x") or range(len(values)))
            for place, v in zip(places, values, strict=False):
                if _finite(v):
                    pair = sums.setdefault(place, [0.0, 0.0])
                    pair[0 if float(v) < 0 else 1] += float(v)
        else:
            out += values
    return out + [v for pair in sums.values() for v in pair]


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def numeric_ticks(low: float, high: float, length: float, letter: str) -> tuple[list[float], float]:
    """The ticks plotly puts on a numeric axis from ``low`` to ``high`` of ``length`` px, and
    their step (plotly's ``prepTicks``/``autoTicks``: about one a 40 px on a vertical axis, one
    a 80 px on a horizontal one, 5 to 10, at a step of 2, 5 or 10 times a power of ten)."""
    count = min(max(length / (40 if letter == "y" else 80), 4), 9) + 1
    rough = abs(high - low) / count
    if rough <= 0 or not math.isfinite(rough):
        return [low], 1.0
    base = 10 ** math.floor(math.log10(rough))
    step = base * next(v for v in (2, 5, 10) if v >= rough / base - 1e-9)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    return [round(k * step, _decimals(step)) for k in range(first, last + 1)], step


def _decimals(step: float) -> int:
    """The decimals a tick of this step is written with (0,5 → 1; 20 → 0)."""
    return max(0, -math.floor(math.log10(step) + 1e-9))


def _number(value: float, decimals: int, tickformat: str) -> str:
    """A tick's number as plotly writes it with the separators ",." (decimal comma)."""
    if tickformat == ",d":
        return _signed(fmt_int(round(abs(value))), value)
    if tickformat in ("d", ".0f"):
        return _signed(str(round(abs(value))), value)
    whole, _, part = f"{abs(value):.{decimals}f}".partition(".")
    part = part.rstrip("0")
    if len(whole) > 4:  # plotly groups the thousands of five digits and more
        whole = fmt_int(int(whole))
    return _signed(whole + ("," + part if part else ""), value)


def _signed(text: str, value: float) -> str:
    return MINUS + text if value < 0 and text.strip("0,.") else text

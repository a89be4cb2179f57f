"""Chart builders: data frames in, plotly figures out; no Streamlit, so exports reuse them.

One colour per level everywhere. The old "trong sạch, vững mạnh" and the new "xuất sắc" share
a hue family but not a colour: they are different levels and must not look the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from xeploai.charts.plot import Plot
from xeploai.charts.text import wrap_label
from xeploai.domain.regimes import breaks_between
from xeploai.metrics.frames import keyed, records
from xeploai.texts import BREAK_TEXTS, LEVEL_LABELS, SUBJECT_LABELS, UI, fmt_int, fmt_pct

LEVEL_COLORS: dict[str, str] = {
    "TSVM": "#0b6e4f",
    "HTXSNV": "#2e9e5b",
    "HTTNV": "#3b78c2",
    "HTNV": "#e0a21b",
    "KHTNV": "#c8423b",
    "YK": "#8e1f1a",
}
SUBJECT_COLORS: dict[str, str] = {
    "base_orgs": "#3b78c2",
    "subordinate_cells": "#7b5ea7",
    "members": "#d9822b",
}
FONT = "Noto Sans, Arial, sans-serif"


# Room above the plot: a break's label takes a row of this many px; with none, a small gap.
BREAK_ROW = 20
TOP = 12
# Category labels (organizations, groups) wrap at this width (px at the charts' 14 px font);
# the axis then makes room for the widest line (``automargin``) whatever the chart's width.
LABEL_WIDTH = 190
FONT_SIZE = 14


def base_layout(fig: Plot, title: str, *, height: int = 400, bottom: int = 80) -> Plot:
    """Vietnamese number format (1.234,5), a finding as title, legible in both themes.

    Every axis makes room for its tick labels (``automargin``): the margins follow the labels
    drawn, not a guess. The title is kept with the figure until a renderer takes it out
    (``take_title``) to set it as text that wraps (a page, a slide, a report's caption).
    """
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        separators=",.",
        font={"family": FONT, "size": FONT_SIZE},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": bottom},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_xaxes(gridcolor="rgba(128,128,128,0.25)", automargin=True)
    fig.update_yaxes(gridcolor="rgba(128,128,128,0.25)", automargin=True)
    return fig


def take_title(fig: go.Figure | Plot | dict[str, Any]) -> str:
    """The figure's title, taken out of it: plotly cannot wrap a title, so a page or a report
    sets it as text above the chart, and the figure keeps only the room its breaks' labels
    need above the plot. ``fig`` is a figure or its plain dict (changed in place)."""
    if isinstance(fig, go.Figure):
        text = str(fig.layout.title.text or "")
        rows = sum(1 for a in fig.layout.annotations if str(a.name or "").startswith("break-"))
        fig.update_layout(title={"text": ""}, margin={"t": TOP + rows * BREAK_ROW})
    else:
        layout = fig.layout if isinstance(fig, Plot) else fig.setdefault("layout", {})
        title = layout.get("title")
        text = str((title.get("text") if isinstance(title, dict) else title) or "")
        rows = sum(
            1
            for a in layout.get("annotations", ())
            if str(a.get("name") or "").startswith("break-")
        )
        layout["title"] = {**(title if isinstance(title, dict) else {}), "text": ""}
        layout["margin"] = {**layout.get("margin", {}), "t": TOP + rows * BREAK_ROW}
    # a break the builder put in a long title: the page wraps the text itself
    return text.replace("<br>", " ")


def category_labels(
    labels: Sequence[str], width: float = LABEL_WIDTH, size: float = FONT_SIZE
) -> dict[str, object]:
    """Axis settings that draw each category label wrapped to ``width`` px; the data keep the
    labels whole (hover, the table under the chart, the tests)."""
    shown = list(dict.fromkeys(labels))
    return {
        "tickmode": "array",
        "tickvals": shown,
        "ticktext": [wrap_label(label, width, size) for label in shown],
    }


def levels_bar(data: pd.DataFrame, title: str) -> Plot:
    """Each subject as one 100% bar split by level, the best level on the left; ``data`` is
    ``metrics.analysis.level_shares`` of the year."""
    fig = Plot()
    present = set(data["subject"].tolist())
    order = [s for s in ("members", "subordinate_cells", "base_orgs") if s in present]
    # each level's share and count of each subject looked up (not selected and reindexed a
    # level: 1 ms each, six levels a chart)
    cells = keyed(data, ["level_code", "subject"], ["share", "n"])
    for code in dict.fromkeys(data.sort_values("level_rank")["level_code"]):
        found = [cells.get((code, s), (None, None)) for s in order]
        share = [None if v is None or pd.isna(v) else float(v) for v, _ in found]
        n = [k for _, k in found]
        fig.add_bar(
            name=LEVEL_LABELS[code],
            y=[SUBJECT_LABELS[s] for s in order],
            x=[math.nan if v is None else v for v in share],
            orientation="h",
            marker_color=LEVEL_COLORS[code],
            text=[fmt_pct(v) if v is not None and v >= 4 else "" for v in share],
            textposition="inside",
            insidetextanchor="middle",
            customdata=["" if k is None or pd.isna(k) else fmt_int(k) for k in n],
            hovertemplate="%{y} — " + LEVEL_LABELS[code] + ": %{customdata} (%{x:.2f}%)"
            "<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=None)
    return base_layout(fig, title, height=340)


def good_trend(
    measures: pd.DataFrame,
    title: str,
    *,
    measure: str = "good_or_better_pct",
    targets: pd.DataFrame | None = None,
) -> Plot:
    """A measure across years per subject, with the 2017/2018 scheme break drawn and explained."""
    fig = Plot()
    # a few dozen points, gathered in Python (three selections and sorts of the frame a chart)
    points: dict[str, list[tuple[int, float]]] = {}
    for year, subject, value in zip(
        measures["year"].tolist(),
        measures["subject"].tolist(),
        measures[measure].astype(float).tolist(),
        strict=True,
    ):
        points.setdefault(subject, []).append((year, value))
    for subject in ("base_orgs", "subordinate_cells", "members"):
        line = sorted(points.get(subject, []), key=lambda point: point[0])
        if not line:
            continue
        fig.add_scatter(
            name=SUBJECT_LABELS[subject],
            x=[year for year, _ in line],
            y=[value for _, value in line],
            mode="lines+markers",
            line={"color": SUBJECT_COLORS[subject], "width": 3},
            hovertemplate="%{x}: %{y:.2f}%<extra>" + SUBJECT_LABELS[subject] + "</extra>",
        )
    if targets is not None and not targets.empty:
        for t in records(targets):
            fig.add_scatter(
                name=f"{UI['target']} {SUBJECT_LABELS[t.subject].lower()} ({t.term})",
                x=[t.from_year - 0.4, t.to_year + 0.4],
                y=[t.target, t.target],
                mode="lines",
                line={"color": SUBJECT_COLORS[t.subject], "dash": "dot"},
                hovertemplate=f"{UI['target']} {t.term}: " + "%{y:.2f}%<extra></extra>",
            )
    add_breaks(fig, [int(y) for y in measures["year"]])
    fig.update_xaxes(dtick=1, title=None)
    fig.update_yaxes(ticksuffix="%", title=None)
    return base_layout(fig, title)


def add_breaks(fig: Plot, years: Sequence[int], *, size: int = 12) -> None:
    """Mark every break of comparability that falls inside the years shown: a dashed line, a
    short label above the plot (on its own row, reaching inwards, so it stays in the figure at
    any width) and, on hover, what the break means (``domain.regimes.BREAKS``)."""
    if not len(years):
        return
    low, high = min(years), max(years)
    for row, item in enumerate(breaks_between(low, high)):
        texts = BREAK_TEXTS[item.key]
        x = item.year - 0.5
        inwards = "left" if high == low or (x - low) / (high - low) < 0.5 else "right"
        fig.add_vline(x=x, line={"dash": "dash", "color": "gray"})
        fig.add_annotation(
            x=x,
            y=1.0,
            yref="paper",
            text=texts["short"],
            showarrow=False,
            xanchor=inwards,
            yanchor="bottom",
            yshift=2 + row * BREAK_ROW,
            font={"size": size},
            hovertext=f"{texts['label']}. {texts['note']}",
            name=f"break-{item.key}",
        )

"""Chart builders: data frames in, plotly figures out; no Streamlit, so exports reuse them.

One colour per level everywhere. The old "trong sạch, vững mạnh" and the new "xuất sắc" share
a hue family but not a colour: they are different levels and must not look the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from xeploai.charts.spec import F, Figure, Spec
from xeploai.domain.regimes import breaks_between
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


def base_layout(fig: F, title: str, *, height: int = 400, bottom: int = 80) -> F:
    """Vietnamese number format (1.234,5), a finding as title, legible in both themes."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        separators=",.",
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": bottom},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    fig.update_xaxes(gridcolor="rgba(128,128,128,0.25)")
    fig.update_yaxes(gridcolor="rgba(128,128,128,0.25)")
    return fig


def levels_bar(data: pd.DataFrame, title: str) -> Spec:
    """Each subject as one 100% bar split by level, the best level on the left; ``data`` is
    ``metrics.analysis.level_shares`` of the year."""
    fig = Spec()
    order = [s for s in ("members", "subordinate_cells", "base_orgs")
             if s in set(data["subject"])]
    for code in dict.fromkeys(data.sort_values("level_rank")["level_code"]):
        part = data[data["level_code"] == code].set_index("subject").reindex(order)
        fig.add_bar(
            name=LEVEL_LABELS[code],
            y=[SUBJECT_LABELS[s] for s in order],
            x=part["share"].astype(float).tolist(),
            orientation="h",
            marker_color=LEVEL_COLORS[code],
            text=[fmt_pct(v) if pd.notna(v) and v >= 4 else "" for v in part["share"]],
            textposition="inside",
            insidetextanchor="middle",
            customdata=[fmt_int(n) if pd.notna(n) else "" for n in part["n"]],
            hovertemplate="%{y} — " + LEVEL_LABELS[code] + ": %{customdata} (%{x:.2f}%)"
                          "<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(range=[0, 100], ticksuffix="%", title=None)
    return base_layout(fig, title, height=340)


def good_trend(measures: pd.DataFrame, title: str, *, measure: str = "good_or_better_pct",
               targets: pd.DataFrame | None = None) -> Spec:
    """A measure across years per subject, with the 2017/2018 scheme break drawn and explained."""
    fig = Spec()
    for subject in ("base_orgs", "subordinate_cells", "members"):
        part = measures[measures["subject"] == subject].sort_values("year")
        if part.empty:
            continue
        fig.add_scatter(
            name=SUBJECT_LABELS[subject],
            x=part["year"].tolist(),
            y=part[measure].astype(float).tolist(),
            mode="lines+markers",
            line={"color": SUBJECT_COLORS[subject], "width": 3},
            hovertemplate="%{x}: %{y:.2f}%<extra>" + SUBJECT_LABELS[subject] + "</extra>",
        )
    if targets is not None and not targets.empty:
        for t in targets.itertuples(index=False):
            fig.add_scatter(
                name=f"{UI['target']} {SUBJECT_LABELS[t.subject].lower()} ({t.term})",
                x=[t.from_year - 0.4, t.to_year + 0.4], y=[t.target, t.target],
                mode="lines", line={"color": SUBJECT_COLORS[t.subject], "dash": "dot"},
                hovertemplate=f"{UI['target']} {t.term}: " + "%{y:.2f}%<extra></extra>",
            )
    add_breaks(fig, [int(y) for y in measures["year"]])
    fig.update_xaxes(dtick=1, title=None)
    fig.update_yaxes(ticksuffix="%", title=None)
    return base_layout(fig, title)


def add_breaks(fig: Figure, years: Sequence[int]) -> None:
    """Mark every break of comparability that falls inside the years shown, with its label
    and, on hover, what it means (``domain.regimes.BREAKS``)."""
    if not len(years):
        return
    for item in breaks_between(min(years), max(years)):
        texts = BREAK_TEXTS[item.key]
        fig.add_vline(x=item.year - 0.5, line={"dash": "dash", "color": "gray"})
        fig.add_annotation(
            x=item.year - 0.5, y=1.0, yref="paper", text=texts["label"], showarrow=False,
            xanchor="left", yanchor="bottom", font={"size": 12}, hovertext=texts["note"])

"""Charts of the evaluation as it is worked: what appraisal changed, and remediation progress."""

from __future__ import annotations

from typing import cast

import pandas as pd

from xeploai.charts.base import FONT_SIZE, LEVEL_COLORS, base_layout, category_labels
from xeploai.charts.plot import Plot
from xeploai.charts.text import text_height
from xeploai.texts import ITEM_STATUS_LABELS, WORKFLOW, fmt_int, fmt_pct, sector_label

DOWN_COLOR = LEVEL_COLORS["KHTNV"]
UP_COLOR = LEVEL_COLORS["HTXSNV"]
SAME_COLOR = "#9aa5b1"
ITEM_COLORS = {
    "done": LEVEL_COLORS["HTXSNV"],
    "in_progress": LEVEL_COLORS["HTNV"],
    "not_started": "#9aa5b1",
}


def appraisal_years(by_year: pd.DataFrame, title: str) -> Plot:
    """Per year, the organizations whose self-assessment appraisal moved down, up, or kept
    (stacked), with the share moved down written on the bar."""
    fig = Plot()
    years = [int(y) for y in by_year["year"]]
    same = by_year["compared"] - by_year["down"] - by_year["up"]
    for name, values, color in (
        (WORKFLOW["kept"], same, SAME_COLOR),
        (WORKFLOW["moved_up"], by_year["up"], UP_COLOR),
        (WORKFLOW["moved_down"], by_year["down"], DOWN_COLOR),
    ):
        fig.add_bar(
            name=name,
            x=years,
            y=[int(v) for v in values],
            marker_color=color,
            hovertemplate="%{x}: %{y}<extra>" + name + "</extra>",
        )
    fig.add_scatter(
        x=years,
        y=[int(v) for v in by_year["compared"]],
        mode="text",
        text=[WORKFLOW["down_share"].format(pct=fmt_pct(float(p))) for p in by_year["down_pct"]],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(dtick=1, title=None)
    fig.update_yaxes(title=WORKFLOW["axis_orgs"])
    return base_layout(fig, title)


def appraisal_sectors(by_sector: pd.DataFrame, year: int, title: str) -> Plot:
    """Per sector, the share of self-assessments appraisal moved down (of those compared)."""
    rows = by_sector.sort_values("down_pct")
    labels = [sector_label(str(s), year) for s in rows["sector"]]
    fig = Plot()
    fig.add_bar(
        y=labels,
        x=[float(p) for p in rows["down_pct"]],
        orientation="h",
        marker_color=DOWN_COLOR,
        customdata=list(rows["sector"]),
        text=[
            WORKFLOW["of"].format(part=fmt_int(d), whole=fmt_int(c))
            for d, c in zip(rows["down"], rows["compared"], strict=True)
        ],
        textposition="auto",
        hovertemplate="%{y}: %{x:.2f}% (%{text})<extra></extra>",
    )
    fig.update_xaxes(ticksuffix="%", title=None)
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height=max(260, 60 + 36 * len(rows)))


def remediation_progress(progress: pd.DataFrame, title: str) -> Plot:
    """Per organization and plan, its items remedied, in progress and not started (stacked);
    an organization with an item overdue is marked."""
    rows = progress.sort_values(["done_pct", "org_name"], ascending=[False, True])
    labels = [
        (WORKFLOW["overdue_mark"] if o else "") + f"{n} ({y})"
        for n, y, o in zip(rows["org_name"], rows["plan_year"], rows["overdue"], strict=True)
    ]
    fig = Plot()
    for state in ("done", "in_progress", "not_started"):
        fig.add_bar(
            name=ITEM_STATUS_LABELS[state],
            y=labels,
            x=[int(v) for v in rows[state]],
            orientation="h",
            marker_color=ITEM_COLORS[state],
            customdata=list(rows["org_code"]),
            hovertemplate="%{y}: %{x}<extra>" + ITEM_STATUS_LABELS[state] + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=WORKFLOW["axis_items"], dtick=1)
    # long names wrapped as on the other pages' category axes (a phone cut them at its edge),
    # each bar as tall as its label's lines
    ticks = category_labels(labels)
    shown = cast(list[str], ticks["ticktext"])
    lines = max((t.count("<br>") + 1 for t in shown), default=1)
    row = max(28.0, text_height(lines, FONT_SIZE) + 10)
    fig.update_yaxes(automargin=True, autorange="reversed", **ticks)
    base_layout(fig, title, height=max(280, int(120 + row * len(rows))))
    # the x axis has a title under its numbers: the legend above the bars, not over the title
    fig.update_layout(legend={"y": 1.0, "yanchor": "bottom"})
    return fig

"""Chart builders of the analysis pages: frames from ``xeploai.metrics.analysis`` in, plotly
figures out.

Same conventions as ``charts``: one colour per level, Vietnamese separators, the 2017/2018
break marked on every chart across years, a title that states the finding (given by the
caller). Bars a user may click carry the code they stand for as ``customdata``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from xeploai.charts.base import (
    LEVEL_COLORS,
    SUBJECT_COLORS,
    add_breaks,
    base_layout,
    category_labels,
    good_trend,
)
from xeploai.charts.plot import Plot
from xeploai.domain.levels import MEMBER_LEVELS
from xeploai.metrics.analysis import comparable_groups
from xeploai.metrics.frames import keyed, records
from xeploai.texts import ANALYSIS, LEVEL_LABELS, SUBJECT_LABELS, fmt_int, fmt_pct

# Mid-tone colours readable on white and on Streamlit's dark background alike.
BELOW = "#d1495b"
ABOVE = "#2e9e5b"
NEUTRAL = "#3b78c2"
FADED = "rgba(128,128,128,0.45)"
ORG = "#d9822b"
ALL = "#3b78c2"
SECTOR = "#7b5ea7"


def _layout(fig: Plot, title: str, *, height: int = 380) -> Plot:
    return base_layout(fig, title, height=height)


def legend_below(fig: Plot) -> Plot:
    """The legend under the year labels, never over them, in the order the traces were added."""
    fig.update_layout(
        legend={"orientation": "h", "y": -0.1, "yanchor": "top", "x": 0, "traceorder": "normal"},
        margin={"b": 90},
    )
    return fig


def share_trend(
    measures: pd.DataFrame,
    title: str,
    *,
    measure: str = "good_or_better_pct",
    targets: pd.DataFrame | None = None,
) -> Plot:
    """``charts.good_trend`` (subjects across years, the break marked, target lines) with the
    legend clear of the year labels."""
    fig = good_trend(measures, title, measure=measure, targets=targets)
    fig.update_layout(height=420)
    return legend_below(fig)


def _years_axis(fig: Plot, years: Sequence[int]) -> None:
    fig.update_xaxes(dtick=1, title=None, tickformat="d")
    add_breaks(fig, years)


def distribution_bars(dist: pd.DataFrame, subject: str, title: str) -> Plot:
    """One subject's levels per year as 100% stacked bars, best level at the bottom.

    Read row by row (a few dozen rows): selecting and reindexing each level's rows in pandas
    cost 10–15 ms a chart, three charts on every rerun of the trends page."""
    part = dist.loc[dist["subject"] == subject, ["year", "level_code", "level_rank", "share", "n"]]
    rows = sorted(records(part), key=lambda r: (r.level_rank, r.year))
    years = sorted({int(r.year) for r in rows})
    by_level: dict[str, dict[int, Any]] = {}
    for r in rows:
        by_level.setdefault(str(r.level_code), {})[int(r.year)] = r
    fig = Plot()
    for code, at in by_level.items():
        found = [at.get(year) for year in years]
        fig.add_bar(
            name=LEVEL_LABELS[code],
            x=years,
            y=[float(r.share) if r is not None and pd.notna(r.share) else math.nan for r in found],
            marker_color=LEVEL_COLORS[code],
            customdata=[fmt_int(r.n) if r is not None and pd.notna(r.n) else "" for r in found],
            hovertemplate="%{x} — "
            + LEVEL_LABELS[code]
            + ": %{customdata} (%{y:.2f}%)<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 100], ticksuffix="%", title=None)
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=360))


def change_bars(yoy: pd.DataFrame, measure: str, title: str) -> Plot:
    """Year-over-year change of a share, in percentage points, one bar group per year."""
    col = measure.replace("_pct", "_change")
    fig = Plot()
    # each subject's change of a year looked up (not selected and reindexed a subject)
    changes = {
        (str(subject), int(year)): math.nan if pd.isna(value) else float(value)
        for (subject, year), (value,) in keyed(yoy, ["subject", "year"], [col]).items()
    }
    years = sorted({year for _, year in changes})
    for subject in ("base_orgs", "subordinate_cells", "members"):
        values = [changes.get((subject, year), math.nan) for year in years]
        if all(math.isnan(v) for v in values):
            continue
        fig.add_bar(
            name=SUBJECT_LABELS[subject],
            x=years,
            y=values,
            marker_color=SUBJECT_COLORS[subject],
            hovertemplate="%{x}: %{y:+.2f} "
            + ANALYSIS["pp"]
            + "<extra>"
            + SUBJECT_LABELS[subject]
            + "</extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title=ANALYSIS["pp"], zeroline=True, zerolinecolor="rgba(128,128,128,0.8)")
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=340))


def group_bars(
    frame: pd.DataFrame,
    *,
    code_col: str,
    labels: Mapping[str, str],
    value_col: str,
    title: str,
    selected: Sequence[str] | None = None,
    target: float | None = None,
    percent: bool = True,
    sizes: bool = False,
) -> Plot:
    """Horizontal bars of a share per group (sector, type, organization), highest on top.

    Clicking a bar selects its code (customdata). Chosen groups keep their colour, the others
    fade, so the chart that sets a filter still shows every group. ``sizes``: each group's
    label says how many organizations and members it has (``frame``'s ``orgs`` and
    ``members_evaluated``, a ``by_group`` frame), and a group too small to compare comes last,
    pale, whatever its share.
    """
    data = frame.assign(_small=~comparable_groups(frame) if sizes else False)
    data = data.sort_values(["_small", value_col], ascending=[False, True], na_position="first")
    codes = [str(c) for c in data[code_col]]
    chosen = set(selected or ())
    colors = [
        FADED if small or (chosen and c not in chosen) else NEUTRAL
        for c, small in zip(codes, data["_small"], strict=True)
    ]
    fig = Plot()
    names = [labels.get(c, c) for c in codes]
    if sizes:
        names = [
            ANALYSIS["group_small" if small else "group_sized"].format(
                name=name, orgs=fmt_int(orgs), members=fmt_int(members)
            )
            for name, small, orgs, members in zip(
                names, data["_small"], data["orgs"], data["members_evaluated"], strict=True
            )
        ]
    fig.add_bar(
        x=data[value_col].astype(float).tolist(),
        y=names,
        orientation="h",
        marker_color=colors,
        customdata=codes,
        text=[
            ("" if pd.isna(v) else fmt_pct(v) if percent else fmt_int(v)) for v in data[value_col]
        ],
        textposition="auto",
        textangle=0,
        insidetextanchor="end",
        hovertemplate="%{y}: " + ("%{x:.2f}%" if percent else "%{x:,d}") + "<extra></extra>",
        name="",
    )
    if target is not None:
        fig.add_vline(x=target, line={"dash": "dot", "color": BELOW})
    fig.update_xaxes(
        ticksuffix="%" if percent else "", title=None, tickformat=None if percent else ",d"
    )
    fig.update_yaxes(title=None, **category_labels(names))
    fig.update_layout(showlegend=False, clickmode="event+select")
    return _layout(fig, title, height=max(260, 60 + 40 * len(codes)))


# How many organizations the gap's chart shows, those pulling hardest.
CONTRIBUTION_TOP = 15


def contribution_bars(contrib: pd.DataFrame, title: str, *, top: int = CONTRIBUTION_TOP) -> Plot:
    """Each organization's part of the gap (points of %), those pulling hardest first."""
    data = contrib.head(top).iloc[::-1]
    fig = Plot()
    fig.add_bar(
        x=data["pull_pp"].astype(float).tolist(),
        y=data["org_name"].tolist(),
        orientation="h",
        customdata=data["org_code"].tolist(),
        marker_color=[BELOW if v < 0 else ABOVE for v in data["pull_pp"]],
        text=[f"{v:+.2f}".replace(".", ",") for v in data["pull_pp"]],
        textposition="auto",
        textangle=0,
        hovertemplate="%{y}: %{x:+.2f} " + ANALYSIS["pp"] + "<extra></extra>",
        name="",
    )
    # the axis's unit is said above the chart (``pull_axis``): a title under the axis does not
    # wrap, and is wider than the plot on a phone
    fig.update_xaxes(title=None, zeroline=True, zerolinecolor="rgba(128,128,128,0.8)")
    fig.update_yaxes(title=None, **category_labels(data["org_name"].tolist()))
    fig.update_layout(showlegend=False, clickmode="event+select")
    return _layout(fig, title, height=max(280, 80 + 40 * len(data)))


def exemption_trend_chart(trend: pd.DataFrame, title: str) -> Plot:
    """Exempted members each year (bars) and their share of all members (line, right axis)."""
    years = [int(y) for y in trend["year"]]
    fig = Plot()
    fig.add_bar(
        name=ANALYSIS["exempt_count"],
        x=years,
        y=trend["exempt"].tolist(),
        marker_color=NEUTRAL,
        hovertemplate="%{x}: %{y:,d}<extra></extra>",
    )
    fig.add_scatter(
        name=ANALYSIS["exempt_share"],
        x=years,
        y=trend["exempt_pct"].astype(float).tolist(),
        yaxis="y2",
        mode="lines+markers",
        line={"color": ORG, "width": 3},
        hovertemplate="%{x}: %{y:.2f}%<extra></extra>",
    )
    fig.update_layout(
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "ticksuffix": "%",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",
            "tickformat": ".0f",
        }
    )
    # the count's axis, not the share's (``yaxis2``)
    fig.update_layout(yaxis={"title": None, "rangemode": "tozero", "tickformat": ",d"})
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=400))


def denominator_chart(effect: pd.DataFrame, title: str) -> Plot:
    """Good-or-better share over those evaluated (the rule) and over evaluated + exempted."""
    years = [int(y) for y in effect["year"]]
    fig = Plot()
    fig.add_scatter(
        name=ANALYSIS["share_official"],
        x=years,
        y=effect["good_pct"].astype(float).tolist(),
        mode="lines+markers",
        line={"color": NEUTRAL, "width": 3},
        hovertemplate="%{x}: %{y:.2f}%<extra></extra>",
    )
    fig.add_scatter(
        name=ANALYSIS["share_with_exempt"],
        x=years,
        y=effect["good_pct_with_exempt"].astype(float).tolist(),
        mode="lines+markers",
        line={"color": ORG, "width": 3, "dash": "dash"},
        hovertemplate="%{x}: %{y:.2f}%<extra></extra>",
    )
    fig.update_yaxes(ticksuffix="%", title=None)
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=400))


def org_level_timeline(history: pd.DataFrame, title: str) -> Plot:
    """One organization's level each year: rank on the vertical axis, best on top."""
    rated = history[history["org_level"].notna()]
    years = [int(y) for y in history["year"]]
    fig = Plot()
    fig.add_scatter(
        x=[int(y) for y in rated["year"]],
        y=rated["org_rank"].astype(int).tolist(),
        # no text beside each point: ten level codes side by side overlap on a phone; the axis
        # names the levels, the colour and the hover tell each point's
        mode="lines+markers",
        line={"color": "rgba(128,128,128,0.6)"},
        marker={"size": 16, "color": [LEVEL_COLORS[c] for c in rated["org_level"]]},
        customdata=[LEVEL_LABELS[c] for c in rated["org_level"]],
        hovertemplate="%{x}: %{customdata}<extra></extra>",
        name="",
    )
    fig.update_yaxes(
        range=[4.5, 0.2],
        tickvals=[1, 2, 3, 4],
        ticktext=[ANALYSIS[f"rank_{i}"] for i in (1, 2, 3, 4)],
        title=None,
    )
    fig.update_layout(showlegend=False)
    _years_axis(fig, years)
    return _layout(fig, title, height=300)


def members_level_bars(long: pd.DataFrame, title: str) -> Plot:
    """An organization's evaluated members per level and year (counts, stacked)."""
    years = sorted(int(y) for y in long["year"].unique())
    # each level's count and share by year, looked up (a level's rows selected and reindexed by
    # year took 0,8 ms a level, 3,3 ms a chart)
    cells = keyed(long, ["level_code", "year"], ["n", "share"])
    fig = Plot()
    for code in MEMBER_LEVELS:
        found = [cells.get((code, year), (None, None)) for year in years]
        fig.add_bar(
            name=LEVEL_LABELS[code],
            x=years,
            y=[int(n) if pd.notna(n) else 0 for n, _ in found],
            marker_color=LEVEL_COLORS[code],
            customdata=[fmt_pct(share) if pd.notna(share) else "" for _, share in found],
            hovertemplate="%{x} — "
            + LEVEL_LABELS[code]
            + ": %{y:,d} (%{customdata})<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=None, tickformat=",d")
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=340))


def comparison_lines(
    comp: pd.DataFrame, measure: str, names: Mapping[str, str], title: str
) -> Plot:
    """An organization's share against the average base organization, overall and in its
    sector."""
    part = comp[comp["measure"] == measure].sort_values("year")
    years = [int(y) for y in part["year"]]
    fig = Plot()
    for col, color, dash in (
        ("org", ORG, None),
        ("all_avg", ALL, "dash"),
        ("sector_avg", SECTOR, "dot"),
    ):
        fig.add_scatter(
            name=names[col],
            x=years,
            y=part[col].astype(float).tolist(),
            mode="lines+markers",
            line={"color": color, "width": 3, "dash": dash},
            hovertemplate="%{x}: %{y:.2f}%<extra>" + names[col] + "</extra>",
        )
    fig.update_yaxes(ticksuffix="%", title=None)
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=400))


# A qualitative palette readable on light and dark backgrounds, one colour per group.
GROUP_COLORS = (
    "#3b78c2",
    "#d9822b",
    "#2e9e5b",
    "#c8423b",
    "#7b5ea7",
    "#8c6d31",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
)


def group_lines(groups: pd.DataFrame, labels: Mapping[str, str], title: str) -> Plot:
    """Members' good-or-better share per group (sector or type) across the years."""
    fig = Plot()
    # a few dozen points, gathered in Python (a selection and a sort of the frame a line)
    lines: dict[Any, list[tuple[int, float]]] = {}
    for year, code, value in zip(
        groups["year"].tolist(),
        groups["group"].tolist(),
        groups["members_good_pct"].astype(float).tolist(),
        strict=True,
    ):
        lines.setdefault(code, []).append((int(year), value))
    years = sorted({year for line in lines.values() for year, _ in line})
    for i, code in enumerate(sorted(lines, key=lambda c: labels.get(c, c))):
        line = sorted(lines[code], key=lambda point: point[0])
        fig.add_scatter(
            name=labels.get(code, code),
            x=[year for year, _ in line],
            y=[value for _, value in line],
            mode="lines+markers",
            line={"color": GROUP_COLORS[i % len(GROUP_COLORS)], "width": 2},
            hovertemplate="%{x}: %{y:.2f}%<extra>" + labels.get(code, code) + "</extra>",
        )
    fig.update_yaxes(ticksuffix="%", title=None)
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=400))


def score_band_bars(bands: pd.DataFrame, labels: Mapping[int, str], title: str) -> Plot:
    """Organizations by score band each year (Quy định 366), in the colours of the level each
    band allows; the count above the band (rated higher than its score allows) marked."""
    fig = Plot()
    years = sorted(int(y) for y in bands["year"].unique())
    colors = {
        1: LEVEL_COLORS["HTXSNV"],
        2: LEVEL_COLORS["HTTNV"],
        3: LEVEL_COLORS["HTNV"],
        4: LEVEL_COLORS["KHTNV"],
    }
    # each band's year looked up (not selected and reindexed a band)
    cells = keyed(bands, ["band", "year"], ["n", "above_band"])
    for band in (1, 2, 3, 4):
        found = [cells.get((band, year), (None, None)) for year in years]
        fig.add_bar(
            name=labels[band],
            x=years,
            y=[0 if n is None or pd.isna(n) else int(n) for n, _ in found],
            marker_color=colors[band],
            customdata=["0" if a is None or pd.isna(a) else fmt_int(a) for _, a in found],
            hovertemplate="%{x} — "
            + labels[band]
            + ": %{y}"
            + "<extra>"
            + ANALYSIS["score_above_band_hover"]
            + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title=None)
    _years_axis(fig, years)
    return legend_below(_layout(fig, title, height=340))

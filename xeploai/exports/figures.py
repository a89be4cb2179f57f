"""The slides' charts as plotly figures of a known size: the presentation page, the HTML file
and the Word report's images draw them.

A slide's chart has a fixed box (the stage is 1280×720, a report image 900 px wide), so its
whole layout is computed here from the words it must show, before plotly draws it: category
labels wrapped to a share of the width and the left margin made as wide as their widest line,
the value labels given room past the longest bar or above the highest column, the values at
the end of the lines moved apart so they never overlap, the legend's rows counted into the
bottom margin. Every axis keeps plotly's ``automargin`` as well, so an estimate that falls
short still grows the margin rather than cutting a label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xeploai.charts.base import (
    BREAK_ROW,
    FONT,
    add_breaks,
    base_layout,
    good_trend,
    levels_bar,
    take_title,
)
from xeploai.charts.plot import Plot
from xeploai.charts.room import EDGE_GAP, tick_texts
from xeploai.charts.text import LINE_HEIGHT, spread, text_width, wrap
from xeploai.domain.plain import plain_figure
from xeploai.domain.regimes import breaks_between
from xeploai.exports.story import Chart, YearData, build_slides
from xeploai.metrics.analysis import level_shares
from xeploai.texts import UI, fmt_int, fmt_pct

PAD = 8  # px between a label and what it labels
LEGEND_ITEM = 45  # px of a legend entry besides its text's width: the symbol and the gaps
LABEL_SHARE = 0.36  # at most this share of the width for the category labels of a bar chart


@dataclass(frozen=True)
class Box:
    """Where a chart is drawn and at what size of type."""

    width: int
    height: int
    font: int = 16
    fixed: bool = True  # False: the width only guides the layout, the figure fills its place


def _fmt(chart: Chart, value: float | None) -> str:
    return (fmt_pct if chart.number == "pct" else fmt_int)(value)


def _legend(fig: Plot, names: Sequence[str], box: Box) -> float:
    """A legend at the foot of the figure, its entries in columns of one width (so the rows
    it takes are known before plotly draws it); returns its height."""
    entry = max((text_width(n, box.font) for n in names), default=0) + 2.6 * box.font + 12
    # plotly puts each entry's symbol and gaps (LEGEND_ITEM px) before its width, and a row
    # takes about 1,5 lines of type (measured: 23,8 px at 16 px, and 10 px around the rows)
    columns = max(1, int((box.width * 0.9) // (entry + LEGEND_ITEM)))
    rows = math.ceil(len(names) / columns)
    height = rows * box.font * 1.5 + 11
    fig.update_layout(
        showlegend=True,
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": 0,
            "yanchor": "bottom",
            "xref": "container",
            "yref": "container",
            "traceorder": "normal",
            "font": {"size": box.font},
            "entrywidth": entry,
            "entrywidthmode": "pixels",
        },
    )
    return height


def _tick_room(box: Box) -> float:
    """The room under the plot for the x axis's labels: a line of type and plotly's gaps
    around it (measured: 34 px at 16 px; a line and ``PAD`` alone left it 5 px short, and
    plotly laid every slide's chart out again to make it)."""
    return box.font * LINE_HEIGHT + PAD + 6


def _category_lines(labels: Sequence[str], box: Box, rows_height: float) -> tuple[list[str], float]:
    """The category labels wrapped to at most the label share of the width and to the lines a
    row has room for (a longer name ends in "…": the table beside the chart has it whole);
    returns them and the width of the widest line."""
    budget = box.width * LABEL_SHARE
    room = max(1, int(rows_height * 0.95 // (box.font * LINE_HEIGHT)))
    out: list[str] = []
    widest = 0.0
    for label in labels:
        lines = wrap(label, budget, box.font)
        if len(lines) > room:
            lines = lines[:room]
            lines[-1] = lines[-1].rstrip(" ,;:") + "…"
        widest = max([widest, *(text_width(line, box.font) for line in lines)])
        out.append("<br>".join(lines))
    return out, widest


def _bars(fig: Plot, chart: Chart, box: Box) -> None:
    """Horizontal bars (one bar each, clustered, or split into 100%)."""
    categories = list(chart.categories)
    stacked = chart.kind == "bar_100"
    legend = len(chart.series) > 1 or stacked
    bottom = _tick_room(box) + (_legend(fig, [s.name for s in chart.series], box) if legend else 0)
    top = PAD
    rows_height = (box.height - top - bottom) / max(len(categories), 1)
    shown, widest = _category_lines(categories, box, rows_height)
    left = widest + 2 * PAD
    right: float = 2 * PAD
    plot = box.width - left - right
    values = [v for s in chart.series for v in s.values if v is not None]
    top_value = max(values, default=0) or 1
    value_label = max((text_width(_fmt(chart, v), box.font - 1) for v in values), default=0)

    def axis_end(plot: float) -> float:
        """Where the x axis ends: room past the longest bar for its value."""
        return top_value * plot / max(plot - value_label - 2 * PAD, plot * 0.5)

    # the x axis's last tick label is centred on its tick: when the tick stands near the
    # plot's right edge, part of the label lies past it (left to plotly's automargin, a chart
    # of 2022 was laid out 18 times over: the room it made moved the ticks, which moved the
    # room); the ticks found as plotly finds them (``room.tick_texts``)
    end = 100.0 if stacked else axis_end(plot)
    share = stacked or chart.number == "pct"  # a 100% bar's axis is of shares
    ticks = tick_texts(
        (0.0, end), plot, "x", tickformat="" if share else ",d", suffix="%" if share else ""
    )
    last, text = ticks[-1]
    past = text_width(text, box.font) / 2 - (end - last) * plot / end
    right = max(right, past + EDGE_GAP)
    plot = box.width - left - right
    for s in chart.series:
        colors = [c or s.color for c in s.point_colors] if s.point_colors else s.color
        fig.add_bar(
            name=s.name,
            y=categories,
            x=list(s.values),
            orientation="h",
            marker_color=colors,
            cliponaxis=False,
            legendgroup=s.name,
            # a bar coloured point by point shows its series' own colour in the legend
            showlegend=not s.point_colors,
            hovertemplate="%{y} — " + s.name + ": %{text}<extra></extra>",
            text=[_fmt(chart, v) for v in s.values],
            textfont={"size": box.font - 1},
        )
        if s.point_colors and legend:
            # (a point, not a bar: a bar would take a place in each group)
            fig.add_scatter(
                name=s.name,
                y=[None],
                x=[None],
                mode="markers",
                marker={"symbol": "square", "size": box.font, "color": s.color},
                legendgroup=s.name,
                hoverinfo="skip",
            )
    if stacked:
        # a segment too narrow for its number shows none (the notes and the table have it)
        totals = [
            sum(v or 0 for v in values)
            for values in zip(*(s.values for s in chart.series), strict=True)
        ]
        for trace, s in zip(fig.data, chart.series, strict=False):
            trace["text"] = [
                _fmt(chart, v)
                if v and total and v / total * plot > text_width(_fmt(chart, v), box.font - 1) + PAD
                else ""
                for v, total in zip(s.values, totals, strict=True)
            ]
        fig.update_traces(
            textposition="inside", insidetextanchor="middle", selector={"type": "bar"}
        )
        fig.update_layout(barmode="stack", barnorm="percent")
        fig.update_xaxes(range=[0, 100], ticksuffix="%")
    else:
        fig.update_traces(textposition="outside", selector={"type": "bar"})
        fig.update_xaxes(
            range=[0, axis_end(plot)],
            ticksuffix="%" if chart.number == "pct" else "",
            tickformat=None if chart.number == "pct" else ",d",
        )
        if chart.kind == "clustered_bar":
            fig.update_layout(barmode="group")
    fig.update_yaxes(
        autorange="reversed",
        tickmode="array",
        tickvals=categories,
        ticktext=shown,
        ticks="outside",
        ticklen=PAD,
        tickcolor="rgba(0,0,0,0)",
    )
    # a bar no thicker than two lines of type, however few the categories
    bargap = max(0.3, 1 - 2.6 * box.font / max(rows_height, 1))
    fig.update_layout(margin={"l": left + PAD, "r": right, "t": top, "b": bottom}, bargap=bargap)


def _columns(fig: Plot, chart: Chart, box: Box) -> None:
    """Vertical bars over the years, each with its value above it."""
    categories = list(chart.categories)
    for s in chart.series:
        fig.add_bar(
            name=s.name,
            x=categories,
            y=list(s.values),
            marker_color=s.color,
            text=[_fmt(chart, v) for v in s.values],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": box.font - 1},
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    legend = len(chart.series) > 1
    bottom = _tick_room(box) + (_legend(fig, [s.name for s in chart.series], box) if legend else 0)
    top = PAD
    plot = box.height - top - bottom
    values = [v for s in chart.series for v in s.values if v is not None]
    top_value = max(values, default=0) or 1
    span = top_value * plot / max(plot - box.font * LINE_HEIGHT - PAD, plot * 0.5)
    widest = max((text_width(_fmt(chart, v), box.font) for v in values), default=0)
    fig.update_xaxes(type="category")
    fig.update_yaxes(
        range=[0, span],
        tickformat=",d" if chart.number == "count" else None,
        ticksuffix="%" if chart.number == "pct" else "",
    )
    fig.update_layout(
        margin={"l": widest + PAD, "r": PAD, "t": top, "b": bottom}, showlegend=legend
    )


def _lines(fig: Plot, chart: Chart, box: Box) -> None:
    """Lines over the years, each ending in its last value, the breaks marked above."""
    years = [int(c) for c in chart.categories]
    values = [v for s in chart.series for v in s.values if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 100.0)
    pad = max((high - low) * 0.15, 2.0)
    low, high = max(0.0, math.floor(low - pad)), min(100.0, math.ceil(high + pad))
    breaks = breaks_between(years[0], years[-1]) if years else ()
    row = max(BREAK_ROW, box.font * 1.5)
    top = PAD + row * len(breaks)
    legend = len(chart.series) > 1
    bottom = _tick_room(box) + (_legend(fig, [s.name for s in chart.series], box) if legend else 0)
    plot = box.height - top - bottom
    ends: list[tuple[str, float, str | None]] = []
    for s in chart.series:
        fig.add_scatter(
            name=s.name,
            x=years,
            y=list(s.values),
            mode="lines+markers",
            line={"color": s.color, "width": 4},
            marker={"size": 10},
            hovertemplate="%{x}: %{y:.2f}%<extra>" + s.name + "</extra>",
        )
        last = next((v for v in reversed(s.values) if v is not None), None)
        if last is not None:
            ends.append((_fmt(chart, last), float(last), s.color))
    # the values at the end of the lines, moved apart when close, inside the range
    gap = box.font * 1.35 * (high - low) / max(plot, 1)
    placed = spread([v for _, v, _ in ends], gap, low + gap / 2, high - gap / 2)
    for (text, _, color), y in zip(ends, placed, strict=True):
        fig.add_annotation(
            x=years[-1],
            y=y,
            text=text,
            showarrow=False,
            xanchor="left",
            xshift=PAD + 6,
            font={"size": box.font, "color": color or "#333333"},
            name="end-value",
        )
    right = max((text_width(t, box.font) for t, _, _ in ends), default=0) + 2 * PAD + 6
    add_breaks(fig, years, size=box.font - 2)
    for annotation in fig.layout.get("annotations", ()):  # the breaks' rows, at this size
        name = str(annotation.get("name") or "")
        if name.startswith("break-"):
            index = [b.key for b in breaks].index(name.removeprefix("break-"))
            annotation["yshift"] = 2 + index * row
    fig.update_xaxes(dtick=1, range=[years[0] - 0.3, years[-1] + 0.3] if years else None)
    fig.update_yaxes(range=[low, high], ticksuffix="%" if chart.number == "pct" else "")
    widest = text_width(f"{high:.0f}%", box.font)
    fig.update_layout(
        margin={"l": widest + EDGE_GAP, "r": right, "t": top, "b": bottom}, showlegend=legend
    )


def chart_spec(chart: Chart, box: Box) -> dict[str, Any]:
    """A slide's chart as the plain dict a page draws (without a figure object made of it:
    the presentation page draws seven of them a run)."""
    fig = Plot()
    base_layout(fig, chart.title, height=box.height)
    {"line": _lines, "column": _columns}.get(chart.kind, _bars)(fig, chart, box)
    fig.update_layout(font={"family": FONT, "size": box.font}, hovermode="closest")
    if box.fixed:
        fig.update_layout(width=box.width, autosize=False)
    if len(chart.series) == 1 and chart.kind != "bar_100":
        fig.update_layout(showlegend=False)
    return names_as_spec(fig)


def chart_plot(chart: Chart, box: Box) -> Plot:
    """A slide's chart laid out for ``box``, to lay out further (the report's images and the
    HTML file's charts); its title is the chart's, for the renderer to set as text above it
    (``charts.base.take_title``)."""
    return Plot.of(chart_spec(chart, box))


def names_as_spec(fig: Plot) -> dict[str, Any]:
    """The figure's dict with every drawn text escaped for plotly (a name is never markup,
    issue 15), but its title: that leaves the figure (``take_title``) and is escaped where it
    is drawn."""
    title = fig.layout.get("title", {}).get("text")
    spec = plain_figure(fig.to_dict())
    if title is not None:
        layout = spec.setdefault("layout", {})
        layout["title"] = {**layout.get("title", {}), "text": title}
    return spec


def names_as_text(fig: Plot) -> Plot:
    """``names_as_spec`` as a figure to lay out further (the written report's images and the
    HTML file's charts: plain dicts, which plotly.js draws as they are; a ``go.Figure`` of each
    checked the whole default template, 0,1 s a chart, and the images' renderer did it again)."""
    return Plot.of(names_as_spec(fig))


@dataclass(frozen=True)
class Figure:
    """A chart of the written reports: its title (a caption, a heading) and the figure."""

    title: str
    figure: Plot


def report_figures(data: YearData, box: Box) -> dict[str, Figure]:
    """The charts of the written report and the HTML file, by slide key, laid out for ``box``.

    The levels and the trend are the app's own charts (the trend with the congress targets and
    the scheme break); the others are the slides' charts. None keeps a title inside: the report
    sets it as a caption, the HTML file as a heading.
    """
    slides = {s.key: s for s in build_slides(data)}
    levels = levels_bar(
        level_shares(data.figs.levels, data.year), UI["levels_heading"].format(year=data.year)
    )
    levels.update_layout(font={"size": box.font})
    targets = data.targets
    if not targets.empty:
        targets = targets[targets["measure"] == "good_or_better_pct"]
    trend_chart = slides["trend"].chart
    trend = good_trend(
        data.figs.measures, trend_chart.title if trend_chart else "", targets=targets
    )
    trend.update_layout(height=box.height, legend={"y": -0.12})
    out: dict[str, Plot] = {"levels": names_as_text(levels), "trend": names_as_text(trend)}
    for key in ("overview", "appraisal", "targets", "below_par", "exemptions"):
        slide = slides.get(key)
        if slide is not None and slide.chart is not None:
            out[key] = chart_plot(slide.chart, box)
    figures: dict[str, Figure] = {}
    for key, fig in out.items():
        fig.update_layout(font={"size": box.font})
        if box.fixed:
            fig.update_layout(width=box.width, autosize=False)
        figures[key] = Figure(take_title(fig), fig)
    return figures


__all__ = ["Box", "Figure", "chart_plot", "chart_spec", "report_figures"]

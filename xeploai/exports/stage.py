"""The slides as the presentation page shows them: a 1280×720 stage, laid out here, in Python.

Each slide is drawn at one fixed size and scaled, whole, to the window (a 1280×720 projector,
a laptop, a 4K screen): what fits on the stage fits everywhere, and nothing is laid out again
by the browser at another width. So this module decides where everything goes — the title at
the largest size that takes at most two lines, the big figures, the chart's box and the
bullets or table beside it at a size that fits their box, the footnote — from the measured
width of the words (``charts.text``). The text is HTML (no Streamlit here); the chart is a
plotly figure laid out for its box (``figures.chart_spec``) that the page places over it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from xeploai.charts.base import take_title
from xeploai.charts.text import LINE_HEIGHT, fit_size, text_width, wrap
from xeploai.exports.figures import Box, chart_spec
from xeploai.exports.story import Kpi, Slide, Table
from xeploai.texts import EXPORT, PRESENT

WIDTH, HEIGHT = 1280, 720
SIDE = 56  # left and right margins
TOP = 34  # under the red band
BAND = 10
GAP = 18
FOOT = 30  # the bottom line: the demo notice and the slide's number
TITLE_SIZES = (38, 34, 30, 27, 24)
BODY_SIZES = (26, 24, 22, 20, 18, 17, 16, 15)
NOTE_SIZE = 15
KPI_HEIGHT = 138
CHART_TITLE = 19


@dataclass(frozen=True)
class Rect:
    left: float
    top: float
    width: float
    height: float

    def style(self) -> str:
        return (
            f"left:{self.left:.0f}px;top:{self.top:.0f}px;"
            f"width:{self.width:.0f}px;height:{self.height:.0f}px"
        )


@dataclass(frozen=True)
class StageSlide:
    """One slide of the stage: its text as HTML (1280×720), and its chart with the box the
    chart is placed in (None: a slide of text)."""

    key: str
    number: int  # from 1
    title: str
    html: str
    # the figure as its plain dict (made once; a cached screen keeps it without validating a
    # ``go.Figure`` again on every rerun)
    chart: dict[str, Any] | None = None
    chart_box: Rect | None = None
    notes: str = ""


def _lines(text: str, width: float, size: float, *, bold: bool = False) -> int:
    return len(wrap(text, width, size, bold=bold))


def _largest(text: str, width: float, sizes: tuple[int, ...], *, lines: int) -> int:
    """The largest bold size at which ``text`` takes at most ``lines`` lines."""
    return next((s for s in sizes if _lines(text, width, s, bold=True) <= lines), sizes[-1])


def _title(text: str, top: float) -> tuple[str, float]:
    width = WIDTH - 2 * SIDE
    size = _largest(text, width, TITLE_SIZES, lines=2)
    height = _lines(text, width, size, bold=True) * size * 1.2
    html = (
        f'<div class="xl-title" style="left:{SIDE}px;top:{top}px;width:{width}px;'
        f'font-size:{size}px">{escape(text)}</div>'
    )
    return html, height


def _kpis(kpis: tuple[Kpi, ...], top: float) -> str:
    gap = 16
    width = (WIDTH - 2 * SIDE - gap * (len(kpis) - 1)) / len(kpis)
    inner = width - 24
    label = fit_size(
        [k.label for k in kpis], inner, 2 * 18 * LINE_HEIGHT, (18, 17, 16, 15), bold=True
    )
    note = fit_size(
        [k.note for k in kpis if k.note] or [""], inner, 2 * 14 * LINE_HEIGHT, (14, 13, 12)
    )
    value = fit_size([k.value for k in kpis], inner, 46 * LINE_HEIGHT, (42, 38, 34, 30), bold=True)
    cards = "".join(
        f'<div class="xl-kpi" style="left:{SIDE + i * (width + gap):.0f}px;top:{top:.0f}px;'
        f'width:{width:.0f}px;height:{KPI_HEIGHT}px">'
        f'<div class="v" style="font-size:{value}px">{escape(k.value)}</div>'
        f'<div class="l" style="font-size:{label}px">{escape(k.label)}</div>'
        f'<div class="n" style="font-size:{note}px">{escape(k.note)}</div></div>'
        for i, k in enumerate(kpis)
    )
    return cards


def _bullets(bullets: tuple[str, ...], box: Rect) -> str:
    indent = 28
    size = fit_size(bullets, box.width - indent, box.height, BODY_SIZES, gap=0.45)
    items = "".join(f"<li>{escape(b)}</li>" for b in bullets)
    return f'<ul class="xl-bullets" style="{box.style()};font-size:{size}px">{items}</ul>'


def _table(table: Table, box: Rect) -> str:
    """A short table at the largest size that fits its box: the number columns as wide as
    their widest cell (their header wraps, to at most three lines), the first column the rest."""
    pad = 12

    def layout(size: float) -> tuple[list[float], float]:
        numbers = []
        for j in range(1, len(table.columns)):
            cells = max((text_width(row[j], size) for row in table.rows), default=0)
            words = max(
                (text_width(w, size, bold=True) for w in table.columns[j].split()), default=0
            )
            header = text_width(table.columns[j], size, bold=True) / 3
            numbers.append(max(cells, words, header) + pad)
        first = box.width - sum(numbers)
        widths = [first, *numbers]
        total = 0.0
        for k, row in enumerate([table.columns, *table.rows]):
            lines = max(
                _lines(cell, widths[j] - pad, size, bold=k == 0) for j, cell in enumerate(row)
            )
            total += lines * size * LINE_HEIGHT + pad
        return widths, total if first > box.width * 0.3 else float("inf")

    size = next((s for s in BODY_SIZES if s <= 22 and layout(s)[1] <= box.height), BODY_SIZES[-1])
    widths, _ = layout(size)
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in table.rows
    )
    cols = "".join(f'<col style="width:{w:.0f}px">' for w in widths)
    return (
        f'<table class="xl-table" style="left:{box.left:.0f}px;top:{box.top:.0f}px;'
        f'width:{box.width:.0f}px;font-size:{size}px">'
        f"<colgroup>{cols}</colgroup><tr>{head}</tr>{rows}</table>"
    )


def _footer(slide: Slide, number: int, total: int, is_demo: bool) -> tuple[str, float]:
    """The footnote over the bottom line (the demo notice, the slide's number); its top."""
    width = WIDTH - 2 * SIDE
    bottom = HEIGHT - FOOT
    parts = []
    top: float = bottom
    if slide.footnote:
        lines = _lines(slide.footnote, width, NOTE_SIZE)
        top = bottom - lines * NOTE_SIZE * LINE_HEIGHT - 4
        parts.append(
            f'<div class="xl-foot" style="left:{SIDE}px;top:{top:.0f}px;'
            f'width:{width}px;font-size:{NOTE_SIZE}px">{escape(slide.footnote)}</div>'
        )
    if is_demo:
        parts.append(f'<div class="xl-demo">{escape(PRESENT["demo_mark"])}</div>')
    parts.append(f'<div class="xl-num">{PRESENT["count"].format(n=number, total=total)}</div>')
    return "".join(parts), top


def _cover(slide: Slide, number: int, total: int, is_demo: bool) -> StageSlide:
    width = WIDTH - 2 * 120
    size = _largest(slide.title, width, (52, 48, 44, 40), lines=3)
    demo = (
        f'<div class="xl-kicker xl-demo-line">{escape(EXPORT["demo_note"])}</div>'
        if is_demo
        else ""
    )
    kicker = "".join(f'<div class="xl-kicker">{escape(b)}</div>' for b in slide.bullets)
    html = (
        f'<div class="xl-slide xl-cover"><div class="xl-band"></div>'
        f'<div class="xl-cover-body" style="left:120px;width:{width}px">'
        f'<div class="xl-title" style="position:static;font-size:{size}px">'
        f"{escape(slide.title)}</div>"
        f'<div class="xl-sub">{escape(slide.subtitle)}</div>{kicker}{demo}</div>'
        f'<div class="xl-num">{PRESENT["count"].format(n=number, total=total)}</div></div>'
    )
    return StageSlide(slide.key, number, slide.title, html, notes=slide.notes)


def stage_slide(slide: Slide, number: int, total: int, *, is_demo: bool = False) -> StageSlide:
    """One slide laid out on the 1280×720 stage."""
    if slide.key == "title":
        return _cover(slide, number, total, is_demo)
    parts = ['<div class="xl-band"></div>']
    title, height = _title(slide.title, TOP)
    parts.append(title)
    top = TOP + height + GAP
    if slide.kpis:
        parts.append(_kpis(slide.kpis, top))
        top += KPI_HEIGHT + GAP
    footer, footer_top = _footer(slide, number, total, is_demo)
    body = Rect(SIDE, top, WIDTH - 2 * SIDE, footer_top - GAP / 2 - top)
    side = slide.bullets or slide.table is not None
    chart_rect = side_rect = None
    if slide.chart is not None and side:
        chart_width = body.width * 0.6
        chart_rect = Rect(body.left, body.top, chart_width, body.height)
        side_rect = Rect(
            body.left + chart_width + 36, body.top, body.width - chart_width - 36, body.height
        )
    elif slide.chart is not None:
        chart_rect = body
    else:
        side_rect = body
    if side_rect is not None:
        parts.append(
            _table(slide.table, side_rect)
            if slide.table is not None
            else _bullets(slide.bullets, side_rect)
        )
    figure = box = None
    if slide.chart is not None and chart_rect is not None:
        lines = _lines(slide.chart.title, chart_rect.width, CHART_TITLE, bold=True)
        title_height = lines * CHART_TITLE * LINE_HEIGHT + 6
        parts.append(
            f'<div class="xl-ctitle" style="left:{chart_rect.left:.0f}px;'
            f"top:{chart_rect.top:.0f}px;width:{chart_rect.width:.0f}px;"
            f'font-size:{CHART_TITLE}px">{escape(slide.chart.title)}</div>'
        )
        box = Rect(
            chart_rect.left,
            chart_rect.top + title_height,
            chart_rect.width,
            chart_rect.height - title_height,
        )
        figure = chart_spec(slide.chart, Box(int(box.width), int(box.height), font=16))
        take_title(figure)
    parts.append(footer)
    html = f'<div class="xl-slide">{"".join(parts)}</div>'
    return StageSlide(
        slide.key,
        number,
        slide.title,
        html,
        figure,
        box,
        slide.notes,
    )


def stage_slides(slides: list[Slide], *, is_demo: bool = False) -> list[StageSlide]:
    return [stage_slide(s, i, len(slides), is_demo=is_demo) for i, s in enumerate(slides, 1)]


# The stage's type and boxes. Sizes are px of the 1280×720 stage (the page scales the whole).
STAGE_CSS = """
.xl-slide { position: absolute; left: 0; top: 0; width: 1280px; height: 720px;
  overflow: hidden; background: #ffffff; color: #111111; box-sizing: border-box;
  font-family: "Noto Sans", "Source Sans 3", "Source Sans Pro", Arial, sans-serif;
  line-height: 1.3; }
.xl-slide * { box-sizing: border-box; }
.xl-band { position: absolute; left: 0; top: 0; width: 1280px; height: 10px;
  background: #b71c1c; }
.xl-title { position: absolute; font-weight: 800; line-height: 1.2; color: #111111;
  margin: 0; }
.xl-kpi { position: absolute; background: #f1f2f4; padding: 10px 12px; overflow: hidden; }
.xl-kpi .v { font-weight: 800; color: #b71c1c; line-height: 1.15; white-space: nowrap; }
.xl-kpi .l { font-weight: 700; line-height: 1.3; }
.xl-kpi .n { color: #333333; line-height: 1.3; }
.xl-ctitle { position: absolute; font-weight: 700; line-height: 1.3; }
.xl-bullets { position: absolute; margin: 0; padding: 0 0 0 28px; line-height: 1.3; }
.xl-bullets li { margin: 0 0 .45em 0; }
.xl-table { position: absolute; border-collapse: collapse; table-layout: fixed;
  line-height: 1.3; }
.xl-table th, .xl-table td { border-bottom: 2px solid #cccccc; padding: 4px 5px;
  text-align: right; vertical-align: top; }
.xl-table th:first-child, .xl-table td:first-child { text-align: left; }
.xl-foot { position: absolute; color: #333333; line-height: 1.3; }
.xl-demo { position: absolute; left: 56px; top: 694px; font-size: 13px; color: #8a5a00;
  font-weight: 700; }
.xl-num { position: absolute; right: 56px; top: 694px; font-size: 13px; color: #555555; }
.xl-cover-body { position: absolute; top: 150px; text-align: center; }
.xl-sub { font-size: 34px; font-weight: 700; color: #b71c1c; margin-top: 26px; }
.xl-kicker { font-size: 24px; color: #333333; margin-top: 22px; }
.xl-demo-line { color: #8a5a00; font-weight: 700; font-size: 20px; }
"""

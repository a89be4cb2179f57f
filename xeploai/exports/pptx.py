"""The conference deck: 16:9, one slide per ``story`` slide, native PowerPoint charts.

Charts are chart objects with their data embedded (CategoryChartData), not pictures, so the
presenter can restyle them in PowerPoint and the figures stay inspectable. Each level keeps the
colour it has in the app (``charts.LEVEL_COLORS``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt
from xlsxwriter import Workbook as XlsxWorkbook

from xeploai.domain.cells import XLSXWRITER_OPTIONS
from xeploai.exports.story import Chart, Kpi, Slide, Table, YearData, build_slides
from xeploai.texts import PRESENT, fmt_pct

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.65)
BODY_BOTTOM = Inches(6.85)
INK = RGBColor(0x1A, 0x24, 0x33)
MUTED = RGBColor(0x5F, 0x67, 0x73)
ACCENT = RGBColor(0xB7, 0x1C, 0x1C)  # the red of the party's documents, for rules and bands
CARD = RGBColor(0xF3, 0xF4, 0xF6)
DEMO = RGBColor(0x8A, 0x5A, 0x00)  # the demo's notice, as on the stage
# The plot area inside a line chart is placed by hand, so that the scheme break can be drawn at
# the right place (fractions of the chart frame).
PLOT = {"x": 0.08, "y": 0.14, "w": 0.88, "h": 0.6}

_CHART_TYPES = {
    "bar_100": XL_CHART_TYPE.BAR_STACKED_100,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "clustered_bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
# Vietnamese separators whatever the viewer's locale: a format's "," and "." are the locale's
# own, so the thousands point is a literal, by magnitude (counts are whole and not negative);
# a share's decimal comma cannot be a literal, so each share's label is its text (``_labels``).
COUNT_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
NUMBER_FORMATS = {"count": COUNT_FORMAT, "pct": '0"%"'}


def _rgb(hex_color: str | None) -> RGBColor | None:
    return RGBColor.from_string(hex_color.lstrip("#").upper()) if hex_color else None


def _text(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: list[str],
    *,
    size: int,
    bold: bool = False,
    color: RGBColor = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    bullets: bool = False,
) -> Any:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = ("• " if bullets else "") + line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
        if bullets:
            para.space_after = Pt(size * 0.6)
    return box


def _title(slide: Any, text: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = (
        MARGIN,
        Inches(0.3),
        WIDTH - 2 * MARGIN,
        Inches(1.15),
    )
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = text
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        run.font.size = Pt(28 if len(text) < 90 else 24)
        run.font.bold = True
        run.font.color.rgb = INK
    rule = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.48), Inches(1.2), Inches(0.06)
    )
    rule.fill.solid()
    rule.fill.fore_color.rgb = ACCENT
    rule.line.fill.background()


def _kpis(slide: Any, kpis: tuple[Kpi, ...], top: int, height: int) -> None:
    gap = Inches(0.2)
    width = int((WIDTH - 2 * MARGIN - gap * (len(kpis) - 1)) / len(kpis))
    for i, kpi in enumerate(kpis):
        left = MARGIN + i * (width + gap)
        card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, height)
        card.fill.solid()
        card.fill.fore_color.rgb = CARD
        card.line.fill.background()
        _text(
            slide,
            left + Inches(0.1),
            top + Inches(0.05),
            width - Inches(0.2),
            Inches(0.7),
            [kpi.value],
            size=34,
            bold=True,
            color=ACCENT,
        )
        _text(
            slide,
            left + Inches(0.1),
            top + Inches(0.72),
            width - Inches(0.2),
            Inches(0.55),
            [kpi.label],
            size=14,
            bold=True,
        )
        if kpi.note:
            _text(
                slide,
                left + Inches(0.1),
                top + Inches(1.3),
                width - Inches(0.2),
                Inches(0.45),
                [kpi.note],
                size=11,
                color=MUTED,
            )


def _manual_plot_layout(chart: Any) -> None:
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout = etree.SubElement(plot_area, qn("c:layout"))
    plot_area.remove(layout)
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    etree.SubElement(manual, qn("c:layoutTarget")).set("val", "inner")
    etree.SubElement(manual, qn("c:xMode")).set("val", "edge")
    etree.SubElement(manual, qn("c:yMode")).set("val", "edge")
    for key in ("x", "y", "w", "h"):
        etree.SubElement(manual, qn(f"c:{key}")).set("val", str(PLOT[key]))


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's embedded workbook ("Edit Data" in PowerPoint) with every name a text.

    python-pptx writes it with xlsxwriter, which makes a formula of any string beginning
    with "=" — an organization named ``=HYPERLINK(…)`` among the categories would run in
    Excel. The one guard's options (domain.cells) keep strings strings.
    """

    @contextmanager
    def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
        workbook = XlsxWorkbook(xlsx_file, {"in_memory": True, **XLSXWRITER_OPTIONS})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _ChartData(CategoryChartData):
    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextWorkbookWriter(self)


def _chart(slide: Any, spec: Chart, left: int, top: int, width: int, height: int) -> Any:
    data = _ChartData(number_format=NUMBER_FORMATS[spec.number])
    data.categories = list(spec.categories)
    for s in spec.series:
        data.add_series(s.name, list(s.values))
    frame = slide.shapes.add_chart(_CHART_TYPES[spec.kind], left, top, width, height, data)
    chart = frame.chart
    chart.font.size = Pt(14)
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    for run in chart.chart_title.text_frame.paragraphs[0].runs:
        run.font.size = Pt(16)
        run.font.bold = True
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    for series, s in zip(plot.series, spec.series, strict=True):
        color = _rgb(s.color)
        if color is None:
            continue
        if spec.kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(3.5)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
            series.invert_if_negative = False
            for i, point_color in enumerate(s.point_colors or ()):
                if point_color:
                    fill = series.points[i].format.fill
                    fill.solid()
                    fill.fore_color.rgb = _rgb(point_color)
    if spec.kind != "line":
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = NUMBER_FORMATS[spec.number]
        labels.number_format_is_linked = False
        labels.font.size = Pt(12)
        if spec.kind == "bar_100":
            labels.position = XL_LABEL_POSITION.CENTER
            labels.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        else:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        if spec.number == "pct":
            _labels(plot, spec)
        plot.gap_width = 60
        if spec.kind in ("bar", "clustered_bar", "bar_100"):
            # PowerPoint draws the first category at the bottom of a bar chart; read top-down.
            chart.category_axis.reverse_order = True
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = (
        "0%" if spec.kind == "bar_100" else NUMBER_FORMATS[spec.number]
    )
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(12)
    if spec.number == "pct" and spec.kind != "line":
        value_axis.minimum_scale, value_axis.maximum_scale = 0, 100
        value_axis.major_unit = 20
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    if spec.kind == "line" and spec.breaks:
        _manual_plot_layout(chart)
        n = len(spec.categories)
        for index, label in spec.breaks:
            x = left + int(width * (PLOT["x"] + PLOT["w"] * index / n))
            y0 = top + int(height * PLOT["y"])
            y1 = top + int(height * (PLOT["y"] + PLOT["h"]))
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, y0, x, y1)
            line.line.color.rgb = MUTED
            line.line.width = Pt(2)
            line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            _text(
                slide,
                x + Inches(0.05),
                y1 + Inches(0.38),
                Inches(3.2),
                Inches(0.5),
                [label],
                size=11,
                color=MUTED,
            )
    return frame


def _labels(plot: Any, spec: Chart) -> None:
    """Each share's label as its text, written the Vietnamese way (94,34%)."""
    for series, s in zip(plot.series, spec.series, strict=True):
        for i, value in enumerate(s.values):
            if value is None:
                continue
            label = series.points[i].data_label
            frame = label.text_frame
            frame.text = fmt_pct(value)
            for run in frame.paragraphs[0].runs:
                run.font.size = Pt(12)
            label.position = XL_LABEL_POSITION.OUTSIDE_END


def demo_mark(slide: Any) -> None:
    """The demo's notice on a slide: its figures are not a real committee's."""
    _text(
        slide,
        MARGIN,
        HEIGHT - Inches(0.32),
        Inches(6),
        Inches(0.3),
        [PRESENT["demo_mark"]],
        size=10,
        bold=True,
        color=DEMO,
    )


def _table(slide: Any, table: Table, left: int, top: int, width: int) -> None:
    rows = len(table.rows) + 1
    row_height = Inches(0.42)
    shape = slide.shapes.add_table(rows, len(table.columns), left, top, width, row_height * rows)
    grid = shape.table
    first = int(width * 0.46)
    grid.columns[0].width = first
    for j in range(1, len(table.columns)):
        grid.columns[j].width = int((width - first) / (len(table.columns) - 1))
    for i, values in enumerate([table.columns, *table.rows]):
        for j, value in enumerate(values):
            cell = grid.cell(i, j)
            cell.text = value
            para = cell.text_frame.paragraphs[0]
            para.alignment = PP_ALIGN.LEFT if j == 0 else PP_ALIGN.RIGHT
            for run in para.runs:
                run.font.size = Pt(13 if i else 12)
                run.font.bold = i == 0


def _content_slide(prs: Any, s: Slide) -> Any:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real title placeholder
    _title(slide, s.title)
    top: int = BODY_TOP
    bottom: int = BODY_BOTTOM
    width = WIDTH - 2 * MARGIN
    if s.kpis:
        _kpis(slide, s.kpis, top, Inches(1.8))
        top += Inches(2.0)
    side = s.bullets or s.table
    if s.chart is not None:
        chart_width = int(width * 0.6) if side else width
        _chart(slide, s.chart, MARGIN, top, chart_width, bottom - top)
        side_left = MARGIN + chart_width + Inches(0.3)
        side_width = width - chart_width - Inches(0.3)
    else:
        side_left, side_width = MARGIN, width
    if s.table is not None:
        _table(slide, s.table, side_left, top, side_width)
    elif s.bullets:
        size = 20 if len(s.bullets) <= 3 and s.chart is None else 16 if len(s.bullets) <= 4 else 13
        _text(
            slide,
            side_left,
            top,
            side_width,
            bottom - top,
            list(s.bullets),
            size=size,
            bullets=True,
        )
    if s.footnote:
        _text(slide, MARGIN, Inches(6.8), width, Inches(0.45), [s.footnote], size=11, color=MUTED)
    return slide


def _title_slide(prs: Any, s: Slide) -> Any:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, Inches(0.35))
    band.fill.solid()
    band.fill.fore_color.rgb = ACCENT
    band.line.fill.background()
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = (
        Inches(1),
        Inches(2.0),
        WIDTH - Inches(2),
        Inches(2.0),
    )
    shape.text_frame.word_wrap = True
    shape.text_frame.text = s.title
    for para in shape.text_frame.paragraphs:
        para.alignment = PP_ALIGN.CENTER
        for run in para.runs:
            run.font.size = Pt(38)
            run.font.bold = True
            run.font.color.rgb = INK
    _text(
        slide,
        Inches(1),
        Inches(4.2),
        WIDTH - Inches(2),
        Inches(0.8),
        [s.subtitle],
        size=30,
        bold=True,
        color=ACCENT,
        align=PP_ALIGN.CENTER,
    )
    _text(
        slide,
        Inches(1),
        Inches(5.1),
        WIDTH - Inches(2),
        Inches(1.2),
        list(s.bullets),
        size=20,
        color=MUTED,
        align=PP_ALIGN.CENTER,
    )
    return slide


def build_pptx(data: YearData) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    slides = build_slides(data)
    prs.core_properties.title = slides[0].title
    prs.core_properties.author = data.superior
    for s in slides:
        slide = _title_slide(prs, s) if s.key == "title" else _content_slide(prs, s)
        slide.notes_slide.notes_text_frame.text = s.notes
        if data.is_demo:
            demo_mark(slide)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


__all__ = ["build_pptx"]

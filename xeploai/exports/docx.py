"""The written report (Word): the narrative of the year, its tables, and charts when possible.

The text is generated from the figures in the register of the organization board's reports
(``narrative``); every number in a table is the same as in the deck and the app. Chart images
come from ``images.render_png``; without a browser the report carries the tables alone.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from xeploai.exports.figures import Box, report_figures
from xeploai.exports.images import Renderer, render_png
from xeploai.exports.story import (
    YearData,
    appraisal_figures,
    attention_rows,
    below_par,
    exempt_by_year,
    level_table,
    target_label,
)
from xeploai.metrics.frames import records
from xeploai.narrative import sentences as say
from xeploai.narrative.tables import trend_table
from xeploai.narrative.workflow import appraisal_finding, attention_heading, day_words
from xeploai.texts import (
    APPRAISAL_EXPORT,
    ATTENTION,
    EXPORT,
    LEVEL_LABELS,
    MEMBER_STATUS_LABELS,
    SUBJECT_LABELS,
    UI,
    WORKFLOW,
    fmt_int,
    fmt_pct,
    fmt_pp,
    sector_label,
)

FONT = "Times New Roman"  # the typeface of administrative documents; has Vietnamese glyphs
IMAGE_WIDTH = Cm(16)
MAX_NAMED = 20  # organizations named in a sentence; the table below lists them all
REPORT_CHARTS = ("levels", "trend", "targets", "below_par", "exemptions")
# The images are drawn 900 px wide and printed 16 cm wide: a 17 px type reads as 11 pt.
IMAGE_BOX = Box(900, 440, font=17)


def _setup(doc: Any) -> None:
    for name, size in (("Normal", 13), ("Heading 1", 14), ("Heading 2", 13), ("Title", 16)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme_attr), None)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _para(
    doc: Any,
    text: str,
    *,
    indent: bool = True,
    bold: bool = False,
    italic: bool = False,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = bold
    run.italic = italic
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_after = Pt(6)
    return p


def _table(
    doc: Any,
    caption: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int = 1,
    *,
    held: _Held,
) -> Any:
    """A table under its caption. The plain rows (``_plain``) after the first are written
    as that row's XML with their texts in place, kept by ``held`` until the report is
    saved."""
    cap = doc.add_paragraph()
    cap.add_run(caption).bold = True
    cap.paragraph_format.space_before = Pt(6)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(11)
    template: _RowText | None = None
    waiting: list[Sequence[str]] = []  # plain rows after the template, put in together
    for values in rows:
        if template is not None and all(map(_plain, values)):
            waiting.append(values)
            continue
        if template is not None and waiting:
            template.put(table._tbl, waiting, held)
            waiting = []
        row = table.add_row()
        for j, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = ""
            para = cell.paragraphs[0]
            para.add_run(text).font.size = Pt(11)
            if j >= numeric_from:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if template is None and all(map(_plain, values)):
            template = _RowText(row._tr)
    if template is not None and waiting:
        template.put(table._tbl, waiting, held)
    doc.add_paragraph()
    return table


# What XML 1.0 cannot hold (lxml refuses it as a text): the controls but tab, line feed and
# carriage return, the surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLACE = "\ue000{}\ue001"  # a text's place in the template row (private-use letters)


class _RowText:
    """A table's row as python-docx wrote it, as XML text with a place for each cell's text.
    The plain rows after it are that text with their own texts in place: the XML python-docx
    writes for them (``tests/unit/test_docx_table.py``), without its cost per row, which grows
    with the table (the list of what needs attention of a national year, 61.448 rows: minutes),
    nor a copy of the row's elements for each (3,6 s of that list), nor lxml's parse of them
    (0,9 s)."""

    def __init__(self, tr: Any):
        self.tr = copy.deepcopy(tr)
        marked = copy.deepcopy(tr)
        texts = list(marked.iter(qn("w:t")))
        for i, t in enumerate(texts):
            t.text = _PLACE.format(i)
        whole = etree.tostring(marked, encoding="unicode")
        # the namespaces the row's tag declares: the document declares them at its root
        self.ns = " ".join(f'xmlns:{k}="{v}"' for k, v in marked.nsmap.items())
        head = whole.index(">")
        if not whole[:head].endswith(" " + self.ns):
            raise RuntimeError(f"a row python-docx wrote is not as expected: {whole[:head]}")
        whole = whole[: head - len(self.ns) - 1] + whole[head:]
        self.pieces: list[str] = []
        for i in range(len(texts)):
            before, whole = whole.split(_PLACE.format(i), 1)
            self.pieces.append(before)
        self.pieces.append(whole)

    def put(self, tbl: Any, rows: Sequence[Sequence[str]], held: _Held) -> None:
        """``rows`` after the rows of ``tbl``, kept by ``held``. A text XML cannot hold raises
        ``ValueError`` as python-docx does, after the rows before it (put in the table)."""
        if _NOT_XML.search("".join(t for values in rows for t in values)):
            for values in rows:  # one by one, up to the one lxml refuses
                tr = copy.deepcopy(self.tr)
                for t, text in zip(tr.iter(qn("w:t")), values, strict=True):
                    t.text = text
                tbl.append(tr)
            return
        first, rest = self.pieces[0], self.pieces[1:]
        parts: list[str] = []
        for values in rows:
            parts.append(first)
            for text, piece in zip(values, rest, strict=True):
                parts.append(escape(text))
                parts.append(piece)
        held.hold(tbl, "".join(parts))


_FASTEST = 1  # zlib's level for the saved package (``_Held.saved``)


class _Held:
    """Rows kept as XML text until the report is saved (``saved``), each table's in a comment's
    place: the national list of what needs attention (61.448 rows, 1,1 million elements)
    would take 0,9 s parsed into the document, more serialized by ``save``, and be walked by
    every lookup of the whole document (the pictures' ids, the styles)."""

    _MARK = re.compile(rb"<!--xeploai-rows-(\d+)-->")

    def __init__(self) -> None:
        self.texts: list[str] = []

    def hold(self, tbl: Any, xml: str) -> None:
        tbl.append(etree.Comment(f"xeploai-rows-{len(self.texts)}"))
        self.texts.append(xml)

    def saved(self, doc: Any) -> bytes:
        """``doc`` saved as python-docx saves it, each comment of ``hold`` replaced by its rows
        in the document's part (the package's other parts copied as they are). Compressed at
        zlib's fastest level: the national document's 28,8 MB of XML in 51 ms rather than 200
        at python-docx's (zlib's default), the file 1,26 → 1,42 MB."""
        out = io.BytesIO()
        doc.save(out)
        if not self.texts:
            return out.getvalue()
        name = doc.part.partname.membername
        filled = io.BytesIO()
        with zipfile.ZipFile(out) as saved, zipfile.ZipFile(filled, "w") as package:
            for info in saved.infolist():
                data = saved.read(info)
                if info.filename == name:
                    data = self._filled(data)
                package.writestr(info, data, compresslevel=_FASTEST)
        return filled.getvalue()

    def _filled(self, xml: bytes) -> bytes:
        parts = self._MARK.split(xml)
        marks = [int(m) for m in parts[1::2]]
        if sorted(marks) != list(range(len(self.texts))):
            raise RuntimeError(f"the report's tables lost their rows' places: {marks}")
        for i in range(1, len(parts), 2):
            parts[i] = self.texts[int(parts[i])].encode()
        return b"".join(parts)


def _plain(text: str) -> bool:
    """Whether python-docx writes ``text`` as one ``w:t`` of its own, with no attribute: no
    tab or line break (their own elements), no space at either end (``xml:space``), not
    empty (no ``w:t`` at all)."""
    return (
        bool(text)
        and not text[0].isspace()  # what strip() takes away
        and not text[-1].isspace()
        and "\t" not in text
        and "\r" not in text
        and "\n" not in text
    )


class _Pictures:
    """The report's chart images, each under its numbered caption (the chart's title, which
    Word wraps; an image keeps none inside, where a long one would be cut).

    Chromium draws them while the rest of the report is written (``drawn``, a future of the
    renderer's PNGs): each chart's place is kept where it belongs, and the images are put in
    their places at the end (``place``) — the national report's tables of 61.448 rows took
    as long as the images, one after the other."""

    def __init__(self, doc: Any, titles: dict[str, str], drawn: Future[list[bytes] | None]):
        self.doc, self.titles, self.drawn, self.count = doc, titles, drawn, 0
        self.kept: list[tuple[str, Any, Any]] = []  # key, caption, the image's paragraph

    def add(self, key: str) -> None:
        if key not in self.titles:
            return
        self.count += 1
        caption = self.doc.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        run = caption.add_run(EXPORT["figure_caption"].format(n=self.count, title=self.titles[key]))
        run.bold = True
        run.italic = True
        picture = self.doc.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.kept.append((key, caption, picture))

    def place(self) -> bool:
        """Each image in its place; without images (no browser here, or it failed), the places
        and their captions taken out: the report carries the tables alone (False)."""
        pngs = self.drawn.result()
        images = dict(zip(self.titles, pngs, strict=True)) if pngs is not None else {}
        part, shape_id = self.doc.part, None
        for key, caption, picture in self.kept:
            png = images.get(key)
            if png is None:
                for paragraph in (caption, picture):
                    paragraph._element.getparent().remove(paragraph._element)
                continue
            # as python-docx's ``add_picture`` puts it in, but with the document's next free id
            # looked up once: python-docx walks the whole document for each picture (0,15 s a
            # picture in a national report, with its table of 61.448 rows)
            shape_id = part.next_id if shape_id is None else shape_id + 1
            rid, image = part.get_or_add_image(io.BytesIO(png))
            cx, cy = image.scaled_dimensions(IMAGE_WIDTH, None)
            inline = CT_Inline.new_pic_inline(shape_id, rid, image.filename, cx, cy)
            picture.add_run()._r.add_drawing(inline)
        return pngs is not None


def _header(doc: Any, data: YearData, today: dt.date) -> None:
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = ""
    left.paragraphs[0].add_run(data.superior.upper()).bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.text = ""
    right.paragraphs[0].add_run(EXPORT["doc_party"]).bold = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = right.add_paragraph()
    date.add_run(EXPORT["doc_date"].format(d=today.day, m=today.month, y=today.year)).italic = True
    date.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(EXPORT["report_title"])
    run.bold = True
    run.font.size = Pt(16)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(EXPORT["report_subtitle"].format(year=data.year)).bold = True


def _level_rows(data: YearData) -> list[list[str]]:
    rows = level_table(data)
    return [
        [
            SUBJECT_LABELS[r.subject],
            LEVEL_LABELS[r.level_code],
            fmt_int(r.n),
            fmt_pct(None if pd.isna(r.share) else float(r.share)),
        ]
        for r in records(rows)
    ]


def _attention_section(doc: Any, data: YearData, held: _Held) -> None:
    """What needs attention: the same list as the overview and the deck."""
    doc.add_heading(ATTENTION["h_report"], level=1)
    found = data.attention
    rows = attention_rows(data)
    if found is None or not rows:
        _para(doc, ATTENTION["p_report_none"])
        return
    _para(doc, ATTENTION["p_report"].format(day=day_words(found.day), n=fmt_int(found.org_count)))
    for kind in found.kinds:
        doc.add_paragraph(attention_heading(kind, found.count(kind)), style="List Bullet")
    _table(
        doc,
        ATTENTION["h_table"],
        [ATTENTION["col_org"], ATTENTION["col_detail"]],
        [list(r) for r in rows],
        numeric_from=2,
        held=held,
    )


def _appraisal_section(doc: Any, data: YearData, held: _Held) -> None:
    """Where appraisal moved the self-assessments, by sector (when the steps are recorded)."""
    by_year, by_sector, sector = appraisal_figures(data)
    if by_year.empty:
        return
    doc.add_heading(APPRAISAL_EXPORT["h_report"], level=1)
    _para(doc, appraisal_finding(data.year, by_year, sector))
    _table(
        doc,
        APPRAISAL_EXPORT["h_table"],
        [WORKFLOW["h_sector"], WORKFLOW["h_compared"], WORKFLOW["h_down"], WORKFLOW["h_down_pct"]],
        [
            [
                sector_label(str(r.sector), data.year),
                fmt_int(r.compared),
                fmt_int(r.down),
                fmt_pct(None if pd.isna(r.down_pct) else float(r.down_pct)),
            ]
            for r in records(by_sector)
        ],
        held=held,
    )
    _para(doc, APPRAISAL_EXPORT["footnote"], italic=True)


def build_docx(
    data: YearData,
    *,
    render: Renderer = render_png,
    is_demo: bool = False,
    today: dt.date | None = None,
) -> bytes:
    s, prev = data.summary, data.previous
    doc = Document()
    held = _Held()  # the tables' rows, put in as the report is saved
    _setup(doc)
    _header(doc, data, today or dt.date.today())
    if is_demo:
        _para(doc, EXPORT["demo_note"], indent=False, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not data.filters.is_all:
        from xeploai.exports.story import describe_filters

        _para(
            doc,
            EXPORT["scope_note"].format(scope=describe_filters(data.filters, data.year)),
            indent=False,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )

    figures = {k: v for k, v in report_figures(data, IMAGE_BOX).items() if k in REPORT_CHARTS}
    drawing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-images")
    drawn = drawing.submit(render, [f.figure for f in figures.values()])
    drawing.shutdown(wait=False)  # the thread ends with its one task
    pictures = _Pictures(doc, {k: f.title for k, f in figures.items()}, drawn)

    doc.add_heading(EXPORT["h_general"], level=1)
    _para(doc, say.size_paragraph(s, prev, data.scope))
    m = s["members"]
    _table(
        doc,
        EXPORT["h_table_members"],
        [EXPORT["col_status"], EXPORT["col_count"], EXPORT["col_share"]],
        [
            [
                MEMBER_STATUS_LABELS[k],
                fmt_int(m[k]),
                fmt_pct(m["exempt_pct_of_total"]) if k == "exempt" else "",
            ]
            for k in ("total", "evaluated", "exempt", "suspended", "new", "pending")
        ],
        held=held,
    )

    doc.add_heading(EXPORT["h_results"], level=1)
    doc.add_heading(EXPORT["h_results_orgs"], level=2)
    _para(doc, say.orgs_paragraph(s))
    doc.add_heading(EXPORT["h_results_cells"], level=2)
    _para(doc, say.cells_paragraph(s))
    doc.add_heading(EXPORT["h_results_members"], level=2)
    _para(doc, say.members_paragraph(s, prev))
    _table(
        doc,
        EXPORT["h_table_levels"],
        [EXPORT["col_subject"], UI["level"], EXPORT["col_count"], EXPORT["col_share"]],
        _level_rows(data),
        numeric_from=2,
        held=held,
    )
    pictures.add("levels")

    doc.add_heading(EXPORT["h_trend"], level=1)
    from xeploai.exports.story import trend_slide

    text = say.trend_paragraph(data.figs.measures)
    if text:
        _para(doc, text)
    if trend_slide(data).footnote:
        _para(doc, trend_slide(data).footnote, italic=True)
    table = trend_table(data.figs.measures)
    _table(
        doc,
        EXPORT["h_table_trend"],
        list(table.columns),
        [
            [str(int(r[0]))] + [fmt_pct(None if pd.isna(v) else float(v)) for v in r[1:]]
            for r in records(table)
        ],
        held=held,
    )
    pictures.add("trend")

    doc.add_heading(EXPORT["h_targets"], level=1)
    text = say.targets_paragraph(s, filtered=not data.filters.is_all)
    if text:
        _para(doc, text)
    if s["targets"]:
        _table(
            doc,
            EXPORT["h_table_targets"],
            [EXPORT["col_target"], EXPORT["col_actual"], EXPORT["col_gap"], EXPORT["col_result"]],
            [
                [
                    target_label(t),
                    fmt_pct(t["actual"]),
                    fmt_pp(t["gap"]),
                    UI["met_yes"] if t["met"] else UI["met_no"],
                ]
                for t in s["targets"]
            ],
            held=held,
        )
        pictures.add("targets")

    doc.add_heading(EXPORT["h_below"], level=1)
    rows = below_par(data)
    if rows.empty:
        _para(doc, EXPORT["p_below_none"])
    else:
        items = [
            EXPORT["p_below_item"].format(
                org=r.org_name, level=LEVEL_LABELS[str(r.org_level)].lower()
            )
            for r in records(rows.head(MAX_NAMED))
        ]
        if len(rows) > MAX_NAMED:
            items.append(EXPORT["p_below_more"].format(n=fmt_int(len(rows) - MAX_NAMED)))
        _para(doc, EXPORT["p_below"].format(n=fmt_int(len(rows)), items="; ".join(items)))
        _table(
            doc,
            EXPORT["h_table_below"],
            [
                EXPORT["col_org"],
                EXPORT["col_level"],
                EXPORT["col_members_good"],
                EXPORT["col_members_khtnv"],
            ],
            [
                [
                    str(r.org_name),
                    LEVEL_LABELS[str(r.org_level)],
                    fmt_pct(None if pd.isna(r.members_good_pct) else float(r.members_good_pct)),
                    fmt_int(r.members_khtnv),
                ]
                for r in records(rows)
            ],
            numeric_from=2,
            held=held,
        )
    pictures.add("below_par")

    doc.add_heading(EXPORT["h_exempt"], level=1)
    _para(doc, say.exempt_paragraph(s, prev))
    by_year = exempt_by_year(data)
    _table(
        doc,
        EXPORT["h_table_exempt"],
        [EXPORT["col_year"], EXPORT["col_total"], EXPORT["col_exempt"], EXPORT["col_share"]],
        [
            [
                str(int(r.year)),
                fmt_int(r.total),
                fmt_int(r.exempt),
                fmt_pct(None if pd.isna(r.exempt_pct) else float(r.exempt_pct)),
            ]
            for r in records(by_year)
        ],
        held=held,
    )
    pictures.add("exemptions")

    doc.add_heading(EXPORT["h_findings"], level=1)
    if s["findings"]:
        _para(doc, EXPORT["p_findings"].format(n=fmt_int(len(s["findings"]))))
        for f in s["findings"]:
            # each finding with the text in force that year that states the rule
            doc.add_paragraph(f"{f['message']} ({f['source']})", style="List Bullet")
    else:
        _para(doc, EXPORT["p_findings_none"])

    _attention_section(doc, data, held)
    _appraisal_section(doc, data, held)

    if not pictures.place():
        _para(doc, EXPORT["p_charts_missing"], indent=False, italic=True)
    doc.core_properties.title = EXPORT["report_subtitle"].format(year=data.year)
    doc.core_properties.author = data.superior
    return held.saved(doc)

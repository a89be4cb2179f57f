"""One self-contained HTML file: the report's text, the interactive charts, the tables.

For a laptop without the app and without a network: plotly.js is embedded inline (no script is
loaded from anywhere), and so is the style sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

import pandas as pd
import plotly.io as pio
import plotly.offline

from xeploai.domain.levels import MEMBER_LEVELS
from xeploai.exports.figures import Box, Figure, report_figures
from xeploai.exports.story import (
    Slide,
    Table,
    YearData,
    build_slides,
    describe_filters,
    level_table,
)
from xeploai.metrics.frames import records
from xeploai.narrative import sentences as say
from xeploai.texts import (
    EXPORT,
    LEVEL_LABELS,
    LEVEL_SHORT,
    ORG_TYPE_LABELS,
    SUBJECT_LABELS,
    UI,
    fmt_int,
    fmt_pct,
)

STYLE = """
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; color: #1a2433; margin: 0;
       background: #fff; line-height: 1.5; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
header { border-top: 8px solid #b71c1c; padding: 16px 24px; text-align: center; }
h1 { font-size: 1.7rem; margin: .3em 0; }
h2 { font-size: 1.3rem; margin-top: 2em; border-bottom: 3px solid #b71c1c; padding-bottom: .2em; }
.superior { color: #b71c1c; font-weight: 700; font-size: 1.2rem; }
.note { color: #5f6773; font-size: .9rem; font-style: italic; }
.kpis { display: flex; gap: 12px; flex-wrap: wrap; }
.kpi { background: #f3f4f6; padding: 10px 14px; flex: 1 1 160px; }
.kpi .v { font-size: 1.8rem; font-weight: 700; color: #b71c1c; }
.kpi .l { font-weight: 700; } .kpi .n { color: #5f6773; font-size: .85rem; }
table { border-collapse: collapse; margin: 12px 0; font-size: .92rem; }
th, td { border: 1px solid #c9ced6; padding: 4px 8px; }
th { background: #e8ecf2; } td.num { text-align: right; }
details { margin: 12px 0; }
h3.chart { font-size: 1.05rem; margin: 1.2em 0 .2em 0; }
"""


def _table(table: Table, numeric_from: int = 1) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(v)}</td>' if j >= numeric_from else f"<td>{escape(v)}</td>"
            for j, v in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _figure(chart: Figure, div_id: str) -> str:
    """A chart under its title as a heading (which wraps on a narrow screen)."""
    fig = pio.to_html(
        chart.figure.to_dict(),
        validate=False,  # a plain dict, drawn as it is (``figures.names_as_text``)
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": False, "displayModeBar": False},
    )
    return f'<h3 class="chart">{escape(chart.title)}</h3><div class="fit">{fig}</div>'


# Laid out at the page's width, every label placed for it; in a narrower window a chart is
# scaled down whole (``FIT_SCRIPT``) rather than drawn again narrower, where a label would be
# cut.
HTML_BOX = Box(1050, 440, font=15)
FIT_SCRIPT = f"""
(function () {{
  function fit() {{
    document.querySelectorAll('.fit').forEach(function (el) {{
      var room = el.parentElement.clientWidth;
      el.style.zoom = Math.min(1, room / {HTML_BOX.width});
    }});
  }}
  window.addEventListener('resize', fit);
  fit();
}})();
"""


def _paragraphs(texts: Sequence[str]) -> str:
    return "".join(f"<p>{escape(t)}</p>" for t in texts if t)


def _slide_section(slide: Slide, fig: Figure | None) -> str:
    parts = [f'<section id="{escape(slide.key)}"><h2>{escape(slide.title)}</h2>']
    if slide.kpis:
        parts.append(
            '<div class="kpis">'
            + "".join(
                f'<div class="kpi"><div class="v">{escape(k.value)}</div>'
                f'<div class="l">{escape(k.label)}</div><div class="n">{escape(k.note)}</div></div>'
                for k in slide.kpis
            )
            + "</div>"
        )
    if fig is not None:
        parts.append(_figure(fig, f"chart-{slide.key}"))
    if slide.bullets:
        parts.append("<ul>" + "".join(f"<li>{escape(b)}</li>" for b in slide.bullets) + "</ul>")
    if slide.table is not None:
        parts.append(_table(slide.table))
    if slide.footnote:
        parts.append(f'<p class="note">{escape(slide.footnote)}</p>')
    parts.append("</section>")
    return "".join(parts)


def _levels_table(data: YearData) -> Table:
    rows = level_table(data)
    return Table(
        (EXPORT["col_subject"], UI["level"], EXPORT["col_count"], EXPORT["col_share"]),
        tuple(
            (
                SUBJECT_LABELS[r.subject],
                LEVEL_LABELS[r.level_code],
                fmt_int(r.n),
                fmt_pct(None if pd.isna(r.share) else float(r.share)),
            )
            for r in records(rows)
        ),
    )


def _annex(data: YearData) -> str:
    """Every base organization's figures, folded: the statistical table, readable on screen."""
    orgs = data.orgs
    table = Table(
        (
            EXPORT["xlsx_org"],
            EXPORT["xlsx_type"],
            EXPORT["xlsx_org_level"],
            EXPORT["xlsx_total"],
            EXPORT["xlsx_exempt"],
            EXPORT["xlsx_evaluated"],
            *(LEVEL_SHORT[c] for c in MEMBER_LEVELS),
            EXPORT["col_members_good"],
        ),
        tuple(
            (
                str(r.org_name),
                ORG_TYPE_LABELS.get(str(r.org_type), str(r.org_type)),
                LEVEL_SHORT.get(str(r.org_level), "") if isinstance(r.org_level, str) else "",
                fmt_int(r.members_total),
                fmt_int(r.members_exempt),
                fmt_int(r.members_evaluated),
                *(fmt_int(getattr(r, f"members_{c.lower()}")) for c in MEMBER_LEVELS),
                fmt_pct(None if pd.isna(r.members_good_pct) else float(r.members_good_pct)),
            )
            for r in records(orgs)
        ),
    )
    return (
        f'<section id="annex"><details><summary>{escape(EXPORT["html_annex"])}</summary>'
        f"{_table(table, numeric_from=3)}</details></section>"
    )


def build_html(data: YearData, *, is_demo: bool = False, today: dt.date | None = None) -> bytes:
    s, prev = data.summary, data.previous
    slides = build_slides(data)
    figures = report_figures(data, HTML_BOX)
    title = EXPORT["report_subtitle"].format(year=data.year)
    notes = [EXPORT["html_offline"]]
    if is_demo:
        notes.insert(0, EXPORT["demo_note"])
    if not data.filters.is_all:
        scope = describe_filters(data.filters, data.year)
        notes.insert(0, EXPORT["scope_note"].format(scope=scope))
    notes.append(
        EXPORT["report_generated"].format(date=(today or dt.date.today()).strftime("%d/%m/%Y"))
    )
    narrative = [
        say.size_paragraph(s, prev, data.scope),
        say.orgs_paragraph(s),
        say.cells_paragraph(s),
        say.members_paragraph(s, prev),
        say.trend_paragraph(data.figs.measures),
        say.targets_paragraph(s, filtered=not data.filters.is_all),
        say.exempt_paragraph(s, prev),
    ]
    body = [
        f"<header><h1>{escape(title)}</h1>"
        f'<div class="superior">{escape(data.superior)}</div>'
        + "".join(f'<p class="note">{escape(n)}</p>' for n in notes)
        + "</header><main>",
        f'<section id="narrative"><h2>{escape(EXPORT["html_summary"])}</h2>'
        + _paragraphs(narrative)
        + _table(_levels_table(data), numeric_from=2)
        + "</section>",
    ]
    for slide in slides:
        if slide.key == "title":
            continue
        body.append(_slide_section(slide, figures.get(slide.key)))
    body.append(_annex(data))
    body.append("</main>")
    page = (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — {escape(data.superior)}</title>"
        f"<style>{STYLE}</style>"
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>'
        "</head><body>" + "".join(body) + f"<script>{FIT_SCRIPT}</script></body></html>"
    )
    return page.encode("utf-8")

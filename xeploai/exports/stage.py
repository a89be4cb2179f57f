"""The presentation page's markup: a slide as large, high-contrast HTML (no Streamlit here).

The page draws the chart with plotly from the same ``Slide``; everything else on a slide (the
title that states the finding, the big figures, the bullets, a short table) is one block of
HTML sized for a projector: read from the back of a hall, 16:9.
"""

from __future__ import annotations

from html import escape

from xeploai.exports.story import Slide, Table

# Hides the sidebar and the page navigation on this page only (the style lives in the page's
# own output), enlarges the type, and frames the slide in 16:9.
STAGE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"] { display: none !important; }
.st-key-prev_key, .st-key-next_key { display: none !important; }
.block-container { padding-top: 1.2rem !important; max-width: 100% !important; }
.xl-stage { aspect-ratio: 16 / 9; max-height: 84vh; width: 100%; box-sizing: border-box;
            background: #ffffff; color: #111111; border-top: 12px solid #b71c1c;
            padding: 1.2vw 2.2vw; overflow: hidden; }
.xl-title { font-size: clamp(1.8rem, 2.9vw, 3.4rem); font-weight: 800; line-height: 1.15;
            margin: .2em 0 .4em 0; color: #111111; }
.xl-cover { text-align: center; padding-top: 12vh; }
.xl-cover .xl-title { font-size: clamp(2.2rem, 3.6vw, 4.2rem); }
.xl-sub { font-size: clamp(1.4rem, 2.2vw, 2.6rem); font-weight: 700; color: #b71c1c; }
.xl-kicker { font-size: clamp(1.1rem, 1.6vw, 1.9rem); color: #333333; margin-top: 1em; }
.xl-kpis { display: flex; gap: 1vw; margin: .6em 0 1em 0; }
.xl-kpi { flex: 1; background: #f1f2f4; padding: .5em .8em; }
.xl-kpi .v { font-size: clamp(2rem, 3.4vw, 4rem); font-weight: 800; color: #b71c1c;
             line-height: 1.1; }
.xl-kpi .l { font-size: clamp(1rem, 1.3vw, 1.6rem); font-weight: 700; }
.xl-kpi .n { font-size: clamp(.85rem, 1vw, 1.2rem); color: #333333; }
.xl-bullets { font-size: clamp(1.1rem, 1.55vw, 1.9rem); line-height: 1.35; padding-left: 1.1em; }
.xl-bullets li { margin-bottom: .45em; }
.xl-table { font-size: clamp(1rem, 1.3vw, 1.6rem); border-collapse: collapse; width: 100%; }
.xl-table th, .xl-table td { border-bottom: 2px solid #cccccc; padding: .25em .4em;
                             text-align: right; }
.xl-table th:first-child, .xl-table td:first-child { text-align: left; }
.xl-foot { font-size: clamp(.85rem, 1vw, 1.2rem); color: #333333; margin-top: .5em; }
.xl-count { font-size: 1.1rem; font-weight: 700; text-align: center; padding-top: .4rem; }
</style>
"""


def title_html(slide: Slide) -> str:
    return f'<div class="xl-title">{escape(slide.title)}</div>'


def cover_html(slide: Slide) -> str:
    """The title slide: the year's title, the superior committee, the occasion."""
    kicker = "".join(f'<div class="xl-kicker">{escape(b)}</div>' for b in slide.bullets)
    return (f'<div class="xl-stage xl-cover">{title_html(slide)}'
            f'<div class="xl-sub">{escape(slide.subtitle)}</div>{kicker}</div>')


def kpis_html(slide: Slide) -> str:
    if not slide.kpis:
        return ""
    cards = "".join(
        f'<div class="xl-kpi"><div class="v">{escape(k.value)}</div>'
        f'<div class="l">{escape(k.label)}</div><div class="n">{escape(k.note)}</div></div>'
        for k in slide.kpis)
    return f'<div class="xl-kpis">{cards}</div>'


def bullets_html(bullets: tuple[str, ...]) -> str:
    if not bullets:
        return ""
    return '<ul class="xl-bullets">' + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>"


def table_html(table: Table | None) -> str:
    if table is None:
        return ""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                   for row in table.rows)
    return f'<table class="xl-table"><tr>{head}</tr>{rows}</table>'


def footnote_html(slide: Slide) -> str:
    return f'<div class="xl-foot">{escape(slide.footnote)}</div>' if slide.footnote else ""

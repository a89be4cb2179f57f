"""Trình chiếu: the year told as slides, one at a time, for the summary conference.

The slides are the deck's (``exports.story``), so what is said in the hall and what is handed
out cannot differ; this screen only picks them for the year and scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xeploai import exports
from xeploai.domain.selection import ALL, Filters
from xeploai.exports import KINDS, file_name
from xeploai.exports.stage import (
    STAGE_CSS,
    bullets_html,
    cover_html,
    footnote_html,
    kpis_html,
    table_html,
    title_html,
)
from xeploai.exports.story import Slide, build_slides, chart_figure, describe_filters, load_year
from xeploai.screens.blocks import Note
from xeploai.store.database import Database
from xeploai.texts import PRESENT

CSS = STAGE_CSS


@dataclass(frozen=True)
class StageSlide:
    """One slide as the stage draws it: HTML pieces around a plotly chart."""

    key: str
    cover: str | None  # the title slide, whole
    head: str = ""  # the title and the big figures
    side: str = ""  # bullets and a short table beside the chart
    chart: dict[str, Any] | None = None  # the figure as plotly.js reads it
    foot: str = ""


@dataclass(frozen=True)
class Download:
    kind: str
    label: str
    file_name: str
    mime: str


@dataclass(frozen=True)
class PresentationScreen:
    empty: Note | None = None
    slides: tuple[StageSlide, ...] = ()
    scope: str | None = None  # said under the controls when the slides cover part of the scope
    downloads: tuple[Download, ...] = ()


def _stage(slide: Slide) -> StageSlide:
    if slide.key == "title":
        return StageSlide(slide.key, cover=cover_html(slide))
    return StageSlide(
        slide.key, cover=None, head=title_html(slide) + kpis_html(slide),
        side=bullets_html(slide.bullets) + table_html(slide.table),
        chart=None if slide.chart is None else chart_figure(slide.chart, font_size=19,
                                                            height=500).to_dict(),
        foot=footnote_html(slide))


def build(db: Database, year: int, filters: Filters = ALL) -> PresentationScreen:
    data = load_year(db, year, filters)
    if data is None:
        return PresentationScreen(empty=Note(PRESENT["no_data"].format(year=year),
                                             kind="warning"))
    return PresentationScreen(
        slides=tuple(_stage(slide) for slide in build_slides(data)),
        scope=None if filters.is_all else PRESENT["scope"].format(
            scope=describe_filters(filters)),
        downloads=tuple(Download(kind, PRESENT[f"download_{kind}"],
                                 file_name(kind, year, filters), spec.mime)
                        for kind, spec in KINDS.items()))


def export_file(db: Database, kind: str, year: int, filters: Filters = ALL) -> bytes:
    """One conference file of the year and scope (pptx, docx, xlsx, html)."""
    return exports.build(kind, db, year, filters)

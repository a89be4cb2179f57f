"""Trình chiếu: the year told as slides, for the summary conference.

The slides are the deck's (``exports.story``), in the same order with the same titles, so what
is said in the hall and what is handed out cannot differ; this screen picks them for the year
and scope and lays each out on the 1280×720 stage (``exports.stage``). The page shows them all
as an overview, and presents them one at a time, scaled to the window, with nothing else on
screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from xeploai import exports
from xeploai.domain.selection import ALL, Filters
from xeploai.exports import KINDS, file_name
from xeploai.exports.stage import STAGE_CSS, StageSlide, stage_slides
from xeploai.exports.story import build_slides, deck_attention, describe_filters, load_year
from xeploai.screens.blocks import Note
from xeploai.store.database import Database
from xeploai.texts import PRESENT


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
    scope: str | None = None  # said above the slides when they cover part of the scope
    downloads: tuple[Download, ...] = ()

    @staticmethod
    def css() -> str:
        """The slides' type and boxes."""
        return STAGE_CSS

    def chart_css(self) -> str:
        """Where each slide's chart goes on its slide (the page's chart elements, by key)."""
        rules = []
        for i, slide in enumerate(self.slides):
            box = slide.chart_box
            if box is not None:
                rules.append(
                    f".st-key-xl-deck .st-key-{chart_key(i)} {{ left: {box.left:.0f}px "
                    f"!important; top: {box.top:.0f}px !important; width: {box.width:.0f}px "
                    f"!important; height: {box.height:.0f}px !important; }}"
                )
        return "\n".join(rules)


def slide_key(index: int) -> str:
    """The key of a slide's container on the page (index from 0)."""
    return f"xl-slide-{index}"


def chart_key(index: int) -> str:
    return f"xl-chart-{index}"


def build(db: Database, year: int, filters: Filters = ALL) -> PresentationScreen:
    data = load_year(db, year, filters, attention_shown=deck_attention())
    if data is None:
        return PresentationScreen(empty=Note(PRESENT["no_data"].format(year=year), kind="warning"))
    return PresentationScreen(
        slides=tuple(stage_slides(build_slides(data), is_demo=data.is_demo)),
        scope=None if filters.is_all else PRESENT["scope"].format(scope=describe_filters(filters)),
        downloads=tuple(
            Download(kind, PRESENT[f"download_{kind}"], file_name(kind, year, filters), spec.mime)
            for kind, spec in KINDS.items()
        ),
    )


def export_file(db: Database, kind: str, year: int, filters: Filters = ALL) -> bytes:
    """One conference file of the year and scope (pptx, docx, xlsx, html)."""
    return exports.build(kind, db, year, filters)

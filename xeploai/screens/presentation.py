"""Trình chiếu: the year told as slides, one at a time, for the summary conference.

The slides are the deck's (``exports.story``), so what is said in the hall and what is handed
out cannot differ; this screen only picks them for the year and scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from xeploai import exports
from xeploai.domain.selection import ALL, Filters
from xeploai.exports.story import Slide, build_slides, describe_filters, load_year
from xeploai.screens.blocks import Note
from xeploai.store.database import Database
from xeploai.texts import PRESENT


@dataclass(frozen=True)
class PresentationScreen:
    empty: Note | None = None
    slides: tuple[Slide, ...] = ()
    scope: str | None = None  # said under the controls when the slides cover part of the scope


def build(db: Database, year: int, filters: Filters = ALL) -> PresentationScreen:
    data = load_year(db, year, filters)
    if data is None:
        return PresentationScreen(empty=Note(PRESENT["no_data"].format(year=year),
                                             kind="warning"))
    return PresentationScreen(
        slides=tuple(build_slides(data)),
        scope=None if filters.is_all else PRESENT["scope"].format(
            scope=describe_filters(filters)))


def export_file(db: Database, kind: str, year: int, filters: Filters = ALL) -> bytes:
    """One conference file of the year and scope (pptx, docx, xlsx, html)."""
    return exports.build(kind, db, year, filters)

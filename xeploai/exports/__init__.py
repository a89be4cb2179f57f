"""The conference exports: the deck (pptx), the written report (docx), the statistical table
(xlsx) and a self-contained HTML file, all built from the same year's figures and filters.

Every builder takes a ``Filters``: an export started from a page covers what the page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xeploai.domain.selection import ALL, Filters
from xeploai.metrics.yearly import as_published
from xeploai.store.collector import collector_paused
from xeploai.store.database import Database

if TYPE_CHECKING:
    from xeploai.exports.story import YearData


class NoData(LookupError):
    """The year has no results in the chosen scope."""


@dataclass(frozen=True)
class Kind:
    suffix: str
    mime: str


KINDS: dict[str, Kind] = {
    "pptx": Kind(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    "docx": Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": Kind("html", "text/html"),
}


def file_name(kind: str, year: int, filters: Filters = ALL) -> str:
    """'xep-loai-2019.pptx'; a filtered export says so in its name."""
    return f"xep-loai-{year}{'' if filters.is_all else '-loc'}.{KINDS[kind].suffix}"


def build(
    kind: str, db: Database, year: int, filters: Filters = ALL, *, today: dt.date | None = None
) -> bytes:
    """The bytes of one export; ``NoData`` when the year has no results in the scope."""
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; one of {sorted(KINDS)}")
    with as_published(db), collector_paused():
        return _build(kind, db, year, filters, today)


def _build(kind: str, db: Database, year: int, filters: Filters, today: dt.date | None) -> bytes:
    from xeploai.exports.story import deck_attention, load_year

    # the written report lists every organization that needs attention; the others name a few
    data = load_year(
        db, year, filters, today, attention_shown=None if kind == "docx" else deck_attention()
    )
    if data is None:
        raise NoData(year)
    is_demo = db.meta("is_demo") == "1"
    builders: dict[str, Callable[[], bytes]] = {
        "pptx": lambda: _pptx(data),
        "docx": lambda: _docx(data, is_demo, today),
        "xlsx": lambda: _xlsx(data),
        "html": lambda: _html(data, is_demo, today),
    }
    return builders[kind]()


# The builders import their library only when asked: the app starts without loading them all.
def _pptx(data: YearData) -> bytes:
    from xeploai.exports.pptx import build_pptx

    return build_pptx(data)


def _docx(data: YearData, is_demo: bool, today: dt.date | None) -> bytes:
    from xeploai.exports.docx import build_docx

    return build_docx(data, is_demo=is_demo, today=today)


def _xlsx(data: YearData) -> bytes:
    from xeploai.exports.xlsx import build_xlsx

    return build_xlsx(data)


def _html(data: YearData, is_demo: bool, today: dt.date | None) -> bytes:
    from xeploai.exports.html import build_html

    return build_html(data, is_demo=is_demo, today=today)


__all__ = ["KINDS", "NoData", "build", "file_name"]

"""The Streamlit glue of the exports: cached year data and files, the page's filters.

Kept beside ``ui/__init__`` (not in it) so the exports stay in their own file.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import ui
from xeploai import exports
from xeploai.domain.selection import ALL, Filters
from xeploai.exports.story import YearData, load_year


def current_filters() -> Filters:
    """The shared filters (as the other pages left them, or as the link asks), narrowed to the
    organizations the signed-in user may see."""
    return ui.shared_filters()


def may_export() -> bool:
    from ui.auth import current_user

    return current_user().can("export")


def _key() -> tuple[str, str]:
    handle = ui.db()
    return str(handle.path), handle.data_version()


@st.cache_data(show_spinner=False, max_entries=32)
def _year_data(key: tuple[str, str], year: int, filters: Filters) -> YearData | None:
    return load_year(ui.db(), year, filters)


def year_data(year: int, filters: Filters = ALL) -> YearData | None:
    return _year_data(_key(), year, filters)


@st.cache_data(show_spinner=False, max_entries=16)
def _export(key: tuple[str, str], kind: str, year: int, filters: Filters) -> bytes:
    return exports.build(kind, ui.db(), year, filters)


def export_callable(kind: str, year: int, filters: Filters) -> Callable[[], bytes]:
    """Deferred: the file is built when the button is pressed, not on every rerun; each export
    taken is written to the audit trail (who, what, which year and scope)."""
    from ui.auth import auth_disabled, current_user, store

    key = _key()
    username = current_user().username

    def build() -> bytes:
        content = _export(key, kind, year, filters)
        if not auth_disabled():
            store().record("export", username, detail={
                "kind": kind, "year": year, "sectors": filters.sectors,
                "org_types": filters.org_types, "orgs": filters.orgs})
        return content

    return build

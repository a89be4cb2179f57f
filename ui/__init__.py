"""The Streamlit glue, in one place: the cached database, cached figures, shared widgets.

Pages import from here and from the core; nothing below computes a figure itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from xeploai.db import Database, DatabaseMissing, db_path
from xeploai.figures import ALL, Figures, Filters, load_figures, targets_vs_actual, year_summary
from xeploai.texts import UI

__all__ = ["ALL", "Filters", "db", "demo_banner", "export_bytes", "figures", "findings",
           "import_preview", "summary", "targets", "template_bytes", "write", "year_picker",
           "years"]

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Database:
    return Database(path, read_only=True)


def db() -> Database:
    """The shared read-only handle; stops the page with a Vietnamese message if there is none."""
    path = db_path()
    try:
        return _open(str(path))
    except DatabaseMissing:
        st.error(UI["db_missing"].format(path=path))
        st.stop()
        raise  # st.stop() raises; this line is for type checkers


def _key() -> tuple[str, str]:
    handle = db()
    return str(handle.path), handle.data_version()


@st.cache_data(show_spinner=False, max_entries=256)
def _figures(key: tuple[str, str], from_year: int, to_year: int, filters: Filters) -> Figures:
    return load_figures(db(), from_year, to_year, filters)


@st.cache_data(show_spinner=False, max_entries=256)
def _summary(key: tuple[str, str], year: int, filters: Filters, with_findings: bool
             ) -> dict[str, Any] | None:
    all_years = _years(key)
    figs = _figures(key, all_years[0], all_years[-1], filters) if all_years else None
    return year_summary(db(), year, filters, figures=figs, with_findings=with_findings)


@st.cache_data(show_spinner=False, max_entries=64)
def _years(key: tuple[str, str]) -> list[int]:
    return [int(y) for y in db().query("years_by_data")["year"]]


def years() -> list[int]:
    return _years(_key())


def scoped(filters: Filters = ALL) -> Filters:
    """The filters narrowed to what the signed-in user may see (every path goes through here)."""
    from ui.auth import current_user

    user = current_user()
    if not user.scoped:
        return filters
    allowed = user.orgs if filters.orgs is None else tuple(
        code for code in filters.orgs if code in user.orgs)
    return Filters(filters.sectors, filters.org_types, allowed)


def figures(from_year: int, to_year: int, filters: Filters = ALL) -> Figures:
    return _figures(_key(), from_year, to_year, scoped(filters))


def summary(year: int, filters: Filters = ALL, *, with_findings: bool = True
            ) -> dict[str, Any] | None:
    """The year's figures (the summary JSON object), from the cached all-years figures."""
    return _summary(_key(), year, scoped(filters), with_findings)


def targets(figs: Figures, from_year: int, to_year: int) -> Any:
    return targets_vs_actual(db(), figs, from_year, to_year)


def demo_banner() -> None:
    if db().meta("is_demo") == "1":
        st.info(UI["demo_banner"], icon=":material/science:")


def year_picker() -> int | None:
    """The year, from the sidebar and the URL (?year=2019).

    The URL is read once, when a session starts (a shared link); after that the widget leads and
    the URL follows it. A year that is not a number or has no data is ignored with a notice.
    """
    available = years()
    if not available:
        st.warning(UI["no_years"])
        return None
    if "year" not in st.session_state or st.session_state["year"] not in available:
        raw = st.query_params.get("year")
        chosen = available[-1]
        if raw is not None:
            if raw.strip().isdigit() and int(raw) in available:
                chosen = int(raw)
            else:
                st.session_state["_bad_year"] = raw
        st.session_state["year"] = chosen
    if "_bad_year" in st.session_state:
        st.sidebar.warning(UI["bad_year_param"].format(value=st.session_state["_bad_year"]))
    year = int(st.sidebar.selectbox(UI["year"], available[::-1], key="year"))
    st.query_params["year"] = str(year)
    return year


def write(fn: Callable[[Database], T]) -> T:
    """Run ``fn`` on a read-write handle of the database, then let readers reopen it.

    DuckDB will not open a file read-write in a process that holds it read-only, so the cached
    read-only handle is closed first; the next ``db()`` opens a fresh one, and the caches, keyed
    on the data version, show the new data without a restart. Raises
    ``importer.DatabaseLocked`` when another process (a command line import) holds the file.
    """
    from xeploai.importer import open_for_write

    path = str(db_path())
    with contextlib.suppress(DatabaseMissing):
        _open(path).close()
    _open.clear()
    with open_for_write(path) as handle:
        return fn(handle)


@st.cache_data(show_spinner=False, max_entries=64)
def _findings(key: tuple[str, str], year: int) -> list[Any]:
    from xeploai.rules import check_year

    return check_year(db(), year)


def findings(year: int) -> list[Any]:
    """The rule findings of the year (cached until the data changes)."""
    return _findings(_key(), year)


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from xeploai.workbook import template_bytes as build

    return build()


@st.cache_data(show_spinner=False, max_entries=4)
def _export_bytes(key: tuple[str, str]) -> bytes:
    from xeploai.workbook import export_bytes

    return export_bytes(db())


def export_bytes() -> bytes:
    """Every year's data as an import workbook (cached until the data changes)."""
    return _export_bytes(_key())


@st.cache_data(show_spinner=False, max_entries=8)
def _import_preview(key: tuple[str, str], sources: tuple[Any, ...]) -> Any:
    from xeploai.import_view import preview

    return preview(db(), sources)


def import_preview(sources: list[Any]) -> Any:
    """The dry run of uploaded files, computed once per upload and data version."""
    return _import_preview(_key(), tuple(sources))

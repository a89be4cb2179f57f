"""The Streamlit glue, in one place: the cached database, cached figures, shared widgets.

Pages import from here and from the core; nothing below computes a figure itself.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from xeploai.db import Database, DatabaseMissing, db_path
from xeploai.figures import ALL, Figures, Filters, load_figures, targets_vs_actual, year_summary
from xeploai.texts import UI

__all__ = ["ALL", "Filters", "db", "demo_banner", "figures", "summary", "targets", "year_picker",
           "years"]


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

"""The Streamlit glue, in one place: the cached database, cached figures, shared widgets.

Pages import from here and from the core; nothing below computes a figure itself.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from xeploai.domain.orgs import BASE_ORG_TYPES, SECTORS
from xeploai.domain.selection import (
    ALL,
    ORG,
    PARAM_NAMES,
    SECTOR,
    TYPE,
    YEAR,
    Filters,
    ViewState,
    parse_params,
)
from xeploai.metrics import analysis
from xeploai.metrics.yearly import Figures, load_figures, targets_vs_actual, year_summary
from xeploai.store.database import Database, DatabaseMissing, db_path
from xeploai.texts import ANALYSIS, ORG_TYPE_LABELS, SECTOR_LABELS, UI

__all__ = ["ALL", "Filters", "ViewState", "catalogue", "chart_data", "clickable_chart", "db",
           "demo_banner", "export_bytes", "figures", "findings", "import_preview", "org_picker",
           "org_results", "require_rows", "summary", "table", "targets", "template_bytes",
           "view", "write", "year_picker", "years"]

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


@st.cache_data(show_spinner=False, max_entries=128)
def _targets(key: tuple[str, str], from_year: int, to_year: int, filters: Filters
             ) -> pd.DataFrame:
    return targets_vs_actual(db(), _figures(key, from_year, to_year, filters), from_year,
                             to_year)


def targets(from_year: int, to_year: int, filters: Filters = ALL) -> pd.DataFrame:
    """Every target of the terms covering the years against each year's actual value."""
    return _targets(_key(), from_year, to_year, scoped(filters))


def demo_banner() -> None:
    if db().meta("is_demo") == "1":
        st.info(UI["demo_banner"], icon=":material/science:")


def year_picker() -> int | None:
    """The year, from the sidebar and the URL (?year=2019), shared with the analysis pages.

    The URL is read once, when a session starts (a shared link); after that the widget leads and
    the URL follows it. A year that is not a number or has no data is ignored with a notice.
    """
    if not years():
        st.warning(UI["no_years"])
        return None
    return view(year=True).year


# --- the shared filters of every page, and their place in the URL (issue 3) -----------------
#
# The filters live in session state under _VIEW (a ViewState), not in the widgets' own keys:
# Streamlit forgets a widget's value on a page that does not draw it, and the filters must
# survive a visit to such a page. Every run seeds the widgets from _VIEW; their on_change
# callbacks (which run before the script) write a change back. The URL is read once per
# session (viewstate.parse_params: a shared link) and rewritten on every run with the names
# the page uses. Streamlit's own bind="query-params" would drop a bad value silently; here
# each one becomes a visible Vietnamese notice in the sidebar. Multi-values are repeated
# parameters (?sector=commune&sector=police); a hand-typed comma list is read too.

_VIEW = "view_state"
_NOTICES = "view_notices"
_GOTO = "view_goto"
_GENERATION = "view_generation"
W_YEAR, W_FROM, W_TO, W_SECTOR, W_TYPE, W_ORG, W_ONE = (
    "f_year", "f_from", "f_to", "f_sector", "f_type", "f_org", "f_org_one")
ORG_PAGE = "views/organization.py"


@st.cache_data(show_spinner=False, max_entries=16)
def _catalogue(key: tuple[str, str]) -> pd.DataFrame:
    return analysis.base_org_catalogue(db())


def catalogue() -> pd.DataFrame:
    """Every base organization ever reported (code, name, type, sector, life span) that the
    signed-in user may see: the choices of the filters and the codes a link may name."""
    cat = _catalogue(_key())
    allowed = scoped().orgs
    return cat if allowed is None else cat[cat["org_code"].isin(allowed)]


@st.cache_data(show_spinner=False, max_entries=256)
def _org_results(key: tuple[str, str], from_year: int, to_year: int,
                 filters: Filters) -> pd.DataFrame:
    return analysis.org_results(db(), from_year, to_year, filters)


def org_results(from_year: int, to_year: int, filters: Filters = ALL) -> pd.DataFrame:
    return _org_results(_key(), from_year, to_year, scoped(filters))


def _allowed(org_code: str) -> bool:
    allowed = scoped().orgs
    return allowed is None or org_code in allowed


@st.cache_data(show_spinner=False, max_entries=256)
def _org_findings(key: tuple[str, str], org_code: str, years: tuple[int, ...]) -> pd.DataFrame:
    return analysis.org_findings(db(), org_code, years)


def org_findings(org_code: str, years: tuple[int, ...]) -> pd.DataFrame:
    if not _allowed(org_code):
        return analysis.org_findings_frame([])
    return _org_findings(_key(), org_code, years)


@st.cache_data(show_spinner=False, max_entries=256)
def _cells(key: tuple[str, str], org_code: str, from_year: int, to_year: int) -> pd.DataFrame:
    return db().query("cell_levels_by_org_year", org=org_code, from_year=from_year,
                      to_year=to_year)


def cell_levels(org_code: str, from_year: int, to_year: int) -> pd.DataFrame:
    if not _allowed(org_code):
        return _cells(_key(), "", from_year, to_year)  # no base committee has the code ""
    return _cells(_key(), org_code, from_year, to_year)


def _names() -> dict[str, str]:
    cat = catalogue()
    return dict(zip(cat["org_code"], cat["org_name"], strict=True))


def _stored() -> ViewState:
    """The session's filters; on the session's first run, the ones the link asks for."""
    if _VIEW not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        state, notices = parse_params(params, years=years(),
                                      orgs=list(catalogue()["org_code"]))
        st.session_state[_VIEW] = state
        st.session_state[_NOTICES] = [n.message for n in notices]
    state: ViewState = st.session_state[_VIEW]
    return state


def shared_filters() -> Filters:
    """Sector, type and organizations as the analysis pages left them (or as the link asks,
    checked and with notices), narrowed to what the signed-in user may see."""
    return scoped(_stored().filters())


def _changed(**changes: Any) -> None:
    """A filter widget changed: the view follows it, and the link's notices have had their say."""
    st.session_state[_VIEW] = replace(st.session_state[_VIEW], **changes)
    st.session_state[_NOTICES] = []
    # A clickable chart is a new widget after every change, so an old click neither lingers
    # as a selection nor blocks the same click from acting again.
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def _on_year() -> None:
    _changed(year=int(st.session_state[W_YEAR]))


def _on_span() -> None:
    # A start after the end is read as the range between the two years.
    first, last = sorted((int(st.session_state[W_FROM]), int(st.session_state[W_TO])))
    _changed(from_year=first, to_year=last)


def _on_list(key: str, field: str) -> None:
    _changed(**{field: tuple(st.session_state[key]) or None})


def _on_org_one() -> None:
    code = st.session_state[W_ONE]
    _changed(orgs=(code,) if code else None)


def _write_url(state: ViewState, names: tuple[str, ...]) -> None:
    wanted = {k: [v] if isinstance(v, str) else v for k, v in state.params(names).items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def view(*, year: bool = False, span: bool = False, groups: bool = False) -> ViewState:
    """Draw the shared filters the page uses in the sidebar; return them, defaults resolved.

    year: one evaluation year; span: a range of years (from, to); groups: sector, type and
    organizations (the Tổ chức page picks its one organization with ``org_picker``).
    """
    from ui.auth import guard

    # Defence in depth: a page drawn without app.py's login (a test harness, a future router)
    # has no signed-in user and shows no figures.
    guard("view")
    goto = st.session_state.pop(_GOTO, None)
    if goto:
        st.switch_page(goto)
    available = years()
    if not available:
        st.warning(UI["no_years"])
        st.stop()
    # Streamlit keeps a widget's value only while a page draws it, so every run seeds the
    # widgets from the view, and the widgets' callbacks write a change back to it.
    state = _stored().within(available, set(catalogue()["org_code"])).resolved(available)
    st.session_state[_VIEW] = state
    sidebar = st.sidebar
    if year:
        st.session_state[W_YEAR] = state.year
        sidebar.selectbox(UI["year"], available[::-1], key=W_YEAR, on_change=_on_year)
    if span:
        st.session_state[W_FROM] = state.from_year
        st.session_state[W_TO] = state.to_year
        left, right = sidebar.columns(2)
        left.selectbox(ANALYSIS["from"], available, key=W_FROM, on_change=_on_span)
        right.selectbox(ANALYSIS["to"], available, key=W_TO, on_change=_on_span)
    if groups:
        st.session_state[W_SECTOR] = list(state.sectors or ())
        st.session_state[W_TYPE] = list(state.org_types or ())
        st.session_state[W_ORG] = list(state.orgs or ())
        sidebar.multiselect(ANALYSIS["sector"], list(SECTORS), key=W_SECTOR,
                            format_func=lambda c: SECTOR_LABELS.get(c, c),
                            placeholder=ANALYSIS["all"], on_change=_on_list,
                            args=(W_SECTOR, "sectors"))
        sidebar.multiselect(ANALYSIS["org_type"], list(BASE_ORG_TYPES), key=W_TYPE,
                            format_func=lambda c: ORG_TYPE_LABELS.get(c, c),
                            placeholder=ANALYSIS["all"], on_change=_on_list,
                            args=(W_TYPE, "org_types"))
        narrowed = analysis.narrow_catalogue(catalogue(), state.sectors, state.org_types)
        options = list(dict.fromkeys([*narrowed["org_code"], *(state.orgs or ())]))
        names = _names()
        sidebar.multiselect(ANALYSIS["orgs"], options, key=W_ORG,
                            format_func=lambda c: names.get(c, c),
                            placeholder=ANALYSIS["all"], on_change=_on_list,
                            args=(W_ORG, "orgs"))
    for message in st.session_state.get(_NOTICES, []):
        sidebar.warning(message, icon=":material/link_off:")
    # The link carries the page's years and every chosen sector, type and organization, even
    # on a page that does not apply them (the overview): they are the session's, and pages that
    # read the link themselves (Trình chiếu) or a copied link pass them on.
    names = tuple(n for n in PARAM_NAMES if n in (SECTOR, TYPE, ORG)
                  or (n == YEAR and year) or (n in ("from", "to") and span))
    _write_url(state, names)
    st.session_state["year"] = state.year  # the year other pages start from (Trình chiếu)
    return state


def replace_view(state: ViewState, **changes: Any) -> ViewState:
    return replace(state, **changes)


def org_picker(state: ViewState) -> str | None:
    """One organization, chosen in the page (the Tổ chức page); it becomes the ``org`` filter."""
    names = _names()
    st.session_state[W_ONE] = state.orgs[0] if state.orgs else None
    chosen = st.selectbox(ANALYSIS["org_pick"], list(catalogue()["org_code"]), key=W_ONE,
                          format_func=lambda c: names.get(c, c), on_change=_on_org_one,
                          placeholder=ANALYSIS["org_pick_placeholder"])
    return str(chosen) if chosen else None


def _points(chart_key: str) -> list[dict[str, Any]]:
    event = st.session_state.get(chart_key)
    if not event:
        return []
    return list(event.get("selection", {}).get("points", []))


def _select_filter(chart_key: str, field: str) -> None:
    codes = analysis.selected_codes(_points(chart_key))
    if codes:
        _changed(**{field: tuple(codes)})


def _open_org(chart_key: str) -> None:
    codes = analysis.selected_codes(_points(chart_key))
    if codes:
        _changed(orgs=(codes[0],))
        st.session_state[_GOTO] = ORG_PAGE


def clickable_chart(fig: Any, name: str, *, filters: str | None = None) -> None:
    """A bar chart whose bars act when clicked (their code is the bar's customdata).

    ``filters`` names the ViewState field the clicked codes become ("sectors", "org_types");
    without it, a click opens the clicked organization's page.
    """
    key = f"{name}-{st.session_state.get(_GENERATION, 0)}"
    if filters is not None:
        def on_select() -> None:
            _select_filter(key, filters)
    else:
        def on_select() -> None:
            _open_org(key)
    st.plotly_chart(fig, key=key, on_select=on_select, selection_mode="points")


def require_rows(frame: pd.DataFrame, state: ViewState) -> None:
    """Stop the page with a clear message when the filters match nothing."""
    if frame.empty:
        st.info(ANALYSIS["no_match"].format(
            first=state.from_year, last=state.to_year), icon=":material/filter_alt_off:")
        st.stop()


# Formatting every cell in Python (pandas Styler) costs seconds for a city's ten years; above
# this many rows the browser formats the numbers in its own locale instead.
STYLED_ROWS = 2000


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A table in Vietnamese number format; a click on a header sorts it by the numbers."""
    from xeploai.screens.analysis import styled

    if len(frame) <= STYLED_ROWS:
        st.dataframe(styled(frame), hide_index=True, **kwargs)
        return
    numbers = {c: st.column_config.NumberColumn(format="localized")
               for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    st.dataframe(frame, hide_index=True, column_config=numbers, **kwargs)


def chart_data(frame: pd.DataFrame) -> None:
    """The data of the chart above, as a table (every chart offers it)."""
    with st.expander(UI["chart_data"]):
        table(frame)


def write(fn: Callable[[Database], T]) -> T:
    """Run ``fn`` on a read-write handle of the database, then let readers reopen it.

    DuckDB will not open a file read-write in a process that holds it read-only, so the cached
    read-only handle is closed first; the next ``db()`` opens a fresh one, and the caches, keyed
    on the data version, show the new data without a restart. Raises
    ``ingest.DatabaseLocked`` when another process (a command line import) holds the file.
    """
    from xeploai.ingest import open_for_write

    path = str(db_path())
    with contextlib.suppress(DatabaseMissing):
        _open(path).close()
    _open.clear()
    with open_for_write(path) as handle:
        return fn(handle)


@st.cache_data(show_spinner=False, max_entries=64)
def _findings(key: tuple[str, str], year: int) -> list[Any]:
    from xeploai.metrics.rules import check_year

    return check_year(db(), year)


def findings(year: int) -> list[Any]:
    """The rule findings of the year (cached until the data changes)."""
    return _findings(_key(), year)


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    from xeploai.ingest.workbook import template_bytes as build

    return build()


@st.cache_data(show_spinner=False, max_entries=4)
def _export_bytes(key: tuple[str, str]) -> bytes:
    from xeploai.ingest.workbook import export_bytes

    return export_bytes(db())


def export_bytes() -> bytes:
    """Every year's data as an import workbook (cached until the data changes)."""
    return _export_bytes(_key())


@st.cache_data(show_spinner=False, max_entries=8)
def _import_preview(key: tuple[str, str], sources: tuple[Any, ...]) -> Any:
    from xeploai.ingest import preview

    return preview(db(), sources)


def import_preview(sources: list[Any]) -> Any:
    """The dry run of uploaded files, computed once per upload and data version."""
    return _import_preview(_key(), tuple(sources))

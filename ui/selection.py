"""The shared filters of every page and their place in the URL.

The filters live in session state under ``_STATE`` (a ``Selection``), not in the widgets' own
keys: Streamlit forgets a widget's value on a page that does not draw it, and the filters must
survive a visit to such a page. Every run seeds the widgets from the selection; their
``on_change`` callbacks (which run before the script) write a change back. The URL is read once
per session (``selection.parse_params``: a shared link) and rewritten on every run with the
names the page uses. Streamlit's own ``bind="query-params"`` would drop a bad value silently;
here each one becomes a visible Vietnamese notice in the sidebar. Multi-values are repeated
parameters (``?sector=commune&sector=police``); a hand-typed comma list is read too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from ui.auth import guard
from ui.data import cached, data_key, db, scoped
from xeploai.domain.orgs import BASE_ORG_TYPES, SECTORS
from xeploai.domain.selection import (
    ORG,
    PARAM_NAMES,
    SCOPE,
    SECTOR,
    TYPE,
    YEAR,
    Filters,
    Selection,
    parse_params,
    selected_codes,
)
from xeploai.metrics.catalogue import base_org_catalogue, committees, filtered_org_codes, own_scope
from xeploai.screens.registry import page
from xeploai.texts import ANALYSIS, ORG_TYPE_LABELS, UI, sector_label

_STATE = "view_state"
_NOTICES = "view_notices"
_GOTO = "view_goto"
_GENERATION = "view_generation"
W_SCOPE, W_YEAR, W_FROM, W_TO, W_SECTOR, W_TYPE, W_ORG, W_ONE = (
    "f_scope", "f_year", "f_from", "f_to", "f_sector", "f_type", "f_org", "f_org_one")


@st.cache_data(show_spinner=False, max_entries=64)
def _years(key: tuple[str, str]) -> list[int]:
    return [int(y) for y in db().query("years_by_data")["year"]]


def years(scope: str | None = None, *, any_scope: bool = False) -> list[int]:
    """The years in which the committee (None: the database's own) directed base organizations
    — a page opens on its latest, not on a year after it was dissolved; ``any_scope``: every
    year that holds data."""
    held = _years(data_key())
    if any_scope:
        return held
    known = scopes()
    row = known[known["scope_code"] == (scope or _own())]
    if row.empty:
        return held
    first, last = int(row["first_year"].iloc[0]), int(row["last_year"].iloc[0])
    return [y for y in held if first <= y <= last] or held


_catalogue = cached(base_org_catalogue)
_narrowed = cached(filtered_org_codes)
_committees = cached(committees)
_own = cached(own_scope)


def scopes() -> pd.DataFrame:
    """The committees a user may count by (code, name, kind, first and last year)."""
    return _committees()


def catalogue(scope: str | None = None) -> pd.DataFrame:
    """Every base organization the committee ever directed (code, name, type, sector, life
    span) that the signed-in user may see: the choices of the filters and the codes a link may
    name."""
    cat = _catalogue(scope)
    allowed = scoped().orgs
    return cat if allowed is None else cat[cat["org_code"].isin(allowed)]


def names(scope: str | None = None) -> dict[str, str]:
    cat = catalogue(scope)
    return dict(zip(cat["org_code"], cat["org_name"], strict=True))


def _stored() -> Selection:
    """The session's filters; on the session's first run, the ones the link asks for."""
    if _STATE not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        committees_known = list(scopes()["scope_code"])
        asked = st.query_params.get(SCOPE)
        parsed, notices = parse_params(
            params, years=years(any_scope=True), scopes=committees_known,
            orgs=list(catalogue(asked if asked in committees_known else None)["org_code"]))
        st.session_state[_STATE] = parsed
        st.session_state[_NOTICES] = [n.message for n in notices]
    state: Selection = st.session_state[_STATE]
    return state


def shared_filters() -> Filters:
    """Sector, type and organizations as the pages left them (or as the link asks, checked and
    with notices), narrowed to what the signed-in user may see."""
    return scoped(_stored().filters())


def shared_year() -> int | None:
    """The year the session last looked at (the presentation starts from it)."""
    year = st.session_state.get("year")
    return year if isinstance(year, int) else None


def change(**changes: Any) -> None:
    """A filter changed: the selection follows it, and the link's notices have had their say."""
    st.session_state[_STATE] = replace(st.session_state[_STATE], **changes)
    st.session_state[_NOTICES] = []
    # A clickable chart is a new widget after every change, so an old click neither lingers
    # as a selection nor blocks the same click from acting again.
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def generation() -> int:
    return int(st.session_state.get(_GENERATION, 0))


def _on_scope() -> None:
    # the organizations chosen belonged to the committee left behind
    change(scope=st.session_state[W_SCOPE], orgs=None)


def _on_year() -> None:
    change(year=int(st.session_state[W_YEAR]))


def _on_span() -> None:
    # A start after the end is read as the range between the two years.
    first, last = sorted((int(st.session_state[W_FROM]), int(st.session_state[W_TO])))
    change(from_year=first, to_year=last)


def _on_list(key: str, field: str) -> None:
    change(**{field: tuple(st.session_state[key]) or None})


def _on_org_one() -> None:
    code = st.session_state[W_ONE]
    change(orgs=(code,) if code else None)


def _write_url(state: Selection, names: tuple[str, ...]) -> None:
    wanted = {k: [v] if isinstance(v, str) else v for k, v in state.params(names).items()}
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def sidebar(*, year: bool = False, span: bool = False, groups: bool = False) -> Selection:
    """Draw the shared filters the page uses in the sidebar; return them, defaults resolved.

    year: one evaluation year; span: a range of years (from, to); groups: sector, type and
    organizations (the Tổ chức page picks its one organization with ``org_picker``). A page
    without data stops here with a notice.
    """
    # Defence in depth: a page drawn without app.py's login (a test harness, a future router)
    # has no signed-in user and shows no figures.
    guard("view")
    goto = st.session_state.pop(_GOTO, None)
    if goto:
        st.switch_page(goto)
    # Streamlit keeps a widget's value only while a page draws it, so every run seeds the
    # widgets from the selection, and the widgets' callbacks write a change back to it.
    known = scopes()
    stored = _stored()
    available = years(stored.scope)
    if not available:
        st.warning(UI["no_years"])
        st.stop()
    state = stored.within(available, set(catalogue(stored.scope)["org_code"]),
                          set(known["scope_code"])).resolved(available)
    st.session_state[_STATE] = state
    bar = st.sidebar
    if len(known) > 1:
        # the committee counted: only worth a picker when the tree holds more than one
        scope_names = {r.scope_code: UI["scope_label"].format(
            name=r.scope_name, first=r.first_year, last=r.last_year)
            for r in known.itertuples()}
        st.session_state[W_SCOPE] = state.scope
        bar.selectbox(UI["scope"], known["scope_code"].tolist(), key=W_SCOPE,
                      format_func=lambda c: scope_names.get(c, c),
                      placeholder=UI["scope_own"], index=None, on_change=_on_scope)
    if year:
        st.session_state[W_YEAR] = state.year
        bar.selectbox(UI["year"], available[::-1], key=W_YEAR, on_change=_on_year)
    if span:
        st.session_state[W_FROM] = state.from_year
        st.session_state[W_TO] = state.to_year
        left, right = bar.columns(2)
        left.selectbox(ANALYSIS["from"], available, key=W_FROM, on_change=_on_span)
        right.selectbox(ANALYSIS["to"], available, key=W_TO, on_change=_on_span)
    if groups:
        st.session_state[W_SECTOR] = list(state.sectors or ())
        st.session_state[W_TYPE] = list(state.org_types or ())
        st.session_state[W_ORG] = list(state.orgs or ())
        bar.multiselect(ANALYSIS["sector"], list(SECTORS), key=W_SECTOR,
                        format_func=lambda c: sector_label(c, state.to_year),
                        placeholder=ANALYSIS["all"], on_change=_on_list,
                        args=(W_SECTOR, "sectors"))
        bar.multiselect(ANALYSIS["org_type"], list(BASE_ORG_TYPES), key=W_TYPE,
                        format_func=lambda c: ORG_TYPE_LABELS.get(c, c),
                        placeholder=ANALYSIS["all"], on_change=_on_list,
                        args=(W_TYPE, "org_types"))
        narrowed = set(_narrowed(Filters(state.sectors, state.org_types, scope=state.scope)))
        allowed = catalogue(state.scope)["org_code"]
        options = list(dict.fromkeys([*allowed[allowed.isin(narrowed)], *(state.orgs or ())]))
        labels = names(state.scope)
        bar.multiselect(ANALYSIS["orgs"], options, key=W_ORG,
                        format_func=lambda c: labels.get(c, c),
                        placeholder=ANALYSIS["all"], on_change=_on_list,
                        args=(W_ORG, "orgs"))
    for message in st.session_state.get(_NOTICES, []):
        bar.warning(message, icon=":material/link_off:")
    # The link carries the page's years and every chosen sector, type and organization, even
    # on a page that does not apply them (the overview): they are the session's, and pages that
    # read the link themselves (Trình chiếu) or a copied link pass them on.
    shown = tuple(n for n in PARAM_NAMES if n in (SCOPE, SECTOR, TYPE, ORG)
                  or (n == YEAR and year) or (n in ("from", "to") and span))
    _write_url(state, shown)
    st.session_state["year"] = state.year  # the year other pages start from (Trình chiếu)
    return state


def org_picker(state: Selection) -> str | None:
    """One organization, chosen in the page (the Tổ chức page); it becomes the ``org`` filter."""
    labels = names(state.scope)
    st.session_state[W_ONE] = state.orgs[0] if state.orgs else None
    chosen = st.selectbox(ANALYSIS["org_pick"], list(catalogue(state.scope)["org_code"]),
                          key=W_ONE,
                          format_func=lambda c: labels.get(c, c), on_change=_on_org_one,
                          placeholder=ANALYSIS["org_pick_placeholder"])
    return str(chosen) if chosen else None


def _points(chart_key: str) -> list[dict[str, Any]]:
    event = st.session_state.get(chart_key)
    if not event:
        return []
    return list(event.get("selection", {}).get("points", []))


def select_filter(chart_key: str, field: str) -> None:
    """A bar of a sector or a type was clicked: it becomes the filter."""
    codes = selected_codes(_points(chart_key))
    if codes:
        change(**{field: tuple(codes)})


def open_org(chart_key: str) -> None:
    """An organization's bar was clicked: its page opens on the next run."""
    codes = selected_codes(_points(chart_key))
    if codes:
        change(orgs=(codes[0],))
        st.session_state[_GOTO] = page("organization").file


def goto_org(code: str) -> None:
    """A link to an organization was clicked (the overview's list): its page opens on the next
    run, with the session's committee and year."""
    change(orgs=(code,))
    st.session_state[_GOTO] = page("organization").file


def presentation_year(available: list[int]) -> None:
    """Trình chiếu's year, once per session: the year of a shared link, else the year just
    chosen on another page, else the latest."""
    if "present_year" in st.session_state:
        return
    raw = st.query_params.get("year", "")
    shared = shared_year()
    st.session_state["present_year"] = (
        int(raw) if raw.isascii() and raw.isdecimal() and int(raw) in available
        else shared if shared in available else available[-1])

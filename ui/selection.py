"""The shared filters of every page and their place in the URL.

The filters live in session state under ``_STATE`` (a ``Selection``), not in the widgets' own
keys: Streamlit forgets a widget's value on a page that does not draw it, and the filters must
survive a visit to such a page. Every run seeds the widgets from the selection; their
``on_change`` callbacks (which run before the script) write a change back.

The URL is the page's view: each page writes, on every run, the names its registry entry
lists (``PageSpec.link``: every filter and choice of that page, nothing it does not apply).
It is read on the session's first run (a shared link) and again whenever it is not the one
this session last wrote — the browser's Back and Forward buttons bring back an earlier view.
Streamlit's own ``bind="query-params"`` would drop a bad value silently; here each one becomes
a visible Vietnamese notice in the sidebar. Multi-values are repeated parameters
(``?sector=commune&sector=police``); a hand-typed comma list is read too.

Opening an organization from a chart (drill-down) sets the organization page's own choice,
not the filters of the page left: Back finds that page as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import pandas as pd
import streamlit as st

from ui.auth import guard
from ui.data import cached, scoped, shared
from ui.plotly_chart import clicked_points
from ui.share import copy_link_button
from xeploai.domain.measures import SUBJECTS, THRESHOLD_MEASURES, THRESHOLD_OPS, Threshold
from xeploai.domain.orgs import BASE_ORG_TYPES, SECTORS
from xeploai.domain.plain import markdown_text
from xeploai.domain.selection import (
    FROM,
    LEVEL,
    LEVEL_OPTIONS,
    ORG,
    SCOPE,
    SLIDE,
    THRESHOLD,
    YEAR,
    Filters,
    LinkSpec,
    Notice,
    Selection,
    named_words,
    parse_params,
    selected_codes,
)
from xeploai.metrics.catalogue import (
    base_org_catalogue,
    committees,
    listed_orgs,
    more_orgs_than,
    org_names,
    own_scope,
)
from xeploai.metrics.frames import among
from xeploai.screens.registry import PageSpec, page
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    SUBJECT_LABELS,
    UI,
    VIEW_NOTICES,
    fmt_int,
    fmt_num,
    sector_label,
)

_STATE = "view_state"
_NOTICES = "view_notices"
_GOTO = "view_goto"
_WRITTEN = "view_written"  # the link this session last wrote
W_SCOPE, W_YEAR, W_FROM, W_TO, W_SECTOR, W_TYPE, W_ORG, W_ONE = (
    "f_scope",
    "f_year",
    "f_from",
    "f_to",
    "f_sector",
    "f_type",
    "f_org",
    "f_org_one",
)
W_FIND, W_FIND_ONE = "f_org_find", "f_org_one_find"
# The organizations a picker lists at most. A committee may have directed many more over the
# years (278.070 at national scale: listed whole, they cost the server about a second a run and
# the browser megabytes); beyond this, a search box (part of the name or code) says which.
CHOICES_MAX = 300
W_LEVELS, W_USE, W_MEASURE, W_OP, W_VALUE, W_SUBJECT, W_TARGET = (
    "x_levels",
    "x_use_threshold",
    "x_measure",
    "x_op",
    "x_value",
    "t_subject",
    "gap_target",
)
# Tra cứu's threshold as it first appears when switched on.
DEFAULT_THRESHOLD = Threshold("members_good_pct", "below", 80.0)


@dataclass(frozen=True)
class Committees:
    """What the sidebar knows before any filter: the committees a user may count by (codes in
    the order of ``committees``, the picker's labels, the first and last year each directed
    base organizations), the years that hold data and the database's own superior. Plain
    values, kept with the data as one answer: the committees' frame, their labels, the years
    and the own superior were four cached answers, each copied in and out of the cache (and
    the frame looked up with pandas) on every run — a quarter of a page's sidebar."""

    codes: tuple[str, ...]
    labels: Mapping[str, str]  # read-only: every session is handed the same (``shared``)
    # each committee's first and last year, in the order of ``codes`` (two tuples of numbers:
    # a dict of pairs took 1 ms more to copy out of the cache nationally, 6.099 committees)
    first_years: tuple[int, ...]
    last_years: tuple[int, ...]
    years: tuple[int, ...]
    own: str

    def span(self, code: str) -> tuple[int, int] | None:
        """The first and last year the committee directed base organizations (None: unknown)."""
        if code not in self.labels:
            return None
        at = self.codes.index(code)
        return self.first_years[at], self.last_years[at]


def committee_facts(handle: Database) -> Committees:
    known = committees(handle)
    codes = known["scope_code"].tolist()
    first, last = known["first_year"].tolist(), known["last_year"].tolist()
    label = UI["scope_label"].format
    return Committees(
        codes=tuple(codes),
        labels=MappingProxyType(
            {
                code: label(name=name, first=a, last=b)
                for code, name, a, b in zip(
                    codes, known["scope_name"].tolist(), first, last, strict=True
                )
            }
        ),
        first_years=tuple(int(a) for a in first),
        last_years=tuple(int(b) for b in last),
        years=tuple(int(y) for y in handle.query("years_by_data")["year"]),
        own=own_scope(handle),
    )


_facts = shared(committee_facts)


def years(scope: str | None = None, *, any_scope: bool = False) -> list[int]:
    """The years in which the committee (None: the database's own) directed base organizations
    — a page opens on its latest, not on a year after it was dissolved; ``any_scope``: every
    year that holds data."""
    facts = _facts()
    held = list(facts.years)
    span = None if any_scope else facts.span(scope or facts.own)
    if span is None:
        return held
    first, last = span
    return [y for y in held if first <= y <= last] or held


_catalogue = cached(base_org_catalogue)
_listed = cached(listed_orgs)
_more = cached(more_orgs_than)
_names = cached(org_names)


def catalogue(scope: str | None = None, named: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every base organization the committee ever directed (code, name, type, sector, life
    span) that the signed-in user may see; with ``named``, those a link's words may name
    (``named_words``)."""
    cat = _catalogue(scope, named)
    allowed = scoped().orgs
    return cat if allowed is None else cat[among(cat["org_code"], allowed)]


def names(scope: str | None, codes: Iterable[str]) -> dict[str, str]:
    """The names of the organizations ``codes`` that the committee's catalogue holds and the
    signed-in user may see (the others left out)."""
    wanted = tuple(dict.fromkeys(c for c in codes if c))
    return _names(Filters(orgs=wanted, scope=scope)) if wanted else {}


def choices(
    where: Any, among_filters: Filters, chosen: tuple[str, ...], find_key: str
) -> tuple[list[str], dict[str, str]]:
    """The codes a picker lists, and their names: the organizations ``among_filters`` selects
    (by name) when they are at most ``CHOICES_MAX``; else a search box above the picker, and
    the first ``CHOICES_MAX`` of them that the words typed find (a note says when there are
    more, or none). The organizations ``chosen`` are listed either way: a choice stays
    visible, and can be removed."""
    if _more(among_filters, CHOICES_MAX):  # counted, not listed: a committee's 278.070
        words = where.text_input(
            ANALYSIS["org_find"],
            key=find_key,
            max_chars=100,
            placeholder=ANALYSIS["org_find_placeholder"],
        ).strip()
        listed = (
            _listed(among_filters, words, CHOICES_MAX + 1)
            if words
            else pd.DataFrame({"org_code": [], "org_name": []}, dtype=object)
        )
        if not words:
            where.caption(ANALYSIS["org_find_prompt"].format(n=fmt_int(CHOICES_MAX)))
        elif listed.empty:
            where.caption(ANALYSIS["org_find_none"].format(words=markdown_text(words)))
        elif len(listed) > CHOICES_MAX:
            listed = listed.iloc[:CHOICES_MAX]
            where.caption(
                ANALYSIS["org_find_more"].format(
                    shown=fmt_int(CHOICES_MAX), words=markdown_text(words)
                )
            )
        codes = [*chosen, *listed["org_code"].tolist()]
    else:
        listed = _listed(among_filters, "", CHOICES_MAX)
        codes = [*listed["org_code"].tolist(), *chosen]
    labels = dict(zip(listed["org_code"].tolist(), listed["org_name"].tolist(), strict=True))
    labels |= names(among_filters.scope, (c for c in chosen if c not in labels))
    return list(dict.fromkeys(codes)), labels


def _query() -> dict[str, list[str]]:
    """The link as the browser has it; ``slide`` is the presentation's script's to write."""
    return {name: st.query_params.get_all(name) for name in st.query_params if name != SLIDE}


def _parse(link: LinkSpec) -> tuple[Selection, list[Notice]]:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    committees_known = list(_facts().codes)
    asked = st.query_params.get(SCOPE)
    # the codes the link names, looked up: not the committee's whole catalogue (278.070
    # organizations nationally, 0,34–0,54 s of a session's first run)
    named = st.query_params.get_all(ORG)
    known = (
        catalogue(asked if asked in committees_known else None, named_words(named))
        if named
        else None
    )
    return parse_params(
        params,
        years=years(any_scope=True),
        scopes=committees_known,
        link=link,
        orgs=[] if known is None else known["org_code"].tolist(),
    )


def _stored(link: LinkSpec) -> Selection:
    """The session's view: on its first run, the one the link asks for; after the browser's
    Back or Forward (a link this session did not write last), the page's part of that link."""
    if _STATE not in st.session_state:
        parsed, notices = _parse(link)
        st.session_state[_STATE] = parsed
        st.session_state[_NOTICES] = [n.message for n in notices]
    else:
        query = _query()
        if query and query != st.session_state.get(_WRITTEN):
            parsed, notices = _parse(link)
            st.session_state[_STATE] = replace(st.session_state[_STATE], **parsed.page_part(link))
            st.session_state[_NOTICES] = [n.message for n in notices]
    state: Selection = st.session_state[_STATE]
    return state


def change(**changes: Any) -> None:
    """A filter changed: the selection follows it, and the link's notices have had their say."""
    st.session_state[_STATE] = replace(st.session_state[_STATE], **changes)
    st.session_state[_NOTICES] = []


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
    change(org=st.session_state[W_ONE] or None)


def write_link(state: Selection, link: LinkSpec) -> None:
    """The page's view into the URL (and remembered as this session's last link)."""
    wanted = {
        k: [v] if isinstance(v, str) else v for k, v in state.params(link).items() if k != SLIDE
    }
    if _query() != wanted:
        slide = st.query_params.get_all(SLIDE) if SLIDE in link else []
        st.query_params.from_dict({**wanted, **({SLIDE: slide} if slide else {})})
    st.session_state[_WRITTEN] = wanted


def sidebar(key: str) -> Selection:
    """Draw in the sidebar the shared filters page ``key`` uses (its registry entry's link:
    a year, a range of years, sector, type and organizations); return the view, defaults
    resolved. A page without data stops here with a notice.
    """
    spec: PageSpec = page(key)
    link = spec.link
    # Defence in depth: a page drawn without app.py's login (a test harness, a future router)
    # has no signed-in user and shows no figures.
    guard(spec.permission)
    goto = st.session_state.pop(_GOTO, None)
    if goto:
        # the page opens on its own link at once: the browser keeps one entry for it, and
        # Back returns to the page left, as it was
        file, params = goto
        st.switch_page(file, query_params=params)
    # Streamlit keeps a widget's value only while a page draws it, so every run seeds the
    # widgets from the selection, and the widgets' callbacks write a change back to it.
    facts = _facts()
    stored = _stored(link)
    available = years(stored.scope)
    if not available:
        st.warning(UI["no_years"])
        st.stop()
    state = stored.within(
        available,
        set(names(stored.scope, [*(stored.orgs or ()), stored.org or ""])),
        set(facts.codes),
    ).resolved(available)
    st.session_state[_STATE] = state
    bar = st.sidebar
    if SCOPE in link and len(facts.codes) > 1:
        # the committee counted: only worth a picker when the tree holds more than one
        scope_names = facts.labels
        st.session_state[W_SCOPE] = state.scope
        bar.selectbox(
            UI["scope"],
            list(scope_names),
            key=W_SCOPE,
            format_func=lambda c: scope_names.get(c, c),
            placeholder=UI["scope_own"],
            index=None,
            on_change=_on_scope,
        )
    if YEAR in link:
        st.session_state[W_YEAR] = state.year
        bar.selectbox(UI["year"], available[::-1], key=W_YEAR, on_change=_on_year)
    if FROM in link:
        st.session_state[W_FROM] = state.from_year
        st.session_state[W_TO] = state.to_year
        left, right = bar.columns(2)
        left.selectbox(ANALYSIS["from"], available, key=W_FROM, on_change=_on_span)
        right.selectbox(ANALYSIS["to"], available, key=W_TO, on_change=_on_span)
    if link.groups:
        st.session_state[W_SECTOR] = list(state.sectors or ())
        st.session_state[W_TYPE] = list(state.org_types or ())
        st.session_state[W_ORG] = list(state.orgs or ())
        bar.multiselect(
            ANALYSIS["sector"],
            list(SECTORS),
            key=W_SECTOR,
            format_func=lambda c: sector_label(c, state.to_year),
            placeholder=ANALYSIS["all"],
            on_change=_on_list,
            args=(W_SECTOR, "sectors"),
            select_all=False,
        )
        bar.multiselect(
            ANALYSIS["org_type"],
            list(BASE_ORG_TYPES),
            key=W_TYPE,
            format_func=lambda c: ORG_TYPE_LABELS.get(c, c),
            placeholder=ANALYSIS["all"],
            on_change=_on_list,
            args=(W_TYPE, "org_types"),
            select_all=False,
        )
        options, labels = choices(
            bar,
            Filters(state.sectors, state.org_types, scope=state.scope),
            state.orgs or (),
            W_FIND,
        )
        bar.multiselect(
            ANALYSIS["orgs"],
            options,
            key=W_ORG,
            format_func=lambda c: labels.get(c, c),
            placeholder=ANALYSIS["all"],
            on_change=_on_list,
            args=(W_ORG, "orgs"),
            select_all=False,
        )
    for message in st.session_state.get(_NOTICES, []):
        bar.warning(markdown_text(message), icon=":material/link_off:")
    write_link(state, link)
    copy_link_button()
    return state


def org_picker(state: Selection) -> str | None:
    """One organization, chosen in the page (the Tổ chức page): the page's own choice (its
    link's ``org``), not a filter that would follow to the other pages."""
    options, labels = choices(
        st, Filters(scope=state.scope), (state.org,) if state.org else (), W_FIND_ONE
    )
    st.session_state[W_ONE] = state.org
    chosen = st.selectbox(
        ANALYSIS["org_pick"],
        options,
        key=W_ONE,
        format_func=lambda c: labels.get(c, c),
        on_change=_on_org_one,
        placeholder=ANALYSIS["org_pick_placeholder"],
    )
    return str(chosen) if chosen else None


def select_filter(chart_key: str, field: str) -> None:
    """A bar of a sector or a type was clicked: it becomes the filter."""
    codes = selected_codes(clicked_points(chart_key))
    if codes:
        change(**{field: tuple(codes)})


def open_org(chart_key: str) -> None:
    """An organization's bar was clicked: its page opens on the next run, showing it; the
    filters of the page left stay as they were."""
    codes = selected_codes(clicked_points(chart_key))
    if codes:
        change(org=codes[0])
        target = page("organization")
        st.session_state[_GOTO] = (target.file, st.session_state[_STATE].params(target.link))


def goto_org(code: str) -> None:
    """A link to an organization was clicked (the overview's list): its page opens on the next
    run, showing it; the page left keeps its filters."""
    change(org=code)
    target = page("organization")
    st.session_state[_GOTO] = (target.file, st.session_state[_STATE].params(target.link))


def rewrite_link(key: str) -> None:
    """The link of page ``key`` from the view as it stands (after a part of the page, a
    fragment, ran alone)."""
    write_link(st.session_state[_STATE], page(key).link)


def notice(message: str) -> None:
    """A notice about the link found by the page itself (a target the year does not have)."""
    st.sidebar.warning(message, icon=":material/link_off:")


# --- the choices of single pages ----------------------------------------------------------------


def _on_subject(labels: dict[str, str]) -> None:
    chosen = st.session_state[W_SUBJECT]
    change(subject=next((code for code, label in labels.items() if label == chosen), None))


def subject_tabs(state: Selection, labels: dict[str, str]) -> list[Any]:
    """Xu hướng's tabs, one per subject (``labels``: code → tab label), opening on the link's."""
    if state.subject in labels:
        st.session_state[W_SUBJECT] = labels[state.subject]
    tabs = st.tabs(list(labels.values()), key=W_SUBJECT, on_change=_on_subject, args=(labels,))
    return list(tabs)


def _on_levels() -> None:
    change(levels=tuple(st.session_state[W_LEVELS]) or None)


def _on_threshold() -> None:
    if not st.session_state[W_USE]:
        change(threshold=None)
        return
    change(
        threshold=Threshold(
            st.session_state.get(W_MEASURE) or DEFAULT_THRESHOLD.measure,
            st.session_state.get(W_OP) or DEFAULT_THRESHOLD.op,
            float(st.session_state.get(W_VALUE, DEFAULT_THRESHOLD.value)),
        )
    )


def explorer_conditions(
    state: Selection, *, level_label: Any, measure_label: Any, op_label: Any
) -> None:
    """Tra cứu's levels and threshold, seeded from the view (the link) and written back to it:
    a copied link shows the same rows."""
    st.session_state[W_LEVELS] = list(state.levels or ())
    threshold = state.threshold or DEFAULT_THRESHOLD
    st.session_state[W_USE] = state.threshold is not None
    st.session_state[W_MEASURE] = threshold.measure
    st.session_state[W_OP] = threshold.op
    st.session_state[W_VALUE] = float(threshold.value)
    use = state.threshold is not None
    left, right = st.columns([2, 3])
    left.multiselect(
        ANALYSIS["explorer_levels"],
        list(LEVEL_OPTIONS),
        format_func=level_label,
        placeholder=ANALYSIS["all"],
        key=W_LEVELS,
        on_change=_on_levels,
        select_all=False,
    )
    with right:
        st.toggle(ANALYSIS["explorer_threshold"], key=W_USE, on_change=_on_threshold)
        a, b, c = st.columns([3, 2, 2])
        a.selectbox(
            ANALYSIS["explorer_measure"],
            list(THRESHOLD_MEASURES),
            format_func=measure_label,
            key=W_MEASURE,
            disabled=not use,
            on_change=_on_threshold,
        )
        b.selectbox(
            ANALYSIS["explorer_op"],
            list(THRESHOLD_OPS),
            format_func=op_label,
            key=W_OP,
            disabled=not use,
            on_change=_on_threshold,
        )
        c.number_input(
            ANALYSIS["explorer_value"],
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%g",
            key=W_VALUE,
            disabled=not use,
            on_change=_on_threshold,
        )


def _on_target(ids: tuple[str, ...]) -> None:
    change(target=ids[st.session_state[W_TARGET]])


def gap_target(
    state: Selection, ids: tuple[str, ...], options: tuple[str, ...], default: int
) -> int:
    """Chỉ tiêu's target analysed (its position among the year's ``ids``): the link's, else
    ``default``; a target the year does not have is said so."""
    if state.target is not None and state.target not in ids:
        notice(VIEW_NOTICES["target_not_in_year"].format(year=state.year, value=state.target))
    chosen = ids.index(state.target) if state.target in ids else default
    st.session_state[W_TARGET] = chosen
    st.selectbox(
        ANALYSIS["gap_pick"],
        range(len(options)),
        key=W_TARGET,
        format_func=lambda i: options[i],
        on_change=_on_target,
        args=(ids,),
    )
    return chosen


# --- what is filtered, said under the title -----------------------------------------------------


def _clear(**fields: Any) -> None:
    change(**fields)


def active_filters(state: Selection, key: str) -> None:
    """ "Đang lọc: … ✕" under the page's title: each filter in force on this page (sector,
    type, organizations, Tra cứu's levels and threshold), with a button that removes it."""
    link = page(key).link
    chips: list[tuple[str, dict[str, Any]]] = []
    if link.groups:
        chips += [
            (sector_label(c, state.to_year), {"sectors": _without(state.sectors, c)})
            for c in state.sectors or ()
        ]
        chips += [
            (ORG_TYPE_LABELS.get(c, c), {"org_types": _without(state.org_types, c)})
            for c in state.org_types or ()
        ]
        orgs = state.orgs or ()
        if len(orgs) > 3:
            chips.append((ANALYSIS["chip_orgs"].format(n=fmt_int(len(orgs))), {"orgs": None}))
        else:
            labels = names(state.scope, orgs)
            chips += [(labels.get(c, c), {"orgs": _without(orgs, c)}) for c in orgs]
    if LEVEL in link:
        chips += [
            (LEVEL_LABELS.get(c, UI["not_rated"]), {"levels": _without(state.levels, c)})
            for c in state.levels or ()
        ]
    if THRESHOLD in link and state.threshold is not None:
        t = state.threshold
        chips.append(
            (
                ANALYSIS["chip_threshold"].format(
                    measure=ANALYSIS[f"measure_{t.measure}"],
                    op=ANALYSIS[f"op_sign_{t.op}"],
                    value=fmt_num(t.value, 0 if t.value == int(t.value) else 2),
                ),
                {"threshold": None},
            )
        )
    if not chips:
        return
    with st.container(
        horizontal=True, key="active-filters", vertical_alignment="center", gap="small"
    ):
        st.markdown(f"**{ANALYSIS['filtering']}**", width="content")
        for i, (label, fields) in enumerate(chips):
            st.button(
                label,
                key=f"chip-{i}",
                icon=":material/close:",
                icon_position="right",
                on_click=_clear,
                kwargs=fields,
                help=ANALYSIS["chip_remove"],
            )
        if len(chips) > 1:
            cleared = {"sectors": None, "org_types": None, "orgs": None}
            if LEVEL in link:
                cleared.update(levels=None, threshold=None)
            st.button(
                ANALYSIS["clear_all"],
                key="chip-all",
                type="tertiary",
                on_click=_clear,
                kwargs=cleared,
            )


def _without(values: tuple[str, ...] | None, code: str) -> tuple[str, ...] | None:
    return tuple(v for v in values or () if v != code) or None


def subjects() -> dict[str, str]:
    return {code: SUBJECT_LABELS[code] for code in SUBJECTS}

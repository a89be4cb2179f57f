"""The shared filters of the analysis pages and their form in a link (the URL's query string).

A copied link must reopen the same view, so the filters live in the URL under stable names:

=========  ==================================================  ==============================
name       meaning                                             example
=========  ==================================================  ==============================
year       the evaluation year a page focuses on               ``?year=2019``
from, to   the range of years of the trend charts and tables   ``?from=2016&to=2020``
sector     sector codes (``domain.SECTORS``)                   ``?sector=commune``
type       base organization types                             ``?type=base_cell``
org        base organizations (Tổ chức: the one it shows)      ``?org=XBD&org=TTHM``
scope      the committee whose organizations are counted       ``?scope=XA_BADIEM``
level      Tra cứu: the levels (codes, ``not_rated``)          ``?level=HTNV&level=KHTNV``
threshold  Tra cứu: a share ``below``/``at_least`` a percent   ``?threshold=exempt_pct:at_least:10``
target     Chỉ tiêu: the target analysed                       ``?target=members:excellent_pct``
subject    Xu hướng: whose levels the first chart shows        ``?subject=members``
slide      Trình chiếu: presenting, from this slide            ``?slide=3``
=========  ==================================================  ==============================

Each page carries in its link the names it uses and those only (``LinkSpec``, given by the
page registry): the overview does not filter by sector, so its link has no ``sector``.

Several values are written as repeated parameters (``?sector=commune&sector=police``), the
form browsers and Streamlit produce; a comma list typed by hand (``?sector=commune,police``)
is read as well. Codes stay English so a link survives a change of the Vietnamese labels.

Whatever a link holds, parsing never raises: an unknown name, a value that is not a year, a
year without data, an unknown code — each is dropped and reported as a ``Notice`` that the page
shows in Vietnamese. This module is pure (no Streamlit) so every bad input is unit-tested.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from xeploai.domain.levels import LEVEL_CODES
from xeploai.domain.measures import MEASURES, NOT_RATED, SUBJECTS, Threshold
from xeploai.domain.orgs import BASE_ORG_TYPES, SECTORS
from xeploai.texts import VIEW_NOTICES


@dataclass(frozen=True)
class Filters:
    """Which base organizations the figures cover: those the committee ``scope`` directed (None:
    the database's own superior), narrowed by sector, kind and code (None: all)."""

    sectors: tuple[str, ...] | None = None
    org_types: tuple[str, ...] | None = None
    orgs: tuple[str, ...] | None = None
    scope: str | None = None

    def params(self) -> dict[str, str | list[str] | None]:
        """The bound parameters of the queries that take the filters."""
        return {
            "scope": self.scope,
            "sectors": list(self.sectors) if self.sectors is not None else None,
            "org_types": list(self.org_types) if self.org_types is not None else None,
            "orgs": list(self.orgs) if self.orgs is not None else None,
        }

    @property
    def is_all(self) -> bool:
        """No sector, kind or organization chosen: the whole of the scope."""
        return self.sectors is None and self.org_types is None and self.orgs is None


ALL = Filters()
# Every year a query's range can ask for (``from_year``, ``to_year``): a result read once for all
# the years, then cut by year in Python.
EVERY_YEAR = (0, 9999)


# The scope of a set of organizations named one by one, whatever committee directed them (a
# year-to-year comparison across a reorganization follows the organizations, not the tree).
ANY_SCOPE = "*"


def years_read(filters: Filters, from_year: int, to_year: int) -> tuple[int, int]:
    """The years to read for figures of ``from_year``–``to_year``: every year at once (then cut
    by year) while they are the stored sums, a few rows a year, and for the organizations of a
    committee named one by one (a viewer's, a link's), whose query costs about as much for
    every year as for one (a district's twelve: 12 ms either way; nationally 38 ms for one
    year, 80 for every year, where the pages ask for the year, the year before and the years
    until it); only the years asked for organizations named across committees
    (``ANY_SCOPE``: the like-for-like units of a national year, 0,45 s a query for every year,
    0,1 for one)."""
    if filters.orgs is not None and filters.scope == ANY_SCOPE:
        return (from_year, to_year)
    return EVERY_YEAR


SCOPE, YEAR, FROM, TO, SECTOR, TYPE, ORG = ("scope", "year", "from", "to", "sector", "type", "org")
LEVEL, THRESHOLD, TARGET, SUBJECT, SLIDE = "level", "threshold", "target", "subject", "slide"
PARAM_NAMES: tuple[str, ...] = (
    SCOPE,
    YEAR,
    FROM,
    TO,
    SECTOR,
    TYPE,
    ORG,
    LEVEL,
    THRESHOLD,
    TARGET,
    SUBJECT,
    SLIDE,
)
GROUPS = (SECTOR, TYPE, ORG)  # the filters a page applies to the organizations it counts
LEVEL_OPTIONS: tuple[str, ...] = (*LEVEL_CODES, NOT_RATED)


@dataclass(frozen=True)
class LinkSpec:
    """What one page's link carries: the names it reads and writes, and whether its ``org``
    is the one organization the page shows (Tổ chức) rather than a filter."""

    names: tuple[str, ...]
    org_is_focus: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.names) - set(PARAM_NAMES)
        if unknown:
            raise ValueError(f"unknown link parameters {sorted(unknown)}")

    def __contains__(self, name: object) -> bool:
        return name in self.names

    @property
    def groups(self) -> bool:
        """The page filters by sector, type and organization."""
        return SECTOR in self.names


EVERY = LinkSpec(PARAM_NAMES)
# Streamlit's own parameters; never ours to judge.
FOREIGN_PARAMS = frozenset({"embed", "embed_options"})
_MAX_SHOWN = 40  # a notice quotes at most this much of a bad value


@dataclass(frozen=True)
class Notice:
    """One ignored piece of a link: which parameter, the value found, and why."""

    param: str
    value: str
    reason: str  # a key of texts.VIEW_NOTICES

    @property
    def message(self) -> str:
        value = self.value if len(self.value) <= _MAX_SHOWN else self.value[:_MAX_SHOWN] + "…"
        return VIEW_NOTICES[self.reason].format(param=self.param, value=value)


@dataclass(frozen=True)
class Selection:
    """The shared filters. None means "not chosen": the latest year, all years, everything."""

    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    sectors: tuple[str, ...] | None = None
    org_types: tuple[str, ...] | None = None
    orgs: tuple[str, ...] | None = None
    scope: str | None = None  # the committee counted; None: the database's own superior
    # The choices of single pages (None: not chosen, the page's default).
    org: str | None = None  # Tổ chức: the organization it shows (not a filter of the others)
    levels: tuple[str, ...] | None = None  # Tra cứu: organizations' levels (LEVEL_OPTIONS)
    threshold: Threshold | None = None  # Tra cứu: a share past a value
    target: str | None = None  # Chỉ tiêu: the target analysed, "subject:measure"
    subject: str | None = None  # Xu hướng: whose levels the first chart shows
    slide: int | None = None  # Trình chiếu: presenting, from this slide (from 1)

    def filters(self) -> Filters:
        return Filters(self.sectors, self.org_types, self.orgs, self.scope)

    def counted(self) -> Selection:
        """The view without the choices that only pick what is shown of the same figures (a
        tab, a target, a slide): what a screen's figures depend on, and are cached by."""
        return replace(self, subject=None, target=None, slide=None)

    def resolved(self, years: Sequence[int]) -> Selection:
        """Defaults filled in from the years that hold data (latest year, every year)."""
        if not years:
            return self
        first, last = min(years), max(years)
        return replace(
            self,
            year=self.year if self.year is not None else last,
            from_year=self.from_year if self.from_year is not None else first,
            to_year=self.to_year if self.to_year is not None else last,
        )

    def within(
        self, years: Collection[int], orgs: Collection[str], scopes: Collection[str] | None = None
    ) -> Selection:
        """The view without what the data no longer holds (a year, an organization or a
        committee removed by an import since the session began): those parts fall back to
        their defaults."""

        def year(value: int | None) -> int | None:
            return value if value in years else None

        first, last = year(self.from_year), year(self.to_year)
        if first is not None and last is not None and first > last:
            first = last = None
        kept = tuple(code for code in self.orgs or () if code in orgs) or None
        scope = self.scope if scopes is None or self.scope in scopes else None
        return replace(
            self,
            year=year(self.year),
            from_year=first,
            to_year=last,
            orgs=kept,
            scope=scope,
            org=self.org if self.org in orgs else None,
        )

    def params(self, names: Iterable[str] | LinkSpec = PARAM_NAMES) -> dict[str, str | list[str]]:
        """The query string of this view, limited to the names a page uses.

        Years are always written when present (a link must not drift to next year's data);
        an empty list filter is left out (no parameter = everything).
        """
        focus = isinstance(names, LinkSpec) and names.org_is_focus
        wanted = set(names.names if isinstance(names, LinkSpec) else names)
        out: dict[str, str | list[str]] = {}
        if SCOPE in wanted and self.scope is not None:
            out[SCOPE] = self.scope
        for name, value in ((YEAR, self.year), (FROM, self.from_year), (TO, self.to_year)):
            if name in wanted and value is not None:
                out[name] = str(value)
        orgs = (self.org,) if focus and self.org else None if focus else self.orgs
        for name, values in (
            (SECTOR, self.sectors),
            (TYPE, self.org_types),
            (ORG, orgs),
            (LEVEL, self.levels),
        ):
            if name in wanted and values:
                out[name] = list(values)
        if THRESHOLD in wanted and self.threshold is not None:
            out[THRESHOLD] = format_threshold(self.threshold)
        for name, text in (
            (TARGET, self.target),
            (SUBJECT, self.subject),
            (SLIDE, None if self.slide is None else str(self.slide)),
        ):
            if name in wanted and text is not None:
                out[name] = text
        return out

    def page_part(self, link: LinkSpec) -> dict[str, Any]:
        """The fields a page's link sets (those of its names), as ``replace`` takes them."""
        fields: dict[str, Any] = {}
        for name in link.names:
            for field in _FIELDS[name]:
                if name == ORG:
                    field = "org" if link.org_is_focus else "orgs"
                fields[field] = getattr(self, field)
        return fields


_FIELDS: dict[str, tuple[str, ...]] = {
    SCOPE: ("scope",),
    YEAR: ("year",),
    FROM: ("from_year",),
    TO: ("to_year",),
    SECTOR: ("sectors",),
    TYPE: ("org_types",),
    ORG: ("orgs",),
    LEVEL: ("levels",),
    THRESHOLD: ("threshold",),
    TARGET: ("target",),
    SUBJECT: ("subject",),
    SLIDE: ("slide",),
}


def format_threshold(threshold: Threshold) -> str:
    """``exempt_pct:at_least:10`` (the value without a trailing ``.0``)."""
    return f"{threshold.measure}:{threshold.op}:{threshold.value:g}"


def target_id(subject: str, measure: str) -> str:
    """How a link names a target: ``members:excellent_pct``."""
    return f"{subject}:{measure}"


def _values(raw: str | Sequence[str]) -> list[str]:
    return [raw] if isinstance(raw, str) else list(raw)


def _split(values: Sequence[str], known: Collection[str]) -> list[str]:
    """Repeated parameters, or a comma list typed by hand (unless the whole is a known code)."""
    out: list[str] = []
    for value in values:
        value = value.strip()
        if value in known or "," not in value:
            out.append(value)
        else:
            out.extend(part.strip() for part in value.split(","))
    return [v for v in out if v]


def named_words(raw: str | Sequence[str]) -> tuple[str, ...]:
    """What a link's values may name a code by (``_codes`` reads them so): each value whole
    and each part of a comma list, in lower case and case folded. A page looks these up
    rather than reading a catalogue too large to read for every new session (278.070
    organizations nationally)."""
    words: set[str] = set()
    for value in _values(raw):
        for word in (value.strip(), *(part.strip() for part in value.split(","))):
            if word:
                words.update((word.lower(), word.casefold()))
    return tuple(sorted(words))


def _year(
    name: str, raw: Sequence[str], years: Collection[int], notices: list[Notice]
) -> int | None:
    values = [v.strip() for v in raw]
    if len(values) != 1:
        notices.append(Notice(name, ", ".join(values), "many_years"))
        return None
    value = values[0]
    # isdecimal() refuses "²" and "٢" that int() or isdigit() would let through.
    if not (value.isascii() and value.isdecimal() and len(value) == 4):
        notices.append(Notice(name, value, "not_a_year"))
        return None
    year = int(value)
    if year not in years:
        notices.append(Notice(name, value, "year_without_data"))
        return None
    return year


def _codes(
    name: str, raw: Sequence[str], known: Collection[str], *, fold_case: str, notices: list[Notice]
) -> tuple[str, ...] | None:
    """Known codes in the order given, without repeats; unknown ones dropped with a notice."""
    canonical = {c.casefold(): c for c in known}
    chosen: list[str] = []
    for value in _split(raw, known):
        code = value if value in known else canonical.get(value.casefold())
        if code is None:
            notices.append(Notice(name, value, f"unknown_{fold_case}"))
        elif code not in chosen:
            chosen.append(code)
    return tuple(chosen) or None


def parse_params(
    params: Mapping[str, str | Sequence[str]],
    *,
    years: Collection[int],
    orgs: Collection[str],
    sectors: Collection[str] = SECTORS,
    org_types: Collection[str] = BASE_ORG_TYPES,
    scopes: Collection[str] = (),
    link: LinkSpec = EVERY,
) -> tuple[Selection, list[Notice]]:
    """The view a link asks for, and what of it was ignored. Never raises.

    ``link``: the names the page reads (a name it does not use is ignored, and dropped when the
    page rewrites the link, so a link holds what the page shows and nothing that would act
    unseen on the next page), and
    whether ``org`` is the one organization the page shows.
    """
    notices: list[Notice] = []
    for name in params:
        # A name of another page (the year on Xu hướng, a sector on the overview) is left
        # out quietly: the link was right where it was made, and the page rewrites it.
        if name not in PARAM_NAMES and name.lower() not in FOREIGN_PARAMS:
            notices.append(Notice(name, ", ".join(_values(params[name])), "unknown_param"))

    def raw(name: str) -> list[str] | None:
        return _values(params[name]) if name in params and name in link else None

    year = from_year = to_year = None
    if (values := raw(YEAR)) is not None:
        year = _year(YEAR, values, years, notices)
    if (values := raw(FROM)) is not None:
        from_year = _year(FROM, values, years, notices)
    if (values := raw(TO)) is not None:
        to_year = _year(TO, values, years, notices)
    if from_year is not None and to_year is not None and from_year > to_year:
        notices.append(Notice(f"{FROM}, {TO}", f"{from_year} > {to_year}", "reversed_range"))
        from_year = to_year = None

    scope = None
    if (values := raw(SCOPE)) is not None:
        chosen = _codes(SCOPE, values, scopes, fold_case="scope", notices=notices)
        if chosen and len(chosen) > 1:
            notices.append(Notice(SCOPE, ", ".join(chosen), "many_scopes"))
        elif chosen:
            scope = chosen[0]
    sector_values = raw(SECTOR)
    type_values = raw(TYPE)
    org_values = raw(ORG)
    chosen_orgs = (
        None
        if org_values is None
        else _codes(ORG, org_values, orgs, fold_case="org", notices=notices)
    )
    focus = None
    if link.org_is_focus and chosen_orgs:
        focus = chosen_orgs[0]  # a link of several (another page's filter): the first
        chosen_orgs = None
    level_values = raw(LEVEL)
    state = Selection(
        scope=scope,
        year=year,
        from_year=from_year,
        to_year=to_year,
        sectors=None
        if sector_values is None
        else _codes(SECTOR, sector_values, sectors, fold_case="sector", notices=notices),
        org_types=None
        if type_values is None
        else _codes(TYPE, type_values, org_types, fold_case="type", notices=notices),
        orgs=chosen_orgs,
        org=focus,
        levels=None
        if level_values is None
        else _codes(LEVEL, level_values, LEVEL_OPTIONS, fold_case="level", notices=notices),
        threshold=_threshold(raw(THRESHOLD), notices),
        target=_one(TARGET, raw(TARGET), _TARGETS, notices),
        subject=_one(SUBJECT, raw(SUBJECT), SUBJECTS, notices),
        slide=_slide(raw(SLIDE), notices),
    )
    return state, notices


_TARGETS = tuple(target_id(s, m) for s in SUBJECTS for m in MEASURES)


def _one(
    name: str, raw: Sequence[str] | None, known: Collection[str], notices: list[Notice]
) -> str | None:
    """A single code among ``known`` (case ignored)."""
    if raw is None:
        return None
    values = [v.strip() for v in raw]
    canonical = {c.casefold(): c for c in known}
    if len(values) != 1 or values[0].casefold() not in canonical:
        notices.append(Notice(name, ", ".join(values), f"unknown_{name}"))
        return None
    return canonical[values[0].casefold()]


def _threshold(raw: Sequence[str] | None, notices: list[Notice]) -> Threshold | None:
    """``measure:op:value``, the value a percentage (a decimal comma is read too)."""
    if raw is None:
        return None
    values = [v.strip() for v in raw]
    parts = values[0].split(":") if len(values) == 1 else []
    if len(parts) == 3:
        measure, op, number = parts
        text = number.strip().replace(",", ".")
        if text.replace(".", "", 1).isdecimal() and text.isascii():
            try:
                return Threshold(measure.strip(), op.strip(), float(text))
            except ValueError:
                pass
    notices.append(Notice(THRESHOLD, ", ".join(values), "bad_threshold"))
    return None


def _slide(raw: Sequence[str] | None, notices: list[Notice]) -> int | None:
    if raw is None:
        return None
    values = [v.strip() for v in raw]
    if (
        len(values) == 1
        and values[0].isascii()
        and values[0].isdecimal()
        and 1 <= int(values[0]) <= 99
    ):
        return int(values[0])
    notices.append(Notice(SLIDE, ", ".join(values), "bad_slide"))
    return None


def selected_codes(points: Sequence[dict[str, Any]]) -> list[str]:
    """The codes carried as customdata by the bars a user clicked (chart selection points)."""
    out: list[str] = []
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple | np.ndarray):
            data = data[0] if len(data) else None
        if isinstance(data, str) and data and data not in out:
            out.append(data)
    return out


__all__ = [
    "ALL",
    "EVERY",
    "FOREIGN_PARAMS",
    "LEVEL_OPTIONS",
    "PARAM_NAMES",
    "Filters",
    "LinkSpec",
    "Notice",
    "Selection",
    "format_threshold",
    "parse_params",
    "selected_codes",
    "target_id",
]

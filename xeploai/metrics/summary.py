"""The year's summary: the object of ``summary --json`` (DESIGN.md, "The summary JSON"), as a
typed structure, and every target against the actual value of each year.

Every page, the command line and the exports take a year's numbers from here, so a percentage
is computed in one place with the one rounding rule of ``domain.numbers``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast

import pandas as pd

from xeploai.domain.measures import target_met
from xeploai.domain.numbers import pct, round2
from xeploai.domain.regimes import BREAKS, breaks_between, not_evaluated, regime_for_year
from xeploai.domain.selection import ALL, ANY_SCOPE, Filters
from xeploai.metrics.catalogue import filtered_org_codes, own_scope, scope_name
from xeploai.metrics.frames import records
from xeploai.metrics.rules import FindingDict, RuleSettings, check_years
from xeploai.metrics.workflow import (
    dissolved_count,
    pending_reasons,
    unrated_counts,
    year_status_counts,
)
from xeploai.metrics.yearly import Yearly, as_published, load_yearly
from xeploai.store.database import Database


class BaseOrgCounts(TypedDict):
    total: int
    committees: int
    cells: int
    rated: int
    levels: dict[str, int]  # every level of the year's scheme, zero counts included
    good_or_better_pct: float | None
    excellent_pct: float | None
    not_completed_pct: float | None
    clean_strong: int  # TSVM (≤ 2017) or commended clean and strong (2018 →)
    clean_strong_pct: float | None
    # not rated, by reason (``domain.workflow.UNRATED_REASONS``): the status recorded, else
    # founded less than 6 months before 31 December, else not stated
    unrated: dict[str, int]
    # of the scope's base organizations the year before, those dissolved during the year (not
    # counted in ``total``: an organization is counted as it stands on 31 December)
    dissolved_unrated: int


class CellCounts(TypedDict):
    total: int
    rated: int
    levels: dict[str, int]
    good_or_better_pct: float | None
    excellent_pct: float | None
    not_completed_pct: float | None


class MemberCounts(TypedDict):
    total: int
    exempt: int
    suspended: int
    new: int
    pending: int
    evaluated: int
    levels: dict[str, int]
    good_or_better_pct: float | None
    excellent_pct: float | None
    not_completed_pct: float | None
    excellent_of_good_pct: float | None
    exempt_pct_of_total: float | None  # over all members, not over those evaluated
    # those not yet evaluated (``pending``) by reason: paused, absent, not stated
    pending_reasons: dict[str, int]


class TargetResult(TypedDict):
    term: str
    subject: str
    measure: str
    direction: str
    target: float
    actual: float | None
    gap: float | None  # actual − target in points of %, of the rounded figures
    met: bool | None
    # False when the measure changed meaning since the target was set (the 2018 scheme made
    # "trong sạch, vững mạnh" a commendation among the excellent): the gap is then not a
    # shortfall of the same thing; ``changed_in`` says from which year, ``instead`` names the
    # measure that does compare and ``instead_actual`` gives its value.
    comparable: bool
    changed_in: int | None
    instead: str | None
    instead_actual: float | None


class ScopeInfo(TypedDict):
    code: str
    name: str


class RegimeInfo(TypedDict):
    code: str
    texts: list[str]  # the governing texts of the year, as cited
    scheme: str
    scored: bool  # organizations scored out of 100 (from the 2025 evaluation)
    breaks: list[int]  # the years whose break changed a measure's meaning, up to this one
    # the member categories left out of the year's evaluation (the text's, or before 2019 the
    # local practice of the settings): exempt, suspended, new, pending
    not_evaluated: list[str]


class YearSummary(TypedDict):
    year: int
    superior: str  # the name of the committee counted (the scope), as it stood that year
    scope: ScopeInfo
    regime: RegimeInfo
    scheme: str
    base_orgs: BaseOrgCounts
    subordinate_cells: CellCounts
    members: MemberCounts
    targets: list[TargetResult]
    findings: list[FindingDict]


TARGET_COLUMNS = [
    "year",
    "term",
    "subject",
    "measure",
    "direction",
    "target",
    "actual",
    "gap",
    "met",
    "source",
    "comparable",
    "changed_in",
    "instead",
    "instead_actual",
]


def terms_within(targets: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The terms of ``targets`` (``targets_by_term``'s rows) that cover a year of
    ``first``–``last``, in their order. A range may touch two terms, and so may one year where
    a term is stored as ending in the year the next one begins (2015–2020, 2020–2025)."""
    within = (targets["from_year"] <= last) & (targets["to_year"] >= first)
    return targets[within].reset_index(drop=True)


def load_targets(db: Database, scope: str | None) -> pd.DataFrame:
    """targets_by_term: every term of the committee ``scope`` (None: the database's own) with
    its targets (a few rows)."""
    return db.query("targets_by_term", scope=scope)


def targets_vs_actual(db: Database, figures: Yearly, from_year: int, to_year: int) -> pd.DataFrame:
    """Every target of the scope's terms covering the range, against each year's actual value.

    A target is set in the meaning its measure had when its term began. A year in which the
    measure means something else (a break of ``domain.regimes`` between the two) is still judged
    — reports did judge it so — but the row says so (``comparable`` false, ``changed_in`` the
    break's year) and carries the measure that does compare (``instead``, ``instead_actual``).
    """
    # every term of the scope (a few rows), which the handle keeps for the other years asked
    # in the same run; the loop below takes the years of the range
    targets = load_targets(db, figures.filters.scope)
    rows: list[dict[str, Any]] = []
    held = set(figures.years)  # made once: a list made of the frame's column at each ask
    for t in records(targets):
        for year in range(max(int(t.from_year), from_year), min(int(t.to_year), to_year) + 1):
            if year not in held:
                continue
            subject, measure = str(t.subject), str(t.measure)
            actual = figures.measure(year, subject, measure)
            breaks = breaks_between(int(t.from_year), year, subject, measure)
            instead = breaks[0].instead if breaks else None
            rows.append(
                {
                    "year": year,
                    "term": t.term,
                    "subject": subject,
                    "measure": measure,
                    "direction": t.direction,
                    "target": float(t.target),
                    "actual": actual,
                    "gap": None if actual is None else round2(actual - float(t.target)),
                    "met": target_met(actual, str(t.direction), float(t.target)),
                    "source": t.source,
                    "comparable": not breaks,
                    "changed_in": breaks[-1].year if breaks else None,
                    "instead": instead,
                    "instead_actual": None
                    if instead is None
                    else figures.measure(year, subject, instead),
                }
            )
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def subject_counts(summary: YearSummary, subject: str) -> Mapping[str, Any]:
    """One subject's counts, by a subject name known only at run time."""
    counts: Mapping[str, Any] = cast(Mapping[str, Any], summary)[subject]
    return counts


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _year_row(frame: pd.DataFrame, year: int) -> Any:
    """The year's first row of one of the year's figures' frames, as a record (selecting it by
    a mask cost 0,15 ms, four times a summary)."""
    return next(r for r in records(frame) if r.year == year)


def year_findings(db: Database, year: int, filters: Filters = ALL) -> list[FindingDict]:
    """The year's rule findings in the scope, as ``year_summary`` lists them. Of organizations
    named (a viewer's, a link's) only theirs are checked, not the whole committee's
    (nationally its five rules scan the year's 256.308 organizations); a filtered view keeps
    the findings about its own organizations, and a finding about a group (no org_code)
    belongs to the whole committee only."""
    named = None if filters.orgs is None else list(filters.orgs)
    with as_published(db):
        findings = [
            f.as_dict() for f in check_years(db, year, year, scope=filters.scope, orgs=named)
        ]
        if findings and not filters.is_all:  # (no finding: no list of codes to read)
            codes = set(filtered_org_codes(db, filters))
            findings = [f for f in findings if f["org_code"] is not None and f["org_code"] in codes]
    return findings


def year_summary(
    db: Database,
    year: int,
    filters: Filters = ALL,
    *,
    with_findings: bool = True,
    with_targets: bool = True,
    figures: Yearly | None = None,
    found: Callable[[], list[FindingDict]] | None = None,
) -> YearSummary | None:
    """The object of ``summary --json`` (DESIGN.md); None when the year has no data for the
    scope (the committee did not exist that year, or nothing was reported).

    ``with_findings`` / ``with_targets`` False: the year's rule findings / its targets are not
    worked out, and their lists are left empty — for a caller that does not show them (the
    overview shows no findings; the year before, the appraisal page, no targets).

    ``figures``: already loaded figures covering the year (with the same filters), so a page
    that shows several years does not query each year again.

    ``found``: a call that gives the year's findings as ``year_findings`` makes them, asked
    once the rest is made: a caller that has them checked meanwhile (``exports.story``'s
    ``load_year``) hands over the wait for them.
    """
    with as_published(db):
        return _year_summary(db, year, filters, with_findings, with_targets, figures, found)


def _year_summary(
    db: Database,
    year: int,
    filters: Filters,
    with_findings: bool,
    with_targets: bool,
    figures: Yearly | None,
    found: Callable[[], list[FindingDict]] | None,
) -> YearSummary | None:
    figs = figures if figures is not None else load_yearly(db, year, year, filters)
    if year not in figs.years:
        return None
    o = _year_row(figs.orgs, year)
    m = _year_row(figs.members, year)
    c = _year_row(figs.cells, year)
    statuses = year_status_counts(db, year, filters)

    base_orgs: BaseOrgCounts = {
        "total": int(o.total),
        "committees": int(o.committees),
        "cells": int(o.cells),
        "rated": int(o.rated),
        "levels": figs.level_counts(year, "base_orgs"),
        "good_or_better_pct": figs.measure(year, "base_orgs", "good_or_better_pct"),
        "excellent_pct": figs.measure(year, "base_orgs", "excellent_pct"),
        "not_completed_pct": figs.measure(year, "base_orgs", "not_completed_pct"),
        "clean_strong": int(o.clean_strong),
        "unrated": unrated_counts(statuses, year),
        "dissolved_unrated": dissolved_count(statuses, year),
        "clean_strong_pct": figs.measure(year, "base_orgs", "clean_strong_pct"),
    }
    subordinate_cells: CellCounts = {
        "total": int(c.total),
        "rated": int(c.rated),
        "levels": figs.level_counts(year, "subordinate_cells"),
        "good_or_better_pct": figs.measure(year, "subordinate_cells", "good_or_better_pct"),
        "excellent_pct": figs.measure(year, "subordinate_cells", "excellent_pct"),
        "not_completed_pct": figs.measure(year, "subordinate_cells", "not_completed_pct"),
    }
    members: MemberCounts = {
        "total": int(m.total),
        "exempt": int(m.exempt),
        "suspended": int(m.suspended),
        "new": int(m.new),
        "pending": int(m.pending),
        "evaluated": int(m.evaluated),
        "levels": figs.level_counts(year, "members"),
        "good_or_better_pct": figs.measure(year, "members", "good_or_better_pct"),
        "excellent_pct": figs.measure(year, "members", "excellent_pct"),
        "not_completed_pct": figs.measure(year, "members", "not_completed_pct"),
        "excellent_of_good_pct": figs.measure(year, "members", "excellent_of_good_pct"),
        "exempt_pct_of_total": pct(int(m.exempt), int(m.total)),
        "pending_reasons": pending_reasons(statuses, year, int(m.pending)),
    }
    targets = targets_vs_actual(db, figs, year, year) if with_targets and filters.is_all else None
    target_list: list[TargetResult] = (
        []
        if targets is None
        else [
            {
                "term": t.term,
                "subject": t.subject,
                "measure": t.measure,
                "direction": t.direction,
                "target": t.target,
                "actual": _num(t.actual),
                "gap": _num(t.gap),
                "met": None if t.met is None or pd.isna(t.met) else bool(t.met),
                "comparable": bool(t.comparable),
                "changed_in": None if pd.isna(t.changed_in) else int(t.changed_in),
                "instead": None if t.instead is None or pd.isna(t.instead) else str(t.instead),
                "instead_actual": _num(t.instead_actual),
            }
            for t in records(targets)
        ]
    )
    if not with_findings:
        findings: list[FindingDict] = []
    else:
        findings = found() if found is not None else year_findings(db, year, filters)
    scope = filters.scope or own_scope(db)
    name = scope_name(db, scope, year) or ""
    regime = regime_for_year(year)
    return {
        "year": year,
        "superior": name,
        "scope": {"code": scope, "name": name},
        "regime": {
            "code": regime.code,
            "texts": list(regime.texts),
            "scheme": regime.scheme,
            "scored": regime.scored,
            "breaks": [b.year for b in BREAKS if b.year <= year],
            "not_evaluated": list(
                not_evaluated(year, RuleSettings.from_db(db).practice_excludes_suspended_and_new)
            ),
        },
        "scheme": str(_year_row(figs.levels, year).scheme_code),
        "base_orgs": base_orgs,
        "subordinate_cells": subordinate_cells,
        "members": members,
        "targets": target_list,
        "findings": findings,
    }


@dataclass(frozen=True)
class SetChange:
    """How the base organizations of a year differ from those of the year before, when a
    reorganization changed them: how many now, how many then, and where they came from."""

    year: int
    now: int  # base organizations of the scope this year
    before_units: int  # the base organizations of last year they continue
    became_base: int  # units that were a base committee whose cells are base organizations now
    merged: int  # organizations of last year merged into one of this year's
    scope_before: int | None  # base organizations of the same committee last year (None: none)


def previous_like_for_like(
    db: Database, year: int, filters: Filters = ALL, *, figures: Yearly | None = None
) -> tuple[YearSummary | None, SetChange | None]:
    """The year before, counted over the units this year's organizations continue.

    When the set is the same (no organization founded, merged, moved or turned into another
    kind), it is the committee's own summary of the year before, and no change. Across a
    reorganization, it is the summary of the organizations of the year before that the year's
    set continues — the old commune committees whose hamlet cells are now base cells of the new
    commune — and the change says what happened to the set.

    ``figures``: the committee's figures already loaded with the same ``filters`` over years
    that include ``year - 1`` (the overview's history), so the year before is not queried again.
    """
    if figures is not None and (figures.filters != filters or (year - 1) not in figures.years):
        figures = None
    # the year before is compared, its targets never shown
    own = year_summary(
        db, year - 1, filters, with_findings=False, with_targets=False, figures=figures
    )
    if not filters.is_all:
        return own, None
    # the same set, each unit itself: told from four counts (a national year's units are
    # 256.308 codes, read only in a year of change)
    counted = db.rows("like_for_like_by_year", scope=filters.scope, year=year)[0]
    if len(set(counted.values())) == 1:
        return own, None
    units = db.query("comparable_units_by_org", scope=filters.scope, year=year)
    codes = tuple(str(c) for c in units["org_code"].tolist())
    if not codes:
        return None, None
    now = year_summary(
        db,
        year,
        filters,
        with_findings=False,
        with_targets=False,
        figures=figures if figures is not None and year in figures.years else None,
    )
    change = SetChange(
        year=year,
        now=0 if now is None else now["base_orgs"]["total"],
        before_units=len(codes),
        became_base=int((units["how"] == "became_base").sum()),
        merged=int((units["how"] == "merged").sum()),
        scope_before=None if own is None else own["base_orgs"]["total"],
    )
    return year_summary(
        db, year - 1, Filters(orgs=codes, scope=ANY_SCOPE), with_findings=False
    ), change


def every_summary(db: Database) -> dict[int, YearSummary]:
    """Every year's ``summary --json`` object, by year: the state of the data a backup, a
    restore or a write is checked against (the same before and after means nothing was lost)."""
    years = [int(y) for y in db.query("years_by_data")["year"]]
    found = {year: year_summary(db, year) for year in years}
    return {year: summary for year, summary in found.items() if summary is not None}

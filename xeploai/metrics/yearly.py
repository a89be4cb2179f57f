"""The year's figures: counts from the SQL files, shares and target gaps computed once here.

Every page, the command line and the exports take their numbers from these functions, so a
percentage is computed in one place with the one rounding rule of ``domain.pct``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.domain.levels import scheme_by_code
from xeploai.domain.measures import MEASURE_PARTS, target_met
from xeploai.domain.numbers import pct, pct_series, round2
from xeploai.domain.selection import ALL, Filters
from xeploai.metrics.catalogue import filtered_org_codes
from xeploai.store.database import Database


@dataclass(frozen=True)
class Yearly:
    """Counts and shares for a range of years and one set of filters."""

    orgs: pd.DataFrame  # org_counts_by_year
    members: pd.DataFrame  # members_by_year
    cells: pd.DataFrame  # subordinate_cells_by_year
    levels: pd.DataFrame  # levels_by_year (long)
    measures: pd.DataFrame  # one row per year × subject

    @property
    def years(self) -> list[int]:
        return [int(y) for y in self.orgs["year"]]

    def measure(self, year: int, subject: str, measure: str) -> float | None:
        row = self.measures[(self.measures["year"] == year)
                            & (self.measures["subject"] == subject)]
        if row.empty or measure not in row.columns:
            return None
        value = row[measure].iloc[0]
        return None if pd.isna(value) else float(value)

    def level_counts(self, year: int, subject: str) -> dict[str, int]:
        rows = self.levels[(self.levels["year"] == year) & (self.levels["subject"] == subject)]
        return {str(r.level_code): int(r.n) for r in rows.itertuples(index=False)}


def _measures(counts: pd.DataFrame) -> pd.DataFrame:
    """counts_by_year with every measure's share (``MEASURE_PARTS``: part and whole)."""
    by = counts.copy()
    # Subordinate cells carry no commendation: their "clean and strong" is the old level TSVM,
    # so the share exists only in years whose scheme has that level.
    old_cells = by["scheme_code"].map(lambda code: "TSVM" in scheme_by_code(str(code)).org_levels)
    by["clean_strong"] = by["clean_strong"].astype("Int64").where(
        (by["subject"] == "base_orgs") | ((by["subject"] == "subordinate_cells") & old_cells))
    for measure, (part, whole) in MEASURE_PARTS.items():
        by[measure] = pct_series(by[part].fillna(0), by[whole]).mask(by[part].isna())
    return by.drop(columns="scheme_code")


def load_yearly(db: Database, from_year: int, to_year: int, filters: Filters = ALL) -> Yearly:
    params = {"from_year": from_year, "to_year": to_year, **filters.params()}
    orgs = db.query("org_counts_by_year", **params)
    levels = db.query("levels_by_year", **params)
    counts = db.query("counts_by_year", **params)
    return Yearly(
        orgs=orgs,
        members=db.query("members_by_year", **params),
        cells=db.query("subordinate_cells_by_year", **params),
        levels=levels,
        measures=_measures(counts),
    )


def targets_vs_actual(db: Database, figures: Yearly, from_year: int, to_year: int
                      ) -> pd.DataFrame:
    """Every target of the terms covering the range, against the actual value of each year."""
    targets = db.query("targets_by_term", from_year=from_year, to_year=to_year)
    rows: list[dict[str, Any]] = []
    for t in targets.itertuples(index=False):
        for year in range(max(int(t.from_year), from_year), min(int(t.to_year), to_year) + 1):
            if year not in figures.years:
                continue
            actual = figures.measure(year, str(t.subject), str(t.measure))
            rows.append({
                "year": year, "term": t.term, "subject": t.subject, "measure": t.measure,
                "direction": t.direction, "target": float(t.target), "actual": actual,
                "gap": None if actual is None else round2(actual - float(t.target)),
                "met": target_met(actual, str(t.direction), float(t.target)),
                "source": t.source,
            })
    columns = ["year", "term", "subject", "measure", "direction", "target", "actual", "gap",
               "met", "source"]
    return pd.DataFrame(rows, columns=columns)


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _year_row(frame: pd.DataFrame, year: int) -> Any:
    return frame[frame["year"] == year].iloc[0]


def year_summary(db: Database, year: int, filters: Filters = ALL, *,
                 with_findings: bool = True, figures: Yearly | None = None
                 ) -> dict[str, Any] | None:
    """The object of ``summary --json`` (DESIGN.md); None when the year has no data.

    ``figures``: already loaded figures covering the year (with the same filters), so a page
    that shows several years does not query each year again.
    """
    from xeploai.metrics.rules import check_year  # rules query the same database; keep import light

    figs = figures if figures is not None else load_yearly(db, year, year, filters)
    if year not in figs.years:
        return None
    o = _year_row(figs.orgs, year)
    m = _year_row(figs.members, year)
    c = _year_row(figs.cells, year)

    def measures(subject: str, *names: str) -> dict[str, float | None]:
        return {name: figs.measure(year, subject, name) for name in names}

    base_orgs = {
        "total": int(o.total), "committees": int(o.committees), "cells": int(o.cells),
        "rated": int(o.rated), "levels": figs.level_counts(year, "base_orgs"),
        **measures("base_orgs", "good_or_better_pct", "excellent_pct", "not_completed_pct"),
        "clean_strong": int(o.clean_strong),
        "clean_strong_pct": figs.measure(year, "base_orgs", "clean_strong_pct"),
    }
    subordinate_cells = {
        "total": int(c.total), "rated": int(c.rated),
        "levels": figs.level_counts(year, "subordinate_cells"),
        **measures("subordinate_cells", "good_or_better_pct", "excellent_pct",
                   "not_completed_pct"),
    }
    members = {
        "total": int(m.total), "exempt": int(m.exempt), "suspended": int(m.suspended),
        "new": int(m.new), "pending": int(m.pending), "evaluated": int(m.evaluated),
        "levels": figs.level_counts(year, "members"),
        **measures("members", "good_or_better_pct", "excellent_pct", "not_completed_pct",
                   "excellent_of_good_pct"),
        "exempt_pct_of_total": pct(int(m.exempt), int(m.total)),
    }
    targets = targets_vs_actual(db, figs, year, year) if filters.is_all else None
    target_list = [] if targets is None else [
        {"term": t.term, "subject": t.subject, "measure": t.measure, "direction": t.direction,
         "target": t.target, "actual": _num(t.actual), "gap": _num(t.gap),
         "met": None if t.met is None or pd.isna(t.met) else bool(t.met)}
        for t in targets.itertuples(index=False)
    ]
    findings = [f.as_dict() for f in check_year(db, year)] if with_findings else []
    if not filters.is_all:
        # a filtered view keeps the findings about its own organizations; a finding about a
        # group (no org_code) belongs to the whole committee only
        codes = set(filtered_org_codes(db, filters))
        findings = [f for f in findings if f["org_code"] is not None and f["org_code"] in codes]
    return {
        "year": year,
        "superior": db.meta("superior", ""),
        "scheme": str(_year_row(figs.levels, year)["scheme_code"]),
        "base_orgs": base_orgs,
        "subordinate_cells": subordinate_cells,
        "members": members,
        "targets": target_list,
        "findings": findings,
    }


__all__ = ["Yearly", "load_yearly", "targets_vs_actual", "year_summary"]

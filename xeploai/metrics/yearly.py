"""The year's figures: counts from the SQL files, shares and target gaps computed once here.

Every page, the command line and the exports take their numbers from these functions, so a
percentage is computed in one place with the one rounding rule of ``domain.pct``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.domain.measures import SUBJECTS, target_met
from xeploai.domain.numbers import pct, pct_series, round2
from xeploai.domain.selection import ALL, Filters
from xeploai.store.database import Database


@dataclass(frozen=True)
class Figures:
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


def _measures(levels: pd.DataFrame, orgs: pd.DataFrame) -> pd.DataFrame:
    by = levels.assign(
        excellent=levels["n"].where(levels["level_rank"] == 1, 0),
        good=levels["n"].where(levels["level_rank"] <= 2, 0),
        not_completed=levels["n"].where(levels["level_rank"] == 4, 0),
        tsvm=levels["n"].where(levels["level_code"] == "TSVM", 0),
    ).groupby(["year", "subject"], as_index=False)[
        ["n", "excellent", "good", "not_completed", "tsvm"]
    ].sum().rename(columns={"n": "rated"})
    clean = orgs[["year", "clean_strong"]].assign(subject="base_orgs")
    by = by.merge(clean, on=["year", "subject"], how="left")
    # Subordinate cells carry no commendation after 2017; before, TSVM was their level.
    by["clean_strong"] = by["clean_strong"].where(
        by["subject"] == "base_orgs", by["tsvm"].where(by["tsvm"] > 0)
    ).astype("Int64")
    by.loc[by["subject"] == "members", "clean_strong"] = pd.NA
    by["good_or_better_pct"] = pct_series(by["good"], by["rated"])
    by["excellent_pct"] = pct_series(by["excellent"], by["rated"])
    by["not_completed_pct"] = pct_series(by["not_completed"], by["rated"])
    by["excellent_of_good_pct"] = pct_series(by["excellent"], by["good"])
    by["clean_strong_pct"] = pct_series(by["clean_strong"].fillna(0), by["rated"]).mask(
        by["clean_strong"].isna()
    )
    return by.drop(columns="tsvm")


def load_figures(db: Database, from_year: int, to_year: int, filters: Filters = ALL) -> Figures:
    params = {"from_year": from_year, "to_year": to_year, **filters.params()}
    orgs = db.query("org_counts_by_year", **params)
    levels = db.query("levels_by_year", **params)
    return Figures(
        orgs=orgs,
        members=db.query("members_by_year", **params),
        cells=db.query("subordinate_cells_by_year", **params),
        levels=levels,
        measures=_measures(levels, orgs),
    )


def targets_vs_actual(db: Database, figures: Figures, from_year: int, to_year: int
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


def org_codes(db: Database, filters: Filters) -> set[str]:
    """The codes of the base organizations the filters select (any year)."""
    orgs = db.query("base_org_codes_by_org")
    keep = pd.Series(True, index=orgs.index)
    if filters.sectors is not None:
        keep &= orgs["sector"].isin(filters.sectors)
    if filters.org_types is not None:
        keep &= orgs["org_type"].isin(filters.org_types)
    if filters.orgs is not None:
        keep &= orgs["org_code"].isin(filters.orgs)
    return set(orgs.loc[keep, "org_code"])


def _year_row(frame: pd.DataFrame, year: int) -> Any:
    return frame[frame["year"] == year].iloc[0]


def year_summary(db: Database, year: int, filters: Filters = ALL, *,
                 with_findings: bool = True, figures: Figures | None = None
                 ) -> dict[str, Any] | None:
    """The object of ``summary --json`` (DESIGN.md); None when the year has no data.

    ``figures``: already loaded figures covering the year (with the same filters), so a page
    that shows several years does not query each year again.
    """
    from xeploai.metrics.rules import check_year  # rules query the same database; keep import light

    figs = figures if figures is not None else load_figures(db, year, year, filters)
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
        codes = org_codes(db, filters)
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


__all__ = ["Figures", "load_figures", "targets_vs_actual", "year_summary"]

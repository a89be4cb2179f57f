"""The evaluation as it is worked: the three steps and what appraisal changed, and why
organizations and members were not rated.

Appraisal (thẩm định) "changed the level" when the level the organization board proposed is not
the one the organization proposed for itself; "down" is the common case (a self-assessment too
generous), and a sector in which it happens far more often than elsewhere is the finding
leadership asks for. The standing committee may in turn decide otherwise than the board
proposed. Shares are taken, with the one rounding rule, over the organizations whose both
steps are recorded.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from xeploai.domain.numbers import pct, pct_series
from xeploai.domain.selection import ALL, Filters, years_read
from xeploai.domain.workflow import (
    APPRAISAL_MIN_DOWN,
    APPRAISAL_MIN_ORGS,
    NOT_STATED,
    UNRATED_REASONS,
)
from xeploai.metrics.frames import records
from xeploai.store.database import Database


def load_steps(db: Database, from_year: int, to_year: int, filters: Filters = ALL) -> pd.DataFrame:
    """steps_by_org_year: every base organization-year with its steps, how appraisal moved the
    self-assessment (``appraisal``: down, up, same, or None when a step is missing) and how the
    decision moved the proposal (``decision``)."""
    return db.query("steps_by_org_year", from_year=from_year, to_year=to_year, **filters.params())


def load_appraisal_counts(
    db: Database, from_year: int, to_year: int, filters: Filters = ALL
) -> pd.DataFrame:
    """appraisal_counts_by_year_sector: the same moves counted per year and sector, with the
    rated organizations missing a step."""
    return db.query(
        "appraisal_counts_by_year_sector", from_year=from_year, to_year=to_year, **filters.params()
    )


_MOVES = ["compared", "down", "up", "decision_differs"]


def _appraisal_counts(counts: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """The moves of the rows with organizations compared, summed per ``by`` (in order of the
    keys, as pandas' group-by gives them), with the share moved down. Added up in Python: the
    rows are a year × sector's few dozen, where the appraisal page's four group-bys cost 2 ms
    each."""
    columns = [*by, *_MOVES, "down_pct"]
    sums: dict[tuple[Any, ...], list[int]] = {}
    keys = zip(*(counts[c].tolist() for c in by), strict=True)
    moves = zip(*(counts[c].tolist() for c in _MOVES), strict=True)
    for key, row in zip(keys, moves, strict=True):
        # compared; a key missing (a year or a sector: None or NA) left out, as pandas' does
        if row[0] > 0 and all(k is not None and k is not pd.NA for k in key):
            kept = sums.get(key)
            if kept is None:
                sums[key] = list(row)
            else:
                for i, n in enumerate(row):
                    kept[i] += n
    if not sums:
        return pd.DataFrame(columns=columns)
    ordered = sorted(sums)
    out = pd.DataFrame(
        {
            **{
                c: pd.array([k[i] for k in ordered], dtype=counts[c].dtype)
                for i, c in enumerate(by)
            },
            **{
                m: pd.array([sums[k][i] for k in ordered], dtype="int64")
                for i, m in enumerate(_MOVES)
            },
        }
    )
    out["down_pct"] = pct_series(out["down"], out["compared"])
    return out[columns]


def appraisal_by_year(counts: pd.DataFrame) -> pd.DataFrame:
    """Per year of ``counts`` (``load_appraisal_counts``): organizations with both steps
    recorded, how many appraisal moved down or up, how many the decision moved from the
    proposal, and the share moved down."""
    return _appraisal_counts(counts, ["year"]).sort_values("year").reset_index(drop=True)


def appraisal_by_sector(counts: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """The same per sector, for one year (or all the years of ``counts``), the most moved
    down first."""
    rows = counts if year is None else counts[counts["year"] == year]
    return _by_sector(rows, [])


def appraisal_by_year_sector(counts: pd.DataFrame) -> pd.DataFrame:
    """``appraisal_by_sector`` of every year of ``counts`` at once, year after year: one
    grouping where one a year took 26 ms for the 12 years of the sectors' table."""
    return _by_sector(counts, ["year"])


def _by_sector(rows: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    # grouped in order of the keys, then a stable sort: two sectors as often moved down, and
    # as many compared, stand in the order of their codes
    out = _appraisal_counts(rows, [*first, "sector"])
    return out.sort_values(
        [*first, "down_pct", "compared"], ascending=[True] * len(first) + [False, False]
    ).reset_index(drop=True)


def load_appraisal_changes(db: Database, year: int, filters: Filters = ALL) -> pd.DataFrame:
    """appraisal_changes_by_org: the organizations of the year whose level appraisal or the
    decision changed, by the move of appraisal (down, then up, then none), sector and name."""
    return db.query("appraisal_changes_by_org", year=year, **filters.params())


def generous_sector(by_sector: pd.DataFrame, overall_pct: float | None) -> dict[str, Any] | None:
    """The sector whose self-assessments appraisal moved down most often — among sectors with
    at least ``APPRAISAL_MIN_ORGS`` organizations compared and ``APPRAISAL_MIN_DOWN`` moved
    down — when that is above the share of all organizations; else None."""
    if overall_pct is None:
        return None
    sizable = by_sector[
        (by_sector["compared"] >= APPRAISAL_MIN_ORGS) & (by_sector["down"] >= APPRAISAL_MIN_DOWN)
    ]
    if sizable.empty:
        return None
    top = sizable.iloc[0]
    if float(top["down_pct"]) <= overall_pct:
        return None
    return {
        "sector": str(top["sector"]),
        "down": int(top["down"]),
        "compared": int(top["compared"]),
        "down_pct": float(top["down_pct"]),
    }


def missing_steps(counts: pd.DataFrame, year: int) -> int:
    """Organizations rated in the year without their own assessment or the appraisal
    recorded (``counts``: ``load_appraisal_counts``)."""
    return int(counts.loc[counts["year"] == year, "missing_steps"].sum())


# --- the unrated ------------------------------------------------------------------------------


def load_statuses(
    db: Database, from_year: int, to_year: int, filters: Filters = ALL
) -> pd.DataFrame:
    """statuses_by_org_year: the unrated with their reason, the statuses recorded, and the
    organizations dissolved during a year."""
    return db.query(
        "statuses_by_org_year", from_year=from_year, to_year=to_year, **filters.params()
    )


def load_status_counts(
    db: Database, from_year: int, to_year: int, filters: Filters = ALL
) -> pd.DataFrame:
    """status_counts_by_year_reason: the rows of ``load_statuses`` counted per year, standing
    and reason, with their members paused and absent."""
    return db.query(
        "status_counts_by_year_reason", from_year=from_year, to_year=to_year, **filters.params()
    )


def year_status_counts(db: Database, year: int, filters: Filters = ALL) -> pd.DataFrame:
    """``load_status_counts`` for a summary of the year, read over ``years_read`` (every year at
    once, as ``load_yearly`` reads the figures): the summaries of the year and of the year
    before are then one query. The functions below cut the year out."""
    return load_status_counts(db, *years_read(filters, year, year), filters)


def _standing(counts: pd.DataFrame, year: int, standing: bool) -> list[Any]:
    """The year's rows of ``load_status_counts`` of organizations standing at its end (or
    dissolved during it), as records: a year's few rows, where selecting them from the frame
    by a mask cost 0,3 ms, three times a summary."""
    return [r for r in records(counts) if r.year == year and bool(r.standing) is standing]


def unrated_counts(counts: pd.DataFrame, year: int) -> dict[str, int]:
    """The year's base organizations without a level, by reason (every reason, zeros too), from
    ``load_status_counts``."""
    # (the rated with a status recorded have no reason: not among the reasons asked for)
    by_reason = {r.reason: r.orgs for r in _standing(counts, year, True)}
    return {reason: int(by_reason.get(reason, 0)) for reason in UNRATED_REASONS}


def dissolved_count(counts: pd.DataFrame, year: int) -> int:
    """Base organizations of the scope the year before, dissolved during the year unrated."""
    return sum(int(r.orgs) for r in _standing(counts, year, False))


def pending_reasons(counts: pd.DataFrame, year: int, pending: int) -> dict[str, int]:
    """The year's members not yet evaluated (``pending``, the results' count), by reason."""
    rows = _standing(counts, year, True)
    paused = sum(int(r.members_paused) for r in rows)
    absent = sum(int(r.members_absent) for r in rows)
    return {"paused": paused, "absent": absent, NOT_STATED: pending - paused - absent}


# held_up_by_org's columns (its header; the test of the held-up list compares them)
HELD_UP_COLUMNS = (
    "year",
    "org_code",
    "org_name",
    "sector",
    "org_level",
    "status",
    "reason",
    "reference",
    "status_date",
    "members_pending",
    "members_paused",
    "members_absent",
    "standing",
)


def held_up(
    db: Database, year: int, statuses: tuple[str, ...], filters: Filters = ALL
) -> pd.DataFrame:
    """The year's unrated organizations held up by one of the recorded ``statuses``
    (held_up_by_org: the rows of ``load_statuses`` whose reason is one of them).

    Their number is the year's status counts' (``unrated_counts``: the same rows of
    ``filtered_statuses``, counted, which the year's summary has already read): a year without
    any, as most are, does not ask for the list (6–7 ms of planning on a district)."""
    if set(statuses) <= set(UNRATED_REASONS):
        unrated = unrated_counts(year_status_counts(db, year, filters), year)
        if not any(unrated[status] for status in statuses):
            return pd.DataFrame(columns=list(HELD_UP_COLUMNS))
    return db.query("held_up_by_org", year=year, statuses=list(statuses), **filters.params())


def share_down(by_year: pd.DataFrame, year: int) -> float | None:
    row = by_year[by_year["year"] == year]
    if row.empty:
        return None
    return pct(int(row["down"].iloc[0]), int(row["compared"].iloc[0]))

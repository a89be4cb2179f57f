"""Remediation: the plans made after a review, where each item stands, and the quarterly reports.

An item's state is its latest report's (none yet: not started). On a given day an item is
**overdue** when its deadline has passed and it is not remedied, and **due this quarter** when
its deadline falls in the current quarter and it is still open. The quarter to report on is
the last one that has ended; its report is due ``REPORT_DUE_DAYS`` after; an organization is
expected to report on it when its plan still had an item open before that quarter, and its
report is late when it came in after the due day. Everything is reckoned from the day given
(``domain.workflow.today()`` by default), so a page and its test agree on "today".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from xeploai.domain.numbers import pct_series
from xeploai.domain.workflow import DONE, Quarter, last_ended_quarter
from xeploai.metrics.frames import sorted_rows
from xeploai.store.database import Database


def load_items(
    db: Database, scope: str | None, orgs: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """remediation_items_by_item: every item of the committee's plans, its latest report."""
    return db.query(
        "remediation_items_by_item", scope=scope, orgs=None if orgs is None else list(orgs)
    )


def load_states(
    db: Database, scope: str | None, orgs: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """remediation_states_by_item: the items of ``load_items`` with only what ``item_states``
    reads (their deadline and latest status), for a page that counts them."""
    return db.query(
        "remediation_states_by_item", scope=scope, orgs=None if orgs is None else list(orgs)
    )


def load_reports(
    db: Database, scope: str | None, orgs: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """remediation_reports_by_item_quarter: every quarterly report on those plans."""
    return db.query(
        "remediation_reports_by_item_quarter",
        scope=scope,
        orgs=None if orgs is None else list(orgs),
    )


def item_states(items: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """The items with their state on ``day``: ``state`` (the latest report's status, or
    not started), ``done``, ``overdue``, ``due_now`` (deadline in the current quarter) and
    ``days_late``."""
    out = items.copy()
    current = Quarter.of(day)
    # the deadlines as days (none: NaT, which every comparison below reads as false)
    deadline = pd.to_datetime(out["deadline"]).to_numpy(dtype="datetime64[D]")
    today = np.datetime64(day, "D")
    out["state"] = out["last_status"].where(out["last_status"].notna(), "not_started")
    out["done"] = out["state"] == DONE
    open_ = ~out["done"].to_numpy(dtype=bool)
    overdue = (deadline < today) & open_
    out["overdue"] = overdue
    out["due_now"] = (
        (deadline >= np.datetime64(current.start, "D"))
        & (deadline <= np.datetime64(current.end, "D"))
        & (deadline >= today)
        & open_
    )
    out["days_late"] = np.where(overdue, (today - deadline).astype("int64"), 0)
    return out


def reporting(
    db: Database, scope: str | None, orgs: tuple[str, ...] | None, day: dt.date
) -> pd.DataFrame:
    """Who was to report on the last quarter that ended before ``day``, and who did, over the
    committee's plans (remediation_reporting_by_org says who is expected): one row per
    organization expected, or that reported — ``reported``, ``reported_on`` (the latest day
    its rows came in), ``late`` (after the due day); those who have not reported first."""
    quarter = last_ended_quarter(day)
    out = db.query(
        "remediation_reporting_by_org",
        scope=scope,
        orgs=None if orgs is None else list(orgs),
        quarter_year=quarter.year,
        quarter=quarter.quarter,
        done=DONE,
    )
    # a report without a day is not late (NaT compares false)
    came_on = pd.to_datetime(out["reported_on"]).to_numpy(dtype="datetime64[D]")
    out["late"] = out["reported"].to_numpy(dtype=bool) & (came_on > np.datetime64(quarter.due, "D"))
    return out


def _numbered(states: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each item's plan (``plan_year``, ``org_code``: never missing, the keys of the items'
    table) as a number 0…n-1, in the order the plans first come; and the row of each plan's
    first item. The codes are numbered by Arrow: pandas grouping on the text code took 60–75
    ms for a national committee's 47.121 items in 18.879 plans; this numbering takes 6, the
    counts of ``plans`` 13–14 in all."""
    if states.empty:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    codes = pa.array(states["org_code"], from_pandas=True)
    if isinstance(codes, pa.ChunkedArray):
        codes = codes.combine_chunks()
    encoded = pc.dictionary_encode(codes)
    year = states["plan_year"].to_numpy(dtype=np.int64)
    key = (year - year.min()) * len(encoded.dictionary) + encoded.indices.to_numpy()
    _, first, plan = np.unique(key, return_index=True, return_inverse=True)
    # the plans numbered in the order they first come, not in the order of their keys
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[plan.reshape(-1)], first[order]


def plans(states: pd.DataFrame) -> pd.DataFrame:
    """Per plan (``plan_year``, ``org_code``, ``org_name``), in the order the plans first come
    in ``states`` (``item_states``): its ``items``, and of them ``done``, ``in_progress``,
    ``not_started`` and ``overdue`` — each a count of flags summed per plan by numpy."""
    plan, first = _numbered(states)
    n = len(first)
    state = pa.array(states["state"], from_pandas=True)
    flags = {
        "done": states["done"].to_numpy(dtype=bool),
        "in_progress": pc.equal(state, "in_progress")
        .fill_null(False)
        .to_numpy(zero_copy_only=False),
        "not_started": pc.equal(state, "not_started")
        .fill_null(False)
        .to_numpy(zero_copy_only=False),
        "overdue": states["overdue"].to_numpy(dtype=bool),
    }
    out = states[["plan_year", "org_code", "org_name"]].iloc[first].reset_index(drop=True)
    out["items"] = np.bincount(plan, minlength=n).astype(np.int64)
    for name, flag in flags.items():
        out[name] = np.bincount(plan, weights=flag, minlength=n).astype(np.int64)
    return out


def progress(states: pd.DataFrame) -> pd.DataFrame:
    """Per organization and plan: items, remedied, in progress, not started, overdue, and the
    share remedied; the most overdue first, then the least remedied, by name."""
    columns = [
        "plan_year",
        "org_code",
        "org_name",
        "items",
        "done",
        "in_progress",
        "not_started",
        "overdue",
        "done_pct",
    ]
    if states.empty:
        return pd.DataFrame(columns=columns)
    out = plans(states)
    out["done_pct"] = pct_series(out["done"], out["items"])
    # the plan's keys last: two plans tie on nothing else
    return sorted_rows(
        out[columns],
        ["overdue", "done_pct", "org_name", "plan_year", "org_code"],
        [False, True, True, True, True],
    ).reset_index(drop=True)


@dataclass(frozen=True)
class RemediationStatus:
    """The board's view on one day: the plans, what is overdue or due, who has reported."""

    day: dt.date
    quarter: Quarter  # the current quarter
    report_quarter: Quarter  # the last that ended: the report due now
    plans: int  # organizations × plans with an item still open
    items_open: int
    overdue_items: int
    overdue_orgs: int
    due_items: int
    expected: int  # organizations that were to report on ``report_quarter``
    reported: int  # of those and others, how many did
    late: int  # reported after the due day
    missing: int  # expected and not reported


def status(states: pd.DataFrame, reports_due: pd.DataFrame, day: dt.date) -> RemediationStatus:
    open_ = ~states["done"].to_numpy(dtype=bool)
    overdue = states["overdue"].to_numpy(dtype=bool)
    plan, _ = _numbered(states)
    return RemediationStatus(
        day=day,
        quarter=Quarter.of(day),
        report_quarter=last_ended_quarter(day),
        plans=len(np.unique(plan[open_])),
        items_open=int(open_.sum()),
        overdue_items=int(overdue.sum()),
        overdue_orgs=pc.count_distinct(
            pa.array(states["org_code"], from_pandas=True).filter(pa.array(overdue))
        ).as_py(),
        due_items=int(states["due_now"].sum()),
        expected=int(reports_due["expected"].sum()),
        reported=int(reports_due["reported"].sum()),
        late=int(reports_due["late"].sum()),
        missing=int((reports_due["expected"] & ~reports_due["reported"]).sum()),
    )

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

from xeploai.domain.numbers import pct_series
from xeploai.domain.workflow import DONE, Quarter, last_ended_quarter
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


def progress(states: pd.DataFrame) -> pd.DataFrame:
    """Per organization and plan: items, remedied, in progress, not started, overdue, and the
    share remedied."""
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
    # each state a column of its own, summed in C (a lambda per group took seconds nationally)
    flags = states.assign(
        is_in_progress=states["state"] == "in_progress",
        is_not_started=states["state"] == "not_started",
    )
    out = flags.groupby(["plan_year", "org_code", "org_name"], as_index=False).agg(
        items=("item_no", "size"),
        done=("done", "sum"),
        in_progress=("is_in_progress", "sum"),
        not_started=("is_not_started", "sum"),
        overdue=("overdue", "sum"),
    )
    out["done_pct"] = pct_series(out["done"], out["items"])
    return (
        out[columns]
        .sort_values(["overdue", "done_pct", "org_name"], ascending=[False, True, True])
        .reset_index(drop=True)
    )


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
    open_items = states[~states["done"]]
    return RemediationStatus(
        day=day,
        quarter=Quarter.of(day),
        report_quarter=last_ended_quarter(day),
        plans=int(open_items[["plan_year", "org_code"]].drop_duplicates().shape[0]),
        items_open=len(open_items),
        overdue_items=int(states["overdue"].sum()),
        overdue_orgs=int(states.loc[states["overdue"], "org_code"].nunique()),
        due_items=int(states["due_now"].sum()),
        expected=int(reports_due["expected"].sum()),
        reported=int(reports_due["reported"].sum()),
        late=int(reports_due["late"].sum()),
        missing=int((reports_due["expected"] & ~reports_due["reported"]).sum()),
    )

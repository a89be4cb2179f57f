"""What needs attention: the base organizations a leader should look at first, for a year.

Five kinds (``domain.workflow.ATTENTION_KINDS``), each a list of organizations of the year's
view (the committee, the filters) with the fact that puts them there:

- rated below "good" (rank 3 or 4);
- with members who did not complete their tasks;
- with a share of exempted members far above the committee's (``EXEMPT_FAR_ABOVE_*``);
- with remediation overdue on the day given (plans up to the year's review);
- with an evaluation held up (paused pending an inspection or a disciplinary case, or to be
  redone).

The overview shows it first; the deck and the written report carry the same list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xeploai.domain.numbers import pct
from xeploai.domain.selection import ALL, Filters
from xeploai.domain.workflow import (
    ATTENTION_KINDS,
    EXEMPT_FAR_ABOVE_MIN,
    EXEMPT_FAR_ABOVE_RATIO,
    HELD_UP_STATUSES,
    today,
)
from xeploai.metrics.analysis import org_results
from xeploai.metrics.frames import among, records
from xeploai.metrics.remediation import item_states, load_items
from xeploai.metrics.workflow import held_up
from xeploai.store.database import Database


@dataclass(frozen=True)
class AttentionItem:
    kind: str
    org_code: str
    org_name: str
    # what puts it on the list, for the sentence: level, members_khtnv, exempt_pct,
    # scope_exempt_pct, overdue, oldest_deadline, status, reference, status_date
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Attention:
    year: int
    day: dt.date
    items: tuple[AttentionItem, ...]

    def of(self, kind: str) -> list[AttentionItem]:
        return [i for i in self.items if i.kind == kind]

    @property
    def kinds(self) -> list[str]:
        """The kinds that have at least one organization, in the order of the list."""
        return [k for k in ATTENTION_KINDS if self.of(k)]

    @property
    def orgs(self) -> set[str]:
        return {i.org_code for i in self.items}


def _val(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def attention(
    db: Database,
    year: int,
    filters: Filters = ALL,
    day: dt.date | None = None,
    results: pd.DataFrame | None = None,
) -> Attention:
    """The year's list (``results``: results_by_org_year of the year, when already loaded)."""
    day = day or today()
    if results is None:
        results = org_results(db, year, year, filters)
    rows = results[results["year"] == year] if "year" in results.columns else results
    codes = rows["org_code"].tolist()
    items: list[AttentionItem] = []

    below = rows[rows["org_rank"].fillna(0) >= 3].sort_values(
        ["org_rank", "org_name"], ascending=[False, True]
    )
    items += [
        AttentionItem("below_good", str(r.org_code), str(r.org_name), {"level": str(r.org_level)})
        for r in records(below)
    ]

    weak = rows[rows["members_khtnv"] > 0].sort_values(
        ["members_khtnv", "org_name"], ascending=[False, True]
    )
    items += [
        AttentionItem(
            "members_not_completed",
            str(r.org_code),
            str(r.org_name),
            {"members_khtnv": int(r.members_khtnv), "evaluated": int(r.members_evaluated)},
        )
        for r in records(weak)
    ]

    total, exempt = int(rows["members_total"].sum()), int(rows["members_exempt"].sum())
    share = pct(exempt, total)
    if share:
        shares = rows.assign(
            ratio=rows["members_exempt"]
            * 100
            / share
            / rows["members_total"].where(rows["members_total"] > 0)
        )
        high = shares[
            (shares["ratio"] >= EXEMPT_FAR_ABOVE_RATIO)
            & (shares["members_exempt"] >= EXEMPT_FAR_ABOVE_MIN)
        ].sort_values(["ratio", "org_name"], ascending=[False, True])
        items += [
            AttentionItem(
                "exempt_high",
                str(r.org_code),
                str(r.org_name),
                {
                    "exempt": int(r.members_exempt),
                    "exempt_pct": pct(int(r.members_exempt), int(r.members_total)),
                    "scope_exempt_pct": share,
                },
            )
            for r in records(high)
        ]

    states = item_states(load_items(db, filters.scope, filters.orgs), day)
    late = states[
        states["overdue"] & (states["plan_year"] <= year) & among(states["org_code"], codes)
    ]
    if not late.empty:
        by_org = (
            late.groupby("org_code", as_index=False)
            .agg(overdue=("item_no", "size"), oldest=("deadline", "min"), days=("days_late", "max"))
            # as named that year
            .merge(rows[["org_code", "org_name"]], on="org_code", how="left")
        )
        by_org = by_org.sort_values(["days", "org_name"], ascending=[False, True])
        items += [
            AttentionItem(
                "overdue",
                str(r.org_code),
                str(r.org_name),
                {"overdue": int(r.overdue), "oldest_deadline": pd.Timestamp(r.oldest).date()},
            )
            for r in records(by_org)
        ]

    statuses = held_up(db, year, HELD_UP_STATUSES, filters)
    items += [
        AttentionItem(
            "held_up",
            str(r.org_code),
            str(r.org_name),
            {
                "status": str(r.reason),
                "reference": _val(r.reference),
                "status_date": _val(r.status_date),
            },
        )
        for r in records(statuses)
    ]
    return Attention(year, day, tuple(items))

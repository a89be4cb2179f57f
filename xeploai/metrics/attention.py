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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from xeploai.domain.levels import BELOW_GOOD_RANK
from xeploai.domain.numbers import pct
from xeploai.domain.selection import ALL, Filters
from xeploai.domain.workflow import (
    ATTENTION_KINDS,
    EXEMPT_FAR_ABOVE_MIN,
    EXEMPT_FAR_ABOVE_RATIO,
    HELD_UP_STATUSES,
    today,
)
from xeploai.metrics.frames import among, records, sorted_rows
from xeploai.metrics.remediation import item_states, load_states
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
    items: tuple[AttentionItem, ...]  # every item, or the first ``shown`` of each kind
    counts: dict[str, int] = field(default_factory=dict)  # per kind, the whole list
    org_count: int = 0  # the organizations on the whole list (one may be there twice)

    def of(self, kind: str) -> list[AttentionItem]:
        """The items of the kind that are listed (all, or the first ``shown``)."""
        return [i for i in self.items if i.kind == kind]

    def count(self, kind: str) -> int:
        """How many organizations the whole list holds of the kind."""
        return self.counts.get(kind, 0)

    @property
    def kinds(self) -> list[str]:
        """The kinds that have at least one organization, in the order of the list."""
        return [k for k in ATTENTION_KINDS if self.count(k)]

    @property
    def empty(self) -> bool:
        return not self.org_count


def _val(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def attention(
    db: Database,
    year: int,
    filters: Filters = ALL,
    day: dt.date | None = None,
    results: pd.DataFrame | None = None,
    shown: int | None = None,
) -> Attention:
    """The year's list (``results``: results_by_org_year of the year, when already loaded);
    with ``shown``, only the first ``shown`` items of each kind are made (the counts are the
    whole list's: a national year lists tens of thousands)."""
    day = day or today()
    if results is None:
        results = db.query(
            "attention_facts_by_org_year", from_year=year, to_year=year, **filters.params()
        )
    rows = results[results["year"] == year] if "year" in results.columns else results
    found: list[tuple[str, pd.DataFrame, Callable[[Any], dict[str, Any]]]] = []

    below = sorted_rows(
        rows[rows["org_rank"].fillna(0) >= BELOW_GOOD_RANK],
        ["org_rank", "org_name", "org_code"],
        [False, True, True],
    )
    found.append(("below_good", below, lambda r: {"level": str(r.org_level)}))

    weak = sorted_rows(
        rows[rows["members_khtnv"] > 0],
        ["members_khtnv", "org_name", "org_code"],
        [False, True, True],
    )
    found.append(
        (
            "members_not_completed",
            weak,
            lambda r: {
                "members_khtnv": int(r.members_khtnv),
                "evaluated": int(r.members_evaluated),
            },
        )
    )

    total, exempt = int(rows["members_total"].sum()), int(rows["members_exempt"].sum())
    share = pct(exempt, total)
    if share:
        ratio = (
            rows["members_exempt"]
            * 100
            / share
            / rows["members_total"].where(rows["members_total"] > 0)
        )
        far = (ratio >= EXEMPT_FAR_ABOVE_RATIO) & (rows["members_exempt"] >= EXEMPT_FAR_ABOVE_MIN)
        # the ratio added to the few rows far above, not to a copy of a national year's 256.308
        high = sorted_rows(
            rows[far].assign(ratio=ratio[far]),
            ["ratio", "org_name", "org_code"],
            [False, True, True],
        )
        found.append(
            (
                "exempt_high",
                high,
                lambda r: {
                    "exempt": int(r.members_exempt),
                    "exempt_pct": pct(int(r.members_exempt), int(r.members_total)),
                    "scope_exempt_pct": share,
                },
            )
        )

    states = item_states(load_states(db, filters.scope, filters.orgs), day)
    # the overdue items of the year's organizations, each set looked up in the smaller: the
    # year's codes among the overdue items' (a set of 256.308 codes made for 2.472 items took
    # 50–120 ms nationally), then those items among the codes found
    overdue = states[states["overdue"] & (states["plan_year"] <= year)]
    present = rows["org_code"][among(rows["org_code"], overdue["org_code"])]
    late = overdue[among(overdue["org_code"], present)]
    if not late.empty:
        by_org = late.groupby("org_code", as_index=False).agg(
            overdue=("item_no", "size"), oldest=("deadline", "min"), days=("days_late", "max")
        )
        named = rows.loc[among(rows["org_code"], by_org["org_code"]), ["org_code", "org_name"]]
        by_org = by_org.merge(named, on="org_code", how="left")  # as named that year
        by_org = by_org.sort_values(["days", "org_name", "org_code"], ascending=[False, True, True])
        found.append(
            (
                "overdue",
                by_org,
                lambda r: {
                    "overdue": int(r.overdue),
                    "oldest_deadline": pd.Timestamp(r.oldest).date(),
                },
            )
        )

    statuses = held_up(db, year, HELD_UP_STATUSES, filters)
    found.append(
        (
            "held_up",
            statuses,
            lambda r: {
                "status": str(r.reason),
                "reference": _val(r.reference),
                "status_date": _val(r.status_date),
            },
        )
    )

    items = [
        AttentionItem(kind, str(r.org_code), str(r.org_name), facts(r))
        for kind, frame, facts in found
        for r in records(frame if shown is None else frame.head(shown))
    ]
    counts = {kind: len(frame) for kind, frame, _ in found if len(frame)}
    codes = pd.concat([frame["org_code"] for _, frame, _ in found], ignore_index=True)
    return Attention(year, day, tuple(items), counts, int(codes.nunique()))

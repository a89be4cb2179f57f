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
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
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


@dataclass(frozen=True)
class _Kind:
    """A kind's organizations: the rows of ``frame`` that ``picked`` marks (none: all), listed
    the worst first by ``worst`` (a column of the frame, or values beside it; none: in the
    frame's order), then by name and code; and what puts one there."""

    kind: str
    frame: pd.DataFrame
    facts: Callable[[Any], dict[str, Any]]
    picked: np.ndarray | None = None
    worst: str | np.ndarray | None = None

    def count(self) -> int:
        return len(self.frame) if self.picked is None else int(self.picked.sum())

    def codes(self) -> pd.Series:
        codes = self.frame["org_code"]
        return codes if self.picked is None else codes[self.picked]

    def first(self, shown: int | None) -> pd.DataFrame:
        """All its organizations in order, or the first ``shown``: only their rows are copied
        (each kind's rows taken whole out of a national year's 256.308 cost 7–9 ms)."""
        if self.worst is None:
            return self.frame if shown is None else self.frame.head(shown)
        at = np.arange(len(self.frame)) if self.picked is None else np.flatnonzero(self.picked)
        worst = (
            self.frame[self.worst].iloc[at].to_numpy(dtype="float64", na_value=np.nan)
            if isinstance(self.worst, str)
            else self.worst[at]
        )
        if shown is None:
            # the whole list (the deck's, the report's: tens of thousands nationally), by Arrow
            keys = pd.DataFrame(
                {
                    "worst": worst,
                    "name": self.frame["org_name"].iloc[at].array,
                    "code": self.frame["org_code"].iloc[at].array,
                },
                index=at,
            )
            order = sorted_rows(keys, ["worst", "name", "code"], [False, True, True])
            return self.frame.iloc[order.index]
        # A missing value last, as pandas puts it. Only the rows at least as bad as the
        # ``shown``-th worst can be shown: those are ordered (in Python: a few rows, where
        # making an Arrow table and a frame of keys cost 1 ms a kind), the rest never are.
        worst = np.where(np.isnan(worst), -np.inf, worst)
        if len(at) > shown:
            keep = worst >= np.partition(worst, len(worst) - shown)[len(worst) - shown]
            at, worst = at[keep], worst[keep]
        names = self.frame["org_name"].iloc[at].tolist()
        codes = self.frame["org_code"].iloc[at].tolist()
        order = heapq.nsmallest(
            shown, range(len(at)), key=lambda i: (-worst[i], names[i], codes[i])
        )
        return self.frame.iloc[at[order]]


def attention_facts(db: Database, year: int, filters: Filters = ALL) -> pd.DataFrame:
    """attention_facts_by_org_year of the year: what the list judges each organization by (the
    deck and the report name the organizations below "good" and the most exempted from it)."""
    return db.query("attention_facts_by_org_year", from_year=year, to_year=year, **filters.params())


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
    with db.at_once() as run:  # the three reads do not need each other
        read = None if results is not None else run(attention_facts, db, year, filters)
        states_read = run(load_states, db, filters.scope, filters.orgs)
        statuses_read = run(held_up, db, year, HELD_UP_STATUSES, filters)
    if read is not None:
        results = read.result()
    assert results is not None
    rows = results[results["year"] == year] if "year" in results.columns else results
    found: list[_Kind] = []

    rank = rows["org_rank"].fillna(0).to_numpy(dtype="int64")
    found.append(
        _Kind(
            "below_good",
            rows,
            lambda r: {"level": str(r.org_level)},
            rank >= BELOW_GOOD_RANK,
            "org_rank",
        )
    )

    found.append(
        _Kind(
            "members_not_completed",
            rows,
            lambda r: {
                "members_khtnv": int(r.members_khtnv),
                "evaluated": int(r.members_evaluated),
            },
            rows["members_khtnv"].to_numpy() > 0,
            "members_khtnv",
        )
    )

    # a missing count is no member (NaN: summed as nothing, compared as false), as pandas' was
    members = rows["members_total"].to_numpy(dtype="float64", na_value=np.nan)
    exempted = rows["members_exempt"].to_numpy(dtype="float64", na_value=np.nan)
    share = pct(int(np.nansum(exempted)), int(np.nansum(members)))
    if share:
        with np.errstate(invalid="ignore", divide="ignore"):  # no member: no ratio (NaN)
            ratio = exempted * 100 / share / np.where(members > 0, members, np.nan)
        far = (ratio >= EXEMPT_FAR_ABOVE_RATIO) & (exempted >= EXEMPT_FAR_ABOVE_MIN)
        found.append(
            _Kind(
                "exempt_high",
                rows,
                lambda r: {
                    "exempt": int(r.members_exempt),
                    "exempt_pct": pct(int(r.members_exempt), int(r.members_total)),
                    "scope_exempt_pct": share,
                },
                far,
                ratio,
            )
        )

    states = item_states(states_read.result(), day)
    # the overdue items of the year's organizations, each set looked up in the smaller: the
    # year's codes among the overdue items' (a set of 256.308 codes made for 2.472 items took
    # 50–120 ms nationally), then those items among the codes found; added up in Python (a
    # few hundred items nationally: pandas' group-by and merge cost 5–6 ms on a district's)
    due = np.flatnonzero(
        states["overdue"].to_numpy(dtype=bool) & (states["plan_year"].to_numpy() <= year)
    )
    overdue = states.iloc[due]
    present = rows.loc[among(rows["org_code"], overdue["org_code"]), ["org_code", "org_name"]]
    named = dict(zip(present["org_code"].tolist(), present["org_name"].tolist(), strict=True))
    late: dict[str, tuple[int, Any, int]] = {}
    for code, deadline, days in zip(
        overdue["org_code"].tolist(),
        overdue["deadline"].tolist(),
        overdue["days_late"].tolist(),
        strict=True,
    ):
        if code in named:
            items, oldest, most = late.get(code, (0, deadline, days))
            late[code] = (items + 1, min(oldest, deadline), max(most, days))
    if late:
        # as named that year: each organization with an item late is one of those present
        codes = sorted(late)
        by_org = pd.DataFrame(
            {
                "org_code": codes,
                "overdue": [late[c][0] for c in codes],
                "oldest": [late[c][1] for c in codes],
                "days": [late[c][2] for c in codes],
                "org_name": [named[c] for c in codes],
            }
        )
        found.append(
            _Kind(
                "overdue",
                by_org,
                lambda r: {
                    "overdue": int(r.overdue),
                    "oldest_deadline": pd.Timestamp(r.oldest).date(),
                },
                worst="days",
            )
        )

    statuses = statuses_read.result()
    found.append(
        _Kind(
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
        AttentionItem(k.kind, str(r.org_code), str(r.org_name), k.facts(r))
        for k in found
        for r in records(k.first(shown))
    ]
    counts = {k.kind: n for k in found if (n := k.count())}
    codes = pd.concat([k.codes() for k in found], ignore_index=True)
    return Attention(year, day, tuple(items), counts, int(codes.nunique()))

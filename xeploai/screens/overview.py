"""Tổng quan: the chosen year at a glance, against the previous year and the term's targets.

``build`` returns everything the page shows; the page only draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np

from xeploai.charts.base import good_trend, levels_bar
from xeploai.domain.regimes import comparable
from xeploai.domain.selection import ALL, Filters
from xeploai.metrics.analysis import level_shares
from xeploai.metrics.attention import Attention, attention
from xeploai.metrics.summary import (
    SetChange,
    YearSummary,
    previous_like_for_like,
    subject_counts,
    year_summary,
)
from xeploai.metrics.yearly import Yearly, load_yearly
from xeploai.narrative.sentences import set_change_sentence, year_sentences
from xeploai.narrative.tables import levels_table, trend_table
from xeploai.narrative.titles import levels_title, trend_title
from xeploai.narrative.workflow import (
    attention_footnote,
    attention_heading,
    attention_line,
    attention_summary,
)
from xeploai.screens.blocks import Card, ChartBlock, DeltaColor, LinkGroup, LinkList, Note
from xeploai.screens.common import scope_note
from xeploai.store.database import Database
from xeploai.texts import (
    ATTENTION,
    BREAK_TEXTS,
    DIRECTION_LABELS,
    UI,
    fmt_delta_int,
    fmt_int,
    fmt_pct,
    fmt_pp,
    measure_words,
)


def _get(summary: YearSummary | None, subject: str, key: str) -> Any:
    return None if summary is None else subject_counts(summary, subject).get(key)


def _pp_delta(
    summary: YearSummary, previous: YearSummary | None, subject: str, key: str
) -> str | None:
    now, before = _get(summary, subject, key), _get(previous, subject, key)
    if now is None or before is None:
        return None
    if not comparable(subject, key, previous["year"], summary["year"]):  # type: ignore[index]
        return None
    return fmt_pp(round(now - before, 2))


def _int_delta(
    summary: YearSummary, previous: YearSummary | None, subject: str, key: str
) -> str | None:
    now, before = _get(summary, subject, key), _get(previous, subject, key)
    if now is None or before is None:
        return None
    return fmt_delta_int(now - before)


def target_caption(summary: YearSummary, subject: str, measure: str) -> str | None:
    """The target of this very measure, met or not, and by how much; when the measure changed
    meaning since the target was set, it says so and gives the measure that compares."""
    for t in summary["targets"]:
        if t["subject"] == subject and t["measure"] == measure:
            key = "target_gap_met" if t["met"] else "target_gap_missed"
            text = UI[key].format(
                direction=DIRECTION_LABELS[t["direction"]],
                target=fmt_pct(t["target"]),
                gap=fmt_pp(t["gap"]),
            )
            if not t["comparable"] and t["instead"] is not None:
                text += " " + UI["target_changed_meaning"].format(
                    year=t["changed_in"],
                    instead=measure_words(t["instead"]),
                    value=fmt_pct(t["instead_actual"]),
                )
            return text
    return None


def members_excellent_measure(
    summary: YearSummary,
) -> Literal["excellent_pct", "excellent_of_good_pct"]:
    """The measure of the members' excellent card: the one the year's target uses (some terms
    count the excellent among those good or better), else the share of those evaluated."""
    for t in summary["targets"]:
        if t["subject"] == "members" and t["measure"] in ("excellent_pct", "excellent_of_good_pct"):
            return (
                "excellent_of_good_pct"
                if t["measure"] == "excellent_of_good_pct"
                else "excellent_pct"
            )
    return "excellent_pct"


def _history(
    history: Yearly | None, year: int, subject: str, column: str, table: str = "measures"
) -> tuple[float, ...]:
    """The card's small trend: the values up to the chosen year."""
    if history is None:
        return ()
    frame = history.measures if table == "measures" else getattr(history, table)
    # a few dozen rows: read as arrays (eight cards' selections and sorts of the frame were
    # 8 ms of the district overview)
    years = frame["year"].to_numpy(dtype="int64")
    keep = years <= year
    if table == "measures":
        keep &= (frame["subject"] == subject).to_numpy(dtype=bool)
    values = frame[column].to_numpy(dtype="float64", na_value=np.nan)[keep]
    years = years[keep]
    order = np.argsort(years, kind="stable")
    # the old top level does not continue into the new one: draw only this side of a break
    return tuple(
        float(v)
        for y, v in zip(years[order].tolist(), values[order].tolist(), strict=True)
        if comparable(subject, column, y, year) and not np.isnan(v)
    )


def kpi_cards(
    summary: YearSummary,
    previous: YearSummary | None,
    history: Yearly | None = None,
    change: SetChange | None = None,
) -> list[list[Card]]:
    """Two rows of cards: organizations, then members; each with change, target and trend.

    Across a reorganization (``change``), ``previous`` is the year before counted over the same
    units: the members' changes are like for like; the organizations' are not changes at all
    (a commune committee of last year is twenty base cells this year) and are not shown.
    """
    o, c, m = summary["base_orgs"], summary["subordinate_cells"], summary["members"]
    year = summary["year"]
    since = (
        None
        if not previous
        else UI["vs_prev_same_units" if change else "vs_prev"].format(year=previous["year"])
    )
    org_previous = None if change else previous

    def card(
        label: str,
        value: str,
        delta: str | None,
        *,
        help: str | None = None,
        target: str | None = None,
        color: DeltaColor = "normal",
        history: tuple[float, ...] = (),
    ) -> Card:
        flat = delta is not None and delta.startswith("±")
        return Card(
            label,
            value,
            delta,
            "off" if flat else color,
            help,
            target,
            since if delta else None,
            "off" if flat else "auto",
            history,
        )

    first = [
        card(
            UI["kpi_base_orgs"],
            fmt_int(o["total"]),
            _int_delta(summary, org_previous, "base_orgs", "total"),
            color="off",
            help=UI["kpi_base_orgs_help"].format(
                committees=fmt_int(o["committees"]),
                cells=fmt_int(o["cells"]),
                rated=fmt_int(o["rated"]),
            ),
            history=_history(history, year, "base_orgs", "total", "orgs"),
        ),
        card(
            UI["kpi_base_orgs_good"],
            fmt_pct(o["good_or_better_pct"]),
            _pp_delta(summary, org_previous, "base_orgs", "good_or_better_pct"),
            target=target_caption(summary, "base_orgs", "good_or_better_pct"),
            history=_history(history, year, "base_orgs", "good_or_better_pct"),
        ),
        card(
            UI["kpi_clean_strong"],
            f"{fmt_int(o['clean_strong'])} ({fmt_pct(o['clean_strong_pct'])})",
            _pp_delta(summary, org_previous, "base_orgs", "clean_strong_pct"),
            help=BREAK_TEXTS["2018"]["note"],
            target=target_caption(summary, "base_orgs", "clean_strong_pct"),
            history=_history(history, year, "base_orgs", "clean_strong_pct"),
        ),
        card(
            UI["kpi_cells_good"],
            fmt_pct(c["good_or_better_pct"]),
            _pp_delta(summary, org_previous, "subordinate_cells", "good_or_better_pct"),
            help=UI["kpi_cells_help"].format(total=fmt_int(c["total"]), rated=fmt_int(c["rated"])),
            target=target_caption(summary, "subordinate_cells", "good_or_better_pct"),
            history=_history(history, year, "subordinate_cells", "good_or_better_pct"),
        ),
    ]
    excellent = members_excellent_measure(summary)
    second = [
        card(
            UI["kpi_members"],
            fmt_int(m["total"]),
            _int_delta(summary, previous, "members", "total"),
            color="off",
            help=UI["kpi_members_help"].format(evaluated=fmt_int(m["evaluated"])),
            history=_history(history, year, "members", "total", "members"),
        ),
        card(
            UI["kpi_members_good"],
            fmt_pct(m["good_or_better_pct"]),
            _pp_delta(summary, previous, "members", "good_or_better_pct"),
            target=target_caption(summary, "members", "good_or_better_pct"),
            history=_history(history, year, "members", "good_or_better_pct"),
        ),
        card(
            UI[f"kpi_members_{excellent}"],
            fmt_pct(m[excellent]),
            _pp_delta(summary, previous, "members", excellent),
            target=target_caption(summary, "members", excellent),
            history=_history(history, year, "members", excellent),
        ),
        card(
            UI["kpi_exempt"],
            fmt_int(m["exempt"]),
            _int_delta(summary, previous, "members", "exempt"),
            color="off",
            target=UI["kpi_exempt_help"].format(pct=fmt_pct(m["exempt_pct_of_total"])),
            history=_history(history, year, "members", "exempt", "members"),
        ),
    ]
    return [first, second]


# Organizations named under each heading of the attention list; the rest are counted.
ATTENTION_SHOWN = 8


def attention_links(found: Attention, shown: int = ATTENTION_SHOWN) -> LinkList:
    """The year's list as links to the organizations, grouped by why they are on it."""
    groups = []
    for kind in found.kinds:
        items, n = found.of(kind), found.count(kind)
        more = n - shown
        groups.append(
            LinkGroup(
                kind,
                attention_heading(kind, n),
                tuple((i.org_code, attention_line(i)) for i in items[:shown]),
                ATTENTION["more"].format(n=fmt_int(more)) if more > 0 else None,
            )
        )
    return LinkList(
        ATTENTION["heading"],
        attention_summary(found),
        tuple(groups),
        attention_footnote(found) if not found.empty else None,
    )


@dataclass(frozen=True)
class OverviewScreen:
    title: str
    empty: Note | None = None
    attention: LinkList | None = None  # what needs attention: first thing on the page
    cards: tuple[tuple[Card, ...], ...] = ()
    sentences: str = ""
    change: Note | None = None  # what a reorganization changed in the set compared
    levels: ChartBlock | None = None
    trend: ChartBlock | None = None


def build(
    db: Database,
    year: int,
    scope: str | None = None,
    filters: Filters = ALL,
    day: dt.date | None = None,
) -> OverviewScreen:
    """The year's list of what needs attention (on ``day``: overdue remediation), its cards,
    its sentences, the levels of the year and the trend of every year, for the committee
    ``scope``. The page passes no ``filters``: the overview shows the whole of the committee
    (what a user may see of it: the cache narrows the default to their scope)."""
    filters = replace(filters, scope=scope)
    years = [int(y) for y in db.query("years_by_data")["year"]]
    if not years:
        return OverviewScreen(title=UI["page_overview"], empty=scope_note(db, filters.scope, year))
    # what needs attention, the figures of every year, and from them the year and the year
    # before: read at once (``Database.at_once``), the summaries once the figures are read;
    # the page shows no rule findings (Kiểm tra quy tắc does)
    with db.at_once() as run:
        listed = run(attention, db, year, filters, day, shown=ATTENTION_SHOWN)
        history = load_yearly(db, years[0], years[-1], filters)
        before = run(previous_like_for_like, db, year, filters, figures=history)
        summary = year_summary(db, year, filters, with_findings=False, figures=history)
    if summary is None:
        return OverviewScreen(title=UI["page_overview"], empty=scope_note(db, filters.scope, year))
    previous, change = before.result()
    shares = level_shares(history.levels, year)
    return OverviewScreen(
        title=f"{UI['page_overview']} — {summary['superior']}",
        attention=attention_links(listed.result(), ATTENTION_SHOWN),
        cards=tuple(tuple(row) for row in kpi_cards(summary, previous, history, change)),
        sentences=" ".join(year_sentences(summary, previous)),
        change=None
        if change is None
        else Note(set_change_sentence(change), icon=":material/account_tree:"),
        levels=ChartBlock(
            levels_bar(shares, levels_title(summary)), "levels", data=levels_table(shares)
        ),
        trend=ChartBlock(
            good_trend(history.measures, trend_title(history.measures)),
            "trend",
            data=trend_table(history.measures),
        ),
    )

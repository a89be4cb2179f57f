"""Quy trình đánh giá: the three steps (where appraisal changed the level: how many, which, by
sector, over the years) and why organizations and members were not rated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from xeploai.charts.workflow import appraisal_sectors, appraisal_years
from xeploai.domain.regimes import regime_for_year
from xeploai.domain.selection import Selection
from xeploai.domain.workflow import APPRAISAL_MIN_ORGS, RATED_LATE
from xeploai.metrics.frames import records
from xeploai.metrics.summary import year_summary
from xeploai.metrics.workflow import (
    appraisal_by_sector,
    appraisal_by_year,
    appraisal_by_year_sector,
    generous_sector,
    load_appraisal_changes,
    load_appraisal_counts,
    missing_steps,
    share_down,
)
from xeploai.narrative.workflow import appraisal_finding, unrated_title
from xeploai.screens.blocks import Card, ChartBlock, Note
from xeploai.screens.common import LISTED_ROWS, cut_note, day_text, day_texts, level_text, num
from xeploai.store.database import Database
from xeploai.texts import (
    EVAL_STATUS_LABELS,
    PENDING_REASON_LABELS,
    UNRATED_REASON_LABELS,
    WORKFLOW,
    fmt_int,
    fmt_pct,
    sector_label,
)

W = WORKFLOW


def changes_table(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Which organizations: their three steps side by side, and what appraisal did."""
    words = {"down": W["change_down"], "up": W["change_up"], "same": W["change_same"]}
    # each column read as Python values at once (``tolist``; the days by ``day_texts``):
    # walking a text column value by value makes each one through pandas (1.000 rows: 20 ms)
    return pd.DataFrame(
        {
            W["h_org"]: rows["org_name"],
            W["h_sector"]: [sector_label(str(s), year) for s in rows["sector"].tolist()],
            W["h_self"]: [level_text(v) for v in rows["self_level"].tolist()],
            W["h_appraised"]: [level_text(v) for v in rows["appraised_level"].tolist()],
            W["h_decided"]: [level_text(v) or W["not_rated"] for v in rows["org_level"].tolist()],
            W["h_change"]: [words.get(str(c), "") for c in rows["appraisal"].tolist()],
            W["h_decision"]: [
                W["decision"].format(no=n, day=d) if isinstance(n, str) else ""
                for n, d in zip(
                    rows["decision_no"].tolist(), day_texts(rows["decision_date"]), strict=True
                )
            ],
        }
    )


def years_table(by_year: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            W["h_year"]: by_year["year"].astype(str),
            W["h_compared"]: by_year["compared"].astype("int64"),
            W["h_down"]: by_year["down"].astype("int64"),
            W["h_up"]: by_year["up"].astype("int64"),
            W["h_down_pct"]: by_year["down_pct"].astype("Float64"),
            W["h_decision_differs"]: by_year["decision_differs"].astype("int64"),
        }
    )


def sectors_table(by_sector: pd.DataFrame, year: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            W["h_sector"]: [sector_label(str(s), year) for s in by_sector["sector"]],
            W["h_compared"]: by_sector["compared"].astype("int64"),
            W["h_down"]: by_sector["down"].astype("int64"),
            W["h_down_pct"]: by_sector["down_pct"].astype("Float64"),
        }
    )


def sector_years_table(counts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The share moved down per sector (rows) and year (columns) of ``counts``
    (``load_appraisal_counts``): is it the same sector every year?"""
    columns: dict[str, pd.Series] = {}
    every = appraisal_by_year_sector(counts)
    # a share of two or three organizations says nothing: left blank
    every = every[every["compared"] >= APPRAISAL_MIN_ORGS]
    for y in sorted(set(int(v) for v in every["year"])):
        part = every[every["year"] == y]
        columns[str(y)] = part.set_index("sector")["down_pct"]
    if not columns:
        return pd.DataFrame()
    wide = pd.DataFrame(columns)
    wide.index = [sector_label(str(s), year) for s in wide.index]
    return (
        wide.rename_axis(W["h_sector"])
        .reset_index()
        .sort_values(wide.columns[-1], ascending=False)
        .reset_index(drop=True)
    )


def unrated_table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            W["h_org"]: rows["org_name"],
            W["h_reason"]: [
                UNRATED_REASON_LABELS.get(str(r), EVAL_STATUS_LABELS.get(str(r), ""))
                for r in rows["reason"].tolist()
            ],
            W["h_reference"]: [v if isinstance(v, str) else "" for v in rows["reference"].tolist()],
            W["h_date"]: day_texts(rows["status_date"]),
        }
    )


def members_table(summary: Any) -> pd.DataFrame:
    m = summary["members"]
    rows = [
        (W["members_exempt"], m["exempt"]),
        (W["members_suspended"], m["suspended"]),
        (W["members_new"], m["new"]),
        (W["members_pending"], m["pending"]),
    ]
    rows += [
        (W["members_pending_of"].format(reason=label), m["pending_reasons"][k])
        for k, label in PENDING_REASON_LABELS.items()
    ]
    rows.append((W["members_total_row"], m["total"] - m["evaluated"]))
    return pd.DataFrame(
        {W["h_reason"]: [r[0] for r in rows], W["h_members"]: [int(r[1]) for r in rows]}
    )


@dataclass(frozen=True)
class AppraisalScreen:
    empty: Note | None = None  # no year in the scope: the page ends
    regime: Note | None = None
    no_steps: Note | None = None  # no step recorded in the years: the appraisal part is empty
    cards: tuple[Card, ...] = ()
    finding: str = ""
    years: ChartBlock | None = None
    sectors: ChartBlock | None = None
    sector_years: pd.DataFrame | None = None
    sector_years_caption: str = ""
    changes: pd.DataFrame | None = None  # the first LISTED_ROWS (changes_file has them all)
    changes_cut: Note | None = None
    unrated_cards: tuple[Card, ...] = ()
    unrated_title: str = ""
    unrated: pd.DataFrame | None = None  # the first LISTED_ROWS (unrated_file has them all)
    unrated_cut: Note | None = None
    unrated_notes: tuple[str, ...] = ()
    members: pd.DataFrame | None = None


def build(db: Database, sel: Selection) -> AppraisalScreen:
    first, last, year = int(sel.from_year or 0), int(sel.to_year or 0), int(sel.year or 0)
    filters = sel.filters()
    # the page's reads do not need each other: read at once (``Database.at_once``; nationally
    # the unrated listed and the appraisal's changes each take 0,1 s)
    with db.at_once() as run:
        listed = run(_listed, db, sel, LISTED_ROWS)
        changes = run(load_appraisal_changes, db, year, filters)
        # the unrated and the members not evaluated are read from it; its targets not shown
        summary_of = run(year_summary, db, year, filters, with_findings=False, with_targets=False)
        counts_of = run(load_appraisal_counts, db, min(first, year), max(last, year), filters)
    summary = summary_of.result()
    if summary is None:
        return AppraisalScreen(empty=Note(W["no_steps"].format(first=first, last=last)))
    regime = regime_for_year(year)
    regime_note = Note(
        W["regime_note"].format(year=year, texts=regime.cited)
        if regime.three_steps
        else W["regime_note_before"].format(year=year),
        icon=":material/gavel:",
    )
    counts = counts_of.result()
    in_range = counts[counts["year"].between(first, last)]
    by_year = appraisal_by_year(in_range)
    in_year = counts[counts["year"] == year]
    by_sector = appraisal_by_sector(counts, year)
    year_row = appraisal_by_year(in_year)
    overall = share_down(by_year, year) if year in set(by_year["year"]) else None
    if overall is None:
        overall = share_down(year_row, year)
    sector = generous_sector(by_sector, overall)

    unrated_parts = _unrated(listed.result(), year, summary)
    if year_row.empty:
        return AppraisalScreen(
            regime=regime_note,
            **unrated_parts,
            no_steps=Note(W["no_steps"].format(first=first, last=last), icon=":material/info:"),
        )
    r = year_row.iloc[0]
    compared, down = int(r["compared"]), int(r["down"])
    cards = (
        Card(
            W["card_compared"],
            fmt_int(compared),
            help=W["card_compared_help"].format(
                rated=fmt_int(summary["base_orgs"]["rated"]),
                missing=fmt_int(missing_steps(counts, year)),
            ),
        ),
        Card(W["card_down"], fmt_int(down), caption=fmt_pct(num(r["down_pct"]))),
        Card(W["card_up"], fmt_int(int(r["up"]))),
        Card(W["card_decision"], fmt_int(int(r["decision_differs"]))),
    )
    years_title = (
        W["years_title"].format(
            down=fmt_int(down),
            compared=fmt_int(compared),
            pct=fmt_pct(num(r["down_pct"])),
            year=year,
            first=int(by_year["year"].min()),
            last=int(by_year["year"].max()),
            total_down=fmt_int(int(by_year["down"].sum())),
            total_compared=fmt_int(int(by_year["compared"].sum())),
        )
        if not by_year.empty
        else W["years_title_none"]
    )
    sectors_title = (
        W["sectors_title"].format(
            year=year,
            sector=sector_label(sector["sector"], year).lower(),
            down=fmt_int(sector["down"]),
            compared=fmt_int(sector["compared"]),
            pct=fmt_pct(sector["down_pct"]),
            overall=fmt_pct(overall),
        )
        if sector
        else W["sectors_title_none"].format(year=year)
    )
    return AppraisalScreen(
        regime=regime_note,
        cards=cards,
        finding=appraisal_finding(year, year_row, sector),
        years=ChartBlock(
            appraisal_years(by_year, years_title), "appraisal_years", data=years_table(by_year)
        )
        if not by_year.empty
        else None,
        sectors=ChartBlock(
            appraisal_sectors(by_sector, year, sectors_title),
            "appraisal_sectors",
            data=sectors_table(by_sector, year),
        ),
        sector_years=sector_years_table(in_range, year),
        sector_years_caption=W["heading_sectors_years"].format(min=APPRAISAL_MIN_ORGS),
        **_changes(changes.result(), year),
        **unrated_parts,
    )


def _cut(rows: int) -> Note | None:
    return cut_note(W["listed_cut"], rows, LISTED_ROWS)


def _changes(rows: pd.DataFrame, year: int) -> dict[str, Any]:
    """The first ``LISTED_ROWS`` of the year's changes (``load_appraisal_changes``)."""
    return {
        "changes": changes_table(rows.head(LISTED_ROWS), year),
        "changes_cut": _cut(len(rows)),
    }


def changes_file(db: Database, sel: Selection) -> pd.DataFrame:
    """Every organization whose level appraisal changed in the year (the page shows the first
    ``LISTED_ROWS``)."""
    year = int(sel.year or 0)
    return changes_table(load_appraisal_changes(db, year, sel.filters()), year)


def _listed(db: Database, sel: Selection, limit: int | None) -> pd.DataFrame:
    """unrated_listed_by_org of the year: the first ``limit`` unrated (None: all) by reason
    and name, how many, those rated late and those dissolved."""
    return db.query(
        "unrated_listed_by_org",
        year=int(sel.year or 0),
        limit=limit,
        late=RATED_LATE,
        **sel.filters().params(),
    )


def unrated_file(db: Database, sel: Selection) -> pd.DataFrame:
    """Every unrated organization of the year, by reason (the page shows the first
    ``LISTED_ROWS``)."""
    listed = _listed(db, sel, None)
    return unrated_table(listed[listed["unrated"]])


def _unrated(listed: pd.DataFrame, year: int, summary: Any) -> dict[str, Any]:
    """The unrated organizations of the year by reason (the first ``LISTED_ROWS`` of
    ``_listed``, and how many), those rated late and those dissolved, and the members not
    evaluated."""
    o = summary["base_orgs"]
    unrated = listed[listed["unrated"]]
    late = listed[listed["status"] == RATED_LATE]
    gone = listed[~listed["standing"].astype(bool)]
    notes = []
    if not gone.empty:
        notes.append(
            W["dissolved_note"].format(n=fmt_int(len(gone)), orgs="; ".join(gone["org_name"]))
        )
    if not late.empty:
        notes.append(
            W["late_note"].format(
                year=year,
                orgs="; ".join(f"{r.org_name} ({day_text(r.status_date)})" for r in records(late)),
            )
        )
    cards = (
        Card(W["card_unrated"], fmt_int(sum(o["unrated"].values()))),
        Card(W["card_rated_late"], fmt_int(len(late))),
        Card(W["card_dissolved"], fmt_int(o["dissolved_unrated"])),
    )
    return {
        "unrated_cards": cards,
        "unrated_title": unrated_title(year, o["unrated"]),
        "unrated": unrated_table(unrated.head(LISTED_ROWS)) if not unrated.empty else None,
        "unrated_cut": _cut(int(listed["unrated_rows"].iloc[0]) if len(listed) else 0),
        "unrated_notes": tuple(notes),
        "members": members_table(summary),
    }

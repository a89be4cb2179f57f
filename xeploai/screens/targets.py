"""Chỉ tiêu và thực hiện: every target of the term against each year, the target lines on the
trends, and for one year and target the organizations that pull the total below it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xeploai.charts.analysis import CONTRIBUTION_TOP, contribution_bars, share_trend
from xeploai.domain.measures import MEASURES
from xeploai.domain.selection import Filters, Selection, target_id
from xeploai.metrics.analysis import GapSummary, gap_contributions, load_unit_counts
from xeploai.metrics.summary import targets_vs_actual
from xeploai.metrics.yearly import load_yearly
from xeploai.narrative.tables import trend_table
from xeploai.screens.blocks import Card, ChartBlock, Note
from xeploai.screens.common import LISTED_ROWS, no_match
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    DIRECTION_LABELS,
    MEASURE_LABELS,
    SUBJECT_LABELS,
    UI,
    fmt_int,
    fmt_pct,
    fmt_pp,
    measure_words,
    sector_labels,
)

A = ANALYSIS


def targets_table(tva: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_year"]: tva["year"].astype(str),
            A["term"]: tva["term"],
            UI["subject"]: tva["subject"].map(SUBJECT_LABELS),
            UI["measure"]: tva["measure"].map(MEASURE_LABELS),
            A["direction"]: tva["direction"].map(DIRECTION_LABELS),
            UI["target"] + " (%)": tva["target"],
            UI["actual"] + " (%)": tva["actual"].astype("Float64"),
            UI["gap"] + " (" + A["pp"] + ")": tva["gap"].astype("Float64"),
            UI["met"]: [
                UI["no_data"] if m is None or pd.isna(m) else UI["met_yes"] if m else UI["met_no"]
                for m in tva["met"]
            ],
            A["h_meaning"]: [
                A["meaning_same"] if same else A["meaning_changed"].format(year=int(y))
                for same, y in zip(tva["comparable"], tva["changed_in"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def year_count(tva: pd.DataFrame, year: int) -> str:
    part = tva[tva["year"] == year]
    return A["targets_count"].format(
        year=year, met=int(part["met"].eq(True).sum()), total=len(part)
    )


def _of_measure(tva: pd.DataFrame, measure: str, *columns: str) -> list[tuple[Any, ...]]:
    """The rows of one measure, as tuples of ``columns``: a term's few dozen rows, read in
    Python (pandas' grouping of them cost 5–10 ms a measure, the page's slowest part)."""
    values = [tva[c].tolist() for c in ("measure", *columns)]
    return [row[1:] for row in zip(*values, strict=True) if row[0] == measure]


def target_lines(tva: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The target lines of one measure for the trend chart: one per term and subject."""
    columns = ["term", "subject", "from_year", "to_year", "target"]
    lines: dict[tuple[Any, Any], list[Any]] = {}
    for term, subject, year, target in _of_measure(
        tva, measure, "term", "subject", "year", "target"
    ):
        line = lines.setdefault((term, subject), [year, year, None])
        line[0], line[1] = min(line[0], year), max(line[1], year)
        if line[2] is None and pd.notna(target):  # the first target given, as ``first`` takes it
            line[2] = target
    if not lines:
        return pd.DataFrame(columns=columns)
    keys = sorted(lines)
    return pd.DataFrame(
        {
            "term": pd.Series([k[0] for k in keys], dtype=tva["term"].dtype),
            "subject": pd.Series([k[1] for k in keys], dtype=tva["subject"].dtype),
            "from_year": pd.Series([lines[k][0] for k in keys], dtype=tva["year"].dtype),
            "to_year": pd.Series([lines[k][1] for k in keys], dtype=tva["year"].dtype),
            "target": pd.Series(
                [np.nan if lines[k][2] is None else lines[k][2] for k in keys],
                dtype=tva["target"].dtype,
            ),
        }
    )


def target_trend_title(tva: pd.DataFrame, measure: str) -> str:
    """The tally of the years a target was missed. Years in which the measure no longer meant
    what it meant when the target was set are not added in: they are said apart."""
    judged = [
        row
        for row in _of_measure(tva, measure, "subject", "year", "met", "comparable", "changed_in")
        if pd.notna(row[2])
    ]
    name = MEASURE_LABELS[measure]
    if not judged:
        return name
    changed = [row for row in judged if not row[3]]
    suffix = (
        ""
        if not changed
        else " "
        + A["target_trend_changed"].format(
            n=len({row[1] for row in changed}),
            year=int(min(row[4] for row in changed if pd.notna(row[4]))),
        )
    )
    part = [row for row in judged if row[3]]
    if not part:
        return name + suffix
    missed: dict[str, int] = {}
    total: dict[str, int] = {}
    for subject, _, met, _, _ in part:
        missed[subject] = missed.get(subject, 0) + (not met)
        total[subject] = total.get(subject, 0) + 1
    # the subject that missed most (the first in order of the subjects' codes on a tie)
    worst = max(sorted(missed), key=lambda subject: missed[subject])
    if missed[worst] == 0:
        return A["target_trend_title_met"].format(measure=name, total=max(total.values())) + suffix
    return (
        A["target_trend_title_missed"].format(
            measure=name,
            subject=SUBJECT_LABELS[worst].lower(),
            missed=missed[worst],
            total=total[worst],
        )
        + suffix
    )


def default_target(in_year: pd.DataFrame) -> int:
    """The target shown first: a missed one, members before cells before organizations (a
    member-level target splits the gap most informatively among the organizations)."""
    order = {"members": 0, "subordinate_cells": 1, "base_orgs": 2}
    missed = [
        (order.get(str(r.subject), 3), i)
        for i, r in enumerate(in_year.itertuples())
        if r.met is False
    ]
    return min(missed)[1] if missed else 0


def target_option(row: Any) -> str:
    return A["gap_option"].format(
        subject=SUBJECT_LABELS[row.subject],
        measure=measure_words(row.measure),
        direction=DIRECTION_LABELS[row.direction],
        target=fmt_pct(float(row.target)),
    )


def gap_title(summary: GapSummary, contrib: pd.DataFrame) -> str:
    what = f"{SUBJECT_LABELS[summary.subject].lower()} {A[f'level_{summary.measure}']}"
    if summary.measure == "excellent_of_good_pct":
        what += " " + A["of_good"]
    values = {
        "year": summary.year,
        "what": what,
        "actual": fmt_pct(summary.actual),
        "direction": DIRECTION_LABELS[summary.direction],
        "target": fmt_pct(summary.target),
        "gap": fmt_pp(summary.gap),
    }
    if summary.met is False and summary.hardest_pulling:
        worst = contrib.iloc[0]  # the first of the ranking pulls hardest
        tied = summary.hardest_pulling  # counted over the whole ranking, not the rows given
        name = worst["org_name"] if tied == 1 else A["tied_orgs"].format(n=tied)
        return A["gap_title_missed"].format(
            **values, worst=name, worst_pp=fmt_pp(float(worst["pull_pp"]))
        )
    return A["gap_title_met"].format(**values)


def what_it_takes_text(summary: GapSummary) -> str:
    if summary.units_needed == 0:
        return A["takes_none"]
    key = "takes_more" if summary.direction == "at_least" else "takes_fewer"
    return A[key].format(
        n=fmt_int(summary.units_needed),
        unit=A[f"unit_{summary.subject}"],
        level=A[f"level_{summary.measure}"],
        whole=fmt_int(summary.whole),
        basis=A["basis_good" if summary.measure == "excellent_of_good_pct" else "basis_rated"],
    )


def contribution_table(contrib: pd.DataFrame, year: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            A["h_org_name"]: contrib["org_name"],
            A["h_sector"]: contrib["sector"].map(sector_labels(year)),
            A["part"]: contrib["part"].astype("int64"),
            A["whole"]: contrib["whole"].astype("int64"),
            UI["share"] + " (%)": contrib["share"],
            A["contribution"]: contrib["pull_pp"],
            A["units_needed"]: contrib["units_needed"].astype("int64"),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class TargetsScreen:
    empty: Note | None = None  # nothing to show at all: the page ends with it
    filtered: Note | None = None  # the actual is the filtered one, the targets the committee's
    table: pd.DataFrame | None = None
    trends: tuple[ChartBlock, ...] = ()
    year_empty: Note | None = None  # the focus year has no target: the gap section ends
    year_count: str = ""
    options: tuple[str, ...] = ()  # the year's targets, as the picker shows them
    ids: tuple[str, ...] = ()  # the same, as a link names them (``selection.target_id``)
    default: int = 0


@dataclass(frozen=True)
class GapScreen:
    cards: tuple[Card, ...]
    takes: str
    chart: ChartBlock | Note


def _targets(db: Database, first: int, last: int, filters: Filters) -> pd.DataFrame:
    return targets_vs_actual(db, load_yearly(db, first, last, filters), first, last)


def build(db: Database, sel: Selection) -> TargetsScreen:
    first, last, year = int(sel.from_year or 0), int(sel.to_year or 0), int(sel.year or 0)
    figs = load_yearly(db, first, last, sel.filters())
    if figs.orgs.empty:
        return TargetsScreen(empty=no_match(sel))
    filtered = (
        None if sel.filters().is_all else Note(A["filtered_note"], icon=":material/filter_alt:")
    )
    tva = targets_vs_actual(db, figs, first, last)
    if tva.empty:
        return TargetsScreen(
            empty=Note(A["targets_none"].format(first=first, last=last)), filtered=filtered
        )
    trends = []
    for measure in (m for m in MEASURES if m in set(tva["measure"])):
        lines = target_lines(tva, measure)
        shown = figs.measures[figs.measures["subject"].isin(set(lines["subject"]))]
        trends.append(
            ChartBlock(
                share_trend(
                    shown, target_trend_title(tva, measure), measure=measure, targets=lines
                ),
                f"target_{measure}",
                data=trend_table(shown, measure),
            )
        )
    # the focus year may lie outside the range of the trends (inside, its rows are the range's
    # of that year, in the same order: the targets', each judged as in the range)
    in_year = (
        tva[tva["year"] == year].reset_index(drop=True)
        if first <= year <= last
        else _targets(db, year, year, sel.filters())
    )
    common = {"filtered": filtered, "table": targets_table(tva), "trends": tuple(trends)}
    if in_year.empty:
        return TargetsScreen(**common, year_empty=Note(A["targets_year_none"].format(year=year)))
    return TargetsScreen(
        **common,
        year_count=year_count(in_year, year),
        options=tuple(target_option(row) for row in in_year.itertuples()),
        ids=tuple(target_id(str(row.subject), str(row.measure)) for row in in_year.itertuples()),
        default=default_target(in_year),
    )


def _gap(
    db: Database, sel: Selection, chosen: int, limit: int | None
) -> tuple[GapSummary, pd.DataFrame]:
    year = int(sel.year or 0)
    in_year = _targets(db, year, year, sel.filters())
    target = in_year.iloc[chosen]
    return gap_contributions(
        load_unit_counts(db, year, sel.filters()),
        year,
        str(target.subject),
        str(target.measure),
        str(target.direction),
        float(target.target),
        limit=limit,
    )


def gap_table(db: Database, sel: Selection, chosen: int) -> pd.DataFrame:
    """Every organization's part in the gap of ``build_gap``, as its chart's data: the files
    of the whole ranking, made when asked for."""
    _, contrib = _gap(db, sel, chosen, None)
    return contribution_table(contrib, int(sel.year or 0))


def build_gap(db: Database, sel: Selection, chosen: int) -> GapScreen:
    """One target of the focus year: the gap, what would close it, who pulls the total away.

    The screen keeps the first organizations of the ranking, what the page shows (its table's
    ``LISTED_ROWS``, its chart's ``CONTRIBUTION_TOP``); ``gap_table`` makes the whole of it
    (a national year's 128.441 organizations, 16 MB to keep and copy out of the cache on every
    visit)."""
    year = int(sel.year or 0)
    summary, contrib = _gap(db, sel, chosen, max(LISTED_ROWS, CONTRIBUTION_TOP))
    cards = (
        Card(A["actual_metric"], fmt_pct(summary.actual)),
        Card(A["target_metric"], fmt_pct(summary.target)),
        Card(A["gap_metric"], fmt_pp(summary.gap)),
        Card(A["takes_metric"], fmt_int(summary.units_needed)),
    )
    chart: ChartBlock | Note
    if contrib.empty:
        chart = Note(A["no_rated"].format(subject=UI["subject"].lower()))
    else:
        chart = ChartBlock(
            contribution_bars(contrib, gap_title(summary, contrib)),
            "contrib",
            data=contribution_table(contrib, year),
            data_rows=summary.ranked,
            click="open_org",
            hint=f"{A['pull_axis']}. {A['click_open']}",
        )
    return GapScreen(cards=cards, takes=what_it_takes_text(summary), chart=chart)

"""Tra cứu: the yearly results of the base organizations, filtered ad hoc (years, sector, type,
organization, level, a threshold on a share), with totals, as CSV or Excel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from xeploai.domain.selection import Selection
from xeploai.metrics.analysis import (
    EXPLORER_COLUMNS,
    explore,
    explorer_rows,
    explorer_totals,
    level_params,
    totals_from_sums,
)
from xeploai.screens.blocks import Note
from xeploai.screens.common import no_match
from xeploai.store.database import Database
from xeploai.texts import (
    ANALYSIS,
    LEVEL_LABELS,
    ORG_TYPE_LABELS,
    UI,
    fmt_int,
    sector_label,
)

A = ANALYSIS


def level_option_label(code: str) -> str:
    return LEVEL_LABELS.get(code, UI["not_rated"])


# A browser table of more rows than this is slow to send and to scroll; the download has all.
EXPLORER_SHOWN_ROWS = 20_000


def explorer_table(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[list(EXPLORER_COLUMNS)].copy()
    out["year"] = out["year"].astype(str)
    out["org_type"] = out["org_type"].map(ORG_TYPE_LABELS)
    # each label written once per distinct value, then spread over the rows (a million rows
    # of national years: a call per row took seconds)
    pairs = rows[["sector", "year"]].drop_duplicates()
    pairs["label"] = [
        sector_label(str(s), int(y))
        for s, y in zip(pairs["sector"].tolist(), pairs["year"].tolist(), strict=True)
    ]
    out["sector"] = (
        rows[["sector", "year"]].merge(pairs, on=["sector", "year"], how="left")["label"].to_numpy()
    )
    codes = out["org_level"].dropna().unique().tolist()
    levels = {c: LEVEL_LABELS.get(str(c), UI["not_rated"]) for c in codes}
    # (object before the fill: rows all unrated map to no label at all, a float column)
    named = out["org_level"].map(levels).astype(object)
    out["org_level"] = named.fillna(UI["not_rated"]).to_numpy(object)
    clean = out["clean_strong"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    out["clean_strong"] = np.where(clean, A["yes"], A["no"]).astype(object)
    return out.rename(columns={c: A[f"h_{c}"] for c in EXPLORER_COLUMNS})


_TEXT_COLUMNS = ("year", "org_code", "org_name", "org_type", "sector", "org_level", "clean_strong")


def explorer_totals_row(totals: dict[str, Any]) -> pd.DataFrame:
    """The totals as one row under the table's own headers (text columns left blank)."""
    row: dict[str, Any] = {
        A[f"h_{c}"]: "" if c in _TEXT_COLUMNS else None for c in EXPLORER_COLUMNS
    }
    years = int(totals.get("years", 0))
    row[A["h_year"]] = A["total_row_years"].format(n=years) if years > 1 else A["total_row"]
    row[A["h_org_name"]] = A["explorer_count"].format(
        rows=fmt_int(totals["rows"]),
        orgs=fmt_int(totals["orgs"]),
        years=fmt_int(totals.get("years", 0)),
    )
    for c in EXPLORER_COLUMNS:
        if c in totals and c not in ("year", "org_code", "org_name"):
            row[A[f"h_{c}"]] = totals[c]
    return pd.DataFrame([row])


def with_totals(table: pd.DataFrame, totals_row: pd.DataFrame) -> pd.DataFrame:
    """The download: the table and its totals as the last row."""
    return pd.concat([table, totals_row], ignore_index=True)


def threshold_label(measure: str) -> str:
    return A[f"measure_{measure}"]


def op_label(op: str) -> str:
    return A[f"op_{op}"]


@dataclass(frozen=True)
class ExplorerScreen:
    empty: Note | None = None
    count: str = ""
    cut: Note | None = None
    table: pd.DataFrame | None = None  # the rows shown (at most EXPLORER_SHOWN_ROWS)
    totals: pd.DataFrame | None = None  # one row under the table's own headers
    file_stem: str = ""
    # what the totals add up: over several years a member is counted once a year
    totals_caption: str = ""


def totals_caption(totals: dict[str, Any], first: int, last: int) -> str:
    years = int(totals.get("years", 0))
    if years <= 1:
        return A["explorer_totals"]
    return A["explorer_totals_years"].format(n=years, first=first, last=last)


def _rows(db: Database, sel: Selection, limit: int | None = None) -> pd.DataFrame | None:
    """The explorer's rows past its threshold, the first ``limit`` (None: the years and
    filters hold no results at all)."""
    first, last = int(sel.from_year or 0), int(sel.to_year or 0)
    results = explorer_rows(db, first, last, sel.filters(), sel.levels, limit)
    if results.empty and sel.levels:  # none at those levels: are there any at all?
        if explorer_rows(db, first, last, sel.filters(), limit=1).empty:
            return None
    elif results.empty:
        return None
    return explore(results, threshold=sel.threshold)


def build(db: Database, sel: Selection) -> ExplorerScreen:
    """The rows of the years and filters of ``sel``, at its levels (``sel.levels``) and past
    its threshold (``sel.threshold``): the first ``EXPLORER_SHOWN_ROWS`` labelled for the
    browser, the totals of them all (the files are ``download``'s, made when asked for).
    Without a threshold, the totals are counted in SQL and only the rows shown are read (a
    national decade is a million rows); a threshold on a share is taken in Python, with the
    database's rounding, over every row."""
    first, last = int(sel.from_year or 0), int(sel.to_year or 0)
    if sel.threshold is None:
        # the totals and the rows shown do not need each other: read at once (the rows are
        # read even when the totals then say there are none: a query of no rows)
        with db.at_once() as run:
            counted_of = run(
                db.rows,
                "explorer_totals_by_view",
                from_year=first,
                to_year=last,
                **level_params(sel.levels),
                **sel.filters().params(),
            )
            shown_of = run(_rows, db, sel, EXPLORER_SHOWN_ROWS)
        [counted] = counted_of.result()
        if counted["held"] == 0:
            return ExplorerScreen(empty=no_match(sel))
        totals = totals_from_sums(counted["rows"], counted["orgs"], counted["years"], counted)
        rows = shown_of.result() if totals["rows"] else None
    else:
        rows = _rows(db, sel)
        if rows is None:
            return ExplorerScreen(empty=no_match(sel))
        totals = explorer_totals(rows)
    if not totals["rows"] or rows is None:
        return ExplorerScreen(empty=Note(A["explorer_none"], icon=":material/filter_alt_off:"))
    cut = None
    if totals["rows"] > EXPLORER_SHOWN_ROWS:
        cut = Note(
            A["explorer_cut"].format(
                shown=fmt_int(EXPLORER_SHOWN_ROWS), rows=fmt_int(totals["rows"])
            )
        )
    return ExplorerScreen(
        count=A["explorer_count"].format(
            rows=totals["rows"], orgs=totals["orgs"], years=totals["years"]
        ),
        cut=cut,
        # a million rows over a national decade: only those shown are labelled here
        table=explorer_table(rows.head(EXPLORER_SHOWN_ROWS)),
        totals=explorer_totals_row(totals),
        file_stem=f"tra-cuu-{first}-{last}",
        totals_caption=totals_caption(totals, first, last),
    )


def download(db: Database, sel: Selection) -> pd.DataFrame:
    """The files' table: every row of ``build``'s view, labelled, and the totals as the last
    row (made when a download button is pressed)."""
    rows = _rows(db, sel)
    if rows is None or rows.empty:
        return pd.DataFrame(columns=[A[f"h_{c}"] for c in EXPLORER_COLUMNS])
    return with_totals(explorer_table(rows), explorer_totals_row(explorer_totals(rows)))

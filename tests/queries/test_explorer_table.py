"""The explorer's table: every row labelled as a reader reads it (sector as named that year,
level, "clean and strong"), the labels now written once per distinct value and spread over
the rows. Checked against the definition, a row at a time, on every organization-year of the
demo (before and after the July 2025 reorganization, rated and not)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from xeploai.domain.measures import NOT_RATED, Threshold
from xeploai.domain.selection import Filters, Selection
from xeploai.metrics.analysis import (
    EXPLORER_COLUMNS,
    explore,
    explorer_rows,
    explorer_totals,
    org_results,
)
from xeploai.screens.explorer import explorer_table
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS, LEVEL_LABELS, ORG_TYPE_LABELS, UI, sector_label


def _row_by_row(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[list(EXPLORER_COLUMNS)].copy()
    out["year"] = out["year"].astype(str)
    out["org_type"] = [ORG_TYPE_LABELS[t] for t in out["org_type"].tolist()]
    out["sector"] = [
        sector_label(str(s), int(y))
        for s, y in zip(rows["sector"].tolist(), rows["year"].tolist(), strict=True)
    ]
    out["org_level"] = [
        LEVEL_LABELS.get(str(c), UI["not_rated"]) if pd.notna(c) else UI["not_rated"]
        for c in out["org_level"].tolist()
    ]
    out["clean_strong"] = [
        ANALYSIS["yes"] if v is True else ANALYSIS["no"]
        for v in out["clean_strong"].astype(object).fillna(False)
    ]
    return out.rename(columns={c: ANALYSIS[f"h_{c}"] for c in EXPLORER_COLUMNS})


def test_every_row_is_labelled_as_one_at_a_time(db: Database) -> None:
    rows = explore(org_results(db, 2015, 2026, Filters(scope="*")))
    assert rows["org_level"].isna().any() and rows["org_level"].notna().any()
    assert rows["clean_strong"].astype(object).isin([True]).any()
    assert rows["year"].nunique() == 12
    got, expected = explorer_table(rows), _row_by_row(rows)
    assert_frame_equal(got, expected, check_dtype=False)
    # the labels are text a reader sees: no missing one, whatever the row
    labels = [ANALYSIS[f"h_{c}"] for c in ("org_type", "sector", "org_level", "clean_strong")]
    assert not got[labels].isna().any().any()


def test_the_page_labels_the_rows_it_shows_and_the_files_have_them_all(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national decade is a million rows: the screen labels the first rows it shows, the
    totals are every row's, and the files (made when asked for) hold every row, labelled the
    same, and the totals last."""
    import xeploai.screens.explorer as screen

    sel = Selection(from_year=2015, to_year=2026, scope="*")
    whole = screen.build(db, sel)
    assert whole.cut is None and whole.table is not None and whole.totals is not None
    monkeypatch.setattr(screen, "EXPLORER_SHOWN_ROWS", 7)
    cut = screen.build(db, sel)
    assert cut.cut is not None and cut.table is not None
    assert_frame_equal(cut.table, whole.table.head(7))
    assert_frame_equal(cut.totals, whole.totals)
    assert cut.count == whole.count
    files = screen.download(db, sel)
    rows = explore(org_results(db, 2015, 2026, Filters(scope="*")))
    assert len(files) == len(rows) + 1 == len(whole.table) + 1
    assert_frame_equal(files.head(len(rows)), whole.table, check_dtype=False)
    assert files.iloc[-1].tolist() == whole.totals.iloc[0].tolist()
    # nothing found: the headers only
    empty = screen.download(db, Selection(from_year=2015, to_year=2026, levels=("nope",)))
    assert empty.empty and list(empty.columns) == list(whole.table.columns)


@pytest.mark.parametrize(
    "filters",
    [Filters(scope="*"), Filters(), Filters(scope="XA_BADIEM"), Filters(sectors=("education",))],
)
def test_the_explorer_reads_the_results_columns_it_needs(db: Database, filters: Filters) -> None:
    narrow = explorer_rows(db, 2015, 2026, filters)
    wide = org_results(db, 2015, 2026, filters)
    assert len(narrow) > 0
    assert_frame_equal(narrow, wide[list(narrow.columns)])


def _reckoned(db: Database, sel: Selection, shown: int) -> dict[str, Any]:
    """What the page shows of ``sel``, reckoned from every row of the wide results in Python:
    the levels picked here, the threshold and the totals by the Python helpers."""
    import xeploai.screens.explorer as screen

    first, last = int(sel.from_year or 0), int(sel.to_year or 0)
    every = org_results(db, first, last, sel.filters())
    if every.empty:
        return {"empty": "no_match"}
    keep = pd.Series(True, index=every.index)
    if sel.levels:
        level = every["org_level"].astype(object)
        keep = level.isin([c for c in sel.levels if c != NOT_RATED])
        if NOT_RATED in sel.levels:
            keep |= level.isna()
    rows = explore(every[keep.to_numpy()], threshold=sel.threshold)
    if rows.empty:
        return {"empty": ANALYSIS["explorer_none"]}
    totals = explorer_totals(rows)
    return {
        "count": ANALYSIS["explorer_count"].format(
            rows=totals["rows"], orgs=totals["orgs"], years=totals["years"]
        ),
        "cut": len(rows) > shown,
        "table": explorer_table(rows.head(shown)),
        "totals": screen.explorer_totals_row(totals),
        "caption": screen.totals_caption(totals, first, last),
    }


@pytest.mark.parametrize("threshold", [None, Threshold("members_good_pct", "below", 95.0)])
@pytest.mark.parametrize("shown", [7, 100])  # within a year's rows; past the first year's
def test_the_page_counts_in_sql_what_every_row_adds_up_to(
    db: Database, monkeypatch: pytest.MonkeyPatch, threshold: Threshold | None, shown: int
) -> None:
    """Without a threshold the page reads its totals from SQL and only the rows it shows; with
    one, every row. Either way it shows what every row of the wide results gives, for each
    range, committee, filter and choice of levels (the unrated among them, and a code that
    matches nothing)."""
    import xeploai.screens.explorer as screen

    monkeypatch.setattr(screen, "EXPLORER_SHOWN_ROWS", shown)
    seen = set()
    for first, last in ((2015, 2026), (2019, 2019), (2024, 2025), (2030, 2030)):
        for scope, sectors in ((None, None), ("*", None), ("XA_BADIEM", None), (None, ("health",))):
            for levels in (None, ("HTXSNV",), (NOT_RATED,), ("HTTNV", NOT_RATED), ("nope",)):
                sel = Selection(
                    from_year=first,
                    to_year=last,
                    scope=scope,
                    sectors=sectors,
                    levels=levels,
                    threshold=threshold,
                )
                expected = _reckoned(db, sel, shown)
                got = screen.build(db, sel)
                if "empty" in expected:
                    assert got.empty is not None, sel
                    if expected["empty"] == "no_match":
                        assert got.empty.text != ANALYSIS["explorer_none"], sel
                    else:
                        assert got.empty.text == expected["empty"], sel
                    seen.add(expected["empty"])
                    continue
                assert got.empty is None and got.table is not None, sel
                assert got.count == expected["count"], sel
                assert (got.cut is not None) == expected["cut"], sel
                assert_frame_equal(got.table, expected["table"])
                assert_frame_equal(got.totals, expected["totals"])
                assert got.totals_caption == expected["caption"]
                seen.add("cut" if expected["cut"] else "whole")
    assert seen == {"no_match", ANALYSIS["explorer_none"], "cut", "whole"}

"""The explorer's table: every row labelled as a reader reads it (sector as named that year,
level, "clean and strong"), the labels now written once per distinct value and spread over
the rows. Checked against the definition, a row at a time, on every organization-year of the
demo (before and after the July 2025 reorganization, rated and not)."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from xeploai.domain.selection import Filters, Selection
from xeploai.metrics.analysis import EXPLORER_COLUMNS, explore, org_results
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
    narrow = db.query("explorer_rows_by_org_year", from_year=2015, to_year=2026, **filters.params())
    wide = org_results(db, 2015, 2026, filters)
    assert len(narrow) > 0
    assert_frame_equal(narrow, wide[list(narrow.columns)])

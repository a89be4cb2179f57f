"""The data under a trend chart (``narrative.tables.trend_table``): a row a year, a column a
subject in the subjects' order, a missing value left missing, two values for one cell refused."""

from __future__ import annotations

import pandas as pd
import pytest

from xeploai.narrative.tables import trend_table


def _measures(rows: list[tuple[int, str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": pd.array([r[0] for r in rows], dtype="int32"),
            "subject": pd.array([r[1] for r in rows], dtype=str),
            "good_or_better_pct": pd.array([r[2] for r in rows], dtype="Float64"),
        }
    )


def test_a_row_a_year_and_a_column_a_subject_in_order() -> None:
    # given members first and years out of order; cells have no 2020
    table = trend_table(
        _measures(
            [
                (2021, "members", 91.5),
                (2020, "members", 90.0),
                (2021, "subordinate_cells", 80.25),
                (2020, "base_orgs", 88.0),
                (2021, "base_orgs", None),
            ]
        )
    )
    assert list(table.columns) == [
        "Năm",
        "Tổ chức cơ sở đảng (%)",
        "Chi bộ trực thuộc (%)",
        "Đảng viên (%)",
    ]
    assert table["Năm"].tolist() == ["2020", "2021"]
    assert table["Tổ chức cơ sở đảng (%)"].tolist() == [88.0, pd.NA]
    assert table["Chi bộ trực thuộc (%)"].tolist() == [pd.NA, 80.25]
    assert table["Đảng viên (%)"].tolist() == [90.0, 91.5]
    assert str(table["Đảng viên (%)"].dtype) == "Float64"


def test_two_values_for_one_year_and_subject_are_refused() -> None:
    with pytest.raises(ValueError, match="2020"):
        trend_table(_measures([(2020, "members", 90.0), (2020, "members", 91.0)]))


def test_no_rows_no_subject_columns() -> None:
    table = trend_table(_measures([]))
    assert list(table.columns) == ["Năm"] and table.empty

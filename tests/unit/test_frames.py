"""The frame helpers give what pandas' own calls give, faster."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from xeploai.metrics.frames import among, records


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_code": ["CS01", None, "CS03", "CS01"],
            "org_name": ["Chi bộ 1", "Chi bộ 2", None, "Chi bộ 1"],
            "rank": pd.array([1, None, 3, 4], dtype="Int64"),
            "n": [1, 2, 3, 4],
            "share": [1.5, np.nan, 0.25, 2.0],
            "when": pd.to_datetime(["2025-01-01", None, "2025-03-04", "2025-12-31"]),
            "ok": [True, False, True, False],
            "day": pd.Series([dt.date(2025, 1, 1), None, dt.date(2025, 2, 1), None], dtype=object),
            "2nd col": ["a", "b", "c", "d"],  # a name itertuples must rename
        }
    )


@pytest.mark.parametrize(
    "values", [{"CS01"}, {"CS01": "x", "CS03": "y"}, ["CS09"], [], ("CS03", "CS01", "CS01")]
)
def test_among_is_isin_for_codes(values: object) -> None:
    frame = _frame()
    got = among(frame["org_code"], values)  # type: ignore[arg-type]
    pd.testing.assert_series_equal(got, frame["org_code"].isin(values), check_names=False)
    assert got.dtype == bool


def test_among_of_an_empty_or_all_missing_column_is_false() -> None:
    empty = pd.DataFrame({"org_code": []})["org_code"]
    assert among(empty, ["CS01"]).tolist() == []
    missing = pd.Series([None, None], index=[5, 7], dtype=object)
    pd.testing.assert_series_equal(among(missing, ["CS01"]), pd.Series(False, index=[5, 7]))


def test_records_are_itertuples_value_for_value() -> None:
    frame = _frame().iloc[[3, 1, 0, 2]]  # an index out of order, as after a sort
    got, want = list(records(frame)), list(frame.itertuples(index=False))
    assert [r._fields for r in got] == [r._fields for r in want]
    for a, b in zip(got, want, strict=True):
        for x, y in zip(a, b, strict=True):
            assert (pd.isna(x) and pd.isna(y) and type(x) is type(y)) or x == y
    assert got[0].org_name == "Chi bộ 1" and got[0].rank == 4 and got[0]._8 == "d"
    assert list(records(frame.iloc[:0])) == []

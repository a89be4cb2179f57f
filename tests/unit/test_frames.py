"""The frame helpers give what pandas' own calls give, faster."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from xeploai.metrics.frames import among, keyed, records, sorted_rows
from xeploai.store.database import as_frame


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
    got = among(frame["org_code"], values)
    pd.testing.assert_series_equal(got, frame["org_code"].isin(values), check_names=False)
    assert got.dtype == bool


def test_among_a_column_of_codes_is_isin_and_never_matches_a_missing_code() -> None:
    frame = _frame()
    wanted = pd.Series(["CS03", None, "CS09"], dtype="str")
    got = among(frame["org_code"], wanted)
    assert got.tolist() == [False, False, True, False]
    assert among(frame["org_code"], ["CS01", None]).tolist() == [True, False, False, True]
    assert among(frame["org_code"], pd.Series([], dtype="str")).tolist() == [False] * 4


def test_among_of_an_empty_or_all_missing_column_is_false() -> None:
    empty = pd.DataFrame({"org_code": []})["org_code"]
    assert among(empty, ["CS01"]).tolist() == []
    missing = pd.Series([None, None], index=[5, 7], dtype=object)
    pd.testing.assert_series_equal(among(missing, ["CS01"]), pd.Series(False, index=[5, 7]))


@pytest.mark.parametrize(
    ("by", "ascending"),
    [
        (["pull", "org_name"], True),
        (["rank", "org_name", "org_code"], [False, True, True]),
        (["org_name"], False),
        (["share", "org_name"], [False, True]),  # a missing share: pandas' own sort
    ],
)
def test_sorted_rows_are_sort_values_row_for_row(by: list[str], ascending: object) -> None:
    # ties on every key keep their order (the index tells them apart); names sort by code
    # point, accents and Đ after the plain letters, as Python's and pandas' do
    rng = np.random.default_rng(7)
    names = ["Chi bộ Ấp 1", "Chi bộ Ap 1", "Đảng bộ xã", "Dang bo xa", "chi bộ", "Chi bộ Ấp 1"]
    frame = pd.DataFrame(
        {
            "org_code": [f"C{i % 7}" for i in range(300)],
            "org_name": pd.array([names[i] for i in rng.integers(0, 6, 300)], dtype="str"),
            "rank": rng.integers(1, 4, 300).astype(float),
            "pull": rng.integers(-3, 3, 300) / 4,
            "share": np.where(rng.random(300) < 0.1, np.nan, rng.random(300)),
        },
        index=rng.permutation(300),
    )
    want = frame.sort_values(by, ascending=ascending, kind="stable")
    pd.testing.assert_frame_equal(sorted_rows(frame, by, ascending), want)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [0, 1, 8, 299, 300, 400])
@pytest.mark.parametrize(
    ("by", "ascending"),
    [
        (["rank", "org_name"], [False, True]),  # ties on every key: the first rows of each
        (["pull", "org_name", "org_code"], [False, True, True]),
        (["share", "org_name"], [False, True]),  # a missing share: pandas' own sort
    ],
)
def test_the_first_rows_are_those_of_the_whole_sort(
    by: list[str], ascending: list[bool], limit: int
) -> None:
    rng = np.random.default_rng(11)
    frame = pd.DataFrame(
        {
            "org_code": [f"C{i % 13}" for i in range(300)],
            "org_name": pd.array([f"Chi bộ {i}" for i in rng.integers(0, 5, 300)], dtype="str"),
            "rank": rng.integers(1, 3, 300),
            "pull": rng.integers(-3, 3, 300) / 4,
            "share": np.where(rng.random(300) < 0.1, np.nan, rng.random(300)),
        },
        index=rng.permutation(300),
    )
    want = frame.sort_values(by, ascending=ascending, kind="stable").head(limit)
    pd.testing.assert_frame_equal(sorted_rows(frame, by, ascending, limit=limit), want)


def test_a_text_column_of_many_chunks_is_one_piece_and_the_same_text() -> None:
    """DuckDB sends a long result in chunks; a text column is kept in one (a selection of rows
    of a column in chunks joined them all first)."""
    con = duckdb.connect()
    table = con.sql(
        "select i, 'Chi bộ ' || i as name, case when i % 3 = 0 then null else 'x' end as note"
        " from range(300000) t (i)"
    ).to_arrow_table()
    assert table.column("name").num_chunks > 1
    frame = as_frame(table)
    for name in ("name", "note"):
        assert frame[name].array.__arrow_array__().num_chunks == 1
        kept = [None if pd.isna(v) else v for v in frame[name].tolist()]
        assert kept == table.column(name).to_pylist()
    assert frame["note"].isna().sum() == 100000


def test_records_are_itertuples_value_for_value() -> None:
    frame = _frame().iloc[[3, 1, 0, 2]]  # an index out of order, as after a sort
    got, want = list(records(frame)), list(frame.itertuples(index=False))
    assert [r._fields for r in got] == [r._fields for r in want]
    for a, b in zip(got, want, strict=True):
        for x, y in zip(a, b, strict=True):
            assert (pd.isna(x) and pd.isna(y) and type(x) is type(y)) or x == y
    assert got[0].org_name == "Chi bộ 1" and got[0].rank == 4 and got[0]._8 == "d"
    assert list(records(frame.iloc[:0])) == []
    twice = frame[["org_code", "n", "org_code"]]  # a name twice: itertuples renames the second
    assert list(records(twice)) == list(twice.itertuples(index=False))


_EVERY_KIND = """
    select
        x::integer as whole, case when x = 1 then null else x end::integer as whole_or_none,
        x::bigint as big, x::smallint as small, x / 4 as share, (x * 1.25)::decimal(10, 2) as money,
        sum(x) over ()::hugeint as total, x = 1 as yes, case when x = 1 then null else x = 2 end as
        yes_or_none, 'Chi bộ ' || x as name, case when x = 1 then null else 'b' end as some_text,
        null::varchar as no_text, date '2025-01-01' + x::integer as day, null::date as no_day,
        timestamp '2025-01-01 10:00' as moment, [x, x + 1] as list
    from (values (1), (2), (3)) t (x)
"""


@pytest.mark.parametrize("where", ["", "where whole > 1", "where false"])
def test_a_query_frame_has_the_columns_duckdb_s_own_frame_has(where: str) -> None:
    """``Database.query``'s frames come from Arrow (``as_frame``) with DuckDB's own ``df()``
    types: the pages and the tests were written against those."""
    con = duckdb.connect()
    sql = f"select * from ({_EVERY_KIND}) {where}"
    pd.testing.assert_frame_equal(as_frame(con.sql(sql).to_arrow_table()), con.execute(sql).df())


def test_keyed_looks_each_rows_values_up_by_its_keys() -> None:
    frame = pd.DataFrame(
        {
            "subject": pd.array(["members", "base_orgs", "members"], dtype="string[pyarrow]"),
            "year": pd.array([2024, 2024, 2025], dtype="int32"),
            "share": pd.array([81.5, None, 79.25], dtype="Float64"),
        }
    )
    cells = keyed(frame, ["subject", "year"], ["share"])
    assert cells == {
        ("members", 2024): (81.5,),
        ("base_orgs", 2024): (pd.NA,),
        ("members", 2025): (79.25,),
    }
    assert keyed(frame.head(0), ["subject", "year"], ["share"]) == {}

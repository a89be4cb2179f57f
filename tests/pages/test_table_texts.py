"""What a table shows: every number written the Vietnamese way (6.659; 87,50), a missing value
as "no data", sent to the browser beside the numbers it still sorts by (``ui.render``).

The texts are written by ``texts.fmt_int`` and ``texts.fmt_num`` and handed to Streamlit
whole, instead of going through pandas' Styler: these tests hold them to what the Styler
wrote, cell for cell, and to what Streamlit sends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import streamlit.elements.lib.pandas_styler_utils as styler_utils
from pandas.io.formats.style import Styler
from streamlit.proto.ArrowData_pb2 import ArrowData

from tests.pages.helpers import open_page
from ui import render
from xeploai.screens.blocks import digest
from xeploai.texts import UI, fmt_int, fmt_num

FRAMES = {
    "counts": pd.DataFrame({"Tổ chức": ["A", "B"], "Đảng viên": [6659, 12]}),
    "shares and gaps": pd.DataFrame(
        {
            "Tỷ lệ (%)": pd.array([87.5, None, 100.0], dtype="Float64"),
            "Miễn (%)": [0.004999, np.nan, -0.005],
            "Lớn": [1e12, -1234.5, float("inf")],
        }
    ),
    "nullable counts": pd.DataFrame(
        {"Đảng viên": pd.array([1, None, -1_234_567], dtype="Int64"), "Chi bộ": [3, 1000, 0]}
    ),
    "narrow integers": pd.DataFrame({"n": np.array([1000, 2, -32000], dtype="int32")}),
    "text and gaps": pd.DataFrame({"Tên": ["A", None, ""], "Mã": pd.array(["X", "Y", None])}),
    "mixed object column": pd.DataFrame(
        {
            "Giá trị": pd.Series(
                [1234, "Tổng", 1.5, None, np.int64(5000), True, np.float32(2.25)], dtype=object
            )
        }
    ),
    "yes and no": pd.DataFrame({"Đạt": [True, False], "n": [1500, 2]}),
    "days": pd.DataFrame(
        {
            "Ngày": pd.to_datetime(["2024-01-02", None]),
            "Hạn": pd.Series([dt.date(2025, 7, 1), None], dtype=object),
        }
    ),
    "an index of its own": pd.DataFrame({"n": [1234, 5]}, index=[7, 3]),
    "no rows": pd.DataFrame({"Tên": pd.Series([], dtype="str"), "n": pd.Series([], dtype="int64")}),
    # a column of counts writes each count once (``_column_texts``); a float's zero has two
    # texts, so a column of floats is written value by value
    "repeated counts and signed zeros": pd.DataFrame(
        {
            "n": [1500, 2, 1500, 2, 1500, 0],
            "Chênh lệch": [0.0, -0.0, 0.0, -0.0, 12.5, -12.5],
            "Tỷ lệ": pd.array([-0.0, None, 0.0, -0.0, 0.0, 99.999], dtype="Float64"),
        }
    ),
    "integers of every width": pd.DataFrame(
        {
            "u8": np.array([255, 0, 255], dtype="uint8"),
            "i16": np.array([-32768, 1000, 1000], dtype="int16"),
            "u64": np.array([2**64 - 1, 2**63, 7], dtype="uint64"),
            "UInt32": pd.array([4_000_000_000, None, 4_000_000_000], dtype="UInt32"),
        }
    ),
    "yes, no and gaps": pd.DataFrame(
        {
            "Đạt": pd.array([True, None, False], dtype="boolean"),
            "f32": np.array([2.25, 0.1, -0.0], dtype="float32"),
        }
    ),
}


def _marshalled(styler: Styler) -> ArrowData:
    """What ``st.dataframe`` puts beside the data for a Styler (``marshall_styler``)."""
    proto = ArrowData()
    styler_utils.marshall_styler(proto, styler, "t")
    return proto


def _texts(proto: ArrowData) -> pa.Table:
    return pa.ipc.open_stream(proto.styler.display_values).read_all()


@pytest.mark.parametrize("name", list(FRAMES))
def test_every_cell_reads_as_pandas_styler_wrote_it(name: str) -> None:
    frame = FRAMES[name]
    styler = frame.style.format(thousands=".", decimal=",", precision=2, na_rep=UI["no_data"])
    before, now = _marshalled(styler), _marshalled(render._shown(frame))
    assert _texts(now).equals(_texts(before))
    assert now.styler.display_values == before.styler.display_values  # the very bytes
    assert now.styler.styles == before.styler.styles == ""
    assert not now.styler.caption


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert render.shown_cells(FRAMES["counts"])["Đảng viên"].tolist() == ["6.659", "12"]
    shown = render.shown_cells(FRAMES["shares and gaps"])
    assert shown["Tỷ lệ (%)"].tolist() == ["87,50", UI["no_data"], "100,00"]
    assert shown["Miễn (%)"].tolist() == ["0,00", UI["no_data"], "-0,01"]
    assert shown["Lớn"].tolist() == ["1.000.000.000.000,00", "-1.234,50", "inf"]
    counts = render.shown_cells(FRAMES["nullable counts"])
    assert counts["Đảng viên"].tolist() == ["1", UI["no_data"], "-1.234.567"]
    mixed = render.shown_cells(FRAMES["mixed object column"])["Giá trị"].tolist()
    assert mixed == ["1.234", "Tổng", "1,50", UI["no_data"], "5.000", "True", "2,25"]
    assert render.shown_cells(FRAMES["no rows"]).shape == (0, 2)


def _cell_by_cell(frame: pd.DataFrame) -> list[list[str]]:
    """Every cell written by ``render._written`` on its own: the one rule ``shown_cells``
    applies a column at a time."""
    return [
        [
            UI["no_data"] if gone else render._written(value)
            for value, gone in zip(column.tolist(), column.isna().tolist(), strict=True)
        ]
        for _, column in frame.items()
    ]


def test_a_column_is_written_as_each_of_its_cells_would_be() -> None:
    """Columns of every type pandas gives the pages, with gaps and repeated values, random:
    written a column at a time, each cell reads as ``_written`` writes it alone."""
    rng = np.random.default_rng(20261207)
    n = 400
    gaps = (rng.random(n) < 0.1).tolist()
    counts = rng.integers(-1_500_000, 1_500_000, n) // rng.choice([1, 1000, 10**6], n)
    decimals = rng.integers(0, 4, n).tolist()
    shares = [round(x, d) for x, d in zip(rng.normal(50, 60, n).tolist(), decimals, strict=True)]
    shares = [-0.0 if d == 3 and x < 0 else x for x, d in zip(shares, decimals, strict=True)]

    def gapped(values: list[Any]) -> list[Any]:
        return [None if gone else v for v, gone in zip(values, gaps, strict=True)]

    def mixed(c: int) -> Any:
        return [c, -0.0, "Tổng", None, True, np.int64(c), np.float32(0.5)][c % 7]

    frame = pd.DataFrame(
        {
            "int64": counts,
            "int32": counts.astype("int32"),
            "uint16": np.abs(counts % 65536).astype("uint16"),
            "Int64": pd.array(gapped(counts.tolist()), dtype="Int64"),
            "float64": [np.nan if v is None else v for v in gapped(shares)],
            "float32": np.array(shares, dtype="float32"),
            "Float64": pd.array(gapped(shares), dtype="Float64"),
            "bool": counts % 2 == 0,
            "boolean": pd.array(gapped((counts % 3 == 0).tolist()), dtype="boolean"),
            "str": pd.array(
                gapped([f"Chi bộ {c}"[: c % 9] + " " * (c % 2) for c in counts.tolist()]),
                dtype="str",
            ),
            "object": pd.Series(
                [mixed(c) for c in counts.tolist()],
                dtype=object,
            ),
            "datetime": pd.to_datetime(gapped(["2025-07-01"] * n)),
        }
    )
    shown = render.shown_cells(frame)
    assert [shown[c].tolist() for c in shown.columns] == _cell_by_cell(frame)
    assert (shown.dtypes == "str").all()
    assert shown.index.equals(frame.index) and list(shown.columns) == list(frame.columns)


def test_a_table_is_known_again_by_its_content_alone() -> None:
    """``render.table`` draws a table again from the element it kept for the same content
    (``blocks.digest``): the same rows built again are known; a cell, a type, a header or the
    index changed are not."""

    def built() -> pd.DataFrame:
        return pd.DataFrame(
            {
                "Tên": pd.array(["Chi bộ A", None, "Đảng bộ B"], dtype="str"),
                "Đảng viên": [6659, 12, 1000],
                "Tỷ lệ (%)": pd.array([87.5, None, 100.0], dtype="Float64"),
            }
        )

    same = digest(built())
    assert digest(built()) == same and digest(built().copy()) == same
    changed = [built() for _ in range(6)]
    changed[0].iloc[1, 1] = 13
    changed[1].iloc[1, 0] = ""
    changed[2]["Đảng viên"] = changed[2]["Đảng viên"].astype("int32")
    changed[3] = changed[3].rename(columns={"Tên": "Tên tổ chức"})
    changed[4].index = [1, 2, 3]
    changed[5].iloc[0, 2] = 87.49
    digests = {digest(frame) for frame in changed}
    assert same not in digests and len(digests) == len(changed)


def test_the_explorer_sends_its_numbers_with_their_vietnamese_texts(app_env: Path) -> None:
    """Tra cứu's table and its totals: under every number of the data the browser sorts by,
    the text it shows, as ``fmt_int`` or ``fmt_num`` writes it."""
    at = open_page("views/explorer.py", {"from": "2020", "to": "2024"})
    assert not at.exception
    table, totals = at.dataframe[0], at.dataframe[1]
    thousands = decimals = 0
    for element in (table, totals):
        data = element.value
        texts = _texts(element.proto.arrow_data).to_pandas()
        assert texts.shape == data.shape
        for i, column in enumerate(data.columns):
            values = data.iloc[:, i]
            if not pd.api.types.is_numeric_dtype(values):
                continue
            write = fmt_int if pd.api.types.is_integer_dtype(values) else fmt_num
            expected = [UI["no_data"] if pd.isna(v) else write(v) for v in values.tolist()]
            assert texts.iloc[:, i].tolist() == expected, column
            thousands += sum("." in t for t in expected if write is fmt_int)
            decimals += sum("," in t for t in expected if write is fmt_num)
    # the demo's district has counts past a thousand (the totals) and shares with decimals
    assert thousands and decimals
    members = totals.value["Tổng số đảng viên"].iloc[0]
    assert members >= 1000
    assert _texts(totals.proto.arrow_data).to_pandas()["Tổng số đảng viên"].iloc[0] == fmt_int(
        members
    )

"""The room a chart's axes' labels take, made before plotly draws it (``charts.room``).

The ticks and labels expected here are those Chromium drew for the same ranges (the charts of
the demo and the national benchmark, read from ``_fullLayout``); that plotly then widens no
margin is checked in the browser (tests/browser/test_chart_room_browser.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from xeploai.charts.analysis import exemption_trend_chart
from xeploai.charts.room import (
    EDGE_GAP,
    TICK_GAP,
    TICK_SIZE,
    TITLE_DEPTH,
    make_room,
    numeric_ticks,
    tick_texts,
)
from xeploai.charts.text import text_width


@pytest.mark.parametrize(
    ("span", "length", "letter", "tickformat", "suffix", "labels"),
    [
        # a change in percentage points: half-points, plotly's minus sign
        ((-0.82, 2.03), 278, "y", "", "", ["−0,5", "0", "0,5", "1", "1,5", "2"]),
        ((85.58, 93.18), 278, "y", "", "%", [f"{n}%" for n in range(86, 94)]),
        ((0, 847.37), 278, "y", ",d", "", ["0", "200", "400", "600", "800"]),
        # a national count: thousands written "k" when the axis has no format of its own
        ((0, 264707.4), 238, "y", "", "", ["0", "50k", "100k", "150k", "200k", "250k"]),
        ((0, 2400), 278, "y", ",d", "", ["0", "500", "1.000", "1.500", "2.000"]),
        # a gap to the target along a wide horizontal axis
        ((-0.3474, 0), 943, "x", "", "", ["−0,3", "−0,25", "−0,2", "−0,15", "−0,1", "−0,05", "0"]),
    ],
)
def test_the_ticks_are_those_plotly_draws(
    span: tuple[float, float],
    length: float,
    letter: str,
    tickformat: str,
    suffix: str,
    labels: list[str],
) -> None:
    texts = [t for _, t in tick_texts(span, length, letter, tickformat=tickformat, suffix=suffix)]
    assert texts == labels


def test_a_tick_step_is_2_5_or_10_times_a_power_of_ten() -> None:
    assert numeric_ticks(10.26, 15.25, 278, "y") == ([11, 12, 13, 14, 15], 1)
    assert numeric_ticks(0, 100, 994, "x")[0] == [0, 20, 40, 60, 80, 100]


def _need(labels: list[str]) -> int:
    return math.ceil(max(text_width(t, TICK_SIZE) for t in labels) + TICK_GAP)


def _bars(labels: list[str], values: list[float], **axis: object) -> dict[str, object]:
    return {
        "data": [{"type": "bar", "orientation": "h", "y": labels, "x": values}],
        "layout": {
            "height": 400,
            "margin": {"l": 10, "r": 10, "t": 12, "b": 80},
            "yaxis": {"automargin": True, **axis},
            "xaxis": {"automargin": True},
        },
    }


def test_the_left_margin_is_the_widest_category_label_and_its_gap() -> None:
    names = ["Y tế", "Đảng bộ xã Xuân Thới Thượng", "Công an"]
    spec = _bars(names, [3, 5, 1])
    make_room(spec)
    assert spec["layout"]["margin"]["l"] == _need(names)  # type: ignore[index]
    assert spec["layout"]["margin"]["r"] == 10  # type: ignore[index]  # positive bars: no


def test_labels_the_axis_is_given_are_measured_line_by_line() -> None:
    spec = _bars(
        ["a", "b"],
        [1, 2],
        tickmode="array",
        tickvals=["a", "b"],
        ticktext=["Đảng bộ Cơ quan<br>Đảng – Đoàn thể", "Y tế"],
    )
    make_room(spec)
    assert spec["layout"]["margin"]["l"] == _need(["Đảng bộ Cơ quan"])  # type: ignore[index]


def test_a_title_adds_its_depth_and_a_margin_is_never_narrowed() -> None:
    spec = _bars(["Y tế"], [1], title={"text": "Số tổ chức"})
    make_room(spec)
    assert spec["layout"]["margin"]["l"] == _need(["Y tế"]) + TITLE_DEPTH  # type: ignore[index]
    wide = _bars(["Y tế"], [1])
    wide["layout"]["margin"]["l"] = 300  # type: ignore[index]
    make_room(wide)
    assert wide["layout"]["margin"]["l"] == 300  # type: ignore[index]


def test_an_axis_that_makes_no_room_of_its_own_is_left_alone() -> None:
    spec = _bars(["Đảng bộ xã Xuân Thới Thượng"], [1], automargin=False)
    make_room(spec)
    assert spec["layout"]["margin"]["l"] == 10  # type: ignore[index]


def test_bars_of_values_below_zero_keep_room_for_the_zero_at_the_right_edge() -> None:
    spec = _bars(["a", "b"], [-0.2, -0.35])
    make_room(spec)
    r = spec["layout"]["margin"]["r"]  # type: ignore[index]
    assert r == math.ceil(text_width("0", TICK_SIZE) / 2 + EDGE_GAP)


def test_an_axis_on_the_right_widens_the_right_margin() -> None:
    trend = pd.DataFrame(
        {"year": [2022, 2023, 2024], "exempt": [700, 805, 790], "exempt_pct": [4.1, 4.6, 4.4]}
    )
    spec = exemption_trend_chart(trend, "t").to_dict()
    make_room(spec)
    margin = spec["layout"]["margin"]
    # the counts on the left (0 … 800, as ",d"), the shares on the right (0% … 4%)
    assert margin["l"] == _need(["800"])
    assert margin["r"] == _need(["4%"])

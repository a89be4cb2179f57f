"""A card's small trend as an SVG line (``charts.spark``)."""

from __future__ import annotations

import re

from xeploai.charts.spark import HEIGHT, PAD, WIDTH, points, sparkline_svg


def test_the_line_runs_left_to_right_with_the_highest_value_on_top() -> None:
    drawn = points([80.0, 95.5, 70.0, 88.0])
    xs = [x for x, _ in drawn]
    ys = [y for _, y in drawn]
    assert xs[0] == PAD and xs[-1] == WIDTH - PAD and xs == sorted(xs)
    assert ys[1] == PAD  # 95,5: the top
    assert ys[2] == HEIGHT - PAD  # 70: the bottom
    assert ys[0] > ys[3]  # 80 lies under 88


def test_a_flat_series_lies_across_the_middle() -> None:
    assert {y for _, y in points([42.0, 42.0, 42.0])} == {HEIGHT / 2}


def test_fewer_than_two_values_draw_nothing() -> None:
    assert sparkline_svg([], "x") == ""
    assert sparkline_svg([5.0], "x") == ""


def test_the_svg_holds_every_point_and_says_what_it_shows() -> None:
    svg = sparkline_svg([1.0, 3.0, 2.0], 'Đảng viên <b>"x"</b>')
    [line] = re.findall(r'points="([^"]+)"', svg)
    assert len(line.split()) == 3
    assert 'aria-label="Đảng viên &lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in svg  # as text, never markup
    assert "<b>" not in svg

"""Every chart starts with margins as wide as its axes' labels (``charts.room`` for the pages'
charts, ``exports.figures`` for the slides'): plotly draws it without widening a margin, which
cost a second layout of every chart at every redraw, and no margin is much wider than its
labels need.

Plotly records the room each axis asked for (``_fullLayout._pushmargin``: the widest tick
label and its gaps, the axis's title) and the margins it drew with (``_fullLayout._size``);
the server's margins are the figure's own (``layout.margin``). Checked on every page that draws
charts, at a phone's width, a laptop's and a large screen's, and on the slides of three years.
What is not the server's to know is left out: a legend's rows, which follow the chart's width
in the browser, and on a phone the last number of a horizontal axis, centred on the plot's edge.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_clipping_browser import PAGES, WIDTHS, _charts_drawn

pytestmark = pytest.mark.browser

# For each chart: per side, [the server's margin, the margin plotly drew with, the room its
# axes asked for (0: none)].
ROOM = """(sides) => [...document.querySelectorAll('.js-plotly-plot')].map(gd => {
  const fl = gd._fullLayout, margin = gd.layout.margin || {}, out = {};
  for (const side of sides) {
    let asked = 0;
    for (const [id, push] of Object.entries(fl._pushmargin || {})) {
      if (id.endsWith('.automargin') && push[side]) asked = Math.max(asked, push[side].size);
    }
    out[side] = [margin[side], fl._size[side], asked];
  }
  return out;
})"""
# the widest a margin may be past the room its labels asked for: the font's widths are taken a
# little wide (``charts.text.SLACK``), and a numeric axis's last tick may fall short of the
# range estimated for it
SPARE = 16


def _check(charts: list[dict[str, list[float]]], where: str, sides: str) -> None:
    assert charts, where
    for chart in charts:
        for side in sides:
            given, drawn, asked = chart[side]
            # plotly did not have to widen the margin the server gave
            assert drawn <= given + 0.5, (where, side, chart)
            if side == "l":  # every chart's left margin is its vertical axis's labels
                assert given - asked <= SPARE, (where, side, chart)


@pytest.mark.parametrize("width", WIDTHS)
def test_each_page_chart_starts_with_room_for_its_axes_labels(
    new_tab: Any, app_url: str, width: int
) -> None:
    page = new_tab(width, 900)
    sides = "l" if width < 600 else "lr"
    checked = 0
    for path in PAGES:
        page.goto(app_url + path)
        _charts_drawn(page)
        charts = page.evaluate(ROOM, list(sides))
        _check(charts, f"{path} at {width} px", sides)
        checked += len(charts)
    assert checked >= 10


@pytest.mark.parametrize("year", ["2019", "2022", "2023"])
def test_each_slide_chart_starts_with_room_for_its_axes_labels(
    new_tab: Any, app_url: str, year: str
) -> None:
    page = new_tab(1280, 720)
    page.goto(app_url + f"/trinh-chieu?year={year}")
    _charts_drawn(page, 5)
    # the slides' legends are counted into the bottom margin too (``figures._legend``)
    _check(page.evaluate(ROOM, ["l", "r", "b"]), f"the slides of {year}", "lrb")

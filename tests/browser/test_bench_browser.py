"""What the benchmark counts as a page drawn (bench/load.py), judged by Chromium itself."""

from __future__ import annotations

from typing import Any

import pytest

from bench.load import _CHARTS_DRAWN

pytestmark = pytest.mark.browser

# the page's body as Streamlit lays it out, with what each case leaves in it
_MAIN = '<div data-testid="stMain"><div data-testid="stMetric">6.659</div>{}</div>'
_SKELETON = '<div data-testid="stElementContainer"><div data-testid="stSkeleton"></div></div>'
# a chart element (ui/plotly_chart.py): drawn; waiting for plotly.js (marked, no plot yet);
# drawing a new figure over its last one (marked, the old plot still there)
_PLOT = '<div class="xl-chart js-plotly-plot"><svg class="main-svg"></svg></div>'
_WAITING = '<div class="xl-chart" data-xl-drawing></div>'
_REDRAWING = (
    '<div class="xl-chart js-plotly-plot" data-xl-drawing><svg class="main-svg"></svg></div>'
)


@pytest.mark.parametrize(
    ("inside", "drawn"),
    [
        ("", True),  # a page without charts
        (_PLOT + _PLOT, True),
        # plotly's chunk still loading: the chart is a skeleton, no plot yet (the first page
        # after a login); this passed until the twenty-sixth stop
        (_SKELETON + _SKELETON, False),
        (_PLOT + _SKELETON, False),
        (_PLOT + _WAITING, False),  # plotly.js still loading: no plot yet
        (_PLOT + _REDRAWING, False),  # a year changed: the new figure not drawn yet
        (_PLOT + '<div class="xl-chart"></div>', False),  # never drawn
    ],
)
def test_a_page_is_drawn_once_no_chart_is_still_loading(
    browser: Any, inside: str, drawn: bool
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(f"<body>{_MAIN.format(inside)}</body>")
        assert page.evaluate(_CHARTS_DRAWN) is drawn
    finally:
        context.close()

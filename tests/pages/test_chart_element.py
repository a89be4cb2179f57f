"""``ui/plotly_chart.py`` as the pages use it: what each chart element sends the browser."""

from __future__ import annotations

from pathlib import Path

from tests.pages.helpers import chart_data, chart_nodes, figure, open_page
from ui.plotly_chart import TEMPLATES
from xeploai.texts import UI


def test_a_pages_charts_have_streamlits_look_a_full_screen_button_and_clickable_bars(
    app_env: Path,
) -> None:
    at = open_page("views/trends.py", {"from": "2015", "to": "2024"})
    assert not at.exception
    # by the chart's key: an element's id is "$$ID-<hash>-<key>"
    sent = {"-".join(node.proto.id.split("-")[2:]): chart_data(node) for node in chart_nodes(at)}
    assert sent, "the page draws charts"
    for data in sent.values():
        assert data["plotly"].startswith("./xl/plotly-") and data["plotly"].endswith(".min.js")
        assert data["config"]["responsive"] is True and data["config"]["displayModeBar"] is False
        assert data["fullscreen"] == {
            "enter": UI["chart_fullscreen"],
            "exit": UI["chart_fullscreen_exit"],
        }
    figures = [figure(node) for node in chart_nodes(at)]
    assert all(f["layout"]["template"] == TEMPLATES["screen"] for f in figures)
    # the bars of a sector answer a click; the levels' chart does not
    assert sent["by_sector"]["clickable"] is True
    assert any(data["clickable"] is False for data in sent.values())


def test_the_slides_charts_keep_their_size_and_plotlys_own_colours(app_env: Path) -> None:
    at = open_page("views/presentation.py", {"year": "2019"})
    assert not at.exception
    nodes = chart_nodes(at)
    assert nodes
    for node in nodes:
        data = chart_data(node)
        assert data["fullscreen"] is None  # the deck shows a slide on the whole screen
        assert data["config"]["responsive"] is False and data["config"]["staticPlot"] is True
        assert data["label"]  # the slide's title names its chart
        assert figure(node)["layout"]["template"] == TEMPLATES["plain"]


def test_each_look_is_the_template_streamlit_drew_with() -> None:
    # the pages' charts: Streamlit's theme merged in (its fonts and greys); the slides': no
    # theme, plotly's own colours; neither holds Streamlit's placeholder colours (#0000NN)
    assert TEMPLATES["screen"]["layout"]["font"]["family"] == '"Source Sans", sans-serif'
    assert "font" not in TEMPLATES["plain"]["layout"]
    assert TEMPLATES["plain"]["layout"]["colorway"][0] == "#636efa"
    assert "#0000" not in str(TEMPLATES)

"""The charts written as plain dicts (``charts.spec.Spec``) are the figures ``go.Figure`` makes
of the same calls: every chart of every analysis screen, built both ways on the demo."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import plotly.graph_objects as go
import pytest

from xeploai.charts import analysis, base
from xeploai.charts.spec import Spec, as_figure
from xeploai.domain.selection import Selection
from xeploai.exports import story
from xeploai.metrics.yearly import as_published
from xeploai.screens import exemptions, organization, overview, presentation, targets, trends
from xeploai.screens.blocks import ChartBlock
from xeploai.store.database import Database

SELECTION = Selection(from_year=2015, to_year=2024, year=2024)


def _first_org(db: Database) -> str:
    codes = db.query("base_org_codes_by_year", scope=None, year=2024)["org_code"]
    return str(codes.iloc[0])


SCREENS: dict[str, Callable[[Database], Any]] = {
    "overview": lambda db: overview.build(db, 2024),
    "trends": lambda db: trends.build(db, SELECTION),
    "targets": lambda db: targets.build(db, SELECTION),
    "exemptions": lambda db: exemptions.build(db, SELECTION),
    "organization": lambda db: organization.build(db, Selection(
        from_year=2015, to_year=2024, year=2024, orgs=(_first_org(db),))),
}


def _charts(screen: Any) -> list[ChartBlock]:
    found: list[ChartBlock] = []

    def walk(value: Any) -> None:
        if isinstance(value, ChartBlock):
            found.append(value)
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)

    for name in getattr(screen, "__dataclass_fields__", {}):
        walk(getattr(screen, name))
    return found


def _as_plotly_reads(spec: dict[str, Any]) -> Any:
    # through go.Figure and JSON: numbers, lists and arrays written the one way plotly.js reads
    # them; the default template is what go.Figure adds, not what a builder wrote
    out = json.loads(go.Figure(spec).to_json())
    out["layout"].pop("template", None)
    return out


@pytest.mark.parametrize("page", sorted(SCREENS))
def test_every_chart_is_what_graph_objects_makes(db: Database, page: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    with as_published(db):
        written = _charts(SCREENS[page](db))
        monkeypatch.setattr(base, "Spec", go.Figure)
        monkeypatch.setattr(analysis, "Spec", go.Figure)
        checked = _charts(SCREENS[page](db))
    assert written, f"{page} draws no chart"
    assert [c.key for c in written] == [c.key for c in checked]
    for mine, theirs in zip(written, checked, strict=True):
        assert _as_plotly_reads(mine.spec) == _as_plotly_reads(theirs.spec), mine.key


def test_the_slides_charts_are_what_graph_objects_makes(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with as_published(db):
        written = presentation.build(db, 2024).slides
        monkeypatch.setattr(story, "Spec", go.Figure)
        checked = presentation.build(db, 2024).slides
    charts = [(a.chart, b.chart) for a, b in zip(written, checked, strict=True)
              if a.chart is not None]
    assert len(charts) >= 3
    for mine, theirs in charts:
        assert theirs is not None
        assert _as_plotly_reads(mine) == _as_plotly_reads(theirs)


def test_the_calls_plotly_reads_as_paths_and_selectors() -> None:
    # marker_color is marker.color; an axis selector picks the axes it matches; a vertical
    # line spans the plot's height; updates merge into what is there
    def draw(fig: Any) -> Any:
        fig.add_bar(x=[1, 2], y=[3, 4], marker_color="#123456", name="a")
        fig.add_scatter(x=[1, 2], y=[5, 6], line={"dash": "dot"}, yaxis="y2")
        fig.update_layout(yaxis2={"overlaying": "y", "side": "right"}, legend={"x": 0})
        fig.update_layout(legend={"y": -0.1}, paper_bgcolor="rgba(0,0,0,0)", title=None)
        fig.update_yaxes(title=None, rangemode="tozero", selector={"anchor": "x"})
        fig.update_yaxes(ticksuffix="%")
        fig.update_xaxes(dtick=1)
        fig.add_vline(x=1.5, line={"dash": "dash", "color": "gray"})
        fig.add_annotation(x=1.5, y=1.0, yref="paper", text="t", showarrow=False)
        return fig

    mine, theirs = draw(Spec()), draw(go.Figure())
    assert _as_plotly_reads(mine.to_dict()) == _as_plotly_reads(theirs.to_dict())
    assert as_figure(mine).to_dict()["data"][0]["marker"] == {"color": "#123456"}

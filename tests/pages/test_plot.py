"""``charts.plot.Plot`` writes the dict a ``go.Figure`` built by the same calls gives: the
conventions it follows on their own, then every chart of the pages built both ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, is_dataclass
from typing import Any

import plotly.graph_objects as go
import pytest

from xeploai.charts import analysis, base, workflow
from xeploai.charts.plot import Plot
from xeploai.domain.measures import SUBJECTS
from xeploai.domain.selection import Selection
from xeploai.screens import (
    appraisal,
    blocks,
    exemptions,
    organization,
    overview,
    remediation,
    targets,
    trends,
)
from xeploai.store.database import Database


def same(value: Any) -> Any:
    """A figure's dict as plotly.js reads it: an empty property is no property, 2.0 is 2."""
    if isinstance(value, dict):
        out = {k: same(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(value, list | tuple):
        return [same(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def both(calls: list[tuple[str, dict[str, Any]]]) -> tuple[dict[str, Any], dict[str, Any]]:
    plot, figure = Plot(), go.Figure()
    for name, kwargs in calls:
        getattr(plot, name)(**kwargs)
        getattr(figure, name)(**kwargs)
    return same(plot.to_dict()), same(figure.to_dict())


def test_the_conventions_of_go_figure() -> None:
    mine, plotly = both(
        [
            ("add_bar", {"x": [1, 2], "y": [3, 4], "marker_color": "#111", "name": "a"}),
            ("add_scatter", {"x": [1], "y": [2], "yaxis": "y2", "line": {"width": 3}}),
            ("update_layout", {"yaxis2": {"overlaying": "y", "side": "right"}}),
            ("update_layout", {"title": {"text": "T", "x": 0}, "margin": {"l": 1, "t": 2}}),
            ("update_layout", {"margin": {"t": 9}, "legend": {"y": -0.1}, "height": 400}),
            ("update_xaxes", {"title": "Năm", "dtick": 1}),
            ("update_xaxes", {"title": None, "tickformat": "d"}),
            ("update_yaxes", {"gridcolor": "gray", "automargin": True}),  # y and y2
            ("update_traces", {"textposition": "outside", "selector": {"type": "bar"}}),
            ("add_vline", {"x": 2017.5, "line": {"dash": "dash", "color": "gray"}}),
            ("add_annotation", {"x": 2017.5, "y": 1.0, "yref": "paper", "text": "Từ 2018"}),
            ("add_annotation", {"x": 2, "y": 1, "font": {"size": 12}, "name": "b"}),
            ("update_layout", {"paper_bgcolor": "white", "showlegend": False}),
        ]
    )
    assert mine == plotly
    assert mine["layout"]["yaxis2"]["automargin"] is True
    assert mine["data"][0]["marker"] == {"color": "#111"}


def test_every_chart_of_the_pages_is_the_figure_plotly_makes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every builder draws through a ``Plot`` that also makes each call on a ``go.Figure``;
    the two dicts are compared for every chart of the pages' screens, as each is handed over."""
    compared: list[tuple[Any, Any]] = []

    class Twin(Plot):
        def __init__(self) -> None:
            super().__init__()
            self.twin = go.Figure()

        def __getattribute__(self, name: str) -> Any:
            own = super().__getattribute__(name)
            if not name.startswith(("add_", "update_")):
                return own
            twin = super().__getattribute__("twin")

            def call(*args: Any, **kwargs: Any) -> Any:
                getattr(twin, name)(*args, **kwargs)
                return own(*args, **kwargs)

            return call

        def to_dict(self) -> dict[str, Any]:
            spec = super().to_dict()
            compared.append((same(spec), same(self.twin.to_dict())))
            return spec

    for module in (analysis, base, workflow):
        monkeypatch.setattr(module, "Plot", Twin)
    day = dt.date(2026, 12, 1)
    screens = [
        overview.build(db, 2019),
        overview.build(db, 2024),
        overview.build(db, 2026, scope="XA_BADIEM", day=day),
        trends.build(db, Selection(from_year=2015, to_year=2026)),
        trends.build(db, Selection(from_year=2018, to_year=2026, sectors=("education",))),
        [trends.distribution(db, Selection(from_year=2015, to_year=2026), s) for s in SUBJECTS],
        targets.build(db, Selection(year=2019, from_year=2015, to_year=2024)),
        exemptions.build(db, Selection(year=2019, from_year=2015, to_year=2024)),
        exemptions.build(
            db, Selection(year=2024, from_year=2016, to_year=2024, org_types=("base_cell",))
        ),
        organization.build(
            db, Selection(org="XBD", year=2019, from_year=2015, to_year=2024), day=day
        ),
        appraisal.build(db, Selection(year=2026, from_year=2015, to_year=2026, scope="XA_BADIEM")),
        remediation.build(db, "XA_BADIEM", day),
    ]
    charts = [block for screen in screens for block in _blocks(screen)]
    assert len(charts) >= 30 and len(compared) == len(charts)
    for mine, plotly in compared:
        assert mine == plotly


def _blocks(value: Any) -> list[blocks.ChartBlock]:
    if isinstance(value, blocks.ChartBlock):
        return [value]
    if is_dataclass(value) and not isinstance(value, type):
        return [b for f in fields(value) for b in _blocks(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [b for v in value for b in _blocks(v)]
    if isinstance(value, dict):
        return [b for v in value.values() for b in _blocks(v)]
    return []

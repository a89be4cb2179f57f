"""What a page is made of: cards, charts with the data behind them, notes.

A screen model (``screens/<page>.py``) returns these, filled in; ``ui/render.py`` draws them.
Tables are data frames with Vietnamese headers, ready to show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from xeploai.charts.base import take_title

DeltaColor = Literal["normal", "off"]
DeltaArrow = Literal["auto", "off"]
NoteKind = Literal["info", "warning", "success", "error"]
# What a click on a chart's bar does: filter by the clicked sectors or types, or open the
# clicked organization's page.
Click = Literal["sectors", "org_types", "open_org"]


@dataclass(frozen=True)
class Card:
    """A metric: the value, its change, the target line under it and a small trend."""

    label: str
    value: str
    delta: str | None = None
    delta_color: DeltaColor = "off"
    help: str | None = None
    caption: str | None = None
    delta_description: str | None = None
    delta_arrow: DeltaArrow = "auto"
    history: tuple[float, ...] = ()


@dataclass(frozen=True)
class ChartBlock:
    """A chart, its title, the data behind it (offered as a table under it), and what a click
    does.

    The title is the finding the chart shows, set as text above it (it wraps on a phone, where
    a title inside the figure is cut); the figure keeps none of its own."""

    figure: go.Figure
    key: str
    data: pd.DataFrame | None = None
    click: Click | None = None
    hint: str | None = None  # above the chart (e.g. "click a bar to …")
    note: str | None = None  # under the chart
    title: str = ""  # empty: the one the chart builder gave the figure, taken out of it

    def __post_init__(self) -> None:
        taken = take_title(self.figure)
        if not self.title:
            object.__setattr__(self, "title", taken)


@dataclass(frozen=True)
class Note:
    text: str
    kind: NoteKind = "info"
    icon: str | None = None

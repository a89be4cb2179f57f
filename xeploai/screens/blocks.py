"""What a page is made of: cards, charts with the data behind them, notes.

A screen model (``screens/<page>.py``) returns these, filled in; ``ui/render.py`` draws them.
Tables are data frames with Vietnamese headers, ready to show.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go

from xeploai.charts.base import take_title
from xeploai.charts.plot import Plot
from xeploai.charts.room import make_room
from xeploai.domain.plain import plain_figure

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


def digest(frame: pd.DataFrame) -> str:
    """A frame's content (values, index, column names and types) as a short text: the hash of
    its pickle, which holds them all. Two frames of the same content laid out otherwise (their
    columns in other blocks) may differ: a table is then drawn again, never a wrong one.
    pandas' ``hash_pandas_object`` hashed every cell, its texts one by one: 5 ms for Tra cứu's
    437 rows of 24 columns, on every run of the page, against 0,75 ms."""
    return hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).hexdigest()


@dataclass(frozen=True)
class ChartBlock:
    """A chart, its title, the data behind it (offered as a table under it), and what a click
    does.

    The title is the finding the chart shows, set as text above it (it wraps on a phone, where
    a title inside the figure is cut); the figure keeps none of its own.

    The chart builders make their figures as plain dicts (``charts.plot.Plot``; their margins
    computed from the labels they draw); a block keeps the figure as its plain dict, made once
    when the screen is built. The screen is cached, so a rerun neither rebuilds nor re-checks
    a figure (unpickling a ``go.Figure`` validates every property again: half of a warm
    rerun)."""

    figure: Plot | go.Figure | dict[str, Any]  # kept as a plain dict
    key: str
    data: pd.DataFrame | None = None
    # the rows of the whole table behind the chart when ``data`` holds only its first: the
    # page then offers the whole as files, made by a function the page gives (0: ``data`` is
    # the whole table)
    data_rows: int = 0
    click: Click | None = None
    hint: str | None = None  # above the chart (e.g. "click a bar to …")
    note: str | None = None  # under the chart
    title: str = ""  # empty: the one the chart builder gave the figure, taken out of it

    def __post_init__(self) -> None:
        figure = self.figure
        spec = figure.to_dict() if isinstance(figure, Plot | go.Figure) else dict(figure)
        taken = take_title(spec)
        if not self.title:
            object.__setattr__(self, "title", taken)
        # the margins as wide as the axes' labels from the start: plotly lays it out once
        make_room(spec)
        # every text of the figure escaped for plotly, once: a name is never markup
        object.__setattr__(self, "figure", plain_figure(spec))

    @property
    def spec(self) -> dict[str, Any]:
        """The figure as plotly.js reads it (data, layout)."""
        spec: dict[str, Any] = self.figure  # type: ignore[assignment]  # a dict since made
        return spec


@dataclass(frozen=True)
class Note:
    text: str
    kind: NoteKind = "info"
    icon: str | None = None


@dataclass(frozen=True)
class LinkGroup:
    """A heading and organizations under it, each a link to its page: (code, text)."""

    key: str
    heading: str
    links: tuple[tuple[str, str], ...]
    more: str | None = None  # "… and 12 more" when the group is longer than shown


@dataclass(frozen=True)
class LinkList:
    """Groups of organizations to look at (the overview's "what needs attention")."""

    heading: str
    summary: str
    groups: tuple[LinkGroup, ...] = ()
    note: str | None = None

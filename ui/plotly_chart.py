"""Plotly charts on the pages, each drawn once per change (``assets/plotly_chart.js``).

Streamlit's ``st.plotly_chart`` mounts a new chart whenever its figure changes (the figure is
part of the element's identity) and then draws it twice: a new plot, then the same figure again
once its theme effect has handed plotly a copy. On a year change that was a new plot and a
second draw for every chart of the page (six on Xu hướng, seven slides). This element keeps
its chart from one run to the next and hands the new figure to ``Plotly.react``, which redraws
what changed, once; the first figure is drawn once too.

plotly.js is the plotly package's own file, which the exports already use
(``plotly_early.PLOTLY_FILE``): the pages no longer load Streamlit's plotly module.

The look is Streamlit's: ``assets/plotly_templates.json`` holds the two templates Streamlit
1.67 drew the figures with, taken from its charts in Chromium — ``screen``, its theme merged
into the figures' template as Streamlit merges it (fonts, greys, margins' padding), for the
pages' charts; ``plain``, the template with plotly's own colours, for the slides, which
Streamlit drew without its theme.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import plotly.io as pio
import streamlit as st

from plotly_early import plotly_address
from xeploai.texts import UI

ASSETS = Path(__file__).parent / "assets"
TEMPLATES: dict[str, Any] = json.loads(
    (ASSETS / "plotly_templates.json").read_text(encoding="utf-8")
)

# the full-screen button: over the chart's top right corner, seen on hover or focus
_CSS = """
.xl-chart-host { position: relative; }
.xl-chart-host:fullscreen { background: #fff; }
.xl-chart-full {
  position: absolute; top: 0.25rem; right: 0.25rem; z-index: 2; opacity: 0;
  padding: 0.1rem 0.4rem; font-size: 1rem; line-height: 1.4; cursor: pointer;
  color: #31333f; background: #fff; border: 1px solid #d5dae5; border-radius: 0.4rem;
}
.xl-chart-host:hover .xl-chart-full, .xl-chart-full:focus-visible { opacity: 1; }
"""

_element = st.components.v2.component(
    "xeploai_plotly_chart",
    css=_CSS,
    # the chart's element is there, marked, before its script runs (the browser tests and the
    # benchmark wait for every ``.xl-chart`` to be drawn)
    html='<div class="xl-chart" data-xl-drawing></div>',
    js=(ASSETS / "plotly_chart.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)

Look = Literal["screen", "plain"]


def themed(spec: dict[str, Any], look: Look) -> dict[str, Any]:
    """The figure with the template Streamlit drew it with (``look``) in place of its own."""
    layout = {**spec.get("layout", {}), "template": TEMPLATES[look]}
    return {**spec, "layout": layout}


def plotly_chart(
    spec: dict[str, Any],
    *,
    key: str,
    look: Look = "screen",
    config: dict[str, Any] | None = None,
    on_click: Callable[[], None] | None = None,
    width: Literal["stretch", "content"] = "stretch",
    label: str | None = None,
) -> None:
    """Draw ``spec`` (a figure's plain dict, checked by its builder) under ``key``: the same
    chart from one run to the next, redrawn with each new figure. ``on_click``: called when a
    bar is clicked (``clicked_points`` then has its codes); ``label``: the chart's accessible
    name."""
    data = {
        "figure": pio.to_json(themed(spec, look), validate=False),
        "config": {"responsive": width == "stretch", **(config or {})},
        "plotly": plotly_address(),
        "clickable": on_click is not None,
        "label": label,
        # a page's chart may be put on the whole screen; a slide's is shown by the deck
        "fullscreen": (
            {"enter": UI["chart_fullscreen"], "exit": UI["chart_fullscreen_exit"]}
            if width == "stretch"
            else None
        ),
    }
    if on_click is None:
        _element(key=key, data=data, width=width)
    else:
        _element(key=key, data=data, width=width, on_click_change=on_click)


def clicked_points(key: str) -> list[dict[str, Any]]:
    """The points of the last click on the chart ``key`` (each with its ``customdata``)."""
    state = st.session_state.get(key)
    click = state.get("click") if state is not None else None
    if not isinstance(click, dict):
        return []
    points = click.get("points")
    return [p for p in points if isinstance(p, dict)] if isinstance(points, list) else []

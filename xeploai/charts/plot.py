"""A chart as the plain dict plotly.js draws, built with the few calls of ``go.Figure`` the
chart builders use (``add_bar``, ``update_layout``, ``update_xaxes``, …).

A ``go.Figure`` checks every property as it is set and makes an object of every nested one:
20–30 ms a chart, a third of a cold rerun of the trends page, for figures that the builders
make from known values and that a page turns into a dict at once. ``Plot`` writes the same
dict (the builders' output is compared with ``go.Figure``'s in tests/pages/test_plot.py) and
checks nothing; ``figure()`` gives the checked ``go.Figure`` where one is wanted (a test's look
at a trace; the report's images and the HTML file draw the plain dict too).

What it follows of plotly's conventions: ``marker_color=`` is ``marker={"color": …}`` (the
"magic underscore" of the compound properties named in ``_COMPOUND``); a title given as text is
``{"text": …}``; ``None`` removes a property; updates merge into what is there; the axis
updates reach every axis of their letter that the figure has (and the first, always); a
vertical line is a shape from the bottom to the top of the plot. Its layout carries plotly's
default template, as a ``go.Figure``'s does.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import plotly.graph_objects as go

# Properties whose sub-properties may be set as ``<name>_<sub>=`` (those the builders use).
_COMPOUND = frozenset(
    {"marker", "line", "textfont", "font", "title", "legend", "hoverlabel", "margin"}
)


@cache
def _template() -> dict[str, Any]:
    """plotly's default template, as ``go.Figure().to_dict()`` carries it."""
    template: dict[str, Any] = go.Figure().to_dict()["layout"]["template"]
    return template


def _expand(props: dict[str, Any]) -> dict[str, Any]:
    """``marker_color=x`` → ``{"marker": {"color": x}}``; a title given as text → its dict."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        head, _, rest = key.partition("_")
        if rest and head in _COMPOUND:
            key, value = head, {rest: value}
        if key == "title" and isinstance(value, str):
            value = {"text": value}
        if key in out and isinstance(out[key], dict) and isinstance(value, dict):
            _merge(out[key], value)
        else:
            out[key] = value
    return out


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    """plotly's update: nested dicts merged, ``None`` removes the property."""
    for key, value in _expand(update).items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        elif isinstance(value, dict):
            target[key] = {}
            _merge(target[key], value)
        else:
            target[key] = value


class Plot:
    """A figure being built: ``data`` (the traces) and ``layout`` as plain dicts."""

    def __init__(self) -> None:
        self.data: list[dict[str, Any]] = []
        self.layout: dict[str, Any] = {"template": _template()}

    @classmethod
    def of(cls, spec: dict[str, Any]) -> Plot:
        """A figure's plain dict (its ``data`` and ``layout``, taken as they are) to build on."""
        plot = cls()
        plot.data = list(spec.get("data", []))
        plot.layout = spec.get("layout", {})
        return plot

    # --- traces --------------------------------------------------------------------------

    def _add(self, kind: str, props: dict[str, Any]) -> Plot:
        trace: dict[str, Any] = {}
        _merge(trace, props)
        trace["type"] = kind
        self.data.append(trace)
        return self

    def add_bar(self, **props: Any) -> Plot:
        return self._add("bar", props)

    def add_scatter(self, **props: Any) -> Plot:
        return self._add("scatter", props)

    def update_traces(self, selector: dict[str, Any] | None = None, **props: Any) -> Plot:
        for trace in self.data:
            if all(trace.get(k) == v for k, v in (selector or {}).items()):
                _merge(trace, props)
        return self

    # --- layout --------------------------------------------------------------------------

    def update_layout(self, props: dict[str, Any] | None = None, **more: Any) -> Plot:
        _merge(self.layout, {**(props or {}), **more})
        return self

    def _update_axes(self, letter: str, props: dict[str, Any]) -> None:
        names = {f"{letter}axis"} | {
            k for k in self.layout if k.startswith(f"{letter}axis") and k[5:].isdigit()
        }
        for name in sorted(names):
            axis = self.layout.setdefault(name, {})
            _merge(axis, props)

    def update_xaxes(self, **props: Any) -> Plot:
        self._update_axes("x", props)
        return self

    def update_yaxes(self, **props: Any) -> Plot:
        self._update_axes("y", props)
        return self

    def add_annotation(self, **props: Any) -> Plot:
        annotation: dict[str, Any] = {}
        _merge(annotation, props)
        self.layout.setdefault("annotations", []).append(annotation)
        return self

    def add_vline(self, x: float, line: dict[str, Any] | None = None) -> Plot:
        """A line across the plot's height at ``x`` (``go.Figure.add_vline``'s shape)."""
        shape: dict[str, Any] = {
            "type": "line",
            "x0": x,
            "x1": x,
            "xref": "x",
            "y0": 0,
            "y1": 1,
            "yref": "y domain",
        }
        if line:
            shape["line"] = dict(line)
        self.layout.setdefault("shapes", []).append(shape)
        return self

    # --- out ------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The figure's dict (its own lists and dicts, not copies: the figure is done)."""
        return {"data": self.data, "layout": self.layout}

    def figure(self) -> go.Figure:
        """The same figure as a checked ``go.Figure``."""
        return go.Figure(self.to_dict())

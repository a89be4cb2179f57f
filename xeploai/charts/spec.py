"""A figure as the plain dict plotly.js reads, built with the few calls of ``go.Figure`` the
chart builders use.

``plotly.graph_objects`` checks every property as it is set: a chart of six bars with the
house layout costs 10–15 ms of CPU, most of it in ``update_layout`` and the axis updates, and a
page builds up to eight charts on every change of its inputs. The builders make figures of a
known shape (bars, lines, a vertical line, an annotation, one or two axes), so they write the
dict directly; a test checks that every builder's dict is what ``go.Figure`` would have made of
the same calls. Code that needs a real figure (HTML export, images) makes one with
``as_figure``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, TypeAlias, TypeVar

import plotly.graph_objects as go

# The keyword arguments written with an underscore that plotly reads as a path
# (``marker_color`` is ``marker.color``); a name that is one property keeps its underscore.
_PATHS = ("marker_", "line_", "font_", "title_", "legend_", "margin_")


def _nest(props: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue  # plotly drops a property set to None
        prefix = next((p for p in _PATHS if key.startswith(p)), None)
        if prefix is not None:
            _merge(out, {prefix[:-1]: {key[len(prefix):]: value}})
        else:
            _merge(out, {key: value})
    return out


def _merge(target: dict[str, Any], update: Mapping[str, Any]) -> None:
    """plotly's update: dicts merge key by key, anything else (a list, a number) replaces."""
    for key, value in update.items():
        if isinstance(value, Mapping):
            inner = target.get(key)
            if not isinstance(inner, dict):
                inner = target[key] = {}
            _merge(inner, _nest(value))
        elif value is not None:
            target[key] = value
        # None: plotly leaves an unset property unset (and an update of None unsets it, which
        # the builders never ask for)


class _Margin:
    def __init__(self, layout: dict[str, Any]) -> None:
        self.t = layout.get("margin", {}).get("t")


class _Layout:
    def __init__(self, layout: dict[str, Any]) -> None:
        self.margin = _Margin(layout)


class Spec(dict[str, Any]):
    """``go.Figure()``'s calls used by the builders, writing a plain ``{"data", "layout"}``
    (itself that dict: read it as a figure's dict is read)."""

    def __init__(self) -> None:
        super().__init__(data=[], layout={})

    @property
    def data(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = self["data"]
        return data

    @property
    def _layout(self) -> dict[str, Any]:
        layout: dict[str, Any] = self["layout"]
        return layout

    @property
    def layout(self) -> _Layout:
        return _Layout(self._layout)

    def add_bar(self, **props: Any) -> Spec:
        self.data.append({"type": "bar", **_nest(props)})
        return self

    def add_scatter(self, **props: Any) -> Spec:
        self.data.append({"type": "scatter", **_nest(props)})
        return self

    def update_layout(self, **props: Any) -> Spec:
        _merge(self._layout, _nest(props))
        return self

    def _axes(self, letter: str, props: dict[str, Any]) -> None:
        selector = props.pop("selector", None)
        names = [k for k in self._layout if k == f"{letter}axis"
                 or (k.startswith(f"{letter}axis") and k[5:].isdigit())]
        if f"{letter}axis" not in names:
            names.insert(0, f"{letter}axis")
        for name in names:
            axis = self._layout.get(name, {})
            if selector and any(axis.get(k) != v for k, v in selector.items()):
                continue
            _merge(self._layout.setdefault(name, {}), _nest(props))

    def update_xaxes(self, **props: Any) -> Spec:
        self._axes("x", props)
        return self

    def update_yaxes(self, **props: Any) -> Spec:
        self._axes("y", props)
        return self

    def add_vline(self, x: float, **props: Any) -> Spec:
        shape = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1,
                 "yref": "y domain", **_nest(props)}
        self._layout.setdefault("shapes", []).append(shape)
        return self

    def add_annotation(self, **props: Any) -> Spec:
        self._layout.setdefault("annotations", []).append(_nest(props))
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"data": copy.deepcopy(self.data), "layout": copy.deepcopy(self._layout)}


Figure: TypeAlias = go.Figure | Spec
F = TypeVar("F", go.Figure, Spec)  # what a layout helper is given, it gives back


def as_figure(fig: Figure | Mapping[str, Any]) -> go.Figure:
    """A validated ``go.Figure`` of a spec (for HTML export and images)."""
    if isinstance(fig, go.Figure):
        return fig
    return go.Figure(fig.to_dict() if isinstance(fig, Spec) else dict(fig))

"""What a page test reads off an AppTest run: the user's view, not the page's internals.

Widgets are found by their visible label (from the text catalogue), charts by their title and
their figure JSON (``proto.spec``), tables by their column headers — so a page can be rewritten
(other keys, other layout) without these tests noticing, as long as the user sees the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from xeploai.access.users import AuthStore

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")

# The pages' public addresses (README; app.py's url_path), which a shared link names.
ADDRESSES = {
    "views/trends.py": "xu-huong",
    "views/targets.py": "chi-tieu",
    "views/exemptions.py": "mien-sinh-hoat",
    "views/organization.py": "to-chuc",
    "views/explorer.py": "tra-cuu",
    "views/appraisal.py": "quy-trinh-danh-gia",
    "views/remediation.py": "khac-phuc",
    "views/rule_checks.py": "kiem-tra-quy-tac",
    "views/data_import.py": "nhap-du-lieu",
    "views/presentation.py": "trinh-chieu",
    "views/admin.py": "quan-tri",
}


def open_app(query: dict[str, str | list[str]] | None = None) -> AppTest:
    """A new session on the app's address with ``query`` as its link; the default page."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        if value is not None:  # an absent parameter
            at.query_params[key] = value
    return at.run()


def open_page(page: str, query: Mapping[str, str | list[str] | None] | None = None) -> AppTest:
    """A new session opened on a link to a page (``/xu-huong?year=2019``): app.py runs as the
    router (login, navigation, reading the link) and draws that page, as for a user who opens
    the link.

    AppTest has no public way to start on a page registered under a ``url_path``: its
    ``switch_page`` before a first run hashes the file name, which st.navigation does not know.
    So the session asks for the page by the hash st.navigation gives its address
    (``calc_hash(url_path)``, the request a browser's first load makes); without that private
    attribute, it falls back to drawing the default page first and switching (twice the time).
    """
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if hasattr(at, "_page_hash"):
        at._page_hash = calc_hash(ADDRESSES[page])
        at.run()
    else:  # pragma: no cover - another Streamlit version
        at.run()
        at.switch_page(page)
        at.run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Label → value of every metric card, as shown."""
    return {m.label: m.value for m in at.metric}


CHART_ELEMENT = "xeploai_plotly_chart"  # ui/plotly_chart.py


def is_chart(node: Any) -> bool:
    """Whether an element of the page is one of its plotly charts (``ui/plotly_chart.py``)."""
    return bool(node.type == "bidi_component" and node.proto.component_name == CHART_ELEMENT)


def figure(node: Any) -> dict[str, Any]:
    """The figure a chart element draws, as plotly.js is given it."""
    drawn: dict[str, Any] = json.loads(json.loads(node.proto.json)["figure"])
    return drawn


def chart_data(node: Any) -> dict[str, Any]:
    """Everything a chart element sends the browser (its figure as JSON text)."""
    data: dict[str, Any] = json.loads(node.proto.json)
    return data


def chart_nodes(at: AppTest) -> list[Any]:
    return [node for node in _in_order(at.main) if is_chart(node)]


def charts(at: AppTest) -> list[dict[str, Any]]:
    return [figure(node) for node in chart_nodes(at)]


def _in_order(node: Any) -> Iterator[Any]:
    """The elements of a block, depth first, in the order the page draws them."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for index in sorted(children):
            yield from _in_order(children[index])
    else:
        yield node


_BOLD = re.compile(r"^\*\*(.+)\*\*$", re.DOTALL)


def titled_charts(at: AppTest) -> list[tuple[str, dict[str, Any]]]:
    """Each chart with the title drawn above it (the bold line before it; "" if none): a
    chart's title is text on the page, where it wraps, not a part of the figure."""
    out: list[tuple[str, dict[str, Any]]] = []
    title = ""
    for node in _in_order(at.main):
        if node.type == "markdown" and (bold := _BOLD.match(str(node.value))):
            title = re.sub(r"\\(.)", r"\1", bold.group(1))
        elif is_chart(node):
            out.append((title, figure(node)))
            title = ""
    return out


def titles(at: AppTest) -> list[str]:
    return [title for title, _ in titled_charts(at)]


def chart_title(at: AppTest, title_start: str) -> str:
    """The whole title of the chart whose title starts so."""
    found = [title for title in titles(at) if title.startswith(title_start)]
    assert found, f"no chart titled {title_start!r}…: {titles(at)}"
    return found[0]


def chart(at: AppTest, title_start: str) -> dict[str, Any]:
    found = [fig for title, fig in titled_charts(at) if title.startswith(title_start)]
    assert found, f"no chart titled {title_start!r}…: {titles(at)}"
    return found[0]


def trace(fig: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [t for t in fig["data"] if t.get("name") == name]
    assert found, f"no trace {name!r}: {[t.get('name') for t in fig['data']]}"
    return found[0]


def value_at(fig_trace: dict[str, Any], x: Any, axis: str = "x") -> Any:
    """The value of a trace at category/year ``x`` (``y`` at x, or ``x`` at y for bars
    laid horizontally: ``axis="y"``)."""
    other = "y" if axis == "x" else "x"
    return fig_trace[other][list(fig_trace[axis]).index(x)]


def texts(at: AppTest) -> str:
    """Every line of text on the page and the notices in the sidebar, joined."""
    parts = [
        getattr(e, "value", "")
        for kind in (
            "title",
            "header",
            "subheader",
            "markdown",
            "info",
            "warning",
            "success",
            "error",
            "caption",
        )
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


def page_title(at: AppTest) -> str:
    shown = [t.value for t in at.title]
    assert shown, "the page has a title"
    return str(shown[0])


def table(at: AppTest, *columns: str) -> Any:
    """The first table (a DataFrame) whose headers include ``columns``."""
    for frame in at.dataframe:
        if set(columns) <= set(frame.value.columns):
            return frame.value
    raise AssertionError(
        f"no table with columns {columns}: {[list(f.value.columns) for f in at.dataframe]}"
    )


def widget(at: AppTest, kind: str, label: str) -> Any:
    """The widget of a kind ("selectbox", "multiselect", "button" …) with a visible label;
    the first one when several share it."""
    found = [w for w in at.get(kind) if getattr(w, "label", None) == label]
    labels = [getattr(w, "label", None) for w in at.get(kind)]
    assert found, f"no {kind} labelled {label!r}: {labels}"
    return found[0]


def link(at: AppTest) -> dict[str, list[str]]:
    """The page's link (query string), every parameter as a list of its values (AppTest keeps
    a value the script set as a string and a value read from the link as a list)."""
    return {
        k: [str(x) for x in v] if isinstance(v, list) else [str(v)]
        for k, v in at.query_params.items()
    }


# ``sign_in_app(store, name, password)`` (tests/conftest.py): sign in as the login route does;
# the AppTest sessions opened afterwards present the session cookie it would have set.
SignIn = Callable[[AuthStore, str, str], None]

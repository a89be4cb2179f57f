"""Names are text everywhere: the escaping for the two renderers that read markup in text.

An organization's name comes from an imported file, so it may be
``<a href="https://evil.example/login">x</a>`` or ``[Đăng nhập lại](https://evil.example)``.

- plotly draws titles, tick labels, legend entries and hover labels through a subset of HTML
  (``<a href>``, ``<b>``, ``<span style>``, …): ``plot_text`` writes ``&``, ``<`` and ``>``
  as entities, which plotly shows as the characters. ``plain_figure`` does that to every text
  of a figure (as plotly.js reads it) at the one place each figure leaves the core; the only
  markup the product itself puts in a figure's text is the line break ``<br>``, kept.
- Streamlit's markdown makes links of ``[x](url)``, ``<https://…>``, a bare ``https://…`` or
  ``a@b.vn``, and reads ``:material/…:``, ``:red[…]`` and ``$…$``: ``markdown_text`` puts a
  backslash (which CommonMark shows as nothing) before each mark of those, outside the
  product's own ``code`` spans, and leaves ordinary punctuation alone.
"""

from __future__ import annotations

import re
from typing import Any

_BREAK = "<br>"
# Keys of a figure's dict whose strings plotly draws as text (titles, axis ticks, legend
# entries, categories, hover texts). Templates (hovertemplate, texttemplate) are the product's
# own and hold plotly's markup on purpose; they show names only through these values.
# ``tickvals`` name the categories an axis labels (``charts.base.category_labels``): escaped
# as the categories are, or they would no longer match them.
_TEXT_KEYS = frozenset(
    {
        "text",
        "name",
        "x",
        "y",
        "labels",
        "ticktext",
        "tickvals",
        "hovertext",
        "customdata",
        "title",
        "legendgrouptitle",
        "parents",
        "ids",
    }
)
# What markdown (CommonMark, GFM, Streamlit's extensions) reads as markup, escaped one by one
# so that the product's sentences ("87,50%", "(QĐ 366)", "Năm 2024: …") stay as they are:
# links and images ([ ] < >), emphasis (* _ ~), maths ($), the backslash itself, the
# autolinks of a bare address (http:, https:, www., a@b) and the :shortcodes: of icons.
_MARKUP = re.compile(
    r"([\\\[\]<>*_~$@])|(?<=\b[hH][tT][tT][pP])(:)|(?<=[hH][tT][tT][pP][sS])(:)"
    r"|(?<=\b[wW][wW][wW])(\.)|(:)(?=[\w/+-]+:)"
)
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")


def plot_text(text: str) -> str:
    """A text for plotly: shown as it is written, never as markup."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace("&lt;br&gt;", _BREAK)  # the product's line breaks (wrap_title)


def _plain(value: Any, key: str | None) -> Any:
    """Escape the strings that sit (directly or in a list) under a key of ``_TEXT_KEYS``."""
    if isinstance(value, dict):
        return {k: _plain(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    if isinstance(value, str) and key in _TEXT_KEYS:
        return plot_text(value)
    return value


def plain_figure(spec: dict[str, Any]) -> dict[str, Any]:
    """A figure's dict with every drawn text escaped for plotly (``plot_text``)."""
    out: dict[str, Any] = _plain(spec, None)
    return out


def markdown_text(text: str) -> str:
    """A text for Streamlit's markdown: a name in it shows as written, never as markup.

    The product's own ``code`` spans (a command to type) are kept as they are.
    """
    parts = _CODE_SPAN.split(text)
    return "".join(
        part if i % 2 else _MARKUP.sub(lambda m: "\\" + m.group(0), part)
        for i, part in enumerate(parts)
    )

"""Does every word of a chart lie inside it? Plotly draws text where it computes it should go,
even outside the figure's box, where the browser (or the PNG) cuts it: a tick "95%" read as
"5%", a row label read as "ộc". These helpers ask the browser where each piece of text ended.

``OFFENDERS_JS`` runs in a page: for each plotly chart (``.js-plotly-plot``) it returns the
texts (tick labels, axis titles, titles, legend entries, annotations, value labels) whose box
sticks out of the chart's box, and the value labels and annotations that overlap each other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

OFFENDERS_JS = """
(roots) => {
  const TOL = 1.0;
  const kinds = [
    ['tick', '.xtick text, .ytick text, .x2tick text, .y2tick text'],
    ['axis title', '.g-xtitle text, .g-ytitle text, .g-y2title text'],
    ['title', '.g-gtitle text'],
    ['legend', '.legendtext'],
    ['annotation', '.annotation-text'],
    ['value', '.textpoint text, .bartext'],
  ];
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return null;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || style.opacity === '0')
      return null;
    return r;
  };
  const out = [];
  const charts = roots || [...document.querySelectorAll('.js-plotly-plot')];
  charts.forEach((gd, index) => {
    const svg = gd.querySelector('.main-svg');
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    if (box.width === 0) return;
    const labels = [];
    for (const [kind, selector] of kinds) {
      for (const el of gd.querySelectorAll(selector)) {
        const r = visible(el);
        if (!r) continue;
        const text = el.textContent;
        if (!text.trim()) continue;
        if (r.left < box.left - TOL || r.right > box.right + TOL ||
            r.top < box.top - TOL || r.bottom > box.bottom + TOL) {
          out.push({chart: index, kind, text, problem: 'outside',
                    box: [r.left - box.left, r.top - box.top, r.right - box.left,
                          r.bottom - box.top], size: [box.width, box.height]});
        }
        if (kind === 'value' || kind === 'annotation' || kind === 'legend') {
          labels.push({kind, text, r});
        }
      }
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i].r, b = labels[j].r;
        const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 2 && dy > 2) {
          out.push({chart: index, kind: labels[i].kind + '/' + labels[j].kind,
                    text: labels[i].text + ' | ' + labels[j].text, problem: 'overlap'});
        }
      }
    }
  });
  return out;
}
"""


def render_page(figures: list[dict[str, Any]], width: int) -> str:
    """A page drawing each figure at ``width`` px (its own height), plotly.js inline."""
    divs = "".join(f'<div id="f{i}" style="width:{width}px"></div>' for i in range(len(figures)))
    specs = json.dumps(figures)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<script>{PLOTLY_JS.read_text(encoding='utf-8')}</script></head>"
        f"<body style='margin:0'>{divs}<script>"
        f"window.done = Promise.all({specs}.map((f, i) => Plotly.newPlot('f' + i, f.data,"
        " f.layout, {displayModeBar: false, responsive: false})));"
        "</script></body></html>"
    )


def offenders_in_figures(
    page: Any, figures: list[dict[str, Any]], width: int
) -> list[dict[str, Any]]:
    """Draw the figures in ``page`` (a Playwright page) and return what sticks out."""
    page.set_content(render_page(figures, width))
    page.evaluate("() => window.done")
    found: list[dict[str, Any]] = page.evaluate(OFFENDERS_JS, None)
    return found


def offenders_on_page(page: Any) -> list[dict[str, Any]]:
    """What sticks out of the charts the app has drawn in ``page``."""
    found: list[dict[str, Any]] = page.evaluate(OFFENDERS_JS, None)
    return found

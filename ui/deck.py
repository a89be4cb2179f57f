"""The presentation's stage on the page: every slide drawn at 1280×720, and the small script
that shows them as an overview or presents them, scaled to the window (``assets/deck.js``).

A Streamlit page cannot scale its own elements to the window nor listen to a clicker without
a rerun per key; the script does both in the browser, so turning a slide is instant and the
slides are laid out once, at one size, whatever the screen. It is a component of
``st.components.v2`` (mounted in the page itself, not in a frame), so it reaches the slides the
page drew.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st

from ui.plotly_chart import plotly_chart
from xeploai.screens.presentation import PresentationScreen, chart_key, slide_key
from xeploai.texts import PRESENT

ASSETS = Path(__file__).parent / "assets"
DECK_CSS = (ASSETS / "deck.css").read_text(encoding="utf-8")

_controller = st.components.v2.component(
    "xeploai_deck",
    html=(
        f'<div class="xl-toolbar"><button class="xl-start" type="button">'
        f"{escape(PRESENT['start'])}</button>"
        f'<button class="xl-presenter" type="button">{escape(PRESENT["presenter"])}</button>'
        f'<span class="xl-keys">{escape(PRESENT["keys"])}</span></div>'
    ),
    js=(ASSETS / "deck.js").read_text(encoding="utf-8"),
    isolate_styles=False,
)


def deck(screen: PresentationScreen, *, start: int | None) -> None:
    """The slides of ``screen`` and their controller; ``start``: the slide (from 1) a link asks
    to present at once (None: the overview)."""
    st.html(f"<style>{screen.css()}\n{DECK_CSS}\n{screen.chart_css()}</style>")
    _controller(
        key="xl-controller",
        data={
            "start": start,
            "titles": [s.title for s in screen.slides],
            "notes": [s.notes for s in screen.slides],
            "labels": {
                "next": PRESENT["next_slide"],
                "end": PRESENT["last_slide"],
                "no_notes": PRESENT["no_notes"],
                "presenter": PRESENT["presenter"],
            },
        },
    )
    with st.container(key="xl-deck"):
        for i, slide in enumerate(screen.slides):
            with st.container(key=slide_key(i)):
                st.html(slide.html)
                if slide.chart is not None:
                    plotly_chart(
                        slide.chart,
                        key=chart_key(i),
                        look="plain",
                        width="content",
                        config={"displayModeBar": False, "staticPlot": True},
                        label=slide.title,
                    )

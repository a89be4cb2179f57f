"""Miễn sinh hoạt: exempted members per organization and year, the trend, the organizations with
most (click to open one), and what exemptions do to the evaluated denominator."""

import streamlit as st

from ui import render
from ui.data import cached
from ui.selection import active_filters, sidebar
from xeploai.screens import exemptions
from xeploai.texts import ANALYSIS

state = sidebar("exemptions")
st.title(ANALYSIS["page_exemptions"])
active_filters(state, "exemptions")
render.demo_banner()
screen = cached(exemptions.build)(state.counted())
render.stop_unless(screen.empty)

render.cards(screen.cards, border=False)
render.chart(screen.trend)

st.subheader(ANALYSIS["exempt_heading_orgs"])
render.block(screen.top)
matrix = render.section(ANALYSIS["exempt_by_org_year"], key="exempt-matrix")
if matrix.open:
    with matrix:
        if screen.matrix_note:
            st.caption(render.md(screen.matrix_note))
        counts, shares = st.tabs([ANALYSIS["exempt_count"], ANALYSIS["exempt_share"] + " (%)"])
        with counts:
            render.table(screen.matrix_counts)
        with shares:
            render.table(screen.matrix_shares)

st.subheader(ANALYSIS["exempt_heading_effect"])
render.chart(screen.effect)

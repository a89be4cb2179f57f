"""Xu hướng chất lượng: levels per year, good-or-better across the scheme break, by sector and
type (click a bar to filter), and the change from one year to the next."""

import streamlit as st

from ui import render
from ui.data import cached
from ui.selection import active_filters, sidebar, subject_tabs, subjects
from xeploai.screens import trends
from xeploai.texts import ANALYSIS

state = sidebar("trends")
st.title(ANALYSIS["page_trends"])
active_filters(state, "trends")
render.demo_banner()
screen = cached(trends.build)(state.counted())
render.stop_unless(screen.empty)

st.subheader(ANALYSIS["trends_distribution"])
for tab, subject in zip(subject_tabs(state, subjects()), subjects(), strict=True):
    # only the tab shown is made and drawn (choosing another runs the page, which then makes
    # and draws that one): the browser redrew every tab's chart at each change of the years
    if tab.open:
        with tab:
            render.block(cached(trends.distribution)(state.counted(), subject))

st.subheader(ANALYSIS["trends_good"])
render.chart(screen.good)

st.subheader(ANALYSIS["trends_groups"])
for block in screen.groups:
    render.chart(block)

st.subheader(ANALYSIS["trends_changes"])
render.chart(screen.changes)

if screen.scores is not None:
    st.subheader(ANALYSIS["scores_heading"])
    render.chart(screen.scores)

"""Tổng quan: the chosen year at a glance, against the previous year and the term's targets."""

import streamlit as st

from ui import render
from ui.data import cached, today
from ui.selection import sidebar
from xeploai.screens import overview

state = sidebar("overview")
screen = cached(overview.build)(state.year, state.scope, day=today())
st.title(render.md(screen.title))
render.demo_banner()
render.stop_unless(screen.empty)
render.links(screen.attention)

if screen.change:
    render.note(screen.change)
for row in screen.cards:
    render.cards(row)
st.markdown(render.md(screen.sentences))
render.chart(screen.levels)
render.chart(screen.trend)

"""Quy trình đánh giá: where appraisal changed the self-assessed level (how many, which, by
sector, over the years), and why organizations and members were not rated."""

import streamlit as st

from ui import render
from ui.data import cached, deferred
from ui.selection import sidebar
from xeploai.screens import appraisal
from xeploai.texts import WORKFLOW

state = sidebar("appraisal")
st.title(WORKFLOW["page_title"])
render.demo_banner()
st.caption(WORKFLOW["intro"])
screen = cached(appraisal.build)(state)
render.stop_unless(screen.empty)
if screen.regime:
    render.note(screen.regime)

st.subheader(WORKFLOW["heading_appraisal"])
if screen.no_steps:
    render.note(screen.no_steps)
else:
    render.cards(screen.cards)
    st.markdown(render.md(screen.finding))
    render.chart(screen.years)
    render.chart(screen.sectors)
    if screen.sector_years is not None and not screen.sector_years.empty:
        st.caption(render.md(screen.sector_years_caption))
        render.table(screen.sector_years)
    st.subheader(WORKFLOW["heading_changes"].format(year=state.year))
    render.table(screen.changes)
    render.cut_list(
        screen.changes_cut,
        deferred(appraisal.changes_file, state),
        WORKFLOW["changes_file"].format(year=state.year),
        WORKFLOW["changes_sheet"],
    )

st.subheader(WORKFLOW["heading_unrated"].format(year=state.year))
render.cards(screen.unrated_cards)
st.markdown(render.md(screen.unrated_title))
if screen.unrated is not None:
    render.table(screen.unrated)
render.cut_list(
    screen.unrated_cut,
    deferred(appraisal.unrated_file, state),
    WORKFLOW["unrated_file"].format(year=state.year),
    WORKFLOW["unrated_sheet"],
)
for line in screen.unrated_notes:
    st.caption(render.md(line))

st.subheader(WORKFLOW["heading_members"].format(year=state.year))
render.table(screen.members)

"""Tổ chức: one base organization — its level each year, its members by level, its subordinate
cells, its exemptions and rule findings, against the average base organization."""

import streamlit as st

from ui import render
from ui.data import cached
from ui.selection import org_picker, sidebar
from xeploai.screens import organization
from xeploai.texts import ANALYSIS

state = sidebar("organization")
st.title(ANALYSIS["page_organization"])
render.demo_banner()
org_picker(state)
screen = cached(organization.build)(state.counted())
if screen.caption:
    st.caption(screen.caption)


def history_section() -> None:
    """What it was each year and what happened to it: shown even without results."""
    st.subheader(ANALYSIS["org_history_heading"])
    st.caption(ANALYSIS["org_history_note"])
    render.table(screen.timeline)
    if screen.events is not None:
        render.table(screen.events)


if screen.empty:
    render.note(screen.empty)
    if screen.timeline is not None:
        history_section()
    st.stop()
if screen.year_note:
    render.note(screen.year_note)

render.chart(screen.levels)
render.chart(screen.members)

st.subheader(ANALYSIS["org_compare_heading"])
render.chart(screen.compare)

st.subheader(ANALYSIS["org_cells_heading"])
if screen.cells_summary:
    st.markdown(screen.cells_summary)
if screen.cells_note:
    render.note(screen.cells_note)
else:
    render.table(screen.cells)

st.subheader(ANALYSIS["org_exempt_heading"])
render.chart(screen.exempt)
render.table(screen.exempt_table)

st.subheader(ANALYSIS["org_findings_heading"])
if screen.no_findings:
    render.note(screen.no_findings)
else:
    render.table(screen.findings)

history_section()

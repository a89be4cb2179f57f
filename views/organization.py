"""Tổ chức: one base organization — its level each year, its members by level, its subordinate
cells, its exemptions and rule findings, against the average base organization."""

import streamlit as st

from ui import render
from ui.data import cached, today
from ui.selection import org_picker, sidebar
from xeploai.screens import organization
from xeploai.texts import ANALYSIS, REMEDIATION, WORKFLOW

state = sidebar("organization")
st.title(ANALYSIS["page_organization"])
render.demo_banner()
org_picker(state)
screen = cached(organization.build)(state.counted(), day=today())
if screen.caption:
    st.caption(render.md(screen.caption))


def history_section() -> None:
    """What it was each year and what happened to it: shown even without results."""
    st.subheader(ANALYSIS["org_history_heading"])
    st.caption(ANALYSIS["org_history_note"])
    render.table(screen.timeline)
    if screen.events is not None:
        render.table(screen.events)


def workflow_section() -> None:
    """Its three steps, the statuses of its evaluations, its remediation plans and reports."""
    worked = screen.workflow
    if worked is None:
        return
    if worked.steps is not None:
        st.subheader(WORKFLOW["h_steps"])
        render.table(worked.steps)
    if worked.statuses is not None:
        st.subheader(WORKFLOW["h_statuses"])
        render.table(worked.statuses)
    st.subheader(REMEDIATION["org_heading"])
    if worked.items is None:
        st.caption(REMEDIATION["org_none"])
        return
    for line in worked.plans:
        st.markdown(render.md(line))
    render.table(worked.items)
    if worked.reports is not None:
        st.markdown(f"**{REMEDIATION['org_reports']}**")
        render.table(worked.reports)


if screen.empty:
    render.note(screen.empty)
    if screen.timeline is not None:
        history_section()
    workflow_section()
    st.stop()
if screen.year_note:
    render.note(screen.year_note)

render.chart(screen.levels)
render.chart(screen.members)

st.subheader(ANALYSIS["org_compare_heading"])
render.chart(screen.compare)

st.subheader(ANALYSIS["org_cells_heading"])
if screen.cells_summary:
    st.markdown(render.md(screen.cells_summary))
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

workflow_section()

history_section()

"""Chỉ tiêu và thực hiện: every target of the term against each year, the target lines on the
trends, and for one year and target the organizations that pull the total below it."""

import streamlit as st

from ui import render
from ui.data import cached, deferred
from ui.selection import active_filters, gap_target, rewrite_link, sidebar
from xeploai.screens import targets
from xeploai.texts import ANALYSIS

state = sidebar("targets")
st.title(ANALYSIS["page_targets"])
active_filters(state, "targets")
render.demo_banner()
screen = cached(targets.build)(state.counted())
if screen.filtered:
    render.note(screen.filtered)
render.stop_unless(screen.empty)

st.subheader(ANALYSIS["targets_table"])
render.table(screen.table)

st.subheader(ANALYSIS["targets_trends"])
columns = st.columns(2)
for i, block in enumerate(screen.trends):
    with columns[i % 2]:
        render.chart(block)

st.subheader(ANALYSIS["gap_heading"])
render.stop_unless(screen.year_empty)
st.markdown(render.md(screen.year_count))


@st.fragment
def gap_section() -> None:
    """Picking another target redraws this section only, not the page's trend charts."""
    chosen = gap_target(state, screen.ids, screen.options, screen.default)
    rewrite_link("targets")  # a rerun of this section alone: the link follows the choice
    gap = cached(targets.build_gap)(state.counted(), chosen)
    render.cards(gap.cards, border=False)
    st.markdown(render.md(gap.takes))
    # the chart's data holds the first organizations; the files, all of them, made when asked
    render.block(gap.chart, whole=deferred(targets.gap_table, state.counted(), chosen))


gap_section()

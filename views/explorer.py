"""Tra cứu: the yearly results of the base organizations, filtered ad hoc (years, sector, type,
organization, level, a threshold on a share), with totals, as CSV or Excel."""

import streamlit as st

from ui import render
from ui.data import cached
from ui.selection import sidebar
from xeploai.screens import explorer
from xeploai.texts import ANALYSIS

state = sidebar(span=True, groups=True)
st.title(ANALYSIS["page_explorer"])
render.demo_banner()

left, right = st.columns([2, 3])
levels = left.multiselect(ANALYSIS["explorer_levels"], explorer.LEVEL_OPTIONS,
                          format_func=explorer.level_option_label, placeholder=ANALYSIS["all"],
                          key="x_levels")
with right:
    use = st.toggle(ANALYSIS["explorer_threshold"], key="x_use_threshold")
    a, b, c = st.columns([3, 2, 2])
    measure = a.selectbox(ANALYSIS["explorer_measure"], explorer.MEASURE_OPTIONS,
                          format_func=explorer.threshold_label, key="x_measure",
                          disabled=not use)
    op = b.selectbox(ANALYSIS["explorer_op"], explorer.OP_OPTIONS, format_func=explorer.op_label,
                     key="x_op", disabled=not use)
    value = c.number_input(ANALYSIS["explorer_value"], min_value=0.0, max_value=100.0,
                           value=80.0, step=1.0, format="%g", key="x_value", disabled=not use)

screen = cached(explorer.build)(state, tuple(levels),
                                (measure, op, float(value)) if use else None)
render.stop_unless(screen.empty)
st.markdown(render.md(screen.count))
if screen.cut:
    render.note(screen.cut)
render.table(screen.table, key="x_table")
st.caption(ANALYSIS["explorer_totals"])
render.table(screen.totals, key="x_totals")
render.downloads(screen.download, screen.file_stem, ANALYSIS["explorer_sheet"])

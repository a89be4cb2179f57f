"""Tra cứu: the yearly results of the base organizations, filtered ad hoc (years, sector, type,
organization, level, a threshold on a share), with totals, as CSV or Excel."""

import streamlit as st

from ui import render
from ui.data import cached, deferred
from ui.selection import active_filters, explorer_conditions, sidebar
from xeploai.screens import explorer
from xeploai.texts import ANALYSIS

state = sidebar("explorer")
st.title(ANALYSIS["page_explorer"])
active_filters(state, "explorer")
render.demo_banner()
explorer_conditions(
    state,
    level_label=explorer.level_option_label,
    measure_label=explorer.threshold_label,
    op_label=explorer.op_label,
)

screen = cached(explorer.build)(state.counted())
render.stop_unless(screen.empty)
st.markdown(render.md(screen.count))
if screen.cut:
    render.note(screen.cut)
render.table(screen.table, key="x_table")
st.caption(screen.totals_caption)
render.table(screen.totals, key="x_totals")
render.downloads(
    deferred(explorer.download, state.counted()), screen.file_stem, ANALYSIS["explorer_sheet"]
)

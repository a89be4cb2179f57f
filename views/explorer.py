"""Tra cứu: the yearly results of the base organizations, filtered ad hoc (years, sector, type,
organization, level, a threshold on a share), with totals, as CSV or Excel."""

import streamlit as st

import ui
from xeploai.metrics.analysis import (
    THRESHOLD_MEASURES,
    THRESHOLD_OPS,
    Threshold,
    explore,
    explorer_totals,
    to_csv_bytes,
    to_xlsx_bytes,
)
from xeploai.screens import analysis as v
from xeploai.texts import ANALYSIS, fmt_int

state = ui.view(span=True, groups=True)
st.title(ANALYSIS["page_explorer"])
ui.demo_banner()
results = ui.org_results(state.from_year, state.to_year, state.filters())
ui.require_rows(results, state)

left, right = st.columns([2, 3])
levels = left.multiselect(ANALYSIS["explorer_levels"], v.level_options(),
                          format_func=v.level_option_label, placeholder=ANALYSIS["all"],
                          key="x_levels")
with right:
    use = st.toggle(ANALYSIS["explorer_threshold"], key="x_use_threshold")
    a, b, c = st.columns([3, 2, 2])
    measure = a.selectbox(ANALYSIS["explorer_measure"], THRESHOLD_MEASURES,
                          format_func=v.threshold_label, key="x_measure", disabled=not use)
    op = b.selectbox(ANALYSIS["explorer_op"], THRESHOLD_OPS,
                     format_func=lambda o: ANALYSIS[f"op_{o}"], key="x_op", disabled=not use)
    value = c.number_input(ANALYSIS["explorer_value"], min_value=0.0, max_value=100.0,
                           value=80.0, step=1.0, format="%g", key="x_value",
                           disabled=not use)
threshold = Threshold(measure, op, float(value)) if use else None
rows = explore(results, levels=levels or None, threshold=threshold)
if rows.empty:
    st.info(ANALYSIS["explorer_none"], icon=":material/filter_alt_off:")
    st.stop()

totals = explorer_totals(rows)
table = v.explorer_table(rows)
totals_row = v.explorer_totals_row(totals)
st.markdown(ANALYSIS["explorer_count"].format(rows=totals["rows"], orgs=totals["orgs"],
                                              years=totals["years"]))
if len(table) > v.EXPLORER_SHOWN_ROWS:
    st.info(ANALYSIS["explorer_cut"].format(shown=fmt_int(v.EXPLORER_SHOWN_ROWS),
                                            rows=fmt_int(len(table))))
ui.table(table.head(v.EXPLORER_SHOWN_ROWS), key="x_table")
st.caption(ANALYSIS["explorer_totals"])
ui.table(totals_row, key="x_totals")

download = v.with_totals(table, totals_row)
name = f"tra-cuu-{state.from_year}-{state.to_year}"
d1, d2, _ = st.columns([1, 1, 3])
# The files are made when a button is pressed, not on every rerun (an Excel file of a city's
# ten years takes seconds to write).
d1.download_button(ANALYSIS["download_csv"], lambda: to_csv_bytes(download), f"{name}.csv",
                   mime="text/csv", key="x_csv", icon=":material/download:")
d2.download_button(ANALYSIS["download_xlsx"],
                   lambda: to_xlsx_bytes(download, ANALYSIS["explorer_sheet"]), f"{name}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   key="x_xlsx", icon=":material/download:")

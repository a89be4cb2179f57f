"""Tổ chức: one base organization — its level each year, its members by level, its subordinate
cells, its exemptions and rule findings, against the average base organization."""

import streamlit as st

import ui
from xeploai.charts.analysis import comparison_lines, members_level_bars, org_level_timeline
from xeploai.domain.selection import ALL
from xeploai.metrics.analysis import (
    cell_level_table,
    org_comparison,
    org_history,
    org_members_by_level,
)
from xeploai.screens import analysis as v
from xeploai.texts import ANALYSIS, ORG_TYPE_LABELS, SECTOR_LABELS

state = ui.view(year=True, span=True)
st.title(ANALYSIS["page_organization"])
ui.demo_banner()
first, last, year = state.from_year, state.to_year, state.year
code = ui.org_picker(state)
if code is None:
    st.info(ANALYSIS["org_pick_prompt"], icon=":material/account_tree:")
    st.stop()

org = ui.catalogue().set_index("org_code").loc[code]
st.caption(v.org_caption(org, ORG_TYPE_LABELS, SECTOR_LABELS))
results = ui.org_results(first, last, ALL)  # every organization: the averages need them all
history = org_history(results, code)
if history.empty:
    st.info(ANALYSIS["org_no_results"].format(org=org["org_name"], first=first, last=last))
    st.stop()
comp = org_comparison(results, code)
if year not in set(history["year"]):
    st.info(ANALYSIS["org_no_year"].format(org=org["org_name"], year=year,
                                           years=v.year_list(history)))

st.plotly_chart(org_level_timeline(history, v.org_level_title(history, org["org_name"], year)),
                key="org_levels")
ui.chart_data(v.org_history_table(history))

members = org_members_by_level(history)
st.plotly_chart(members_level_bars(members, v.org_members_title(comp, year)), key="org_members")
ui.chart_data(v.org_members_table(members))

st.subheader(ANALYSIS["org_compare_heading"])
st.caption(ANALYSIS["org_avg_note"])
st.plotly_chart(comparison_lines(comp, "members_good_pct", v.comparison_names(),
                                 v.org_compare_title(comp, org["org_name"], year,
                                                     "members_good_pct")),
                key="org_compare")
ui.chart_data(v.comparison_table(comp, "members_good_pct"))

st.subheader(ANALYSIS["org_cells_heading"])
if org["org_type"] != "base_committee":
    st.info(ANALYSIS["org_no_cells"])
else:
    if (line := v.cells_summary(history, year)) is not None:
        st.markdown(line)
    cells = cell_level_table(ui.cell_levels(code, first, last))
    if cells.empty:
        st.info(ANALYSIS["org_no_cell_results"])
    else:
        ui.table(v.cells_table(cells))

st.subheader(ANALYSIS["org_exempt_heading"])
st.plotly_chart(comparison_lines(comp, "exempt_pct", v.comparison_names(),
                                 v.org_compare_title(comp, org["org_name"], year, "exempt_pct")),
                key="org_exempt")
ui.chart_data(v.comparison_table(comp, "exempt_pct"))
ui.table(v.org_exempt_table(history))

st.subheader(ANALYSIS["org_findings_heading"])
findings = ui.org_findings(code, tuple(int(y) for y in history["year"]))
if findings.empty:
    st.success(ANALYSIS["org_no_findings"].format(first=first, last=last))
else:
    ui.table(v.findings_table(findings))

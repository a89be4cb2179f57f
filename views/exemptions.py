"""Miễn sinh hoạt: exempted members per organization and year, the trend, the organizations with
most (click to open one), and what exemptions do to the evaluated denominator."""

import streamlit as st

import ui
from xeploai.charts.analysis import denominator_chart, exemption_trend_chart, group_bars
from xeploai.metrics.analysis import (
    denominator_effect,
    exemption_trend,
    exemptions_by_org,
    most_exempt,
)
from xeploai.screens import analysis as v
from xeploai.texts import ANALYSIS

state = ui.view(year=True, span=True, groups=True)
st.title(ANALYSIS["page_exemptions"])
ui.demo_banner()
first, last, year = state.from_year, state.to_year, state.year
figs = ui.figures(first, last, state.filters())
ui.require_rows(figs.orgs, state)
trend = exemption_trend(figs.members)

pair = exemption_trend(ui.figures(year - 1, year, state.filters()).members)
for card, (label, value, delta) in zip(st.columns(6), v.status_cards(pair, year), strict=True):
    card.metric(label, value, delta, delta_color="off")

st.plotly_chart(exemption_trend_chart(trend, v.exemption_title(trend)), key="exempt_trend")
ui.chart_data(v.exemption_table(trend))

st.subheader(ANALYSIS["exempt_heading_orgs"])
by_org = exemptions_by_org(ui.org_results(first, last, state.filters()))
in_year = exemptions_by_org(ui.org_results(year, year, state.filters()))
top = most_exempt(in_year, year)
if top.empty:
    st.info(v.top_exempt_title(top, year))
else:
    st.caption(ANALYSIS["click_open"])
    ui.clickable_chart(group_bars(top, code_col="org_code",
                                  labels=dict(zip(top["org_code"], top["org_name"],
                                                  strict=True)),
                                  value_col="exempt", title=v.top_exempt_title(top, year),
                                  percent=False), "exempt_top")
    ui.chart_data(v.exempt_org_table(in_year, year))
with st.expander(ANALYSIS["exempt_by_org_year"]):
    note = v.exempt_matrix_note(by_org)
    if note:
        st.caption(note)
    counts, shares = st.tabs([ANALYSIS["exempt_count"], ANALYSIS["exempt_share"] + " (%)"])
    counts.dataframe(v.styled(v.exempt_matrix(by_org)), hide_index=True)
    shares.dataframe(v.styled(v.exempt_matrix(by_org, "exempt_pct")), hide_index=True)

st.subheader(ANALYSIS["exempt_heading_effect"])
effect = denominator_effect(figs)
st.plotly_chart(denominator_chart(effect, v.effect_title(effect, year)), key="exempt_effect")
st.caption(ANALYSIS["exempt_effect_note"])
ui.chart_data(v.effect_table(effect))

"""Tổng quan: the chosen year at a glance, against the previous year and the term's targets."""

import streamlit as st

import ui
from xeploai.charts.base import good_trend, level_shares, levels_bar
from xeploai.narrative import year_sentences
from xeploai.screens.overview import kpi_cards, levels_table, levels_title, trend_table, trend_title
from xeploai.texts import UI

year = ui.year_picker()
summary = ui.summary(year) if year is not None else None
st.title(UI["page_overview"] + (f" — {summary['superior']}" if summary else ""))
ui.demo_banner()
if summary is None:
    st.stop()

previous = ui.summary(year - 1, with_findings=False)
all_years = ui.years()
figs = ui.figures(all_years[0], all_years[-1])
for row in kpi_cards(summary, previous, figs):
    for column, card in zip(st.columns(len(row)), row, strict=True):
        with column:
            st.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      help=card.help, border=True, delta_description=card.delta_description,
                      delta_arrow=card.delta_arrow, chart_data=card.history or None,
                      chart_type="line")
            if card.target:
                st.caption(card.target)

st.markdown(" ".join(year_sentences(summary, previous)))

st.plotly_chart(levels_bar(figs.levels, year, levels_title(summary)), key="levels")
with st.expander(UI["chart_data"]):
    st.dataframe(levels_table(level_shares(figs.levels, year)), hide_index=True)
st.plotly_chart(good_trend(figs.measures, trend_title(figs.measures)), key="trend")
with st.expander(UI["chart_data"]):
    st.dataframe(trend_table(figs.measures), hide_index=True)

"""Chỉ tiêu và thực hiện: every target of the term against each year, the target lines on the
trends, and for one year and target the organizations that pull the total below it."""

import streamlit as st

import ui
from xeploai.charts.analysis import contribution_bars, share_trend
from xeploai.domain.measures import MEASURES
from xeploai.metrics.analysis import gap_contributions
from xeploai.screens import analysis as v
from xeploai.texts import ANALYSIS, UI, fmt_int, fmt_pct, fmt_pp

state = ui.view(year=True, span=True, groups=True)
st.title(ANALYSIS["page_targets"])
ui.demo_banner()
first, last, year = state.from_year, state.to_year, state.year
figs = ui.figures(first, last, state.filters())
ui.require_rows(figs.orgs, state)
if not state.filters().is_all:
    st.info(ANALYSIS["filtered_note"], icon=":material/filter_alt:")
tva = ui.targets(first, last, state.filters())
if tva.empty:
    st.info(ANALYSIS["targets_none"].format(first=first, last=last))
    st.stop()

st.subheader(ANALYSIS["targets_table"])
ui.table(v.targets_table(tva))

st.subheader(ANALYSIS["targets_trends"])
measures = [m for m in MEASURES if m in set(tva["measure"])]
columns = st.columns(2)
for i, measure in enumerate(measures):
    lines = v.target_lines(tva, measure)
    shown = figs.measures[figs.measures["subject"].isin(set(lines["subject"]))]
    with columns[i % 2]:
        st.plotly_chart(share_trend(shown, v.target_trend_title(tva, measure), measure=measure,
                                   targets=lines, title_width=55), key=f"target_{measure}")
        ui.chart_data(v.trend_table(shown, measure))

st.subheader(ANALYSIS["gap_heading"])
# the focus year may lie outside the range of the trends
in_year = ui.targets(year, year, state.filters())
if in_year.empty:
    st.info(ANALYSIS["targets_year_none"].format(year=year))
    st.stop()
st.markdown(v.year_count(in_year, year))


@st.fragment
def gap_section() -> None:
    """Picking another target redraws this section only, not the page's trend charts."""
    chosen = st.selectbox(ANALYSIS["gap_pick"], range(len(in_year)),
                          index=v.default_target(in_year),
                          format_func=lambda i: v.target_option(in_year.iloc[i]),
                          key="gap_target")
    target = in_year.iloc[chosen]
    results = ui.org_results(year, year, state.filters())
    summary, contrib = gap_contributions(results, year, str(target.subject),
                                         str(target.measure), str(target.direction),
                                         float(target.target))
    cards = st.columns(4)
    cards[0].metric(ANALYSIS["actual_metric"], fmt_pct(summary.actual))
    cards[1].metric(ANALYSIS["target_metric"], fmt_pct(summary.target))
    cards[2].metric(ANALYSIS["gap_metric"], fmt_pp(summary.gap))
    cards[3].metric(ANALYSIS["takes_metric"], fmt_int(summary.units_needed))
    st.markdown(v.what_it_takes_text(summary))
    if contrib.empty:
        st.info(ANALYSIS["no_rated"].format(subject=UI["subject"].lower()))
        return
    st.caption(ANALYSIS["click_open"])
    ui.clickable_chart(contribution_bars(contrib, v.gap_title(summary, contrib)), "contrib")
    ui.chart_data(v.contribution_table(contrib))


gap_section()

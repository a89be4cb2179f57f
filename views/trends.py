"""Xu hướng chất lượng: levels per year, good-or-better across the scheme break, by sector and
type (click a bar to filter), and the change from one year to the next."""

import streamlit as st

import ui
from xeploai.charts.analysis import (
    change_bars,
    distribution_bars,
    group_bars,
    group_lines,
    share_trend,
)
from xeploai.domain.measures import SUBJECTS
from xeploai.metrics.analysis import by_group, level_distribution, year_over_year
from xeploai.screens import analysis as v
from xeploai.texts import ANALYSIS, SUBJECT_LABELS, UI

state = ui.view(span=True, groups=True)
st.title(ANALYSIS["page_trends"])
ui.demo_banner()
first, last = state.from_year, state.to_year
figs = ui.figures(first, last, state.filters())
ui.require_rows(figs.orgs, state)

st.subheader(ANALYSIS["trends_distribution"])
dist = level_distribution(figs.levels)
for tab, subject in zip(st.tabs([SUBJECT_LABELS[s] for s in SUBJECTS]), SUBJECTS, strict=True):
    with tab:
        if not v.has_rated(dist, subject):
            st.info(ANALYSIS["no_rated"].format(subject=SUBJECT_LABELS[subject].lower()))
            continue
        st.plotly_chart(distribution_bars(dist, subject, v.distribution_title(figs.measures,
                                                                                subject)),
                        key=f"dist_{subject}")
        ui.chart_data(v.distribution_table(dist, subject))

st.subheader(ANALYSIS["trends_good"])
st.plotly_chart(share_trend(figs.measures, v.good_title(figs.measures)), key="good")
st.caption(UI["scheme_break_note"])
ui.chart_data(v.trend_table(figs.measures))

st.subheader(ANALYSIS["trends_groups"])
st.caption(ANALYSIS["click_filter"])
for group_by, field in (("sector", "sectors"), ("org_type", "org_types")):
    # The chart that sets a filter ignores that filter, so every group stays clickable.
    groups = by_group(ui.org_results(first, last, ui.replace_view(
        state, **{field: None}).filters()), group_by)
    latest = groups[groups["year"] == last]
    ui.clickable_chart(
        group_bars(latest, code_col="group", labels=v.group_labels(group_by),
                   value_col="members_good_pct", title=v.group_title(groups, group_by, last),
                   selected=getattr(state, field)),
        f"by_{group_by}", filters=field)
    ui.chart_data(v.group_table(groups, group_by))
    if group_by == "sector":
        st.plotly_chart(group_lines(groups, v.group_labels(group_by),
                                    v.spread_title(groups, group_by)), key="sector_lines")

st.subheader(ANALYSIS["trends_changes"])
yoy = year_over_year(figs.measures)
st.plotly_chart(change_bars(yoy, "good_or_better_pct", v.change_title(yoy)), key="changes")
st.caption(ANALYSIS["change_break_note"])
ui.chart_data(v.change_table(yoy))

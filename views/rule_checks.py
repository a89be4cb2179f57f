"""Kiểm tra quy tắc: the rule findings of a year, each rule with its source."""

import streamlit as st

import ui
from ui.auth import guard
from xeploai.metrics.rules import RuleSettings
from xeploai.screens import data_import as import_view
from xeploai.texts import RULES_PAGE

user = guard("rules")
year = ui.year_picker()
st.title(RULES_PAGE["title"])
st.caption(RULES_PAGE["intro"])
if year is None:
    st.stop()

findings = import_view.in_scope(ui.findings(year), user.orgs)
st.subheader(RULES_PAGE["findings_heading"].format(year=year, n=len(findings)))
for section in import_view.rule_sections(year, findings):
    with st.container(border=True):
        st.markdown(f"**{section.rule.title}**")
        st.caption(section.caption)
        if not section.applies:
            st.caption(RULES_PAGE["not_applicable"].format(year=year))
        elif section.findings:
            st.warning(section.status)
            st.dataframe(import_view.findings_table(section.findings), hide_index=True)
        else:
            st.success(section.status)

st.subheader(RULES_PAGE["unchecked_heading"])
st.dataframe(import_view.unchecked_rules_table(), hide_index=True)
with st.expander(RULES_PAGE["settings_heading"]):
    st.dataframe(import_view.settings_table(RuleSettings.from_db(ui.db())), hide_index=True)

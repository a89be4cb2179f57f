"""Kiểm tra quy tắc: the rule findings of a year, each rule with its source."""

import streamlit as st

from ui import render
from ui.data import cached
from ui.selection import sidebar
from xeploai.screens import rule_checks
from xeploai.texts import RULES_PAGE

state = sidebar("rule_checks")
st.title(RULES_PAGE["title"])
st.caption(RULES_PAGE["intro"])
screen = cached(rule_checks.build)(state.year)

st.subheader(render.md(screen.heading))
for section, findings in screen.sections:
    with st.container(border=True):
        st.markdown(f"**{render.md(section.title)}**")
        st.caption(render.md(section.caption))
        if not section.applies:
            st.caption(RULES_PAGE["not_applicable"].format(year=state.year))
        elif findings is not None:
            st.warning(render.md(section.status))
            render.table(findings)
        else:
            st.success(render.md(section.status))

st.subheader(RULES_PAGE["unchecked_heading"])
render.table(screen.unchecked)
with st.expander(RULES_PAGE["settings_heading"]):
    render.table(screen.settings)

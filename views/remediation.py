"""Khắc phục: what is overdue, what falls due this quarter, who has reported on the last quarter,
the progress of each plan; for an editor, the forms of a quarterly report and of a status."""

import streamlit as st

from ui import forms, render
from ui.auth import current_user
from ui.data import cached, deferred, today
from ui.selection import sidebar, years
from xeploai.screens import remediation
from xeploai.texts import REMEDIATION

state = sidebar("remediation")
st.title(REMEDIATION["page_title"])
render.demo_banner()
forms.outcome()
screen = cached(remediation.build)(state.scope, today())
st.caption(render.md(screen.intro))

if screen.empty:
    render.note(screen.empty)
else:
    render.cards(screen.cards[:3])
    render.cards(screen.cards[3:])
    for which, heading, frame, note, cut in (
        (
            "overdue",
            REMEDIATION["heading_overdue"],
            screen.overdue,
            screen.overdue_note,
            screen.overdue_cut,
        ),
        ("due", screen.due_heading, screen.due, screen.due_note, screen.due_cut),
        (
            "reporting",
            screen.reporting_heading,
            screen.reporting,
            screen.reporting_note,
            screen.reporting_cut,
        ),
    ):
        st.subheader(render.md(heading))
        if frame is not None:
            render.table(frame)
        elif note is not None:
            render.note(note)
        render.cut_list(
            cut,
            deferred(remediation.list_file, state.scope, today(), which),
            REMEDIATION[f"{which}_file"].format(day=f"{today():%Y-%m-%d}"),
            REMEDIATION[f"{which}_sheet"],
        )
    st.subheader(REMEDIATION["heading_progress"])
    render.chart(
        screen.progress, whole=deferred(remediation.list_file, state.scope, today(), "progress")
    )

user = current_user()
if user.can("import"):
    st.subheader(REMEDIATION["heading_forms"])
    forms.report(
        cached(remediation.report_entry)(state.scope, today(), **forms.report_choices()), user
    )
    forms.status(
        cached(remediation.status_entry)(
            state.scope, tuple(years(state.scope)), **forms.status_choices()
        ),
        user,
    )
    forms.undo(user)

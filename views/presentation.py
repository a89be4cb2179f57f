"""Trình chiếu: the year told as slides — an overview of them here, and presenting them one at
a time, scaled to the window, nothing else on screen (keys, a clicker, the presenter's notes)."""

import streamlit as st

from ui import render
from ui.auth import current_user
from ui.data import cached
from ui.deck import deck
from ui.selection import active_filters, notice, sidebar
from xeploai.screens import presentation
from xeploai.texts import PRESENT, VIEW_NOTICES

state = sidebar("presentation")
user = current_user()
st.title(PRESENT["page_title"])
active_filters(state, "presentation")
screen = cached(presentation.build)(int(state.year or 0), state.filters())
render.stop_unless(screen.empty)
if screen.scope:
    st.caption(render.md(screen.scope))
start = state.slide
if start is not None and start > len(screen.slides):
    notice(VIEW_NOTICES["slide_out_of_range"].format(value=start, total=len(screen.slides)))
    start = None
deck(screen, start=start)

# Under the slides: the same year and filters as files.
if user.can("export"):
    st.subheader(PRESENT["downloads"])
    for column, item in zip(st.columns(len(screen.downloads)), screen.downloads, strict=True):
        render.download(
            column,
            item.label,
            render.audited_export(
                presentation.export_file, item.kind, int(state.year or 0), state.filters()
            ),
            item.file_name,
            mime=item.mime,
            key=f"download_{item.kind}",
            width="stretch",
        )

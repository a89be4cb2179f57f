"""Trình chiếu: the year told as slides, one at a time, for the summary conference."""

import streamlit as st

from ui import render
from ui.auth import guard
from ui.data import cached
from ui.selection import presentation_year, shared_filters, years
from xeploai.screens import presentation
from xeploai.texts import PRESENT

user = guard("view")
st.html(presentation.CSS)
available = years(shared_filters().scope)
if not available:
    st.stop()
presentation_year(available)
filters = shared_filters()

bar = st.columns([2, 1.6, 0.7, 1.6, 0.4, 1.7], vertical_alignment="bottom")
year = int(bar[0].selectbox(PRESENT["year"], available[::-1], key="present_year",
                            on_change=lambda: st.session_state.update(slide=0)))
st.query_params["year"] = str(year)
screen = cached(presentation.build)(year, filters)
render.stop_unless(screen.empty)
slides = screen.slides
index = min(max(int(st.session_state.get("slide", 0)), 0), len(slides) - 1)


def move(step: int) -> None:
    st.session_state["slide"] = min(max(index + step, 0), len(slides) - 1)


# A presenter's clicker sends PageDown/PageUp; a keyboard, the arrows (hidden twin buttons).
bar[1].button(PRESENT["previous"], icon=":material/chevron_left:", on_click=move, args=(-1,),
              disabled=index == 0, width="stretch", key="prev", shortcut="PageUp")
bar[2].html(f'<div class="xl-count">{PRESENT["count"].format(n=index + 1, total=len(slides))}'
            "</div>")
bar[3].button(PRESENT["next"], icon=":material/chevron_right:", on_click=move, args=(1,),
              disabled=index == len(slides) - 1, width="stretch", key="next", type="primary",
              shortcut="PageDown")
bar[1].button(PRESENT["previous"], on_click=move, args=(-1,), key="prev_key", shortcut="Left")
bar[3].button(PRESENT["next"], on_click=move, args=(1,), key="next_key", shortcut="Right")
bar[5].page_link("views/overview.py", label=PRESENT["back"], icon=":material/arrow_back:")
if screen.scope:
    st.caption(render.md(screen.scope))

slide = slides[index]
if slide.cover is not None:
    st.html(slide.cover)
else:
    with st.container(border=True):
        st.html(slide.head)
        if slide.chart is not None and slide.side:
            left, right = st.columns([3, 2], gap="large")
        else:
            left = right = st.container()
        if slide.chart is not None:
            left.plotly_chart(render.built(slide.chart), key=f"chart-{slide.key}",
                              config={"displayModeBar": False}, theme=None)
        if slide.side:
            right.html(slide.side)
        if slide.foot:
            st.html(slide.foot)

# Below the stage, out of the audience's way: the same year and filters as files.
if not user.can("export"):
    st.stop()
st.caption(PRESENT["downloads"])
for column, item in zip(st.columns(len(screen.downloads)), screen.downloads, strict=True):
    column.download_button(item.label,
                           data=render.audited_export(presentation.export_file, item.kind,
                                                      year, filters),
                           file_name=item.file_name, mime=item.mime,
                           icon=":material/download:", on_click="ignore",
                           key=f"download_{item.kind}", width="stretch")

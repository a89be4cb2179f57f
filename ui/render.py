"""Drawing the screen models: tables in Vietnamese number format, charts with their data,
cards, notes. Pages call these; nothing here computes a figure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any, Literal

import pandas as pd
import streamlit as st
import streamlit.elements.lib.pandas_styler_utils as styler_utils
from pandas.io.formats.style import Styler

from ui.auth import current_user, store
from ui.data import db, deferred, scoped
from ui.plotly_chart import plotly_chart
from ui.selection import goto_org, open_org, select_filter
from xeploai.access.login import auth_disabled
from xeploai.charts.spark import sparkline_svg
from xeploai.domain.plain import markdown_text
from xeploai.domain.selection import Filters
from xeploai.exports.tables import to_csv_bytes, to_xlsx_bytes
from xeploai.ingest import spec
from xeploai.screens.blocks import Card, ChartBlock, LinkList, Note
from xeploai.screens.blocks import digest as content_digest
from xeploai.screens.common import LISTED_ROWS, cut_note
from xeploai.texts import ANALYSIS, IMPORT_PAGE, UI, fmt_int, fmt_num

# Writing every cell's text (``shown_cells``) takes ~30 ms for 2.000 rows of 24 columns and a
# quarter of a second for 20.000, and pandas refuses a Styler of more than 262.144 cells; above
# this many rows the browser formats the numbers in its own locale instead.
STYLED_ROWS = 2000


def _written(value: Any) -> str:
    """A cell as the screens write it: a count 6.659, any other number 87,50 (``texts``)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):  # numpy's numbers too, as pandas' Styler wrote them
        return fmt_int(int(value))
    if isinstance(value, Real):
        return fmt_num(float(value))
    return str(value)


def _column_texts(values: pd.Series) -> list[str]:
    """A column's cells as ``_written`` writes them, a missing one as "no data".

    A column of one type is written by the function ``_written`` would pick for each of its
    values, picked once (``_written`` asked the number classes of every cell: Tra cứu's 437
    rows of 24 columns took 30 ms, most of it those questions); a column of mixed values
    (object) cell by cell. A column of counts writes each count it holds once: its values
    repeat (a float's are not shared, its zero has two texts, 0,00 and -0,00)."""
    listed = values.tolist()
    missing = values.isna().tolist()
    kind = values.dtype
    no = UI["no_data"]
    if isinstance(kind, pd.StringDtype):  # texts already: ``str`` of each is itself
        return [no if gone else value for value, gone in zip(listed, missing, strict=True)]
    if pd.api.types.is_integer_dtype(kind):
        held = {value for value, gone in zip(listed, missing, strict=True) if not gone}
        texts = {value: fmt_int(value) for value in held}
        return [no if gone else texts[value] for value, gone in zip(listed, missing, strict=True)]
    write: Callable[[Any], str] = _written
    if pd.api.types.is_bool_dtype(kind):
        write = str
    elif pd.api.types.is_float_dtype(kind):
        write = fmt_num
    return [no if gone else write(value) for value, gone in zip(listed, missing, strict=True)]


def shown_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of ``frame`` as text the way a table shows it: numbers written the Vietnamese
    way by ``texts.fmt_int`` and ``texts.fmt_num``, a missing value as "no data", anything
    else as its ``str``. The same frame, index and column names; every column text."""
    columns = {i: _column_texts(frame.iloc[:, i]) for i in range(frame.shape[1])}
    shown = pd.DataFrame(columns, index=frame.index, dtype="str")
    shown.columns = frame.columns
    return shown


_SHOWN = "xeploai_shown"  # where a table's texts reach Streamlit (``_display_values``)


def _shown(frame: pd.DataFrame) -> Styler:
    """A table whose cells Streamlit shows as ``shown_cells`` writes them, while the browser
    still sorts by the numbers.

    ``st.dataframe`` sends a ``Styler``'s data and, beside it, each cell's text. Pandas
    would build an HTML description of every cell first (``Styler._translate``), and
    Streamlit would read the texts back out of it and set them column by column into a copy
    of the data: 40 ms for Tra cứu's 219 rows, 11 ms for a table of one row. Here the texts
    are written once, as a frame (6 ms and 3,5 ms), and handed over whole through
    ``_display_values``: no CSS, no caption, only the texts. Streamlit knows a Styler by its
    class's name, so this is a Styler whose two steps are replaced on the object itself."""
    styler = Styler(frame)
    styler.uuid = None  # Streamlit then names it by its place on the page: the same each run
    setattr(styler, "_compute", lambda: styler)  # noqa: B010
    setattr(styler, "_translate", lambda *_: {_SHOWN: shown_cells(frame)})  # noqa: B010
    return styler


# (a Streamlit without this function fails here, on import, and so does every page test)
_streamlits_display_values = styler_utils._use_display_values


def _display_values(df: pd.DataFrame, styles: Mapping[str, Any]) -> pd.DataFrame:
    """Streamlit's ``_use_display_values``, given the texts whole by ``_shown``."""
    shown = styles.get(_SHOWN)
    if shown is None:
        return _streamlits_display_values(df, styles)
    return shown


styler_utils._use_display_values = _display_values


def _formatted(frame: pd.DataFrame) -> bool:
    """Whether ``shown_cells`` changes how the table reads: a number to write the Vietnamese
    way (a decimal, or a thousands separator: an integer below 1.000 reads the same in any
    locale), or a missing value to write as "no data". An item's number and the days it is
    late need none of it, and the table is sent as it is."""
    if frame.isna().to_numpy().any():
        return True
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values):
            continue
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_integer_dtype(values):
            return True
        if len(values) and int(values.abs().max()) >= 1000:
            return True
    return False


def table(frame: pd.DataFrame, **kwargs: Any) -> None:
    """A table in Vietnamese number format; a click on a header sorts it by the numbers.

    Writing every cell's text costs a few milliseconds a small table and tens a long one; the
    same table (its content as a digest, much cheaper to make) is drawn again from the
    element Streamlit kept the first time."""
    if not _formatted(frame):  # text and small integers, every cell written: nothing to style
        st.dataframe(frame, hide_index=True, **kwargs)
        return
    if len(frame) > STYLED_ROWS:
        numbers = {
            c: st.column_config.NumberColumn(format="localized")
            for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c])
        }
        st.dataframe(frame, hide_index=True, column_config=numbers, **kwargs)
        return
    _kept_table(content_digest(frame), tuple(sorted(kwargs.items())), frame)


@st.cache_data(show_spinner=False, max_entries=256)
def _kept_table(digest: str, options: tuple[tuple[str, Any], ...], _frame: pd.DataFrame) -> None:
    """Keyed on the digest (the frame itself, ``_frame``, is not hashed again)."""
    st.dataframe(_shown(_frame), hide_index=True, **dict(options))


def chart_data(
    frame: pd.DataFrame,
    key: str,
    rows: int = 0,
    whole: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """The data of the chart above, as a table (every chart offers it), drawn when opened: its
    first ``LISTED_ROWS`` rows, and for a longer table (a national committee's 18.879 plans) a
    note and the files of every row. ``frame`` may hold only the first rows of a table of
    ``rows``: ``whole`` then makes the whole for the files."""
    if rows > len(frame) and whole is None:
        raise ValueError(f"chart {key}: {len(frame)} of {rows} rows and no way to make them all")
    data = section(UI["chart_data"], key=f"data-{key}")
    if data.open:
        with data:
            table(frame.head(LISTED_ROWS))
            cut_list(
                cut_note(UI["rows_cut"], max(rows, len(frame)), LISTED_ROWS),
                whole or (lambda: frame),
                UI["chart_data_file"].format(key=key),
                UI["chart_data"],
            )


def listed(
    rows: Sequence[Any], make: Callable[[Sequence[Any]], pd.DataFrame], stem: str, sheet: str
) -> None:
    """A list of ``rows`` as the table ``make`` makes of them: its first ``LISTED_ROWS``, and
    for a longer list a note and the files of every row (a national year's files can bring
    hundreds of thousands of problems, each a row sent to the browser)."""
    table(make(rows[:LISTED_ROWS]))
    cut_list(cut_note(UI["rows_cut"], len(rows), LISTED_ROWS), lambda: make(rows), stem, sheet)


def section(label: str, *, key: str) -> Any:
    """A section the user opens (``st.expander``); its ``open`` is true while it is open, and
    only then should its content be drawn.

    A closed expander's content is still computed, formatted and sent to the browser, which
    lays it out hidden: the tables under the charts were a third of a chart page's cold rerun
    (trends: 7 tables, the pandas Styler and their serialization). Opening or closing one
    runs the page again (from the caches); it stays open, under its key, while the page is
    shown."""
    return st.expander(label, key=key, on_change="rerun")


# Plotly's own toolbar (zoom, pan, "Download plot as a png") speaks English and covers the top
# of a chart on a phone.
CHART_CONFIG = {"displayModeBar": False}


def chart(block: ChartBlock | None, *, whole: Callable[[], pd.DataFrame] | None = None) -> None:
    """A chart under its title (text that wraps at any width), its hint and note, the data
    behind it (``whole`` makes all of it, when the block holds only its first rows); bars that
    act when clicked."""
    if block is None:
        return
    with st.container(key=f"chart-{block.key}"):
        _chart(block, whole)


def _chart(block: ChartBlock, whole: Callable[[], pd.DataFrame] | None) -> None:
    if block.title:
        st.markdown(f"**{md(block.title)}**")
    if block.hint:
        st.caption(md(block.hint))
    on_click = None
    if block.click is not None:
        key, field = block.key, block.click

        def on_click() -> None:
            if field == "open_org":
                open_org(key)
            else:
                select_filter(key, field)

    # the same chart from one run to the next, redrawn with each new figure (a click is sent
    # once: it neither lingers nor blocks the same click from acting again)
    plotly_chart(
        block.spec, key=block.key, config=CHART_CONFIG, on_click=on_click, label=block.title
    )
    if block.note:
        st.caption(md(block.note))
    if block.data is not None:
        chart_data(block.data, block.key, block.data_rows, whole)


def cards(cards: Sequence[Card], *, border: bool = True) -> None:
    """Metric cards in a row, each with its small trend under the value (an SVG line:
    ``charts.spark``, not Streamlit's Vega chart) and its caption under the card."""
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        with column:
            with st.container(border=border):
                st.metric(
                    card.label,
                    card.value,
                    card.delta,
                    delta_color=card.delta_color,
                    help=card.help,
                    delta_description=card.delta_description,
                    delta_arrow=card.delta_arrow,
                )
                spark = sparkline_svg(card.history, UI["card_trend"].format(label=card.label))
                if spark:  # made of numbers and an escaped label only, never of a user's text
                    st.markdown(spark, unsafe_allow_html=True)
            if card.caption:
                st.caption(md(card.caption))


def md(text: str) -> str:
    """A text for Streamlit's markdown with every name in it shown as text, never as a link,
    markup or an icon (issue 15, finding 5.4); the product's own `code` spans are kept."""
    return markdown_text(text)


def note(item: Note) -> None:
    draw = {"info": st.info, "warning": st.warning, "success": st.success, "error": st.error}[
        item.kind
    ]
    draw(md(item.text), icon=item.icon)


def stop_unless(item: Note | None) -> None:
    """A screen that has nothing to show says why, and the page ends there."""
    if item is not None:
        note(item)
        st.stop()


def demo_banner() -> None:
    if db().meta("is_demo") == "1":
        st.info(UI["demo_banner"], icon=":material/science:")


def block(item: ChartBlock | Note, *, whole: Callable[[], pd.DataFrame] | None = None) -> None:
    """A chart, or the note that stands where there is nothing to chart."""
    if isinstance(item, Note):
        note(item)
    else:
        chart(item, whole=whole)


def download(
    where: Any,
    label: str,
    data: bytes | Callable[[], bytes | str],
    file_name: str,
    *,
    key: str,
    mime: str | None = None,
    icon: str = ":material/download:",
    width: Literal["content", "stretch"] = "content",
) -> None:
    """A download button (``where``: ``st`` or a column) that does not run the page again when
    pressed. A file made when the button is pressed (``data`` a function) is asked for by an id
    that each run of the page replaces; the rerun a press caused could drop the id before the
    browser's request for the file was served, and a busy server then gave no file at all (a
    browser test under load: no download within 30 s, once in 19 runs)."""
    where.download_button(
        label,
        data,
        file_name,
        mime=mime,
        key=key,
        icon=icon,
        on_click="ignore",
        width=width,
    )


def downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, sheet: str) -> None:
    """CSV and Excel buttons for a table (or a function that makes it); the files are made
    when a button is pressed, not on every rerun (an Excel file of a city's ten years takes
    seconds to write; the explorer's table of a national decade, a million rows, is made only
    then)."""
    table = frame if callable(frame) else lambda: frame
    first, second, _ = st.columns([1, 1, 3])
    download(
        first,
        ANALYSIS["download_csv"],
        lambda: to_csv_bytes(table()),
        f"{stem}.csv",
        mime="text/csv",
        key=f"{stem}-csv",
    )
    download(
        second,
        ANALYSIS["download_xlsx"],
        lambda: to_xlsx_bytes(table(), sheet),
        f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{stem}-xlsx",
    )


def cut_list(cut: Note | None, whole: Callable[[], pd.DataFrame], stem: str, sheet: str) -> None:
    """Under a list the page cut (``cut``: the note saying so, or None when it is whole): the
    note, and the files of the whole list (``whole`` makes it when a button is pressed)."""
    if cut is None:
        return
    note(cut)
    downloads(whole, stem, sheet)


def audited_export(
    build: Callable[..., bytes], kind: str, year: int, filters: Filters
) -> Callable[[], bytes]:
    """Deferred: the file is built when the button is pressed, not on every rerun; each export
    taken is written to the audit trail (who, what, which year and scope)."""
    make = deferred(build, kind, year, filters)
    username = current_user().username
    orgs = scoped(filters).orgs

    def run() -> bytes:
        content = make()
        if not auth_disabled():
            store().record(
                "export",
                username,
                detail={
                    "kind": kind,
                    "year": year,
                    "sectors": filters.sectors,
                    "org_types": filters.org_types,
                    "orgs": orgs,
                },
            )
        return content

    return run


def links(block: LinkList | None) -> None:
    """Groups of organizations, each a link that opens the organization's page (in the session:
    the committee and the year stay as they are)."""
    if block is None:
        return
    with st.container(border=True):
        st.markdown(f"#### {md(block.heading)}")
        st.markdown(md(block.summary))
        for group in block.groups:
            st.markdown(f"**{md(group.heading)}**")
            for code, text in group.links:
                # a button's label is markdown too: the organization's name stays text
                st.button(
                    md(text),
                    key=f"link-{group.key}-{code}",
                    type="tertiary",
                    icon=":material/arrow_forward:",
                    on_click=goto_org,
                    args=(code,),
                )
            if group.more:
                st.caption(md(group.more))
        if block.note:
            st.caption(md(block.note))


def _css_text(text: str) -> str:
    """A text as a CSS string (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_in_vietnamese() -> None:
    """Streamlit's file uploader says "Upload" and "20MB per file" and offers no way to say it
    otherwise (1.67: no parameter, no locale); its two texts are drawn over in Vietnamese. A
    screen reader may still read the English words under them."""
    mb = int(st.get_option("server.maxUploadSize"))
    button = _css_text(IMPORT_PAGE["upload_button"])
    limit = _css_text(
        IMPORT_PAGE["upload_limit"].format(mb=mb, file_mb=spec.MAX_FILE_BYTES // 2**20)
    )
    st.html(
        "<style>"
        "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p"
        " { font-size: 0; }"
        "[data-testid=stFileUploaderDropzone] button [data-testid=stMarkdownContainer] p::after"
        f" {{ content: {button}; font-size: 1rem; }}"
        "[data-testid=stFileUploaderDropzoneInstructions] span { font-size: 0; }"
        "[data-testid=stFileUploaderDropzoneInstructions] span::after"
        f" {{ content: {limit}; font-size: .875rem; }}"
        "</style>"
    )


# The page begins under a slim top (Streamlit leaves 6rem), and a card's label and the words
# beside its change wrap instead of ending in "…" on a laptop's four columns.
PAGE_CSS = """
<style>
[data-testid=stMainBlockContainer] { padding-top: 3rem; }
[data-testid=stMetricLabel], [data-testid=stMetricLabel] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid=stMetric] div:has(> [data-testid=stMetricDeltaDescription]) {
  flex-wrap: wrap !important; row-gap: .2rem; }
[data-testid=stMetricDeltaDescription], [data-testid=stMetricDeltaDescription] * {
  white-space: nowrap !important; overflow: visible !important;
  text-overflow: clip !important; max-width: none !important; }
[data-testid=stMetric] > div, [data-testid=stMetric] [data-testid=stMetricLabel] {
  height: auto !important; }
</style>
"""


# The tab's icon (the Material "flag" drawn as an SVG, sent inline as a data: address). With a
# Material icon's name as ``page_icon``, the browser fetched its picture from fonts.gstatic.com
# on every page it opened: a call outside the board's network, never answered on an intranet.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="#C62828" d="M5 21V4h9l.4 2H20v10h-7l-.4-2H7v7z"/></svg>'
)


def page_style() -> None:
    """The styles every page shares (``PAGE_CSS``)."""
    st.html(PAGE_CSS)

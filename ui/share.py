"""The "Sao chép liên kết" button: the page's address, which carries its whole view (year,
filters, the page's own choices: ``ui.selection.write_link``), copied for a colleague.

Copying needs the browser (the clipboard is the user's, not the server's), so the button is a
small component of ``st.components.v2`` mounted in the page (``assets/share.js``).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st

from xeploai.texts import UI

_ASSETS = Path(__file__).parent / "assets"

_button = st.components.v2.component(
    "xeploai_copy_link",
    html=(
        f'<button class="xl-copy" type="button" title="{escape(UI["copy_link_help"])}">'
        f'{escape(UI["copy_link"])}</button><div class="xl-copied" hidden></div>'
    ),
    css=(
        ".xl-copy { font: inherit; cursor: pointer; padding: .35rem .8rem; border-radius: .5rem;"
        " border: 1px solid rgba(128, 128, 128, .5); background: transparent; color: inherit; }"
        " .xl-copy:hover { border-color: #b71c1c; color: #b71c1c; }"
        " .xl-copied { font-size: .85rem; opacity: .8; margin-top: .3rem; }"
    ),
    js=(_ASSETS / "share.js").read_text(encoding="utf-8"),
)


def copy_link_button() -> None:
    """The button, in the sidebar under the filters."""
    with st.sidebar:
        _button(
            key="xl-copy-link", data={"copied": UI["link_copied"], "manual": UI["copy_link_manual"]}
        )

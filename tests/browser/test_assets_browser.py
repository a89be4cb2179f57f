"""The scripts a first visit loads, as the running server (server.py) sends them."""

from __future__ import annotations

from typing import Any

import pytest

from compile_hints import HINT, hinted_chunks
from tests.browser.helpers import RUN_COUNTER_JS, open_app

pytestmark = pytest.mark.browser


def test_a_first_visit_loads_plotly_with_the_compile_hint(browser: Any, app_url: str) -> None:
    # a browser context of its own: nothing cached, every script fetched from the server
    context = browser.new_context(locale="vi-VN")
    context.add_init_script(RUN_COUNTER_JS)
    try:
        page = context.new_page()
        scripts: dict[str, bytes] = {}

        def keep(response: Any) -> None:
            if "/static/js/" in response.url and response.url.endswith(".js"):
                scripts[response.url.split("/static/js/")[1]] = response.body()

        page.on("response", keep)
        open_app(page, app_url + "/?year=2019")
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length == 2")
        [(path, chunk)] = hinted_chunks().items()
        name = path.removeprefix("/static/js/")
        # the chunk the page drew its charts with is the hinted one, whole
        assert scripts[name] == chunk.body and scripts[name].startswith(HINT)
        # and no other script is touched
        others = [n for n in scripts if n != name]
        assert others and not any(scripts[n].startswith(HINT) for n in others)
    finally:
        context.close()

"""The presentation page (Trình chiếu) in a real browser: what AppTest cannot show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import wait_ready

pytestmark = pytest.mark.browser


def _count(page: Any) -> str:
    return str(page.locator(".xl-count").inner_text())


def test_presenting_in_a_browser(page: Any, app_url: str, tmp_path: Path) -> None:
    """No sidebar; a clicker's PageDown and the arrow keys turn the slides; the deck downloads."""
    from pptx import Presentation

    page.goto(app_url + "/?year=2019")
    wait_ready(page)
    page.get_by_role("link", name="Trình chiếu").click()
    page.wait_for_selector(".xl-count")
    wait_ready(page)
    assert "Page not found" not in page.inner_text("body")
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert _count(page) == "1 / 9"
    page.mouse.click(800, 880)  # focus the page, not a widget
    for key, expected in (("PageDown", "2 / 9"), ("ArrowRight", "3 / 9"),
                          ("ArrowLeft", "2 / 9"), ("PageUp", "1 / 9")):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('.xl-count')?.innerText"
                               f" === '{expected}'", timeout=15_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Bản trình chiếu (PowerPoint)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "xep-loai-2019.pptx"
    assert len(Presentation(str(path)).slides) == 9

"""Helpers for the Playwright tests: wait for Streamlit to finish a run."""

from __future__ import annotations

from typing import Any

READY = "[data-testid=stApp][data-test-script-state=notRunning]"


def wait_ready(page: Any, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and the app is idle."""
    page.wait_for_selector(READY, timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_selector(READY, timeout=timeout)


def open_app(page: Any, url: str) -> None:
    page.goto(url)
    wait_ready(page)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)


def choose(page: Any, label: str, option: str) -> None:
    """Pick an option of the selectbox labelled ``label`` and wait for the rerun."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(
        "([label, option]) => [...document.querySelectorAll('[role=combobox]')]"
        ".some(b => b.getAttribute('aria-label') === label && b.value === option)",
        arg=[label, option], timeout=15_000)
    wait_ready(page)


def metric_values(page: Any) -> dict[str, str]:
    """Label → value of every st.metric on the page, as the user reads them."""
    out: dict[str, str] = {}
    for metric in page.locator("[data-testid=stMetric]").all():
        label = metric.locator("[data-testid=stMetricLabel]").inner_text().strip()
        value = metric.locator("[data-testid=stMetricValue]").inner_text().strip()
        out[label] = value
    return out

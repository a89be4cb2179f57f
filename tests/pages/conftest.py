"""Page tests (AppTest): what every one of them needs once per worker."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _scan_installed_components_once() -> Iterator[None]:
    """Every new AppTest scans the metadata of every installed distribution for Streamlit
    components (``streamlit.components.v2.manifest_scanner``): 0,3–0,6 s per page test, more
    than the page itself. What is installed does not change during a test run, so the scan's
    answer is computed once and given to every AppTest of this worker."""
    from streamlit.components.v2 import manifest_scanner

    found = manifest_scanner.scan_component_manifests()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", lambda *a, **k: list(found))
        yield

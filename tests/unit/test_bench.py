"""A smoke run of the benchmark's pieces (the benchmark itself runs with `make bench`)."""

from __future__ import annotations

from pathlib import Path

import bench.__main__ as bench


def test_every_page_file_is_routed_and_benchmarked() -> None:
    # a page file that app.py does not list would be benchmarked at a URL that does not exist
    app = (Path(bench.ROOT) / "app.py").read_text(encoding="utf-8")
    assert bench.PAGES, "no page files found"
    for page in bench.PAGES:
        assert f'"{page}"' in app, f"{page} is not in app.py's PAGES"
    slugs = {page: bench._slug(page) for page in bench.PAGES}
    assert slugs["views/overview.py"] == ""  # the default page lives at "/"
    assert slugs["views/trends.py"] == "xu-huong"
    assert len(set(slugs.values())) == len(slugs)


def test_tables_print_numbers_the_same_way() -> None:
    text = bench.table([{"page": "a", "ms": 1234.5}, {"page": "b", "ms": 3.14159}],
                       ["page", "ms"])
    assert "| a | 1,234.5 |" in text and "| b | 3.14 |" in text


def test_median_ignores_the_warm_up() -> None:
    calls = []

    def work() -> None:
        calls.append(1)

    assert bench.median_ms(work, 3) >= 0
    assert len(calls) == 4  # one warm-up, three timed

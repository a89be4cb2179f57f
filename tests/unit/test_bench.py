"""A smoke run of the benchmark's pieces (the benchmark itself runs with `make bench`)."""

from __future__ import annotations

from pathlib import Path

import bench.__main__ as bench


def test_every_page_file_is_routed_and_benchmarked() -> None:
    # the router and the benchmark read the same registry: every page file is in it, and
    # nothing in it is missing its file
    files = sorted(p.relative_to(bench.ROOT).as_posix()
                   for p in (Path(bench.ROOT) / "views").glob("*.py") if p.stem != "__init__")
    assert sorted(bench.PAGES) == files
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

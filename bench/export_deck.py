"""Benchmark: how long the conference exports of the demo year take to build.

Prints a table (median of --repeat runs). Not a timed test: the issue asks that the demo year's
deck be built "in a few seconds", and this shows by how much it is.

    .venv/bin/python bench/export_deck.py [--scale district|city] [--year 2019] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xeploai import demo
from xeploai.exports.docx import build_docx
from xeploai.exports.html import build_html
from xeploai.exports.images import find_browser, no_images
from xeploai.exports.pptx import build_pptx
from xeploai.exports.story import load_year
from xeploai.exports.xlsx import build_xlsx
from xeploai.store.database import Database


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
        size = len(out) if isinstance(out, bytes) else 0
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district", choices=sorted(demo.SCALES))
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        start = time.perf_counter()
        demo.build(path, args.scale)
        print(f"demo {args.scale}: built in {time.perf_counter() - start:.2f} s")
        with Database(path) as db:
            data = load_year(db, args.year)
            assert data is not None
            rows = [
                ("load the year's figures", lambda: load_year(db, args.year)),
                ("pptx (deck, native charts)", lambda: build_pptx(data)),
                ("docx (tables only)", lambda: build_docx(data, render=no_images)),
                (
                    "docx (with chart images)" if find_browser() else "docx (no browser found)",
                    lambda: build_docx(data),
                ),
                ("xlsx (statistical table)", lambda: build_xlsx(data)),
                ("html (self-contained)", lambda: build_html(data)),
            ]
            print(
                f"\nyear {args.year}, {len(data.orgs)} base organizations, "
                f"median of {args.repeat} runs\n"
            )
            print(f"| {'export':<30} | {'seconds':>8} | {'size KB':>8} |")
            print(f"|{'-' * 32}|{'-' * 10}|{'-' * 10}|")
            for name, fn in rows:
                seconds, size = timed(fn, args.repeat)
                kb = f"{size / 1024:,.0f}" if size else ""
                print(f"| {name:<30} | {seconds:>8.2f} | {kb:>8} |")


if __name__ == "__main__":
    main()

"""`python -m bench [--scales district,city,national] [--runs N] [--no-browser]`.

For each scale: build the demo database, then time every page's server-side rerun (AppTest,
median after a warm-up, caches cleared before each run so every rerun pays its queries) beside
the time of that page's queries alone and Streamlit's own floor (an empty page); then, in
Chromium, navigation → charts drawn and a year change → charts redrawn. Tables go to stdout
and to bench/out/<scale>.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from xeploai.screens.registry import PAGES as REGISTRY  # noqa: E402 (after the path)

PAGES = [spec.file for spec in REGISTRY]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: imports, first connection, plotly templates
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def build(scale: str, path: Path) -> tuple[float, float]:
    """Seconds and peak MiB of building the demo in a child process."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "xeploai", "demo", "--scale", scale, "--db", str(path),
                    "--force"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return time.perf_counter() - started, peak / 1024


def page_table(db_path: Path, runs: int) -> list[dict[str, Any]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ui.data

    os.environ["XEPLOAI_DB"] = str(db_path)
    os.environ["XEPLOAI_AUTH"] = "off"  # the pages, not the login form
    # One AppTest per page, rerun again and again: what a click costs the server. Creating an
    # AppTest scans installed packages for components (~200 ms), which no user ever pays.
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=120)
    floor = median_ms(lambda: empty.run(), runs)
    rows = []
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()  # the router registers the pages; then go to this one
        at.switch_page(page)

        def rerun(at: AppTest = at, page: str = page) -> AppTest:
            st.cache_data.clear()
            at.run()
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].message}")
            return at

        total = median_ms(rerun, runs)
        warm = median_ms(at.run, runs)
        db = ui.data._open(str(db_path))
        db.trace = []
        rerun()
        calls, db.trace = db.trace, None

        def replay(calls: list[tuple[str, dict[str, Any], float]] = calls,
                   db: Any = db) -> list[Any]:
            return [db.query(n, **p) for n, p, _ in calls]

        queries = median_ms(replay, runs)
        rows.append({"page": page, "rerun_ms": total, "warm_ms": warm, "queries_ms": queries,
                     "n_queries": len(calls), "floor_ms": floor,
                     "ratio": total / (queries + floor) if queries + floor else 0.0})
    return rows


def browser_table(db_path: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM
    from tests.browser.helpers import READY, start_app

    proc, url = start_app(db_path)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"])
            tab = browser.new_page(viewport={"width": 1600, "height": 900})
            for page in PAGES:
                slug = _slug(page)
                started = time.perf_counter()
                tab.goto(f"{url}/{slug}")
                tab.wait_for_selector(READY, timeout=120_000)
                tab.wait_for_timeout(50)
                tab.wait_for_selector(READY, timeout=120_000)
                _charts_drawn(tab)
                load = time.perf_counter() - started
                change = _change_year(tab)
                rows.append({"page": page, "load_ms": load * 1000,
                             "filter_ms": None if change is None else change * 1000})
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return rows


def _slug(page: str) -> str:
    """The page's URL path, from the page registry ("" for the default page at "/")."""
    spec = next(spec for spec in REGISTRY if spec.file == page)
    return "" if spec.default else spec.url_path


def _charts_drawn(tab: Any) -> None:
    tab.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector"
        "('.main-svg'))", timeout=120_000)


def _change_year(tab: Any) -> float | None:
    """Pick another year in the sidebar and wait for the rerun to finish and charts to draw."""
    box = tab.locator("[data-testid=stSidebar] [role=combobox]").first
    if box.count() == 0:
        return None
    box.click()
    options = tab.get_by_role("option")
    if options.count() < 2:
        tab.keyboard.press("Escape")
        return None
    started = time.perf_counter()
    options.nth(1).click()
    tab.wait_for_selector("[data-testid=stApp][data-test-script-state=running]", timeout=5_000)
    tab.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]",
                          timeout=120_000)
    _charts_drawn(tab)
    return time.perf_counter() - started


def import_and_deck(db_path: Path, work: Path, runs: int) -> list[dict[str, Any]]:
    """One year's workbook imported into the database without that year; the year's deck."""
    import shutil

    from xeploai import exports
    from xeploai.ingest import ImportRefused, Source, spec
    from xeploai.ingest.storage import write_batch
    from xeploai.ingest.validate import prepare
    from xeploai.ingest.workbook import build_workbook, export_data, workbook_bytes
    from xeploai.store.database import Database

    with Database(db_path) as db:
        year = int(db.query("years_by_data")["year"].max())
        data = export_data(db)
        deck = median_ms(lambda: exports.build("pptx", db, year), max(1, runs // 2))
    one_year = {**data,
                "results": [r for r in data["results"] if r["year"] == year],
                "cell_results": [r for r in data.get("cell_results", []) if r["year"] == year]}
    # A sheet holds at most spec.MAX_ROWS rows: a national year goes in several files.
    chunk = spec.MAX_ROWS - 1
    parts = max(1, max(-(-len(rows) // chunk) for rows in one_year.values()))
    workbooks = [workbook_bytes(build_workbook(
        {sheet: rows[i * chunk:(i + 1) * chunk] for sheet, rows in one_year.items()}))
        for i in range(parts)]
    size = sum(len(w) for w in workbooks) / 1e6
    samples = []
    for _ in range(max(1, runs // 2)):
        target = work / "import-target.duckdb"
        shutil.copy(db_path, target)
        with Database(target, read_only=False) as db:
            cur = db.cursor()
            # the database as it was before that year's results came in
            cur.execute("delete from cell_results where year = $y", {"y": year})
            cur.execute("delete from org_results where year = $y", {"y": year})
            cur.close()
            started = time.perf_counter()
            try:
                batch = prepare(db, [Source(f"{year}-{i}.xlsx", w)
                                     for i, w in enumerate(workbooks)])
            except ImportRefused as refused:
                reason = refused.problems[0].text()
                return [{"step": f"import one year ({year}): refused — {reason}", "ms": None},
                        {"step": f"deck (pptx) of {year}", "ms": deck}]
            write_batch(db, batch, "bench")
            samples.append((time.perf_counter() - started) * 1000)
    return [
        {"step": f"import one year ({year}, {len(workbooks)} file(s), {size:.1f} MB xlsx)",
         "ms": statistics.median(samples)},
        {"step": f"deck (pptx) of {year}", "ms": deck},
    ]


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:,.1f}" if v >= 10 else f"{v:.2f}"
        return "—" if v is None else str(v)

    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(cell(r.get(c)) for c in columns) + " |\n"
                          for r in rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="district,city,national")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = (f"{platform.node()} · {os.cpu_count()} cores · Python "
               f"{platform.python_version()} · {when}")
    for scale in args.scales.split(","):
        path = work / f"{scale}.duckdb"
        seconds, peak = build(scale, path)
        report = [f"## Scale: {scale}\n\n{machine}\n",
                  table([{"step": "demo build", "seconds": seconds, "peak_mib": peak}],
                        ["step", "seconds", "peak_mib"])]
        pages = page_table(path, args.runs)
        report.append("\n### Server-side rerun per page (AppTest, median of "
                      f"{args.runs}, caches cleared)\n\n")
        report.append(table(pages, ["page", "rerun_ms", "warm_ms", "queries_ms", "n_queries",
                                    "floor_ms", "ratio"]))
        report.append("\n### Import and export\n\n")
        report.append(table(import_and_deck(path, work, args.runs), ["step", "ms"]))
        if not args.no_browser:
            report.append("\n### In Chromium\n\n")
            report.append(table(browser_table(path), ["page", "load_ms", "filter_ms"]))
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report.append(f"\nPeak memory of the benchmark process: {peak_self:,.0f} MiB\n")
        text = "".join(report)
        print(text, flush=True)  # each scale as soon as it is done
        (OUT / f"{scale}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

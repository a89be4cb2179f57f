"""`python -m bench [--scales district,national] [--runs N] [--no-browser] [--rebuild]`.

For each scale: build the demo database, then time every page's server-side rerun (AppTest,
median after a warm-up, caches cleared before each run so every rerun pays its queries) beside
the time of that page's queries alone and Streamlit's own floor (an empty page); one year's
import in a process of its own (time, peak memory); the deck and the written report; in
Chromium, each page's navigation → charts drawn and a year change → charts redrawn (district);
many sessions at once (``bench/load.py``: 1, 5, 10, 20 on the district, 10 at national scale
for the server's memory). Then every goal of issue 14 with its result, met or not
(``bench/goals.py``). Tables go to stdout and to bench/out/<scale>.md, bench/out/goals.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from xeploai.screens.registry import PAGES as REGISTRY  # noqa: E402 (after the path)

PAGES = [spec.file for spec in REGISTRY]


def median_ms(fn: Callable[[], object], runs: int) -> float:
    return timed_ms(fn, runs)[0]


def timed_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn`` after a warm-up (imports, first connection,
    plotly templates). The CPU time is this process's (every thread: the script's, DuckDB's):
    on a machine others share, the wall time grows with their load and the CPU time hardly."""
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def stamp_sources() -> list[Path]:
    """What a demo database is made from: the demo, the schema, the stored sums and tree every
    write keeps, and what the rule findings it keeps are made from (``rules.findings_sources``:
    a file whose findings were kept by other code would be measured running the checks, which
    the pages of a file written since no longer do)."""
    from xeploai.metrics.rules import findings_sources

    sources = [
        *sorted((ROOT / "xeploai" / "demo").rglob("*.py")),
        *(ROOT / "xeploai" / "store" / name for name in ("schema.py", "aggregates.py", "tree.py")),
        *findings_sources(),
    ]
    return list(dict.fromkeys(sources))  # schema.py and the rest are in both


def source_stamp() -> str:
    """A short hash of ``stamp_sources``: a file built from the same sources is reused rather
    than built again."""
    import hashlib

    digest = hashlib.sha256()
    for path in stamp_sources():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def demo_file(scale: str, work: Path, reuse: bool) -> tuple[Path, dict[str, Any]]:
    """The demo database of ``scale`` in ``work``, built once per source stamp: the national
    one takes half a minute and 3 GB, and every part of the benchmark only reads it (the
    import runs on a copy). Returns the path and its build's seconds and peak MiB."""
    import json

    path = work / f"{scale}-{source_stamp()}.duckdb"
    sidecar = path.with_suffix(".build.json")
    if reuse and path.exists() and sidecar.exists():
        return path, {**json.loads(sidecar.read_text()), "reused": True}
    seconds, peak = build(scale, path)
    made = {"seconds": seconds, "peak_mib": peak}
    sidecar.write_text(json.dumps(made))
    return path, {**made, "reused": False}


def build(scale: str, path: Path) -> tuple[float, float]:
    """Seconds and peak MiB of building the demo in a child process."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "xeploai", "demo", "--scale", scale, "--db", str(path), "--force"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return time.perf_counter() - started, peak / 1024


@contextmanager
def compiled_once() -> Iterator[Any]:
    """AppTests that compile each script once, as the server does.

    Streamlit's server keeps a script's bytecode for the life of its process (the runtime's
    ``ScriptCache``): a rerun compiles nothing. AppTest makes a new cache at every run, so each
    of its reruns compiled app.py and the page again (0,2–0,9 ms a page: a tenth of the import
    page's rerun), which no user pays. Within this block every AppTest shares one cache. The
    names are Streamlit's (pinned); ``mock.patch.object`` fails if they are gone."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    with (
        mock.patch.object(app_test, "ScriptCache", lambda: shared),
        mock.patch.object(local_script_runner, "ScriptCache", lambda: shared),
    ):
        yield shared


@contextmanager
def signed_in_as_viewer(orgs: tuple[str, ...] | None) -> Iterator[None]:
    """With ``orgs``, the pages drawn while it lasts see a viewer limited to those
    organizations (the login is off: its stand-in user is replaced); without, the
    administrator."""
    if orgs is None:
        yield
        return
    import ui.auth
    from xeploai.access.users import User

    viewer = User("(bench viewer)", "Bench viewer", "viewer", orgs)
    with mock.patch.object(ui.auth, "ADMIN_OFF", viewer):
        yield


def open_page(page: str, org: str | None = None) -> Any:
    """An AppTest of the app (``$XEPLOAI_DB``, the login off) on ``page``; with ``org``, the
    organization page opened on its link to that organization (as its picker writes it, or a
    shared link: nationally the picker lists none until a name is typed). The caller's runs
    draw it."""
    from streamlit.testing.v1 import AppTest

    if org is not None:
        from tests.pages.helpers import open_page as open_link

        at = open_link(page, {"org": org})
        at.default_timeout = 600
        return at
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()  # the router registers the pages; then go to this one
    at.switch_page(page)
    return at


def page_table(db_path: Path, runs: int) -> list[dict[str, Any]]:
    with compiled_once():
        return _page_table(db_path, runs)


def _page_table(db_path: Path, runs: int) -> list[dict[str, Any]]:
    from streamlit.testing.v1 import AppTest

    from xeploai.store.database import Database

    os.environ["XEPLOAI_DB"] = str(db_path)
    os.environ["XEPLOAI_AUTH"] = "off"  # the pages, not the login form
    # One AppTest per page, rerun again and again: what a click costs the server. Creating an
    # AppTest scans installed packages for components (~200 ms), which no user ever pays.
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=120)
    floor, floor_cpu = timed_ms(lambda: empty.run(), runs)
    rows = []
    with Database(db_path) as db:
        drilled = drill_org(db)
        allowed = viewer_orgs(db)
    for page, org, orgs in [
        *((page, None, None) for page in PAGES),
        (ORG_PAGE, drilled, None),
        *((page, None, allowed) for page in VIEWER_PAGES),
    ]:
        with signed_in_as_viewer(orgs):
            rows.append(_page_row(db_path, page, org, orgs, runs, floor, floor_cpu))
    return rows


def _page_row(
    db_path: Path,
    page: str,
    org: str | None,
    orgs: tuple[str, ...] | None,
    runs: int,
    floor: float,
    floor_cpu: float,
) -> dict[str, Any]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import ui.data
    from xeploai.metrics.yearly import forget_yearly

    at = open_page(page, org)
    if org is not None:
        page = f"{page}, one organization ({org})"
    if orgs is not None:
        page = f"{page}, a viewer of {len(orgs)} organizations"

    def rerun(at: AppTest = at, page: str = page) -> AppTest:
        st.cache_data.clear()
        ui.data.forget_shared()  # what every session is handed without a copy too
        forget_yearly()  # the figures kept per range of years too: every query is paid
        ui.data._open(str(db_path)).forget_results()  # and the handle's kept answers
        at.run()
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        return at

    total, total_cpu = timed_ms(rerun, runs)
    warm = median_ms(at.run, runs)
    db = ui.data._open(str(db_path))
    db.trace = []
    rerun()
    calls, db.trace = db.trace, None

    def replay(calls: list[tuple[str, dict[str, Any], float]] = calls, db: Any = db) -> list[Any]:
        db.forget_results()
        return [db.query(n, **p) for n, p, _ in calls]

    queries, queries_cpu = timed_ms(replay, runs)
    return {
        "page": page,
        "rerun_ms": total,
        "rerun_cpu_ms": total_cpu,
        "warm_ms": warm,
        "queries_ms": queries,
        "n_queries": len(calls),
        "floor_ms": floor,
        "ratio": total / (queries + floor) if queries + floor else 0.0,
        "cpu_ratio": (total_cpu / (queries_cpu + floor_cpu) if queries_cpu + floor_cpu else 0.0),
    }


def browser_table(db_path: Path, switches: int = 3) -> list[dict[str, Any]]:
    """Each page in a fresh Chromium session, the login on: the login form posted, timed until
    the overview (where the server sends a new session) is drawn ("after_login_ms"); then the
    page's address, timed until every chart has drawn ("load_ms"); then a year change, timed
    by the page from the year's press until the rerun is done and the charts are drawn again
    ("filter_ms", median of ``switches``), and the same from Playwright's call to click
    ("filter_call_ms": its checks before it presses included; ``bench.load.switch_year``)."""
    import asyncio

    from bench.load import start_server
    from xeploai.store.database import Database

    with Database(db_path) as db:
        org = drill_org(db)
    proc, url = start_server(db_path)
    try:
        return asyncio.run(_browser_pages(url, switches, org))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def _browser_pages(url: str, switches: int, org: str) -> list[dict[str, Any]]:
    from playwright.async_api import async_playwright

    from bench.load import AT_ONCE_LOGINS, AT_ONCE_PAGE, _open, new_tab, sign_in, switch_year
    from tests.browser.conftest import CHROMIUM

    rows = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        # every page as it opens, then the organization page drilled down to ``org``
        drilled = next(spec for spec in REGISTRY if spec.file == ORG_PAGE)
        for spec, address in [
            *((spec, _slug(spec.file)) for spec in REGISTRY),
            (drilled, f"{_slug(ORG_PAGE)}?{urlencode({'org': org})}"),
        ]:
            page = spec.file if "?" not in address else f"{spec.file}, one organization ({org})"
            tab = await new_tab(browser, 1600, 900)
            login, load, changes, called, error = None, None, [], [], None
            try:
                login = await sign_in(tab, url, 60_000, spec.permission) * 1000
                load = (
                    await _open(
                        tab, f"{url}/{address}", 60_000, metrics=page == "views/overview.py"
                    )
                    * 1000
                )
                for i in range(switches):
                    redraw = await switch_year(tab, i, 60_000)
                    if redraw is None:
                        break
                    changes.append(redraw.pressed * 1000)
                    called.append(redraw.called * 1000)
            except Exception as exc:  # a page that does not draw is reported, not fatal
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:80]}"
            rows.append(
                {
                    "page": page,
                    "after_login_ms": login,
                    "load_ms": load,
                    "filter_ms": statistics.median(changes) if changes else None,
                    "filter_call_ms": statistics.median(called) if called else None,
                    "error": error or "—",
                }
            )
            await tab.context.close()
        # the overview's login posted the moment the form shows (autofilled, clicked at once):
        # beside the goal's figure, which is typed as a person types (bench/load.py)
        at_once = []
        for _ in range(AT_ONCE_LOGINS):
            tab = await new_tab(browser, 1600, 900)
            try:
                at_once.append(await sign_in(tab, url, 60_000, typed=False) * 1000)
            finally:
                await tab.context.close()
        await browser.close()
    rows.append(
        {
            "page": AT_ONCE_PAGE,
            "after_login_ms": statistics.median(at_once),
            "load_ms": None,
            "filter_ms": None,
            "filter_call_ms": None,
            "error": "—",
        }
    )
    return rows


def _slug(page: str) -> str:
    """The page's URL path, from the page registry ("" for the default page at "/")."""
    spec = next(spec for spec in REGISTRY if spec.file == page)
    return "" if spec.default else spec.url_path


ORG_PAGE = "views/organization.py"


def drill_org(db: Any) -> str:
    """The organization the benchmark opens on the organization page: of those the database's
    own committee directed, the one with the most years of results (then the first code)."""
    return most_rated_orgs(db, 1)[0]


def most_rated_orgs(db: Any, n: int) -> tuple[str, ...]:
    """Of the organizations the database's own committee directed, the ``n`` with the most
    years of results (then the first codes)."""
    with db.reader() as cur:
        rows = cur.execute(
            """select org_code from base_org_facts
               where in_own_scope and org_level is not null
               group by org_code
               order by count(*) desc, org_code
               limit $n""",
            {"n": n},
        ).fetchall()
    return tuple(str(code) for (code,) in rows)


# The pages a viewer limited to some organizations is timed on (``viewer_orgs``): the
# leadership's overview and trends (every year's totals and score bands), and the conference's
# slides. Every query of theirs names the organizations one by one.
VIEWER_PAGES = ("views/overview.py", "views/trends.py", "views/presentation.py")
VIEWER_ORGS = 12


def viewer_orgs(db: Any) -> tuple[str, ...]:
    """The organizations of the viewer the benchmark signs in: the ``VIEWER_ORGS`` with the
    most years of results (``most_rated_orgs``)."""
    return most_rated_orgs(db, VIEWER_ORGS)


def own_last_year(db: Any) -> int:
    """The database's own committee's latest year (the demo's district ends in 2024; its
    communes' years after that are not the district's)."""
    from xeploai.metrics.catalogue import committees, own_scope

    known = committees(db)
    row = known[known["scope_code"] == own_scope(db)]
    return int(row["last_year"].iloc[0])


def _child_json(module: str, *args: str) -> dict[str, Any]:
    """A benchmark's module run in a process of its own (its own time and peak memory): the
    JSON line it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def import_and_deck(db_path: Path, work: Path, runs: int) -> list[dict[str, Any]]:
    """The latest year's import (in a child process: its own time and peak memory) into the
    database without that year; a catalogue that moves every organization with results that
    the lineage records as moved (``bench.catalogue_moves``, in a child process too); a form
    entered and undone (``bench.form_entry``, the same); the year's deck and written report
    (chart images through Chromium)."""
    from xeploai import exports
    from xeploai.exports import images
    from xeploai.store.database import Database

    with Database(db_path) as db:
        year = own_last_year(db)
        deck = median_ms(lambda: exports.build("pptx", db, year), max(1, runs // 2))
        # the report starts Chromium for its images, which the server keeps open for the next
        # reports (exports/images.py): the first after a start, then one with it kept
        images.BROWSER.close()
        started = time.perf_counter()
        exports.build("docx", db, year)
        report_first = (time.perf_counter() - started) * 1000
        report = median_ms(lambda: exports.build("docx", db, year), max(1, runs // 2))
        images.BROWSER.close()
    samples = [
        _child_json(
            "bench.import_year", "--db", str(db_path), "--year", str(year), "--workdir", str(work)
        )
        for _ in range(max(1, runs // 2))
    ]
    # a catalogue that catches up with its lineage (bench/catalogue_moves.py): once
    moves = _child_json("bench.catalogue_moves", "--db", str(db_path), "--workdir", str(work))
    moves_row = {
        "step": f"a catalogue moving {moves['moved']:,} organizations with results, each move "
        "recorded in the lineage (its dry run"
        + (")" if not moves["problems"] else f"; refused: {moves['problems']} problems)"),
        "ms": moves["ms"],
        "peak_mib": moves["peak_mib"],
    }
    # a form entered and undone (bench/form_entry.py)
    form = _child_json("bench.form_entry", "--db", str(db_path), "--workdir", str(work))
    form_rows = (
        [{"step": f"a form entered: skipped ({form['skipped']})", "ms": None, "peak_mib": None}]
        if "skipped" in form
        else [
            {
                "step": "a form entered on the page (one organization's evaluation status: "
                "checked, written, published)",
                "ms": form["ms"],
                "peak_mib": None,
            },
            {"step": "… its undo (as the undo button makes it)", "ms": form["undo_ms"]},
        ]
    )
    exports_rows = [
        {"step": f"deck (pptx) of {year}", "ms": deck, "peak_mib": None},
        {
            "step": f"written report (docx, chart images) of {year}, Chromium kept open",
            "ms": report,
            "peak_mib": None,
        },
        {
            "step": f"first written report after a start (docx, Chromium started) of {year}",
            "ms": report_first,
            "peak_mib": None,
        },
    ]
    if any(s.get("refused") for s in samples):
        # a refused file is a result too (said, not timed); the exports were measured anyway
        step = f"import one year ({year}): refused — {samples[0]['refused']}"
        return [
            {"step": step, "ms": None, "peak_mib": None},
            moves_row,
            *form_rows,
            *exports_rows,
        ]
    first = samples[0]
    return [
        {
            "step": f"import one year on the page ({year}, {first['files']} file(s), "
            f"{first['mb']:.1f} MB xlsx, {first['rows']:,} rows: dry run, then import)",
            "ms": statistics.median(s["ms"] for s in samples),
            "peak_mib": max(s["peak_mib"] for s in samples),
        },
        {
            "step": f"… its dry run ({year}: the files checked, the warnings simulated, nothing "
            "written)",
            "ms": statistics.median(s["preview_ms"] for s in samples),
            "peak_mib": None,
        },
        {
            "step": f"… then its import ({year}: the dry run's batch written, its warnings kept)",
            "ms": statistics.median(s["commit_ms"] for s in samples),
            "peak_mib": None,
        },
        {
            "step": f"first import after a start ({year}: modules loaded, queries planned; "
            "as the command line makes it, the files checked by the import)",
            "ms": statistics.median(s.get("first_ms", s["ms"]) for s in samples),
            "peak_mib": max((s.get("first_peak_mib") or 0.0 for s in samples), default=0.0) or None,
        },
        moves_row,
        *form_rows,
        *exports_rows,
    ]


def table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:,.1f}" if v >= 10 else f"{v:.2f}"
        return "—" if v is None else str(v)

    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    return head + "".join("| " + " | ".join(cell(r.get(c)) for c in columns) + " |\n" for r in rows)


BROWSER_COLUMNS = ["page", "after_login_ms", "load_ms", "filter_ms", "filter_call_ms", "error"]
PAGE_COLUMNS = [
    "page",
    "rerun_ms",
    "rerun_cpu_ms",
    "warm_ms",
    "queries_ms",
    "n_queries",
    "floor_ms",
    "ratio",
    "cpu_ratio",
]


def main() -> int:
    from bench.goals import goals_table
    from bench.load import LOAD_COLUMNS, load_table
    from bench.serverload import SERVER_LOAD_COLUMNS, server_load_table

    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--scales",
        default="district,national",
        help="district, city, national (city is not among the goals)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--national-runs",
        type=int,
        default=3,
        help="at most this many runs at national scale (a page takes seconds)",
    )
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="no Chromium: neither the pages' draws nor the many sessions",
    )
    parser.add_argument(
        "--sessions",
        default="1,5,10,20",
        help="the many-users run on the district (national: 10 sessions)",
    )
    parser.add_argument(
        "--server-processes",
        default="1,2",
        help="the server alone on the district (bench/serverload.py), each count of app "
        "processes behind nginx with the --sessions counts; empty: not run",
    )
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    parser.add_argument(
        "--with-earlier",
        action="store_true",
        help="judge the goals of a scale left out by its last run's results",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build the demo databases again even when the workdir holds them",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = (
        f"{platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · {when}"
    )
    results: dict[str, dict[str, Any]] = {}
    for scale in args.scales.split(","):
        path, made = demo_file(scale, work, reuse=not args.rebuild)
        got: dict[str, Any] = {}
        results[scale] = got
        step = "demo build" + (f" (reused {path.name}, built earlier)" if made["reused"] else "")
        report = [
            f"## Scale: {scale}\n\n{machine} · load {_load()} at the start\n\n",
            table(
                [{"step": step, "seconds": made["seconds"], "peak_mib": made["peak_mib"]}],
                ["step", "seconds", "peak_mib"],
            ),
        ]
        runs = min(args.runs, args.national_runs) if scale == "national" else args.runs
        got["pages"] = page_table(path, runs)
        report.append(
            "\n### Server-side rerun per page (AppTest, median of "
            f"{runs}, caches cleared; warm: caches kept; CPU: this process's, "
            "every thread)\n\n"
        )
        report.append(table(got["pages"], PAGE_COLUMNS))
        print("".join(report), flush=True)
        got["import"] = import_and_deck(path, work, runs)
        part = ["\n### Import and exports\n\n", table(got["import"], ["step", "ms", "peak_mib"])]
        print("".join(part), flush=True)
        if not args.no_browser:
            if scale == "district":
                got["browser"] = browser_table(path)
                part += [
                    "\n### In Chromium (a fresh session per page, signed in through the "
                    "form; year change: median of 3, from the press as the page timed it, "
                    "and from Playwright's call to click)\n\n",
                    table(got["browser"], BROWSER_COLUMNS),
                ]
            counts = [int(n) for n in args.sessions.split(",")] if scale == "district" else [10]
            got["load"] = load_table(path, counts, switches=5)
            part += [
                f"\n### Many sessions at once (overview; each session: first load, then 5 "
                f"year changes), load {_load()} at the end\n\n",
                table(got["load"], LOAD_COLUMNS),
            ]
        if scale == "district" and args.server_processes:
            got["server_load"] = server_load_table(
                path,
                [int(p) for p in args.server_processes.split(",")],
                [int(n) for n in args.sessions.split(",")],
                switches=5,
            )
            part += [
                "\n### The server alone (websocket clients, no browser; nginx in front of "
                f"the app processes; overview, 5 year changes each), load {_load()} at the "
                "end\n\n",
                table(got["server_load"], SERVER_LOAD_COLUMNS),
            ]
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        part.append(f"\nPeak memory of the benchmark process: {peak_self:,.0f} MiB\n")
        print("".join(part[2:]), flush=True)
        (OUT / f"{scale}.md").write_text("".join(report + part), encoding="utf-8")
        got["when"] = when
        (OUT / f"{scale}.json").write_text(json.dumps(got, default=str), encoding="utf-8")
    earlier = []
    if args.with_earlier:
        # a scale left out of this run, judged from its last run (said so under the table)
        for scale in ("district", "national"):
            kept = OUT / f"{scale}.json"
            if scale not in results and kept.exists():
                results[scale] = json.loads(kept.read_text(encoding="utf-8"))
                earlier.append(f"{scale}: from the run of {results[scale].get('when', '?')}")
    goals = goals_table(results)
    text = f"## Goals (issue 14), {machine} · load {_load()}\n\n" + table(
        goals, ["goal", "target", "result", "met", "beside"]
    )
    if earlier:
        text += "\n" + "; ".join(earlier) + "\n"
    print(text, flush=True)
    (OUT / "goals.md").write_text(text, encoding="utf-8")
    return 0


def _load() -> str:
    """The 1-minute load average: on a shared machine, what the figures were measured under."""
    return f"{os.getloadavg()[0]:.1f}"


if __name__ == "__main__":
    sys.exit(main())

"""One year's import, timed in a process of its own (its peak memory is the import's).

`python -m bench.import_year --db PATH --year Y [--workdir DIR]` prints one JSON line: ms (an
import as the page of a running server makes it: the dry run, ``ingest.preview``, the files
checked and the rule warnings the import would bring, nothing written, and the table of the
changes the page lists; then the import on a writer's copy, given the dry run: its batch
written, its warnings kept; both in a process of their own where the page makes them so
(``ingest.dry_run``: large files, or a large database); the median of up to
five runs made within ten seconds, each run in ``page_ms``), preview_ms and commit_ms (the two
parts of the median run), first_ms (the first import after a start, as the command line makes
it: ``ingest.commit`` checking the files itself and running the rules) and first_peak_mib
(its peak), peak_mib (the page's imports' peak: this process's from each dry run's start, or
the page's process of its own's when larger), files, mb, rows (or refused).

The year's workbooks are the data export's rows of that year (every sheet; a sheet holds at
most spec.MAX_ROWS rows and a file inflates to at most spec.MAX_UNZIPPED_BYTES, so a national
year goes in several files), made once per database file by a separate run (``--make``) and
kept in the work folder; the import then goes into a copy of the database without that year's
results.
"""

from __future__ import annotations

import argparse
import io
import json
import pickle
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cache(db: Path, year: int, work: Path) -> Path:
    stamp = int(db.stat().st_mtime)
    return work / f"{db.stem}-{year}-{stamp}.workbooks.pickle"


def _inflated(book: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return sum(info.file_size for info in archive.infolist())


def make_workbooks(db_path: Path, year: int, out: Path) -> None:
    from xeploai.ingest import spec, workbook
    from xeploai.ingest.workbook import export_data
    from xeploai.store.database import Database

    with Database(db_path) as db:
        try:
            one_year = export_data(db, [year])  # type: ignore[call-arg,unused-ignore]
        except TypeError:  # an older export (the bench run on an older commit): every year
            data = export_data(db)  # type: ignore[call-arg,unused-ignore]
            one_year = {
                **data,
                **{
                    sheet: [r for r in data[sheet] if r["year"] == year]
                    for sheet in ("results", "cell_results", "scores")
                },
            }

    def book_bytes(data: dict[str, list[dict[str, object]]]) -> bytes:
        if hasattr(workbook, "build_workbook"):  # an older writer (openpyxl's workbook object)
            return workbook.workbook_bytes(workbook.build_workbook(data))  # type: ignore[attr-defined,unused-ignore,no-any-return]
        return workbook.workbook_bytes(data)

    # As a board would send them: files the importer accepts. A sheet holds at most
    # spec.MAX_ROWS rows, a file inflates to at most spec.MAX_UNZIPPED_BYTES and weighs at most
    # spec.MAX_FILE_BYTES (a national year's 100.000-row sheets inflate past the first): the
    # rows are cut until every file fits, with a tenth to spare on the inflation.
    chunk = min(spec.MAX_ROWS - 1, max(1, *(len(rows) for rows in one_year.values())))
    while True:
        parts = max(1, max(-(-len(rows) // chunk) for rows in one_year.values()))
        books = [
            book_bytes(
                {sheet: rows[i * chunk : (i + 1) * chunk] for sheet, rows in one_year.items()}
            )
            for i in range(parts)
        ]
        # the largest file's share of each limit; the rows cut in that proportion, once more
        # should the cut fall short
        over = max(
            max(_inflated(b) for b in books) / (0.9 * spec.MAX_UNZIPPED_BYTES),
            max(len(b) for b in books) / spec.MAX_FILE_BYTES,
        )
        if over <= 1 or chunk < 100:
            break
        chunk = int(chunk / over * 0.95)
    rows = sum(len(r) for r in one_year.values())
    out.write_bytes(pickle.dumps({"books": books, "rows": rows}))


def without_year(target: Path, year: int) -> None:
    """``target``, a copy of the database, as it was before ``year``'s results came in: its
    derived tree too (a year without results is not derived, so the import derives the year's
    tree as a new year's import does; until the sixth stop the bench left it derived)."""
    from xeploai.store import tree
    from xeploai.store.database import Database

    with Database(target, read_only=False) as db, db.transaction() as conn:
        conn.execute("delete from cell_results where year = $y", {"y": year})
        conn.execute("delete from org_results where year = $y", {"y": year})
        conn.execute("delete from org_scores where year = $y", {"y": year})
        tree.rebuild(conn)


def _import_once(
    db_path: Path, year: int, work: Path, books: list[bytes], *, preview: bool
) -> tuple[float, float | None, float] | str:
    """The import's milliseconds into a copy of the database without that year's results,
    (``preview``) those of the page's dry run made before it, and the import's peak resident
    memory (MiB: this process's from the dry run's start, or the page's process of its own's
    when larger); or the first refusal's text.

    As the page makes them: the dry run on a read-only handle of the published file (opened
    before the clock starts, as the page's is), the import on a writer's copy published when
    it is done (``ingest.open_for_write``), given the dry run (its batch written as it is and
    its warnings kept, the generation being the same); both in a process of their own where
    the page makes them so (``screens.data_import.dry_run``).

    The copy without the year is made in a process of its own (``--without``): a national
    tree's rebuild is not the import, and until the fifty-second stop its memory counted in
    the import's peak (the page's import, made after it in the same process, peaked over the
    first import's)."""
    from xeploai import ingest
    from xeploai.ingest import Source
    from xeploai.screens import data_import as import_view
    from xeploai.store.database import Database
    from xeploai.store.generations import WRITE_WAIT

    target = work / f"import-target-{db_path.stem}.duckdb"
    shutil.copy(db_path, target)
    try:
        without = ["--without", str(target), "--db", str(db_path), "--year", str(year)]
        subprocess.run(
            [sys.executable, "-m", "bench.import_year", *without],
            cwd=ROOT,
            check=True,
        )
        sources = [Source(f"{year}-{i}.xlsx", b) for i, b in enumerate(books)]
        if not preview:
            reset_peak()
            started = time.perf_counter()
            with ingest.open_for_write(target) as db:
                import_id, done = ingest.commit(db, sources, "bench")
            if done.refused:
                return done.problems[0].text()
            assert import_id is not None, "the year's results were taken out: the import adds them"
            return (time.perf_counter() - started) * 1000, None, peak_since_reset()
        # the page's handle of the published file is open before the upload (the server
        # opened it to draw the page): its opening is not the dry run's (until the
        # fourteenth stop it was timed with it, 30–40 ms on the district)
        with Database(target) as reader:
            reset_peak()
            started = time.perf_counter()
            # as the page makes it: a national year's in a process of its own, which holds the
            # batch until the import (since the fifty-second stop; in this process until then)
            dry = import_view.dry_run(reader, tuple(sources))
            shown = dry.shown
            if shown.checked:
                # the changes the page lists (the page listed every change, and the bench
                # left them out, until the thirty-seventh stop)
                listed = import_view.diff_table(shown.first_rows)
                assert len(listed) > 0, "the year's results were taken out: they are listed"
            dry_run = (time.perf_counter() - started) * 1000
        if shown.refused:
            dry.close()
            return shown.problems[0].text()
        started = time.perf_counter()
        written = dry.commit(str(target), "bench", WRITE_WAIT)
        if written.refused:
            return written.problems[0].text()
        assert written.import_id is not None, "the year's results were taken out: it adds them"
        # the page's process of its own's peak, when it was one (``Apart.peak_mib``, read before
        # it ended; not ``getrusage``'s children's, which count a child with the memory of the
        # process it was started from)
        apart = getattr(dry, "peak_mib", None) or 0.0
        return (time.perf_counter() - started) * 1000, dry_run, max(peak_since_reset(), apart)
    finally:
        from xeploai.store.generations import lock_path

        target.unlink(missing_ok=True)
        lock_path(target).unlink(missing_ok=True)  # the writer's turn, left by the import


def reset_peak() -> None:
    """This process's peak resident memory set back to what it holds now (Linux 4.0's
    ``clear_refs``; ``peak_since_reset`` reads it)."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_since_reset() -> float:
    """This process's peak resident memory since ``reset_peak`` (``VmHWM``), in MiB."""
    from xeploai.ingest.apart import resident_peak_mib

    peak = resident_peak_mib()
    assert peak is not None, "Linux's /proc: the benchmark's machine"
    return peak


# The page's import is timed again while the runs so far took less than this, at most
# PAGE_RUNS times: a district year's second is mostly this VM's noise in a single run, a
# national year's three minutes are timed once.
REPEAT_WITHIN_S = 10.0
PAGE_RUNS = 5


def run(db_path: Path, year: int, work: Path, *, most: int = PAGE_RUNS) -> dict[str, object]:
    """Imports of the year, each into a fresh copy: the first as the first after the server
    starts (its modules loaded, its first queries planned; the files checked in the commit),
    then as the page makes every later one, after the dry run it shows first — repeated (see
    ``REPEAT_WITHIN_S``, at most ``most`` times). ``ms`` is the median of the page's runs,
    ``preview_ms`` and ``commit_ms`` the two parts of that run, ``page_ms`` every run."""
    kept = pickle.loads(_cache(db_path, year, work).read_bytes())
    books: list[bytes] = kept["books"]
    first = _import_once(db_path, year, work, books, preview=False)
    if isinstance(first, str):
        return {"refused": first}
    page: list[tuple[float, float]] = []
    peaks: list[float] = []
    while len(page) < max(most, 1) and sum(c + p for c, p in page) < REPEAT_WITHIN_S * 1000:
        again = _import_once(db_path, year, work, books, preview=True)
        if isinstance(again, str):
            return {"refused": again}
        commit_ms, preview_ms, peak = again
        assert preview_ms is not None
        page.append((commit_ms, preview_ms))
        peaks.append(peak)
    commit_ms, preview_ms = sorted(page, key=sum)[(len(page) - 1) // 2]
    return {
        "ms": preview_ms + commit_ms,
        "preview_ms": preview_ms,
        "commit_ms": commit_ms,
        "page_ms": [round(c + p) for c, p in page],
        "first_ms": first[0],
        # each import's own peak, wherever it ran (this process from the import's start, or
        # the page's process of its own): the page's largest, and the first's
        "peak_mib": max(peaks),
        "first_peak_mib": first[2],
        "files": len(books),
        "mb": sum(len(b) for b in books) / 1e6,
        "rows": kept["rows"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    parser.add_argument("--make", action="store_true", help="only make the workbooks")
    parser.add_argument("--without", help="only take the year's results out of this copy")
    args = parser.parse_args()
    if args.without:
        without_year(Path(args.without), args.year)
        return 0
    db, work = Path(args.db), Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    from xeploai.store.database import bring_up_to_date

    # a file of an older schema is migrated on its first opening, which changes the date the
    # kept workbooks are named by: migrated first, they are found again
    bring_up_to_date(db)
    cache = _cache(db, args.year, work)
    if args.make:
        make_workbooks(db, args.year, cache)
        return 0
    if not cache.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.import_year",
                "--db",
                str(db),
                "--year",
                str(args.year),
                "--workdir",
                str(work),
                "--make",
            ],
            cwd=ROOT,
            check=True,
        )
    print(json.dumps(run(db, args.year, work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

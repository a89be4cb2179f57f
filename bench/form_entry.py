"""A form entered on the page and its undo, timed in a process of its own.

`python -m bench.form_entry --db PATH [--workdir DIR] [--runs N]` prints one JSON line: ms
(the median of ``runs`` entries of one organization's evaluation status, each as the form's
page writes it: the one-sheet workbook of ``ingest.forms``, ``ingest.commit`` on a writer's
copy of the database, published), undo_ms (the last entry undone, as the undo button does it),
entries_ms (every entry), or skipped (a database without statuses).

A form is a small import: its checks read the catalogue, and its write copies the database
file and checks the copy before publishing it. Until the thirty-seventh stop an entry folded
every organization's name (1,7 s of the 6,5 s at national scale) and its undo derived the whole
tree again (12 s of 14,6 s).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A status of the latest year that holds statuses (one organization's), as stored.
_STATUS = """
    select year, org_code, status, status_date, members_paused, members_absent
    from org_statuses
    where year = (select max(year) from org_statuses)
    order by org_code
    limit 1
"""

RUNS = 3


def run(db_path: Path, work: Path, runs: int = RUNS) -> dict[str, object]:
    from xeploai import ingest
    from xeploai.ingest import forms
    from xeploai.store.database import Database
    from xeploai.store.generations import lock_path

    target = work / f"form-entry-{db_path.stem}.duckdb"
    shutil.copy(db_path, target)
    try:
        with Database(target) as db:
            found = db.conn.sql(_STATUS).fetchall()
        if not found:
            return {"skipped": "no evaluation status in the database"}
        [(year, org, status, day, paused, absent)] = found
        entries: list[float] = []
        for n in range(runs):
            # a reference each time: each entry changes the row, and is written and logged
            source = forms.status_source(
                year, org, status, f"Thông báo số {n + 1}-TB/BTC", day, paused, absent
            )
            started = time.perf_counter()
            with ingest.open_for_write(target) as db:
                import_id, done = ingest.commit(db, [source], "bench")
            entries.append((time.perf_counter() - started) * 1000)
            if done.refused or import_id is None:
                problems = [p.text() for p in done.problems[:1]]
                return {"skipped": f"the entry was not written: {problems}"}
        started = time.perf_counter()
        with ingest.open_for_write(target) as db:
            ingest.undo(db)
        undo_ms = (time.perf_counter() - started) * 1000
    finally:
        for path in target.parent.glob(f"{target.name}*"):
            path.unlink(missing_ok=True)  # the file, and what a write leaves beside it
        lock_path(target).unlink(missing_ok=True)
    return {"ms": statistics.median(entries), "undo_ms": undo_ms, "entries_ms": entries}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(Path(args.db), work, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

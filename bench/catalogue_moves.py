"""A catalogue that moves organizations with results, their moves recorded: its dry run timed in
a process of its own (its peak memory is the dry run's, read from its start).

`python -m bench.catalogue_moves --db PATH [--workdir DIR]` prints one JSON line: ms (the dry
run as the page makes it, ``screens.data_import.dry_run`` on a read-only handle opened before
the clock starts), peak_mib, moved (the organizations the file moves), problems (0: the file
is accepted).

In a copy of the database, every organization with a result before its last recorded move (at
national scale, the 33.852 that the July 2025 reorganization moved) is put back under the
parent it had before that move; the file is their rows of the catalogue as the data export
writes them, each under its parent of now. The import must find every move recorded in the
lineage before it accepts the file. Until the twenty-ninth stop each moved organization read the
whole lineage (23 ms at national scale: 855 s for this file); the lineage is now read once.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The organizations with a result in a year before their last recorded move, and the parent
# they had before it (a move without a parent before, the first placing, is left out).
_LAST_MOVES = """
    with last as (
        select org_code, from_value, event_date,
            row_number() over (partition by org_code order by event_date desc) as nth
        from lineage_events
        where event = 'moved'
    )
    select last.org_code, last.from_value
    from last
    where last.nth = 1 and last.from_value is not null and last.from_value <> ''
        and exists (
            select 1 from org_results as r
            where r.org_code = last.org_code and r.year < year(last.event_date)
        )
    order by last.org_code
"""


def make_file(db_path: Path, target: Path, book_path: Path) -> int:
    """``target``, a copy of the database, with every moved organization put back under its
    parent of before; the file that moves them again, written to ``book_path``; how many it
    moves."""
    from xeploai.ingest.workbook import export_data, workbook_bytes
    from xeploai.store.database import Database

    with Database(db_path) as db:
        moves = db.conn.sql(_LAST_MOVES).to_arrow_table()
        # the catalogue as the export writes it (no year's rows: only the catalogue is sent)
        catalogue = export_data(db, [])["organizations"]
    with Database(target, read_only=False) as db, db.transaction() as conn:
        conn.register("moves", moves)
        conn.execute(
            "update organizations set parent_code = moves.from_value from moves "
            "where organizations.org_code = moves.org_code"
        )
        conn.unregister("moves")
    moved = set(moves.column("org_code").to_pylist())
    rows = [o for o in catalogue if o["org_code"] in moved]
    book_path.write_bytes(workbook_bytes({"organizations": rows}))
    return len(rows)


def run(db_path: Path, work: Path) -> dict[str, object]:
    """The dry run as the page makes it (``screens.data_import.dry_run``: in a process of its
    own on a database over ``spec.APART_DATABASE_ABOVE_BYTES``, the national one's case). The
    copy and the file are made in a process of their own (``--make``): until the fifty-second
    stop their making counted in the dry run's peak, which is now read from the dry run's start
    (this process's, or the page's process of its own's when larger)."""
    from bench.import_year import peak_since_reset, reset_peak
    from xeploai.ingest import Source
    from xeploai.screens import data_import as import_view
    from xeploai.store.database import Database
    from xeploai.store.generations import lock_path

    target = work / f"catalogue-moves-{db_path.stem}.duckdb"
    book_path = work / f"catalogue-moves-{db_path.stem}.xlsx"
    shutil.copy(db_path, target)
    try:
        made = ["--make", str(target), str(book_path), "--db", str(db_path)]
        done = subprocess.run(
            [sys.executable, "-m", "bench.catalogue_moves", *made],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        rows = int(json.loads(done.stdout.decode().splitlines()[-1])["moved"])
        book = book_path.read_bytes()
        with Database(target) as reader:
            reset_peak()
            started = time.perf_counter()
            dry = import_view.dry_run(reader, (Source("danh-muc.xlsx", book),))
            ms = (time.perf_counter() - started) * 1000
            dry.close()
            peak = max(peak_since_reset(), getattr(dry, "peak_mib", None) or 0.0)
    finally:
        target.unlink(missing_ok=True)
        lock_path(target).unlink(missing_ok=True)
        book_path.unlink(missing_ok=True)
    return {"ms": ms, "peak_mib": peak, "moved": rows, "problems": len(dry.shown.problems)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    parser.add_argument("--make", nargs=2, metavar=("COPY", "FILE"), help="only make them")
    args = parser.parse_args()
    if args.make:
        print(json.dumps({"moved": make_file(Path(args.db), *map(Path, args.make))}))
        return 0
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(Path(args.db), work)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A catalogue that moves organizations with results, their moves recorded: its dry run timed in
a process of its own (its peak memory is the dry run's).

`python -m bench.catalogue_moves --db PATH [--workdir DIR]` prints one JSON line: ms (the dry
run as the page makes it, ``ingest.preview`` on a read-only handle opened before the clock
starts), peak_mib, moved (the organizations the file moves), problems (0: the file is accepted).

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
import resource
import shutil
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


def run(db_path: Path, work: Path) -> dict[str, object]:
    from xeploai import ingest
    from xeploai.ingest import Source
    from xeploai.ingest.workbook import export_data, workbook_bytes
    from xeploai.store.database import Database
    from xeploai.store.generations import lock_path

    target = work / f"catalogue-moves-{db_path.stem}.duckdb"
    shutil.copy(db_path, target)
    try:
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
        rows = [org for org in catalogue if org["org_code"] in moved]
        book = workbook_bytes({"organizations": rows})
        with Database(target) as reader:
            started = time.perf_counter()
            shown = ingest.preview(reader, [Source("danh-muc.xlsx", book)])
            ms = (time.perf_counter() - started) * 1000
    finally:
        target.unlink(missing_ok=True)
        lock_path(target).unlink(missing_ok=True)
    return {
        "ms": ms,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "moved": len(rows),
        "problems": len(shown.problems),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--workdir", default="/tmp/xeploai-bench")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(Path(args.db), work)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

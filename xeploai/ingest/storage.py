"""Storage: a checked batch written in one transaction, logged so that it can be undone.

An import writes its rows, the log entry (``import_log``: files, their sha256, user, counts) and
every row it replaced (``import_changes``: the row before and after, as JSON), and moves the
data version on, all in one ``Database.transaction()``: a failure anywhere leaves the database
as it was. ``revert`` is the way back, from the rows kept. Which import may be undone is the
service's decision, not this module's.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from xeploai.ingest.batch import Batch, Change
from xeploai.ingest.problems import DatabaseLocked
from xeploai.ingest.spec import TABLE_KEYS, TABLES
from xeploai.ingest.statements import (
    as_columns,
    delete_staged,
    insert_staged,
    record_staged_changes,
    staged,
)
from xeploai.metrics.rules import findings_current, keep_findings
from xeploai.store import aggregates, tree
from xeploai.store.database import WRITE_WAIT, Database, DatabaseMissing, writing
from xeploai.texts import STORE


@contextmanager
def open_for_write(
    path: str | Path, *, read_only: bool = False, wait: float = WRITE_WAIT
) -> Iterator[Database]:
    """``with open_for_write(path) as db:`` — the handle an import or an undo writes with: a copy
    of the file, published whole when the block ends (``store.database.writing``: readers go on
    reading meanwhile); ``read_only`` for a dry run. DatabaseLocked when another write does not
    finish within ``wait`` seconds, or another program holds the file read-write. A write that
    moved the data version on keeps the rule findings of its data (``rules.keep_findings``)
    before it is published."""
    if not read_only:
        with writing(path, wait=wait) as handle:
            version = handle.data_version()
            yield handle
            if handle.data_version() != version:
                keep_findings(handle)
        return
    try:
        handle = Database(path, read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(STORE["held"].format(path=path)) from exc
        raise
    with handle:
        yield handle


def keep_stale_findings(path: str | Path) -> bool:
    """Keep the rule findings of the file at ``path`` again when those it holds are not the
    ones its pages read (``rules.findings_current``): kept by an older version of the code, or
    by none. A write of its own, which moves the data version on; the server runs it as it
    starts (``server.keep_findings``), so that after an upgrade the pages read the findings at
    once rather than check the rules themselves until the next write. True when it
    kept them; False when there was nothing to do: no file, the findings current, or another
    write at work (an import or a form, which keeps them itself)."""
    try:
        with Database(path) as db:  # read-only; a file of an older schema is migrated first
            if findings_current(db):
                return False
        with writing(path, wait=0) as handle:
            if findings_current(handle):  # another process kept them meanwhile
                return False  # nothing changed: nothing is published
            handle.execute("bump_data_version")
            keep_findings(handle)
    except (DatabaseMissing, DatabaseLocked):
        return False
    return True


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without passwd entry)
        return "?"


def write_changes(
    db: Database, batch: Batch, *, scratch: bool = False, tree_of: Database | None = None
) -> None:
    """Apply the batch's rows in the open transaction, then bring the derived tables up to
    them: each table's new rows as columns, made once for the batch (``Batch.new_columns``:
    the dry run's scratch copy and the commit given it write the same). When the batch
    changes no organization and no event, only the years it adds and the sums of the years
    whose results it changes are made again (``tree.extend``); otherwise the whole tree.
    ``scratch``: the database is an import's scratch copy of the recorded tables, holding no
    tree yet, whose findings are all that is read of it: the whole tree is derived (not its
    faults), and of the stored tables only those the rules read
    (``aggregates.refresh_for_rules``). ``tree_of``: on that copy, the database whose stored
    tree stands for the batch's (a batch that changes no organization and no event, whose
    organizations and events were therefore not copied): its nodes of the years the copy holds
    results of are taken as they are (``tree.stand_in``), not derived again."""
    made = batch.new_columns
    for table, mine in batch.by_table.items():
        if not mine:
            continue
        replaced = [c.old is not None for c in mine]
        if all(replaced) or not any(replaced):  # one kind: no copy filtered out of the rows
            _put_staged(db, table, made[table], exists=replaced[0])
            continue
        kept = pa.array(replaced, pa.bool_())
        _put_staged(db, table, made[table].filter(kept), exists=True)
        _put_staged(db, table, made[table].filter(pc.invert(kept)), exists=False)
    if scratch:
        if tree_of is None:
            tree.rebuild(db.conn, sums=False, faults=False)
        else:
            tree.stand_in(db.conn, tree.year_rows(tree_of.conn, tree.result_span(db.conn)))
        aggregates.refresh_for_rules(db.conn)
    elif batch.leaves_tree:
        tree.extend(
            db.conn,
            {int(c.key[0]) for table in SUMMED for c in batch.by_table[table]},
            [table for table in SUMMED if batch.by_table[table]],
        )
    else:
        tree.rebuild(db.conn)


# The tables whose rows the stored sums of their year count (``aggregates.READS``): a write that
# changes no organization and no event makes again those years' sums that count the tables it
# changed (``tree.extend``).
SUMMED = aggregates.COUNTED


def _put_rows(db: Database, table: str, rows: Sequence[dict[str, Any]], *, exists: bool) -> None:
    """Insert rows, or replace the rows with the same keys (``exists``), in bulk."""
    if rows:
        _put_staged(db, table, as_columns(table, rows), exists=exists)


def _put_staged(db: Database, table: str, rows: pa.Table, *, exists: bool) -> None:
    if rows.num_rows == 0:
        return
    with staged(db.conn, rows):
        if exists:
            db.execute(delete_staged(table))
        db.execute(insert_staged(table))


def _delete_keys(db: Database, table: str, keys: Sequence[dict[str, Any]]) -> None:
    if not keys:
        return
    with staged(db.conn, pa.Table.from_pylist(list(keys))):
        db.execute(delete_staged(table))


def change_rows(table: str, changes: Sequence[Change], new: pa.Table, first: int) -> pa.Table:
    """One table's changes as the undo log keeps them (numbered from ``first``), the rows as
    structs made column by column (``new``: the new rows as columns; the rows before, of the
    changed rows only, null where a row is added): ``statements.record_staged_changes`` makes
    their JSON in bulk."""
    before: list[int | None] = []
    old_rows: list[dict[str, Any]] = []
    for c in changes:
        if c.old is None:
            before.append(None)
        else:
            before.append(len(old_rows))
            old_rows.append(c.old)
    old = as_columns(table, old_rows).take(pa.array(before, pa.int64()))
    added = pa.array([c.old is None for c in changes], pa.bool_())
    return pa.table(
        {
            "seq": pa.array(range(first, first + len(changes)), pa.int64()),
            "old_row": _struct(old, mask=added),
            "new_row": _struct(new, mask=None),
        }
    )


def _struct(rows: pa.Table, mask: pa.Array | None) -> pa.StructArray:
    return pa.StructArray.from_arrays(
        [column.combine_chunks() for column in rows.columns], names=rows.column_names, mask=mask
    )


def write_batch(db: Database, batch: Batch, user: str | None = None) -> int | None:
    """Write the batch in one transaction, logged and undoable; None when nothing changes."""
    if batch.empty:
        return None
    with db.transaction() as conn:
        [(import_id,)] = db.execute(
            "log_import",
            file_names=json.dumps([s.name for s in batch.sources], ensure_ascii=False),
            sha256=json.dumps([s.sha256 for s in batch.sources]),
            user_name=user or default_user(),
            counts=json.dumps(batch.counts(), ensure_ascii=False),
        )
        new = batch.new_columns
        seq = 0
        for table, mine in batch.by_table.items():
            if mine:
                with staged(conn, change_rows(table, mine, new[table], seq)):
                    db.execute(record_staged_changes(table), import_id=import_id, table_name=table)
                seq += len(mine)
        write_changes(db, batch)
        db.execute("bump_data_version")
    return int(import_id)


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    file_names: list[str]
    sha256: list[str]
    imported_at: dt.datetime
    user_name: str | None
    counts: dict[str, dict[str, int]]
    undone_at: dt.datetime | None


def _listed(text: str) -> list[str]:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return [text]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def history(db: Database) -> list[ImportRecord]:
    """The import log, newest first."""
    return [
        ImportRecord(
            int(r["import_id"]),
            _listed(r["file_names"]),
            _listed(r["sha256"]),
            r["imported_at"],
            r["user_name"],
            json.loads(r["counts"]) if r["counts"] else {},
            r["undone_at"],
        )
        for r in db.rows("import_log_by_import")
    ]


def revert(db: Database, import_id: int) -> int:
    """Restore the rows the import replaced and remove those it added; mark it undone.

    Returns the number of rows restored or removed.
    """
    changes = db.rows("import_changes_by_row", import_id=import_id)
    # each change's key decoded once, the changes grouped by table once (a national year's
    # undo is 1.173.017 changes: their keys were decoded twice, the list walked ten times)
    by_table: defaultdict[str, list[tuple[dict[str, Any], list[Any]]]] = defaultdict(list)
    for c in changes:
        by_table[c["table_name"]].append((c, json.loads(c["row_key"])))
    # One transaction: no foreign key makes the order matter (the import checks references).
    with db.transaction():
        for table in reversed(TABLES):
            mine = by_table[table]
            _delete_keys(
                db,
                table,
                [
                    dict(zip(TABLE_KEYS[table], key, strict=True))
                    for c, key in mine
                    if c["old_row"] is None
                ],
            )
            _put_rows(
                db,
                table,
                [json.loads(c["old_row"]) for c, _ in mine if c["old_row"] is not None],
                exists=True,
            )
        # as the write: the years whose sums it changed made again, unless it changed the tree
        # (an undo of a national form entry derived the whole tree again: 12 s)
        if any(by_table[table] for table in tree.SOURCE_TABLES):
            tree.rebuild(db.conn)
        else:
            summed = [table for table in SUMMED if by_table[table]]
            tree.extend(db.conn, {key[0] for table in summed for _, key in by_table[table]}, summed)
        db.execute("mark_import_undone", import_id=import_id)
        db.execute("bump_data_version")
    return len(changes)

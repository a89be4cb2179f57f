"""The database handle's writing side: transactions, and the named statements that write."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from xeploai.store.database import (
    Database,
    QueryError,
    load_statement,
    statement_names,
    verify,
    writing,
)

TABLES = ("organizations", "org_results", "cell_results", "targets", "import_log", "meta")


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    cur = db.cursor()
    try:
        return {t: sorted(cur.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}
    finally:
        cur.close()


def test_a_transaction_commits_when_the_block_ends(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as db:
        with db.transaction() as conn:
            conn.execute("delete from cell_results where year = 2015")
            db.execute("bump_data_version")
        version = db.data_version()
    # what another handle sees once the first is closed: the block's work, all of it
    with Database(writable_db_path) as db:
        cur = db.cursor()
        assert cur.execute("select count(*) from cell_results where year = 2015").fetchone() == (0,)
        cur.close()
        assert db.data_version() == version == "2"


@pytest.mark.parametrize(
    "failure",
    [
        # an error of the program between two statements
        "python",
        # a statement DuckDB refuses (a duplicate key) after others succeeded
        "constraint",
    ],
)
def test_a_failure_rolls_back_everything_and_is_raised(
    writable_db_path: Path, failure: str
) -> None:
    with Database(writable_db_path, read_only=False) as db:
        before = snapshot(db)
        expected: type[Exception] = (
            RuntimeError if failure == "python" else duckdb.ConstraintException
        )
        with pytest.raises(expected), db.transaction() as conn:
            conn.execute("delete from org_results where year = 2019")
            db.execute("bump_data_version")
            db.set_meta("superior", "changed")
            if failure == "python":
                raise RuntimeError("boom")
            conn.execute("insert into meta values ('superior', 'twice')")
        assert snapshot(db) == before
        # the handle is usable afterwards: no transaction left open
        with db.transaction():
            db.set_meta("after", "1")
        assert db.meta("after") == "1"


def test_transactions_do_not_nest(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as db:
        before = snapshot(db)
        with pytest.raises(duckdb.TransactionException), db.transaction():
            db.set_meta("superior", "changed")
            with db.transaction():
                pass
        assert snapshot(db) == before


def test_a_statement_takes_exactly_its_parameters(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as db:
        with pytest.raises(TypeError, match="missing"):
            db.execute("mark_import_undone")
        with pytest.raises(TypeError, match="unexpected"):
            db.execute("bump_data_version", year=2019)


def test_a_failing_statement_names_itself(writable_db_path: Path) -> None:
    # the log's file names may not be null: the statement fails, and says which one it was
    with (
        Database(writable_db_path, read_only=False) as db,
        pytest.raises(QueryError, match="log_import"),
    ):
        db.execute("log_import", file_names=None, sha256=None, user_name=None, counts=None)


# A value for every parameter of the statements in queries/writes/.
WRITE_PARAMS: dict[str, object] = {
    "file_names": '["a.xlsx"]',
    "sha256": '["00"]',
    "user_name": "thử",
    "counts": "{}",
    "import_id": 1,
    "org_code": "XBD",
    "org_name": "Đảng bộ xã Bà Điểm",
    "org_type": "base_committee",
    "parent_code": None,
    "sector": "commune",
    "active_from": None,
    "active_to": None,
    "successor_code": None,
    "years": [2019],
    "rules": ["member_count_mismatch"],
    "org_codes": ["XBD"],
    "messages": ["Số đảng viên không khớp."],
    "sources": ["Số học"],
    "titles": ["Số liệu khớp nhau"],
}


@pytest.mark.parametrize("name", statement_names())
def test_write_statement_runs_and_documents_itself(writable_db_path: Path, name: str) -> None:
    q = load_statement(name)
    header = q.sql.lstrip().splitlines()[0]
    assert header.startswith("-- Does:"), "a statement starts by saying what it does"
    assert re.search(r"(?i)grain", q.sql) and re.search(r"(?i)parameters", q.sql)
    missing = q.params - WRITE_PARAMS.keys()
    assert not missing, f"add test values for {sorted(missing)} to WRITE_PARAMS"
    with Database(writable_db_path, read_only=False) as db:
        before = snapshot(db)
        # staged_rows: the relation a statement may read rows in bulk from
        db.conn.register(
            "staged_rows",
            pa.table(
                {"seq": [], "table_name": [], "row_key": [], "old_row": [], "new_row": []},
                schema=pa.schema(
                    [("seq", pa.int32())]
                    + [(c, pa.string()) for c in ("table_name", "row_key", "old_row", "new_row")]
                ),
            ),
        )
        with pytest.raises(LookupError), db.transaction():
            db.execute(name, **{p: WRITE_PARAMS[p] for p in q.params})
            raise LookupError("roll back")
        assert snapshot(db) == before


def _cached(db: Database) -> int:
    """The bytes of table blocks DuckDB holds in memory."""
    [(held,)] = db.conn.execute(
        "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory() where tag = 'BASE_TABLE'"
    ).fetchall()
    return int(held)


def test_a_writer_lets_go_of_the_blocks_its_check_read(writable_db_path: Path) -> None:
    # the check of a writer's copy reads every block; the write goes on without them cached,
    # and with DuckDB's memory limit as it was
    with Database(writable_db_path, read_only=False) as db:
        [(limit,)] = db.conn.execute("select current_setting('memory_limit')").fetchall()
        verify(db)
        assert _cached(db) > 4 << 20
        db.release_memory()
        assert _cached(db) <= 1 << 20
        assert db.conn.execute("select current_setting('memory_limit')").fetchall() == [(limit,)]
        assert db.conn.execute("select count(*) from org_results").fetchall()[0][0] > 0
    with writing(writable_db_path) as db:
        assert _cached(db) <= 1 << 20

"""The schema is versioned and a later version carries an existing file forward."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from xeploai.store.schema import MIGRATIONS, current_version, migrate


def test_a_new_database_is_at_the_newest_version(tmp_path: Path) -> None:
    conn = duckdb.connect(str(tmp_path / "new.duckdb"))
    assert migrate(conn) == len(MIGRATIONS)
    assert current_version(conn) == len(MIGRATIONS)


def test_a_later_migration_keeps_the_data(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    before = conn.execute("select * from org_results order by year, org_code").fetchall()

    def add_note_column(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("alter table organizations add column note varchar")

    version = migrate(conn, (*MIGRATIONS, add_note_column))
    assert version == len(MIGRATIONS) + 1
    after = conn.execute("select * from org_results order by year, org_code").fetchall()
    assert after == before
    assert "note" in [r[0] for r in conn.execute("describe organizations").fetchall()]
    # running again does nothing
    assert migrate(conn, (*MIGRATIONS, add_note_column)) == version


def test_a_failing_migration_leaves_the_file_as_it_was(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))

    def broken(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("delete from org_results")
        c.execute("select no_such_column from organizations")

    with pytest.raises(duckdb.Error):
        migrate(conn, (*MIGRATIONS, broken))
    assert current_version(conn) == len(MIGRATIONS)
    assert conn.execute("select count(*) from org_results").fetchone()[0] > 0  # type: ignore[index]


def test_an_older_file_is_brought_up_to_date_when_opened_read_only(
        demo_db_path: Path, tmp_path: Path) -> None:
    # a file made by version 2 (before the shared filter macro and the derived columns), holding
    # the demo's rows: the app opens it read-only and its queries still work, because opening
    # migrates it first
    from xeploai.store.database import Database

    path = tmp_path / "v2.duckdb"
    conn = duckdb.connect(str(path))
    migrate(conn, MIGRATIONS[:2])
    conn.execute("attach $demo as demo (read_only)", {"demo": str(demo_db_path)})
    for table in ("meta", "organizations", "org_results", "cell_results", "targets"):
        conn.execute(f"insert or replace into {table} select * from demo.{table}")
    conn.execute("detach demo")
    conn.close()
    with Database(path, read_only=True) as db:
        frame = db.query("members_by_year", from_year=2019, to_year=2019, sectors=None,
                         org_types=None, orgs=None)
        assert int(frame["total"].iloc[0]) == 6659
    check = duckdb.connect(str(path), read_only=True)
    assert current_version(check) == len(MIGRATIONS)

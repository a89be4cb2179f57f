"""The schema is versioned and a later version carries an existing file forward."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from xeploai.schema import MIGRATIONS, current_version, migrate


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

"""The import's SQL identifiers come from an allow-list, and a failed write changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from xeploai import ingest
from xeploai.ingest import storage
from xeploai.ingest.spec import (
    STORED_ROWS,
    TABLE_COLUMNS,
    UnknownIdentifier,
    stored_params,
    table_columns,
)
from xeploai.ingest.statements import delete_staged, insert_staged
from xeploai.store.database import Database

CORPUS = Path(__file__).resolve().parents[1] / "files" / "import"


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        # a real table the import never writes
        ("meta", None),
        ("import_log", None),
        # an identifier that would be SQL if pasted
        ("org_results; drop table organizations", None),
        # a column of another table, and a column that does not exist
        ("org_results", ["year", "org_name"]),
        ("targets", ["term", "target) values (1); --"]),
    ],
)
def test_an_identifier_outside_the_allow_list_is_refused(
    table: str, columns: list[str] | None
) -> None:
    with pytest.raises(UnknownIdentifier):
        table_columns(table, columns)


@pytest.mark.parametrize("build", [insert_staged, delete_staged])
def test_a_per_table_statement_is_built_only_for_a_known_table(build: object) -> None:
    assert callable(build)
    with pytest.raises(UnknownIdentifier):
        build("meta")
    assert "org_results" in build("org_results").sql


def test_the_allow_list_is_read_only() -> None:
    with pytest.raises(TypeError):
        TABLE_COLUMNS["meta"] = ("key", "value")  # type: ignore[index]


def test_the_allow_list_matches_the_schema_and_the_stored_queries(db: Database) -> None:
    cur = db.cursor()
    try:
        for table, columns in TABLE_COLUMNS.items():
            described = tuple(r[0] for r in cur.execute(f"describe {table}").fetchall())
            assert described == columns, table
            frame = db.query(STORED_ROWS[table], **stored_params(table))
            assert tuple(frame.columns) == columns, STORED_ROWS[table]
    finally:
        cur.close()


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    from xeploai.cli import main

    path = tmp_path / "small.duckdb"
    assert main(["init", "--superior", "Đảng bộ xã thử", "--db", str(path)]) == 0
    assert main(["import", str(CORPUS / "good" / "small.xlsx"), "--db", str(path)]) == 0
    return path


def test_an_import_that_fails_while_writing_changes_nothing(
    small_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload = [
        ingest.Source("update_2021.xlsx", (CORPUS / "good" / "update_2021.xlsx").read_bytes())
    ]
    with ingest.open_for_write(small_db) as db:
        cur = db.cursor()
        before = {
            t: sorted(cur.execute(f"select * from {t}").fetchall(), key=repr)
            for t in (*TABLE_COLUMNS, "import_log", "import_changes", "meta")
        }
        cur.close()

        def fail_after_the_rows(db: Database, changes: object) -> None:
            write_changes(db, changes)  # type: ignore[arg-type]
            raise duckdb.IOException("disk full")

        write_changes = storage.write_changes
        monkeypatch.setattr(storage, "write_changes", fail_after_the_rows)
        with pytest.raises(duckdb.IOException):
            ingest.commit(db, upload, user="thử")
        cur = db.cursor()
        after = {t: sorted(cur.execute(f"select * from {t}").fetchall(), key=repr) for t in before}
        cur.close()
    assert after == before

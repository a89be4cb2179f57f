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
    TABLE_KEYS,
    UnknownIdentifier,
    stored_params,
    table_columns,
)
from xeploai.ingest.statements import delete_staged, differing, insert_staged
from xeploai.ingest.validate import COMPARED_IN_SQL, stored_rows
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


@pytest.mark.parametrize("table", COMPARED_IN_SQL)
def test_the_difference_made_in_sql_is_the_one_python_makes(db: Database, table: str) -> None:
    stored = list(stored_rows(db, table).values())
    assert len(stored) >= 3, table  # the demo holds rows of every such table
    columns = table_columns(table)
    keys = TABLE_KEYS[table]
    others = [c for c in columns if c not in keys]
    same, changed, emptied = (dict(r) for r in stored[:3])
    # a value that prints otherwise but is equal (92 and 92.0) is no change, as in Python
    numeric = [c for c in others if isinstance(same[c], float) and same[c].is_integer()]
    if numeric:
        same[numeric[0]] = int(same[numeric[0]])
    changed[others[-1]] = "khác" if isinstance(changed[others[-1]], str) else None
    if changed == stored[1]:  # the last column was already null: change another way
        changed[others[-1]] = 1
    filled = next(c for c in others if emptied[c] is not None)
    emptied[filled] = None
    new = dict(stored[3] if len(stored) > 3 else stored[0])
    new.update({k: ("MỚI" if isinstance(new[k], str) else new[k]) for k in keys})
    rows = [same, changed, emptied, new]
    by_python = {
        tuple(r[k] for k in keys): old
        for r in rows
        if (old := stored_rows(db, table).get(tuple(r[k] for k in keys))) != r
    }
    assert differing(db, table, rows) == by_python
    assert len(by_python) == 3 and None in by_python.values()  # two changed, one new

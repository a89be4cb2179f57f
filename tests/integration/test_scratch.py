"""The scratch databases of an import's checks: each a copy of the schema's template, nobody
else's, gone when the check ends; made in memory when no template can be kept."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from xeploai.metrics.rules import check_year_everywhere
from xeploai.store import aggregates, database
from xeploai.store.database import Database, scratch
from xeploai.store.schema import MIGRATIONS, current_version


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder of the test's own for the template (the cached one forgotten)."""
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    yield tmp_path


def test_a_scratch_is_a_fresh_copy_of_the_schema_and_is_gone_after(own_tmp: Path) -> None:
    folder = own_tmp / f"xeploai-{os.getuid()}"
    with scratch() as db:
        assert current_version(db.conn) == len(MIGRATIONS)
        assert db.path.parent == folder and db.path.exists()
        first = db.path
        db.set_meta("probe", "written in the first")
    assert not first.exists()
    templates = list(folder.glob("schema-*.duckdb"))
    assert len(templates) == 1  # made by the first scratch, kept for the next ones
    assert folder.stat().st_mode & 0o777 == 0o700
    made = templates[0].stat().st_mtime_ns
    with scratch() as db:  # the second is a copy of the same template: nothing of the first
        assert db.meta("probe") is None
    assert templates[0].stat().st_mtime_ns == made
    assert sorted(p.name for p in folder.iterdir()) == [templates[0].name]


def test_a_new_template_clears_what_older_versions_left(own_tmp: Path) -> None:
    folder = own_tmp / f"xeploai-{os.getuid()}"
    folder.mkdir(mode=0o700)
    older = folder / "schema-0000000000000000.duckdb"
    killed = folder / "tmpabcdef.duckdb"  # a scratch of a process killed two days ago
    running = folder / "tmpghijkl.duckdb"  # one in use now
    for path in (older, killed, running):
        path.write_bytes(b"")
    two_days_ago = time.time() - 2 * 86_400
    os.utime(killed, (two_days_ago, two_days_ago))
    with scratch():
        pass
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 2 and "tmpghijkl.duckdb" in left and left[0].startswith("schema-")
    assert older.name not in left


def test_without_a_private_folder_the_scratch_is_made_in_memory(own_tmp: Path) -> None:
    folder = own_tmp / f"xeploai-{os.getuid()}"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # others may write there: no template is kept in it
    with scratch() as db:
        assert str(db.path) == ":memory:"
        assert current_version(db.conn) == len(MIGRATIONS)
    assert list(folder.iterdir()) == []


def test_a_template_gone_before_its_copy_leaves_a_scratch_in_memory(
    own_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version of the program replaced the template between its finding and its copy."""
    folder = own_tmp / f"xeploai-{os.getuid()}"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(database, "_template", lambda: folder / "schema-gone.duckdb")
    with scratch() as db:
        assert str(db.path) == ":memory:"
        assert current_version(db.conn) == len(MIGRATIONS)
    assert list(folder.iterdir()) == []  # nor is its half-made copy left


def test_a_template_folder_removed_while_running_is_made_again(own_tmp: Path) -> None:
    """A cleaner of the temporary folder removed it between two imports of a running server."""
    folder = own_tmp / f"xeploai-{os.getuid()}"
    with scratch() as db:
        assert db.path.parent == folder
    shutil.rmtree(folder)
    with scratch() as db:
        assert db.path.parent == folder  # a copy of a new template, not a scratch in memory


def test_a_trial_s_reads_see_its_writes_and_nothing_of_it_stays(own_tmp: Path) -> None:
    # a dry run writes the batch into a scratch and runs the rules over it, never committed:
    # the handle's queries and settings inside the trial see its rows, and nothing stays
    with scratch() as db:
        db.set_meta("rule_settings", '{"excellent_cap_ratio": 0.2}')
        with db.trial() as conn:
            conn.execute(
                "insert into organizations (org_code, org_name, org_type)"
                " values ('THU', 'Chi bộ thử', 'base_cell')"
            )
            db.set_meta("rule_settings", '{"excellent_cap_ratio": 0.05}')
            assert db.meta("rule_settings") == '{"excellent_cap_ratio": 0.05}'
            codes = [r["org_code"] for r in db.rows("stored_organizations_by_org", codes=None)]
            assert "THU" in codes
            with pytest.raises(RuntimeError, match="within"), db.trial():  # it would abort this
                pass
            assert db.meta("rule_settings") == '{"excellent_cap_ratio": 0.05}'
        assert db.meta("rule_settings") == '{"excellent_cap_ratio": 0.2}'
        assert "THU" not in [
            r["org_code"] for r in db.rows("stored_organizations_by_org", codes=None)
        ]
        with pytest.raises(RuntimeError, match="boom"), db.trial() as conn:
            conn.execute("delete from meta")
            raise RuntimeError("boom")
        assert db.meta("rule_settings") == '{"excellent_cap_ratio": 0.2}'


def test_the_rules_read_only_the_stored_tables_a_dry_run_makes(writable_db_path: Path) -> None:
    # an import's dry run makes on its scratch copy only the stored tables the rules read
    # (aggregates.refresh_for_rules) and drops the others: every rule of every year finds the
    # same there as on the database, and a rule that came to read another would fail here
    with Database(writable_db_path, read_only=False) as db:
        years = [y for (y,) in db.conn.execute("select distinct year from org_results").fetchall()]
        everything = {year: check_year_everywhere(db, year) for year in sorted(years)}
        with db.trial() as conn:
            aggregates.refresh_for_rules(conn)
            left = {
                name
                for (name,) in conn.execute(
                    "select table_name from duckdb_tables()"
                    " where table_name in"
                    " ('own_catalogue', 'own_directed', 'committee_years', 'scope_year_counts',"
                    " 'scope_year_sets')"
                    " or table_name in (select unnest($kept))",
                    {"kept": list(aggregates.RULES_READ)},
                ).fetchall()
            }
            assert left == set(aggregates.RULES_READ)  # the others are gone, not left stale
            only_those = {year: check_year_everywhere(db, year) for year in sorted(years)}
    assert only_those == everything
    # the demo's planted cases: 8 of the 10 rules find one (every rule runs, finding or not)
    assert len({f.rule for found in everything.values() for f in found}) == 8

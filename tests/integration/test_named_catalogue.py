"""A file that brings no organization of its own (a form's status, a file of scores) is checked
against the stored catalogue read only for the codes it names (``ingest.catalogue``), and
against the life spans of those organizations only; a check that asks for any other code reads
the catalogue whole, and sees it as a whole read would have shown it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from xeploai import ingest
from xeploai.ingest import catalogue, forms, validate
from xeploai.ingest.catalogue import NamedCatalogue, read_catalogue
from xeploai.ingest.spec import STORED_ROWS, stored_params
from xeploai.store.database import Database


@pytest.fixture(autouse=True)
def _the_demos_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_TODAY", "2026-12-01")


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """The catalogue's reads from now on: the codes asked for, None for the whole."""
    reads: list[list[str] | None] = []

    def spy(db: Database, codes: Collection[str] | None = None) -> dict[str, Any]:
        reads.append(None if codes is None else sorted(codes))
        return read_catalogue(db, codes)

    monkeypatch.setattr(catalogue, "read_catalogue", spy)
    monkeypatch.setattr(validate, "read_catalogue", spy)
    return reads


def _status(path: Path, year: int, code: str, status: str, day: dt.date) -> Any:
    source = forms.status_source(year, code, status, "Quyết định số 5-QĐ/HU", day, 0, 0)
    with Database(path, read_only=False) as db:
        return ingest.commit(db, [source], "test")


def test_a_status_entered_reads_the_catalogue_only_for_its_organization(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CAH was dissolved on 1 March 2025 (the demo's status says so); its status entered again
    # with another reference: the catalogue read for CAH and the database's own superior (a
    # target's blank committee), and the status checked against CAH's own life span
    reads = _reads(monkeypatch)
    import_id, result = _status(writable_db_path, 2025, "CAH", "dissolved", dt.date(2025, 3, 1))
    assert not result.refused, [p.text() for p in result.problems]
    assert import_id is not None
    assert reads == [["CAH", "HHM"]]
    with Database(writable_db_path) as db:
        [row] = db.conn.execute(
            "select reference from org_statuses where year = 2025 and org_code = 'CAH'"
        ).fetchall()
    assert row == ("Quyết định số 5-QĐ/HU",)


def test_a_status_is_refused_with_its_organizations_own_life_span(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a commune's cell founded on 1 July 2025 and still standing cannot be dissolved in 2026 by
    # a status: the message gives its life span as the catalogue records it
    reads = _reads(monkeypatch)
    import_id, result = _status(
        writable_db_path, 2026, "XA_HOCMON-CQ", "dissolved", dt.date(2026, 11, 2)
    )
    assert import_id is None
    assert [(p.column, p.message) for p in result.problems] == [
        (
            "status",
            "Tổ chức không chấm dứt hoạt động trong năm 2026 (theo danh mục: 01/07/2025–…).",
        )
    ]
    assert reads == [["HHM", "XA_HOCMON-CQ"]]


def test_a_code_outside_those_named_reads_the_catalogue_whole(db: Database) -> None:
    whole = read_catalogue(db)
    named = NamedCatalogue(db, {"CAH", "KHONG-CO"})
    cah = named["CAH"]
    assert cah == whole["CAH"]
    assert "KHONG-CO" not in named  # asked for and not stored: known absent
    assert not named.whole
    assert named.get("HHM") == whole["HHM"]  # not named: the whole catalogue read
    assert named.whole
    assert named["CAH"] is cah  # a row handed out stays the same dict
    assert list(named) == list(whole)
    assert len(named) == len(whole) == 339


@pytest.mark.parametrize("read_first", [False, True])
def test_rows_set_over_the_catalogue_stay_over_it(db: Database, read_first: bool) -> None:
    # a row set over a stored one keeps its place, a new code comes last: the order a plain
    # dict of every stored row would keep, whether the whole was read before or after
    whole = read_catalogue(db)
    named = NamedCatalogue(db, {"CAH"})
    if read_first:
        assert len(named) == len(whole)
    named["CAH"] = {**whole["CAH"], "org_name": "Tên khác"}
    named["MOI"] = {**whole["CAH"], "org_code": "MOI"}
    assert "MOI" in named
    codes = list(named)
    assert codes == [*whole, "MOI"]
    assert named["CAH"]["org_name"] == "Tên khác"
    assert named["HHM"] == whole["HHM"]


def test_the_catalogue_is_read_as_stored_with_one_object_per_repeated_value(
    writable_db_path: Path,
) -> None:
    # a national catalogue is 408.696 rows: a kind, a sector, a parent, a year or a day that
    # many organizations share is one object, not a copy per row
    with Database(writable_db_path) as db:
        read = read_catalogue(db)
        stored = db.rows(STORED_ROWS["organizations"], **stored_params("organizations"))
    assert list(read.values()) == stored
    assert list(read) == [row["org_code"] for row in stored]
    for column in ("org_type", "parent_code", "sector", "active_from", "founded", "ended"):
        values = [row[column] for row in read.values()]
        assert len({id(v) for v in values}) == len(set(values)) < len(values) / 2, column

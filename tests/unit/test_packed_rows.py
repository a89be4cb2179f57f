"""A table's checked rows kept as tuples (``PackedRows``) read as the dicts they were made of; the
file's rows laid over the stored ones (``Over``) are looked up as one dict of both would be; a
change keeps its new row's values and gives the row; staged as columns, tuples and dicts make
the same table."""

from __future__ import annotations

import datetime as dt
from collections import ChainMap
from typing import Any

import pytest

from xeploai.ingest.batch import Change, Over, packed, row_values
from xeploai.ingest.spec import TABLE_COLUMNS
from xeploai.ingest.statements import as_columns, values_as_columns

STEPS = {
    (2025, "A"): {
        "year": 2025,
        "org_code": "A",
        "self_level": "HTXSNV",
        "self_score": 95.5,
        "appraised_level": None,
        "appraised_score": None,
        "decision_no": "12-QĐ/ĐU",
        "decision_date": dt.date(2025, 12, 20),
    },
    # a row that lacks columns: those are None, as a stored row's null
    (2025, "B"): {"year": 2025, "org_code": "B", "self_level": "HTTNV"},
}


def test_packed_rows_read_as_the_dicts_they_were_made_of() -> None:
    rows = packed("org_steps", STEPS)
    assert len(rows) == 2 and list(rows) == list(STEPS)
    assert (2025, "A") in rows and (2024, "A") not in rows
    assert rows[(2025, "A")] == STEPS[(2025, "A")]
    assert rows[(2025, "B")] == {c: STEPS[(2025, "B")].get(c) for c in TABLE_COLUMNS["org_steps"]}
    assert list(rows[(2025, "A")]) == list(TABLE_COLUMNS["org_steps"])  # the table's order
    assert rows.values_of((2025, "B")) == (2025, "B", "HTTNV", None, None, None, None, None)
    assert rows.tuples() == [row_values("org_steps", r) for r in STEPS.values()]
    assert rows.get((2024, "A")) is None
    with pytest.raises(KeyError):
        rows[(2024, "A")]
    # a dict asked for is the caller's own: changing it leaves the packed row as it was
    asked = rows[(2025, "A")]
    asked["self_level"] = "KHTNV"
    assert rows[(2025, "A")]["self_level"] == "HTXSNV"
    assert packed("org_steps", rows) is rows  # packed once


def test_the_file_over_the_stored_is_looked_up_as_one_dict_of_both() -> None:
    stored: dict[tuple[Any, ...], dict[str, Any]] = {
        (2025, "A"): {"org_level": "HTNV"},
        (2024, "C"): {"org_level": "KHTNV"},
    }
    earlier = {(2023, "D"): {"org_level": "HTTNV"}, (2024, "C"): {"org_level": "HTTNV"}}
    new = packed("org_results", {(2025, "A"): {"year": 2025, "org_code": "A", "org_level": "X"}})
    over = Over(new, stored, earlier)
    merged = {**earlier, **stored, **{k: new[k] for k in new}}
    assert dict(over) == merged
    assert list(over) == list(ChainMap(dict(new), stored, earlier))  # the same order
    assert len(over) == 3 and (2023, "D") in over and (2022, "D") not in over
    assert over[(2025, "A")]["org_level"] == "X" and over[(2024, "C")]["org_level"] == "KHTNV"
    assert over.get((2022, "D")) is None
    with pytest.raises(KeyError):
        over[(2022, "D")]


def test_a_change_keeps_the_new_rows_values_and_gives_the_row() -> None:
    old = dict(STEPS[(2025, "A")])
    new = {**old, "self_level": "HTTNV", "decision_no": None}
    change = Change.of("org_steps", (2025, "A"), old, new)
    assert change.values == row_values("org_steps", new) and change.new == new
    assert change.changed_columns() == [
        ("self_level", "HTXSNV", "HTTNV"),
        ("decision_no", "12-QĐ/ĐU", None),
    ]
    added = Change.of("org_steps", (2025, "B"), None, STEPS[(2025, "B")])
    assert added.changed_columns() == []
    assert added.new["appraised_level"] is None


@pytest.mark.parametrize("rows", [list(STEPS.values()), []])
def test_tuples_and_dicts_staged_as_the_same_columns(rows: list[dict[str, Any]]) -> None:
    made = values_as_columns("org_steps", [row_values("org_steps", r) for r in rows])
    assert made.equals(as_columns("org_steps", rows))
    assert made.column_names == list(TABLE_COLUMNS["org_steps"])

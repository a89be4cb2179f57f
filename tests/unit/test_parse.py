"""Parsing a sheet column by column: the same values and problems as cell by cell, in the
order a reader goes through the sheet (row by row; in a row, the columns in the format's
order, spec.SPECS)."""

from __future__ import annotations

import datetime as dt

import pytest

from xeploai.ingest.parse import Row, make_rows, parse_columns
from xeploai.ingest.problems import Problem
from xeploai.ingest.read import Raw, SheetData, _read_table


def _sheet(
    rows: list[list[object]], flagged: dict[tuple[int, int], Raw] | None = None
) -> tuple[SheetData, list[Row], list[Problem]]:
    header = ["year", "org_code", "members_total", "members_HTXSNV", "org_level"]
    problems: list[Problem] = []
    sheet = _read_table("results", "t.csv", "results", header, rows, problems, flagged)
    parsed = make_rows(parse_columns(sheet, problems))
    return sheet, parsed, problems


def test_values_are_parsed_once_per_distinct_value_and_typed_as_cell_by_cell() -> None:
    sheet, rows, problems = _sheet(
        [
            [2024, "A1", 12.0, "3", "HTTNV"],
            ["", "", "", "", ""],  # a blank row is dropped, its number kept by the next
            ["2024", "A1\u200b", "12,0", 3, "Hoàn thành tốt nhiệm vụ"],
            [True, "A2", 1, 0, "httnv"],  # True is no year, though True == 1
        ]
    )
    assert sheet.numbers == [2, 4, 5]
    assert [r.values["year"] for r in rows] == [2024, 2024, None]
    assert [r.values["members_total"] for r in rows] == [12, 12, 1]
    assert [r.values["org_level"] for r in rows] == ["HTTNV"] * 3
    assert [r.values["org_code"] for r in rows] == ["A1", "A1", "A2"]
    assert [r.ok for r in rows] == [True, True, False]
    assert [(p.row, p.column, p.value) for p in problems] == [(5, "year", "True")]


def test_a_truth_value_beside_an_equal_number_is_still_no_count() -> None:
    """Python holds True == 1 and False == 0.0: a column that mixes them is parsed per (type,
    value), so the number is a count and the truth value is refused, in either order."""
    _, rows, problems = _sheet(
        [
            [2024, "A1", 1, False, "HTTNV"],
            [2024, "A2", True, 0.0, "HTTNV"],
            [2024, "A3", 1.0, 0, "HTTNV"],
        ]
    )
    assert [r.values["members_total"] for r in rows] == [1, None, 1]
    assert [r.values["members_HTXSNV"] for r in rows] == [None, 0, 0]
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "members_HTXSNV", "False"),
        (3, "members_total", "True"),
    ]


def test_problems_come_row_by_row_and_show_the_cell_as_found() -> None:
    _, rows, problems = _sheet(
        [
            [2024, "A1", 10, "x", "?"],
            [2024, "", -1, 2, "HTNV"],
            [2024, "A3", 0.5, 1, "HTNV"],  # formatted as 50 %
        ],
        flagged={(2, 2): Raw(0.5, percent=True)},
    )
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "org_level", "?"),  # the level comes before the counts in the format
        (2, "members_HTXSNV", "x"),
        (3, "org_code", ""),
        (3, "members_total", "-1"),
        (4, "members_total", "50%"),
    ]
    assert [r.ok for r in rows] == [False, False, False]
    assert rows[2].raw["members_total"] == Raw(0.5, percent=True)
    assert "org_name" not in rows[0].raw and "org_code" in rows[0].raw
    assert rows[0].values["members_HTXSNV"] is None  # a cell that cannot be read leaves None


def test_a_day_from_calamine_is_read_as_openpyxl_reads_it() -> None:
    header = ["org_code", "org_name", "org_type", "sector", "founded"]
    problems: list[Problem] = []
    sheet = _read_table(
        "organizations",
        "t.xlsx",
        "organizations",
        header,
        [["A1", "Chi bộ A", "base_cell", "education", dt.date(2025, 7, 1)]],
        problems,
    )
    [row] = make_rows(parse_columns(sheet, problems))
    assert not problems and row.values["founded"] == dt.date(2025, 7, 1)
    assert sheet.raw(0, "founded") == Raw(dt.datetime(2025, 7, 1))


def test_a_name_is_cleaned_the_same_whether_or_not_it_holds_anything_unusual() -> None:
    import unicodedata

    from xeploai.ingest.spec import clean_text

    decomposed = unicodedata.normalize("NFD", "Chi bộ ấp Tân Hòa")
    assert decomposed != "Chi bộ ấp Tân Hòa" and clean_text(decomposed) == "Chi bộ ấp Tân Hòa"
    assert clean_text("  Chi bộ  ấp Tân Hòa ") == "Chi bộ ấp Tân Hòa"
    assert clean_text("Chi bộ\u200b  ấp Tân\u00a0Hòa\u00ad") == "Chi bộ ấp Tân Hòa"
    assert clean_text("Khắc phục:\r\n  1. Họp   chi bộ \n\n2. Báo cáo\n") == (
        "Khắc phục:\n1. Họp chi bộ\n\n2. Báo cáo"
    )
    assert clean_text("") == "" and clean_text(" \u200b ") == ""


def test_the_latest_evaluation_year_follows_the_programs_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a rehearsal fixed on a day of 2025: 2026 is a year still to come, as for the deadlines
    monkeypatch.setenv("XEPLOAI_TODAY", "2025-12-01")
    _, rows, problems = _sheet([[2026, "A1", 10, 1, "HTNV"], [2025, "A2", 10, 1, "HTNV"]])
    assert [(p.row, p.column, p.value) for p in problems] == [(2, "year", "2026")]
    assert "2025" in (problems[0].expected or "")
    assert [r.values["year"] for r in rows] == [None, 2025]

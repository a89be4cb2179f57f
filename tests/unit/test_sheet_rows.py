"""A sheet's rows kept as columns until their checks come (``validate._Sheet``): the same rows
kept, the same problems in the same order, as when every row was made a ``Row`` at once and
its repeated keys found row by row."""

from __future__ import annotations

from typing import Any

from xeploai.ingest.parse import Row, make_rows, parse_columns
from xeploai.ingest.problems import Problem
from xeploai.ingest.read import SheetData, _read_table
from xeploai.ingest.spec import SHEET_TABLES, SHEETS, SPECS, TABLES
from xeploai.ingest.validate import _key_of, _Sheet
from xeploai.texts import IMPORT

HEADER = ["year", "quarter", "org_code", "score"]
KEY = ("year", "quarter", "org_code")

# two files with the scores' sheet: a blank quarter is the year itself (0); a row without a year
# has no key (its blank is its cell's problem); keys repeated in a file and across the two
FIRST = [
    [2026, 1, "A", 90],
    [2026, "", "B", 80],
    [2026, 0, "B", 70],  # the row above's key: (2026, 0, "B")
    ["", 1, "C", 60],  # no year: no key
    [2026, 1, "A", 50],  # the first row's key
    [2026, 3, "D", 40],
]
SECOND = [
    [2026, 1, "A", 30],  # the first file's first row's key
    [2026, 2, "A", 20],
    [2026, 3, "D", 10],  # the first file's last row's key
]


def _sheets(problems: list[Problem]) -> list[SheetData]:
    return [
        _read_table("scores", name, "Điểm", HEADER, body, problems)
        for name, body in (("a.xlsx", FIRST), ("b.xlsx", SECOND))
    ]


def _as_before(problems: list[Problem]) -> list[Row]:
    """Every row made at once, its repeats found row by row: the check as it was written."""
    rows = [r for sheet in _sheets(problems) for r in make_rows(parse_columns(sheet, problems))]
    key = _key_of(*KEY)
    first: dict[tuple[Any, ...], Row] = {}
    kept: list[Row] = []
    for row in rows:
        k = key(tuple(row.values[c] for c in KEY))
        if k is None:
            continue
        if k in first:
            other = first[k].where
            words = IMPORT["duplicate_row"].format(key=", ".join(map(str, k)), other=other)
            problems.append(row.problem(words, show_value=False))
            continue
        first[k] = row
        kept.append(row)
    return kept


def _as_columns(problems: list[Problem]) -> tuple[_Sheet, list[tuple[Any, ...]], list[Row]]:
    sheet = _Sheet()
    for data in _sheets(problems):
        sheet.parts.append(parse_columns(data, problems))
    sheet.drop_repeats(KEY, problems)
    return sheet, list(sheet.kept("year", "org_code")), sheet.rows()


def _seen(rows: list[Row]) -> list[tuple[str, int, dict[str, Any], bool]]:
    return [(r.sheet.file, r.number, r.values, r.ok) for r in rows]


def test_repeated_keys_are_the_same_problems_in_the_same_order() -> None:
    before: list[Problem] = []
    kept_before = _as_before(before)
    now: list[Problem] = []
    sheet, pairs, rows = _as_columns(now)

    assert [p.as_dict() for p in now] == [p.as_dict() for p in before]
    assert _seen(rows) == _seen(kept_before)
    assert pairs == [(r.values["year"], r.values["org_code"]) for r in kept_before]
    # what the files hold: the year's blank (a cell's problem), then three repeats, each naming
    # the row it repeats
    assert [(p.file, p.row) for p in now] == [
        ("a.xlsx", 5),
        ("a.xlsx", 4),
        ("a.xlsx", 6),
        ("b.xlsx", 2),
        ("b.xlsx", 4),
    ]
    assert "(2026, 1, A)" in now[2].message and "dòng 2" in now[2].message
    assert [(r.sheet.file, r.number) for r in rows] == [
        ("a.xlsx", 2),
        ("a.xlsx", 3),
        ("a.xlsx", 7),
        ("b.xlsx", 3),
    ]
    assert sheet.parts == [] and sheet.rows() == []  # made once, the columns let go


def test_a_sheet_without_repeats_keeps_every_row() -> None:
    problems: list[Problem] = []
    sheet = _Sheet()
    body = [[2026, q, "A", 50 + q] for q in (1, 2, 3, 4)]
    sheet.parts.append(
        parse_columns(_read_table("scores", "c.xlsx", "Điểm", HEADER, body, problems), problems)
    )
    sheet.drop_repeats(KEY, problems)
    assert problems == [] and sheet.keep == [None]
    assert [r.values["quarter"] for r in sheet.rows()] == [1, 2, 3, 4]


def test_a_code_is_one_string_whichever_sheet_names_it() -> None:
    problems: list[Problem] = []
    # each file's code its own string, as two workers' answers give them
    sheets = [
        _read_table("scores", name, "Điểm", HEADER, [[2026, 1, "".join(["XB", "D-1"]), 50]], [])
        for name in ("a.xlsx", "b.xlsx")
    ]
    assert sheets[0].columns["org_code"][0] is not sheets[1].columns["org_code"][0]
    first, second = (parse_columns(sheet, problems).column("org_code")[0] for sheet in sheets)
    assert first == second == "XBD-1"
    assert first is second


def test_every_sheet_fills_one_table_and_every_table_has_its_sheet() -> None:
    assert list(SHEET_TABLES) == list(SHEETS) and set(SPECS) == set(SHEETS)
    assert sorted(SHEET_TABLES.values()) == sorted(TABLES)

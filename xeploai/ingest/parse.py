"""Parsing: raw cells → typed values, one cell at a time, each fault told in the user's words.

A count typed as 12, 12.0 or "12,0" is 12; a share (0.12, "12%", a number Excel shows as 12%)
is refused where a count is expected, because a percentage in a count column is the commonest
mistake in these forms; a label is accepted as its code or its Vietnamese wording, in any case,
with or without accents. A cell that cannot be read becomes a ``Problem`` located at its sheet,
row and column; the row is then marked not ``ok`` so later checks do not repeat the fault.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from xeploai.ingest import spec
from xeploai.ingest.problems import Problem
from xeploai.ingest.read import Raw, SheetData, is_blank, show
from xeploai.ingest.read import cell as read_cell
from xeploai.ingest.spec import LEVEL_LOOKUP, LOOKUPS, SPECS, fold, nfc
from xeploai.texts import IMPORT, IMPORT_EXPECTED, LEVEL_LABELS


class CellError(Exception):
    """A cell that cannot be read: the message, and what was expected there."""

    def __init__(self, message: str, expected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


_INT_TEXT = re.compile(r"^\+?(\d+)(?:[.,]0+)?$")
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _given(raw: Raw, expected: str | None) -> bool:
    """False for a blank cell. A formula Excel never computed is an error, not a blank."""
    if raw.formula_without_value:
        raise CellError(IMPORT["formula_no_value"], expected)
    return not is_blank(raw.value)


def _not_a_count(number: float, expected: str) -> CellError:
    if number < 0:
        return CellError(IMPORT["negative"], expected)
    return CellError(IMPORT["ratio_like" if number < 1 else "fraction"], expected)


def _numeric_cell(raw: Raw, expected: str) -> object | None:
    """The cell's value when it is given and not a date, a time or a truth value."""
    if not _given(raw, expected):
        return None
    if isinstance(raw.value, bool | dt.date | dt.time | dt.timedelta):
        raise CellError(IMPORT["not_a_number"], expected)
    return raw.value


def parse_count(raw: Raw) -> int | None:
    """A count: 12, 12.0 and '12,0' are 12; blank is None (absent = 0 for the caller)."""
    expected = IMPORT_EXPECTED["count"]
    value = _numeric_cell(raw, expected)
    if value is None:
        return None
    if isinstance(value, int | float):
        if raw.percent:
            raise CellError(IMPORT["percent"], expected)
        number = float(value)
        if not math.isfinite(number):
            raise CellError(IMPORT["not_a_number"], expected)
        if number < 0 or not number.is_integer():
            raise _not_a_count(number, expected)
        return int(number)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith("%"):
        raise CellError(IMPORT["percent"], expected)
    match = _INT_TEXT.match(text)
    if match:
        return int(match.group(1))
    if _NUMBER_TEXT.match(text):
        raise _not_a_count(float(text.replace(",", ".")), expected)
    raise CellError(IMPORT["not_a_number"], expected)


def parse_year(raw: Raw, low: int | None = None, high: int | None = None) -> int | None:
    """An evaluation year (YEAR_MIN … this year), or a year within [low, high]."""
    low = spec.YEAR_MIN if low is None else low
    high = spec.year_max() if high is None else high
    expected = IMPORT_EXPECTED["year"].format(min=low, max=high)
    try:
        year = parse_count(raw)
    except CellError as exc:
        raise CellError(exc.message, expected) from None
    if year is not None and not low <= year <= high:
        raise CellError(IMPORT["year_range"], expected)
    return year


def parse_target(raw: Raw) -> float | None:
    """A target percentage, 0–100: 90, '90%', '90,5' or 0.9 formatted as a percentage."""
    expected = IMPORT_EXPECTED["target"]
    value = raw.value
    if not _given(raw, expected):
        return None
    if isinstance(value, bool):
        raise CellError(IMPORT["not_a_number"], expected)
    if isinstance(value, int | float):
        number = float(value) * (100 if raw.percent else 1)
    else:
        text = str(value).strip().replace(" ", "").removesuffix("%")
        if not _NUMBER_TEXT.match(text):
            raise CellError(IMPORT["not_a_number"], expected)
        number = float(text.replace(",", "."))
    if not (math.isfinite(number) and 0 <= number <= 100):
        raise CellError(IMPORT["target_range"], expected)
    return round(number, 4)


def parse_bool(raw: Raw) -> bool:
    expected = IMPORT_EXPECTED["bool"]
    value = raw.value
    if not _given(raw, expected):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    folded = fold(show(value))
    if folded in spec.TRUE_WORDS:
        return True
    if folded in spec.FALSE_WORDS:
        return False
    raise CellError(IMPORT["unknown_label"], expected)


def parse_text(raw: Raw, kind: str) -> str | None:
    if not _given(raw, IMPORT_EXPECTED[kind]):
        return None
    if isinstance(raw.value, bool):
        raise CellError(IMPORT["unknown_label"], IMPORT_EXPECTED[kind])
    text = spec.clean_text(show(raw.value))  # a zero-width space must not make a new name
    if len(text) > spec.MAX_TEXT:
        raise CellError(IMPORT["too_long"].format(limit=spec.MAX_TEXT), IMPORT_EXPECTED[kind])
    return text


def parse_choice(raw: Raw, kind: str) -> str | None:
    lookup, labels = LOOKUPS[kind]
    text = parse_text(raw, "text")
    if text is None:
        return None
    code = lookup.get(fold(text))
    if code is None:
        raise CellError(
            IMPORT["unknown_label"],
            IMPORT_EXPECTED[kind].format(choices="; ".join(labels.values())),
        )
    return code


def parse_level_code(raw: Raw) -> str | None:
    """Any level of any scheme; whether it exists in the row's year is checked later."""
    text = parse_text(raw, "text")
    if text is None:
        return None
    code = LEVEL_LOOKUP.get(fold(text))
    if code is None:
        raise CellError(
            IMPORT["unknown_label"],
            IMPORT_EXPECTED["level_any"].format(
                choices="; ".join(f"{c} ({label})" for c, label in LEVEL_LABELS.items())
            ),
        )
    return code


_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(raw: Raw) -> dt.date | None:
    """A day: an Excel date, 01/07/2025 (day first, as Vietnamese forms write it) or
    2025-07-01; years of existence from SPAN_YEAR_MIN to a few years ahead."""
    low, high = spec.SPAN_YEAR_MIN, spec.year_max() + spec.SPAN_YEARS_AHEAD
    expected = IMPORT_EXPECTED["date"].format(min=low, max=high)
    value = raw.value
    if not _given(raw, expected):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = show(value).strip()
        try:
            if match := _DATE_DMY.match(text):
                d, m, y = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            elif match := _DATE_ISO.match(text):
                y, m, d = (int(g) for g in match.groups())
                day = dt.date(y, m, d)
            else:
                raise CellError(IMPORT["not_a_date"], expected)
        except ValueError:
            raise CellError(IMPORT["not_a_date"], expected) from None
    if not low <= day.year <= high:
        raise CellError(IMPORT["date_range"], expected)
    return day


def _number(raw: Raw, expected: str) -> float | None:
    value = _numeric_cell(raw, expected)
    if value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        if not _NUMBER_TEXT.match(text):
            raise CellError(IMPORT["not_a_number"], expected)
        number = float(text.replace(",", "."))
    if not math.isfinite(number):
        raise CellError(IMPORT["not_a_number"], expected)
    return number


def parse_score(raw: Raw) -> float | None:
    """A score out of 100 (Quy định 366-QĐ/TW): 92, 92,5."""
    expected = IMPORT_EXPECTED["score"]
    number = _number(raw, expected)
    if number is not None and not 0 <= number <= 100:
        raise CellError(IMPORT["score_range"], expected)
    return None if number is None else round(number, 2)


def parse_quarter(raw: Raw) -> int:
    """A quarter 1–4; blank (or 0) is the year itself."""
    expected = IMPORT_EXPECTED["quarter"]
    number = _number(raw, expected)
    if number is None:
        return 0
    if not number.is_integer() or not 0 <= number <= 4:
        raise CellError(IMPORT["quarter_range"], expected)
    return int(number)


def parse_item_no(raw: Raw) -> int | None:
    """The number of an item of a plan: 1, 2, 3…"""
    expected = IMPORT_EXPECTED["item_no"]
    try:
        number = parse_count(raw)
    except CellError as exc:
        raise CellError(exc.message, expected) from None
    if number is not None and number < 1:
        raise CellError(IMPORT["item_no_range"], expected)
    return number


def parse_report_quarter(raw: Raw) -> int | None:
    """A report's quarter, 1–4 (blank is an error: a report is of a quarter)."""
    expected = IMPORT_EXPECTED["report_quarter"]
    number = _number(raw, expected)
    if number is None:
        return None
    if not number.is_integer() or not 1 <= number <= 4:
        raise CellError(IMPORT["quarter_range"], expected)
    return int(number)


def parse_maybe_bool(raw: Raw) -> bool | None:
    """Yes, no, or blank: not known (a condition without data is not failed)."""
    if not _given(raw, IMPORT_EXPECTED["maybe_bool"]):
        return None
    return parse_bool(raw)


# The parser of each column kind of spec.SPECS.
PARSERS: dict[str, Callable[[Raw, str], object]] = {
    "code": lambda raw, kind: parse_text(raw, "code"),
    "text": lambda raw, kind: parse_text(raw, "text"),
    "count": lambda raw, kind: parse_count(raw),
    "year": lambda raw, kind: parse_year(raw),
    "span_year": lambda raw, kind: parse_year(
        raw, spec.SPAN_YEAR_MIN, spec.year_max() + spec.SPAN_YEARS_AHEAD
    ),
    "target": lambda raw, kind: parse_target(raw),
    "bool": lambda raw, kind: parse_bool(raw),
    "level": lambda raw, kind: parse_level_code(raw),
    "org_type": parse_choice,
    "sector": parse_choice,
    "subject": parse_choice,
    "measure": parse_choice,
    "direction": parse_choice,
    "event": parse_choice,
    "date": lambda raw, kind: parse_date(raw),
    "score": lambda raw, kind: parse_score(raw),
    "quarter": lambda raw, kind: parse_quarter(raw),
    "maybe_bool": lambda raw, kind: parse_maybe_bool(raw),
    "eval_status": parse_choice,
    "item_status": parse_choice,
    "item_no": lambda raw, kind: parse_item_no(raw),
    "report_quarter": lambda raw, kind: parse_report_quarter(raw),
}


# The types whose values Python may hold equal (True == 1 == 1.0) and a parser may not (a truth
# value is not a count): a column holding two of them is parsed per (type, value).
_EQUAL_ACROSS_TYPES = frozenset({bool, int, float})

# The kinds whose cell is its text, cleaned (``parse_text``): a code or a name, one per row, so
# parsing each distinct value once saves nothing there (3 million of a national year's cells).
_PLAIN_KINDS = frozenset({"code", "text"})


def _already_clean(text: str) -> bool:
    """Whether ``parse_text`` gives the text back as it is: not blank, not too long, and
    nothing ``spec.clean_text`` changes (``spec.is_clean``)."""
    return text != "" and len(text) <= spec.MAX_TEXT and spec.is_clean(text)


def _parse_once(kind: str, cell: Raw) -> object:
    """The cell's value, or the CellError it raises (kept, to be raised again)."""
    try:
        return PARSERS[kind](cell, kind)
    except CellError as exc:
        return exc


class Cells(Mapping[str, Raw]):
    """A row's cells as read, by key: only the columns the sheet has, each made a ``Raw`` when
    a message asks for it."""

    __slots__ = ("_index", "_sheet")

    def __init__(self, sheet: SheetData, index: int) -> None:
        self._sheet, self._index = sheet, index

    def __getitem__(self, key: str) -> Raw:
        if key not in self._sheet.columns:
            raise KeyError(key)
        return self._sheet.raw(self._index, key)

    def __contains__(self, key: object) -> bool:
        return key in self._sheet.columns

    def __iter__(self) -> Iterator[str]:
        return iter(self._sheet.columns)

    def __len__(self) -> int:
        return len(self._sheet.columns)


@dataclass(slots=True)
class Row:
    """One parsed row of a sheet: its values by key and where it came from."""

    sheet: SheetData
    number: int
    values: dict[str, Any]
    index: int  # its place among the sheet's kept rows
    ok: bool = True

    @property
    def raw(self) -> Cells:
        return Cells(self.sheet, self.index)

    def problem(
        self,
        message: str,
        column: str | None = None,
        *,
        expected: str | None = None,
        show_value: bool = True,
    ) -> Problem:
        header = self.sheet.headers.get(column, column) if column else None
        value = None
        if column is not None and column in self.raw and show_value:
            cell = self.raw[column]
            value = (
                f"{float(cell.value) * 100:g}%"  # type: ignore[arg-type]
                if cell.percent
                else show(cell.value)
            )
        return Problem(
            message,
            file=self.sheet.file,
            sheet=self.sheet.label,
            row=self.number,
            column=header,
            value=value,
            expected=expected,
        )

    @property
    def where(self) -> str:
        return (
            f"{IMPORT['where_sheet'].format(sheet=self.sheet.label)} "
            f"{IMPORT['where_row'].format(row=self.number)}"
        )


# The columns whose codes are compared with the stored ones: in one Unicode form.
CODE_KEYS = frozenset({"org_code", "related_code", "parent_code", "scope_code"})


@dataclass
class Parsed:
    """A sheet's columns as typed values (spec.SPECS's order; None where a cell cannot be read)
    and the problems of its cells, as (row index, column's place, problem) in reading order."""

    values: list[list[Any]]
    found: list[tuple[int, int, Problem]]


def parse_sheet(sheet: SheetData) -> Parsed:
    """Every cell of the sheet parsed, column by column: a parser depends on the cell alone, so
    each distinct value of a column is parsed once (a national year repeats the same counts,
    levels and sectors hundreds of thousands of times) and the column is then looked up value
    by value in C. The type is part of the key where a column mixes truth values and numbers
    (True == 1.0 in Python); elsewhere the value alone is (a pair made for each of a national
    year's 28 million cells was half of the parse: 0,8–1,0 s of a 9-MB file, now 0,4–0,5)."""
    n = len(sheet.numbers)
    found: list[tuple[int, int, Problem]] = []
    values: list[list[Any]] = []
    for place, col in enumerate(SPECS[sheet.key]):
        cells = sheet.columns.get(col.key)
        if cells is None:  # column absent
            values.append([None] * n)
            continue
        plain = col.kind in _PLAIN_KINDS
        # a column that mixes two of bool, int and float is keyed per (type, value); any other by
        # the value alone: no two of its values are equal across types
        typed = len(_EQUAL_ACROSS_TYPES.intersection(map(type, cells))) > 1
        keys: list[Any] = list(zip(map(type, cells), cells, strict=True)) if typed else cells
        distinct = list(dict.fromkeys(keys))
        parsed = dict(
            zip(
                distinct,
                [
                    value
                    if plain and type(value) is str and _already_clean(value)
                    else _parse_once(col.kind, Raw(read_cell(value)))
                    for value in ([k[1] for k in distinct] if typed else distinct)
                ],
                strict=True,
            )
        )
        if col.key in CODE_KEYS:
            parsed = {k: nfc(v) if isinstance(v, str) else v for k, v in parsed.items()}
        out = list(map(parsed.__getitem__, keys))
        for (index, key), raw in sheet.flagged.items():
            if key == col.key:
                out[index] = _parse_once(col.kind, raw)
        failed = any(isinstance(v, CellError) for v in parsed.values())
        blank = col.needs_value and any(v is None for v in parsed.values())
        if failed or blank or sheet.flagged:
            for index, value in enumerate(out):
                if isinstance(value, CellError):
                    message, expected = value.message, value.expected
                    out[index] = None
                elif value is None and col.needs_value:
                    message, expected = IMPORT["blank"], IMPORT_EXPECTED.get(col.kind)
                else:
                    continue
                found.append((index, place, _problem(sheet, index, col.key, message, expected)))
        values.append(out)
    found.sort(key=lambda f: (f[0], f[1]))
    return Parsed(values, found)


@dataclass
class SheetColumns:
    """A sheet's rows parsed and kept as columns (spec.SPECS's order), each row's ``ok`` beside:
    what ``make_rows`` turns into ``Row``s when their checks come."""

    sheet: SheetData
    values: list[list[Any]]
    ok: list[bool]

    def column(self, key: str) -> list[Any]:
        return self.values[_PLACES[self.sheet.key][key]]


# each sheet's columns by key: their place in ``SheetColumns.values``
_PLACES = {sheet: {c.key: place for place, c in enumerate(cols)} for sheet, cols in SPECS.items()}


def parse_columns(sheet: SheetData, problems: list[Problem]) -> SheetColumns:
    """Every cell of the sheet parsed (by ``parse_sheet``, unless the worker that read the sheet
    did), kept as columns; a cell that cannot be read is a problem, its row not ``ok``, its
    value None. The problems come out row by row, as a reader goes through the sheet."""
    parsed = sheet.parsed if isinstance(sheet.parsed, Parsed) else parse_sheet(sheet)
    sheet.parsed = None  # the columns hold the values from here on
    ok = [sheet.complete] * len(sheet.numbers)
    for index, _, _ in parsed.found:
        ok[index] = False
    problems.extend(p for _, _, p in parsed.found)
    # one string per code, whichever sheet names it: each sheet's worker sends its own copies
    # (a national year's codes were 3,2 million strings; the dry run's peak 0,09 GB lower)
    for place, col in enumerate(SPECS[sheet.key]):
        if col.key in CODE_KEYS:
            parsed.values[place] = [
                sys.intern(v) if type(v) is str else v for v in parsed.values[place]
            ]
    return SheetColumns(sheet, parsed.values, ok)


def make_rows(columns: SheetColumns, keep: list[bool] | None = None) -> list[Row]:
    """The sheet's rows as ``Row``s, a dict of its values each; with ``keep``, only the rows
    it marks True."""
    return list(each_row(columns, keep))


def each_row(columns: SheetColumns, keep: list[bool] | None = None) -> Iterator[Row]:
    """``make_rows``, one row at a time as they are asked."""
    sheet = columns.sheet
    names = [c.key for c in SPECS[sheet.key]]
    rows = enumerate(zip(sheet.numbers, zip(*columns.values, strict=True), columns.ok, strict=True))
    if keep is None:
        for index, (number, row, good) in rows:
            yield Row(sheet, number, dict(zip(names, row, strict=True)), index, good)
        return
    for (index, (number, row, good)), kept in zip(rows, keep, strict=True):
        if kept:
            yield Row(sheet, number, dict(zip(names, row, strict=True)), index, good)


def _problem(
    sheet: SheetData, index: int, column: str, message: str, expected: str | None
) -> Problem:
    return row_at(sheet, index).problem(message, column, expected=expected)


def row_at(sheet: SheetData, index: int) -> Row:
    """The sheet's row at ``index`` among its kept rows, as a message names it (where it is),
    without its values."""
    return Row(sheet, sheet.numbers[index], {}, index)

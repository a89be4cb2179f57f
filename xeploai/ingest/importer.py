"""Import of yearly results from workbooks and CSV files (DESIGN.md, "Import format").

The file is untrusted. It is read without evaluating anything (a formula contributes the value
Excel stored, never a computation of ours; macros are never loaded), every cell is checked, and
every problem is collected before anything is written, so the user fixes the whole file in one
round. Only then is the difference with the database computed (the dry run) and written in one
transaction, together with the rows it replaced, so that the import can be undone.

The stages, each a plain function the CLI and the page share:

    read_sources  → sheets of raw cells      (file format, encoding, size)
    prepare       → a Batch of changes       (every check; raises ImportRefused)
    commit        → import_id                (one transaction, logged in import_log)
    undo          → the rows restored
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from xeploai.domain.levels import LEVEL_CODES, MEMBER_LEVELS, SCHEME_BREAK_YEAR, scheme_for_year
from xeploai.domain.measures import DIRECTIONS, MEASURES, SUBJECTS
from xeploai.domain.orgs import ORG_TYPES, SECTORS
from xeploai.store.database import Database
from xeploai.texts import (
    DIRECTION_LABELS,
    IMPORT,
    IMPORT_EXPECTED,
    IMPORT_HEADERS,
    IMPORT_SHEET_LABELS,
    IMPORT_TABLE_LABELS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    ORG_TYPE_LABELS,
    SECTOR_LABELS,
    SUBJECT_LABELS,
    fmt_int,
)

# --- limits of an untrusted file ------------------------------------------------------------

MAX_FILE_BYTES = 20 * 1024 * 1024
# A workbook is a zip: a few kilobytes can inflate to gigabytes (a "zip bomb").
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 100_000
MAX_TEXT = 300
YEAR_MIN = 2000  # evaluation years
# Years of existence and of congress terms: organizations founded long ago, terms ahead.
SPAN_YEAR_MIN = 1930
SPAN_YEARS_AHEAD = 10


def year_max() -> int:
    """Results are decided in December: no evaluation year lies after the current one."""
    return dt.date.today().year


SHEETS = ("organizations", "results", "cell_results", "targets")
# Sheets of the template that hold no data.
_TEMPLATE_SHEETS = {"huongdan", "danhmuc"}

CELL_LEVEL_COLUMNS = tuple(f"cells_{code}" for code in LEVEL_CODES)
MEMBER_LEVEL_COLUMNS = tuple(f"members_{code}" for code in MEMBER_LEVELS)
MEMBER_STATUS_COLUMNS = ("members_exempt", "members_suspended", "members_new", "members_pending")


@dataclass(frozen=True)
class Column:
    key: str
    kind: str
    required: bool = False  # the column must be present
    needs_value: bool = False  # a blank cell is an error


SPECS: dict[str, tuple[Column, ...]] = {
    "organizations": (
        Column("org_code", "code", True, True),
        Column("org_name", "text", True, True),
        Column("org_type", "org_type", True, True),
        Column("parent_code", "code"),
        Column("sector", "sector", True, True),
        Column("active_from", "span_year"),
        Column("active_to", "span_year"),
        Column("successor_code", "code"),
    ),
    "results": (
        Column("year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("org_level", "level", True),
        Column("clean_strong", "bool"),
        Column("members_total", "count", True),
        *(Column(key, "count") for key in MEMBER_STATUS_COLUMNS),
        *(Column(key, "count") for key in MEMBER_LEVEL_COLUMNS),
        Column("members_evaluated", "count"),
        Column("cells_rated", "count"),
        *(Column(key, "count") for key in CELL_LEVEL_COLUMNS),
    ),
    "cell_results": (
        Column("year", "year", True, True),
        Column("org_code", "code", True, True),
        Column("org_level", "level", True),
    ),
    "targets": (
        Column("term", "text", True, True),
        Column("from_year", "span_year", True, True),
        Column("to_year", "span_year", True, True),
        Column("subject", "subject", True, True),
        Column("measure", "measure", True, True),
        Column("direction", "direction", True, True),
        Column("target", "target", True, True),
        Column("source", "text"),
    ),
}

# The database tables an import writes, their key columns and all their columns.
TABLE_KEYS: dict[str, tuple[str, ...]] = {
    "organizations": ("org_code",),
    "org_results": ("year", "org_code"),
    "cell_results": ("year", "org_code"),
    "targets": ("term", "subject", "measure"),
}
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("org_code", "org_name", "org_type", "parent_code", "sector",
                      "active_from", "active_to", "successor_code"),
    "org_results": ("year", "org_code", "scheme_code", "org_level", "clean_strong",
                    "members_total", "members_exempt", "members_suspended", "members_new",
                    "members_pending", "members_htxsnv", "members_httnv", "members_htnv",
                    "members_khtnv", "cells_tsvm", "cells_htxsnv", "cells_httnv", "cells_htnv",
                    "cells_khtnv", "cells_yk"),
    "cell_results": ("year", "org_code", "scheme_code", "org_level"),
    "targets": ("term", "from_year", "to_year", "subject", "measure", "direction", "target",
                "source"),
}
TABLES = tuple(TABLE_KEYS)


# --- text folding: what "case, accents and spaces ignored" means ----------------------------

def fold(text: str) -> str:
    """'Đảng viên  HTXSNV' → 'dangvienhtxsnv': NFC or NFD, accents, case, spaces all ignored."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^0-9a-z]", "", bare.lower())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _label_lookup(labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    lookup = {fold(code): code for code in labels}
    lookup.update({fold(label): code for code, label in labels.items()})
    lookup.update(extra or {})
    return lookup


LEVEL_LOOKUP = _label_lookup(LEVEL_LABELS, {
    "htxs": "HTXSNV", "hoanthanhxuatsac": "HTXSNV", "htt": "HTTNV", "hoanthanhtot": "HTTNV",
    "ht": "HTNV", "hoanthanh": "HTNV", "kht": "KHTNV", "khonghoanthanh": "KHTNV",
    "yeu": "YK", "tsvm": "TSVM",
})
ORG_TYPE_LOOKUP = _label_lookup(ORG_TYPE_LABELS)
SECTOR_LOOKUP = _label_lookup(SECTOR_LABELS)
SUBJECT_LOOKUP = _label_lookup(SUBJECT_LABELS)
MEASURE_LOOKUP = _label_lookup(MEASURE_LABELS)
DIRECTION_LOOKUP = _label_lookup(DIRECTION_LABELS)
_LOOKUPS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "org_type": (ORG_TYPE_LOOKUP, ORG_TYPE_LABELS),
    "sector": (SECTOR_LOOKUP, SECTOR_LABELS),
    "subject": (SUBJECT_LOOKUP, SUBJECT_LABELS),
    "measure": (MEASURE_LOOKUP, MEASURE_LABELS),
    "direction": (DIRECTION_LOOKUP, DIRECTION_LABELS),
}
assert set(ORG_TYPE_LABELS) == set(ORG_TYPES) and set(SECTOR_LABELS) == set(SECTORS)
assert set(SUBJECT_LABELS) == set(SUBJECTS) and set(MEASURE_LABELS) == set(MEASURES)
assert set(DIRECTION_LABELS) == set(DIRECTIONS)

_TRUE = {"1", "co", "x", "true", "yes", "dung", "tsvm"}
_FALSE = {"0", "khong", "false", "no", "sai"}


def _sheet_key(name: str) -> str | None:
    folded = fold(name)
    for key in SHEETS:
        if folded in (fold(key), fold(IMPORT_SHEET_LABELS[key])):
            return key
    return None


def _header_lookup(sheet: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for key, label in IMPORT_HEADERS[sheet].items():
        lookup[fold(key)] = key
        lookup[fold(label)] = key
    return lookup


# --- problems -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, located as precisely as it can be."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None  # the cell as found; "" = a blank cell; None = not about a cell
    expected: str | None = None

    def text(self) -> str:
        where = []
        if self.file:
            where.append(IMPORT["where_file"].format(file=self.file))
        if self.sheet:
            where.append(IMPORT["where_sheet"].format(sheet=self.sheet))
        if self.row is not None:
            where.append(IMPORT["where_row"].format(row=self.row))
        if self.column:
            where.append(IMPORT["where_column"].format(column=self.column))
        out = (", ".join(where) + ": ") if where else ""
        out += self.message
        if self.value is not None:
            found = (IMPORT["found"].format(value=self.value) if self.value != ""
                     else IMPORT["found_blank"])
            out += f" ({found})"
        if self.expected:
            out += " — " + IMPORT["expected"].format(expected=self.expected)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "value": self.value, "message": self.message, "expected": self.expected}


class ImportRefused(Exception):
    """The file was refused; nothing was written. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(IMPORT["refused"].format(n=len(problems)))
        self.problems = list(problems)


class DatabaseLocked(RuntimeError):
    """Another process holds the database file (e.g. the running app)."""


# --- reading --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """One uploaded or named file: its name as the user knows it and its bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Raw:
    """A cell as read: the value, and whether Excel formatted it as a percentage."""

    value: object
    percent: bool = False
    formula_without_value: bool = False


@dataclass
class SheetData:
    key: str  # organizations, results, …
    file: str
    label: str  # the sheet's name as written in the file
    headers: dict[str, str] = field(default_factory=dict)  # key → header as written
    rows: list[tuple[int, dict[str, Raw]]] = field(default_factory=list)
    # False when a required column is missing: its rows are then not checked for sums, which
    # would only repeat the one real problem on every row.
    complete: bool = True


def sources_from_paths(paths: Iterable[str | Path]) -> tuple[list[Source], list[Problem]]:
    """Files named on the command line; a folder stands for the .csv files in it."""
    sources: list[Source] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
            if not files:
                problems.append(Problem(IMPORT["folder_empty"], file=str(path)))
        else:
            files = [path]
        for file in files:
            if not file.is_file():
                problems.append(Problem(IMPORT["file_missing"], file=str(file)))
                continue
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(_too_big(file.name, size))
                continue
            sources.append(Source(file.name, file.read_bytes()))
    return sources, problems


def _too_big(name: str, size: int) -> Problem:
    return Problem(IMPORT["file_too_big"].format(size=f"{size / 2**20:.1f}".replace(".", ","),
                                                 limit=MAX_FILE_BYTES // 2**20), file=name)


def read_sources(sources: Sequence[Source]) -> tuple[list[SheetData], list[Problem], list[str]]:
    """Sheets of raw cells, the problems of the files as files, and notes (skipped sheets)."""
    sheets: list[SheetData] = []
    problems: list[Problem] = []
    notes: list[str] = []
    for source in sources:
        if len(source.data) > MAX_FILE_BYTES:
            problems.append(_too_big(source.name, len(source.data)))
            continue
        suffix = Path(source.name).suffix.lower()
        head = source.data[:8]
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Excel 97–2003, whatever the name says
            problems.append(Problem(IMPORT["file_xls"], file=source.name))
        elif suffix == ".xlsx":
            _read_xlsx(source, sheets, problems, notes)
        elif suffix == ".csv":
            _read_csv(source, sheets, problems)
        elif suffix == ".xls":
            problems.append(Problem(IMPORT["file_xls"], file=source.name))
        else:
            problems.append(Problem(IMPORT["file_bad_ext"].format(ext=suffix or "(không có)"),
                                    file=source.name))
    if not sheets and not problems:
        problems.append(Problem(IMPORT["no_sheets"]))
    return sheets, problems, notes


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _header_text(value: object) -> str:
    return "" if value is None else nfc(str(value)).strip()


def _read_table(key: str, file: str, label: str, header: list[object],
                body: Iterable[tuple[int, list[Raw]]], problems: list[Problem]) -> SheetData:
    """Map the header row to keys; unknown, duplicate and missing columns are problems."""
    sheet = SheetData(key, file, label)
    lookup = _header_lookup(key)
    positions: dict[int, str] = {}
    blank_header: list[int] = []
    for i, cell in enumerate(header):
        text = _header_text(cell)
        if not text:
            blank_header.append(i)
            continue
        column = lookup.get(fold(text))
        if column is None:
            problems.append(Problem(
                IMPORT["unknown_column"], file=file, sheet=label, row=1, column=text,
                expected=IMPORT_EXPECTED["column"].format(
                    sheet=label, choices=", ".join(IMPORT_HEADERS[key]))))
        elif column in sheet.headers:
            problems.append(Problem(IMPORT["duplicate_column"].format(column=column),
                                    file=file, sheet=label, row=1, column=text))
        else:
            positions[i] = column
            sheet.headers[column] = text
    for col in SPECS[key]:
        if col.required and col.key not in sheet.headers:
            sheet.complete = False
            problems.append(Problem(
                IMPORT["missing_column"].format(column=col.key,
                                                label=IMPORT_HEADERS[key][col.key]),
                file=file, sheet=label, row=1))
    flagged_blank_columns: set[int] = set()
    for row_number, cells in body:
        if all(_is_blank(c.value) for c in cells):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            problems.append(Problem(IMPORT["too_many_rows"].format(limit=fmt_int(MAX_ROWS)),
                                    file=file, sheet=label))
            break
        for i in blank_header:
            if i < len(cells) and not _is_blank(cells[i].value) and i not in flagged_blank_columns:
                flagged_blank_columns.add(i)
                problems.append(Problem(
                    IMPORT["unknown_column"], file=file, sheet=label, row=row_number,
                    column=_column_letter(i), value=_show(cells[i].value),
                    expected=IMPORT_EXPECTED["column"].format(
                        sheet=label, choices=", ".join(IMPORT_HEADERS[key]))))
        sheet.rows.append((row_number, {
            column: cells[i] if i < len(cells) else Raw(None) for i, column in positions.items()
        }))
    return sheet


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# A formula element in a worksheet's XML (<f>, <f t="shared" …>, or with a namespace prefix).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _read_xlsx(source: Source, sheets: list[SheetData], problems: list[Problem],
               notes: list[str]) -> None:
    import openpyxl  # heavy; only when a workbook comes

    try:
        with zipfile.ZipFile(io.BytesIO(source.data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            has_formulas = unzipped <= MAX_UNZIPPED_BYTES and any(
                _FORMULA_TAG.search(archive.read(name)) for name in names
                if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except zipfile.BadZipFile:
        problems.append(Problem(IMPORT["file_not_xlsx"], file=source.name))
        return
    if "xl/workbook.xml" not in names:
        problems.append(Problem(IMPORT["file_not_xlsx"], file=source.name))
        return
    if unzipped > MAX_UNZIPPED_BYTES:
        problems.append(Problem(
            IMPORT["file_unzip_too_big"].format(limit=MAX_UNZIPPED_BYTES // 2**20),
            file=source.name))
        return
    try:
        # Two read-only passes: formulas as written (to know which cells hold one) and the
        # values Excel stored. Nothing is ever computed here; macros are never loaded.
        formulas = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True,
                                          data_only=False, keep_links=False
                                          ) if has_formulas else None
        values = openpyxl.load_workbook(io.BytesIO(source.data), read_only=True,
                                        data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        problems.append(Problem(IMPORT["file_unreadable"].format(error=type(exc).__name__),
                                file=source.name))
        return
    try:
        for name in values.sheetnames:
            key = _sheet_key(name)
            if key is None:
                if fold(name) not in _TEMPLATE_SHEETS:
                    notes.append(IMPORT["unknown_sheet_skipped"].format(sheet=name))
                continue
            formula_cells: set[tuple[int, int]] = set()
            rows_with_formulas = formulas[name].iter_rows() if formulas else ()
            for r, row in enumerate(rows_with_formulas, start=1):
                if r > MAX_ROWS + 1:
                    break
                for c, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "f":
                        formula_cells.add((r, c))
            rows = values[name].iter_rows()
            header_row = next(rows, ())
            header = [cell.value for cell in header_row]

            def body(rows: Any = rows, formula_cells: set[tuple[int, int]] = formula_cells
                     ) -> Iterable[tuple[int, list[Raw]]]:
                for r, row in enumerate(rows, start=2):
                    yield r, [
                        Raw(cell.value,
                            percent=isinstance(cell.value, int | float)
                            and "%" in str(getattr(cell, "number_format", "") or ""),
                            formula_without_value=(r, c) in formula_cells and cell.value is None)
                        for c, cell in enumerate(row)
                    ]

            sheets.append(_read_table(key, source.name, name, header, body(), problems))
    finally:
        if formulas:
            formulas.close()
        values.close()


def _decode_csv(source: Source) -> str | Problem:
    data = source.data
    if data.startswith(b"PK\x03\x04"):
        return Problem(IMPORT["file_not_csv"], file=source.name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text": UTF-16 announced by its byte order mark, decoded exactly.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return Problem(IMPORT["file_not_csv"], file=source.name)
    if b"\x00" in data:
        return Problem(IMPORT["file_not_csv"], file=source.name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # cp1258, TCVN3 and VNI all decode without error into the wrong letters: refuse.
        return Problem(IMPORT["file_encoding"].format(position=exc.start), file=source.name)


def _read_csv(source: Source, sheets: list[SheetData], problems: list[Problem]) -> None:
    key = _sheet_key(Path(source.name).stem)
    if key is None:
        problems.append(Problem(IMPORT["csv_name"].format(name=source.name), file=source.name))
        return
    text = _decode_csv(source)
    if isinstance(text, Problem):
        problems.append(text)
        return
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.append(Problem(IMPORT["file_unreadable"].format(error=str(exc)),
                                file=source.name))
        return
    if not records:
        problems.append(Problem(IMPORT["no_sheets"], file=source.name))
        return
    header: list[object] = list(records[0])
    body = ((i, [Raw(v) for v in record]) for i, record in enumerate(records[1:], start=2))
    sheets.append(_read_table(key, source.name, Path(source.name).stem, header, body, problems))


# --- parsing cells --------------------------------------------------------------------------

def _show(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value)).strip()


class _CellError(Exception):
    def __init__(self, message: str, expected: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


_INT_TEXT = re.compile(r"^\+?(\d+)(?:[.,]0+)?$")
_NUMBER_TEXT = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_count(raw: Raw) -> int | None:
    """A count: 12, 12.0 and '12,0' are 12; blank is None (absent = 0 for the caller)."""
    expected = IMPORT_EXPECTED["count"]
    value = raw.value
    if raw.formula_without_value:
        raise _CellError(IMPORT["formula_no_value"], expected)
    if _is_blank(value):
        return None
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        raise _CellError(IMPORT["not_a_number"], expected)
    if isinstance(value, int | float):
        if raw.percent:
            raise _CellError(IMPORT["percent"], expected)
        number = float(value)
        if not math.isfinite(number):
            raise _CellError(IMPORT["not_a_number"], expected)
        if number < 0:
            raise _CellError(IMPORT["negative"], expected)
        if not number.is_integer():
            raise _CellError(IMPORT["ratio_like" if number < 1 else "fraction"], expected)
        return int(number)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text.endswith("%"):
        raise _CellError(IMPORT["percent"], expected)
    match = _INT_TEXT.match(text)
    if match:
        return int(match.group(1))
    if _NUMBER_TEXT.match(text):
        number = float(text.replace(",", "."))
        if number < 0:
            raise _CellError(IMPORT["negative"], expected)
        raise _CellError(IMPORT["ratio_like" if number < 1 else "fraction"], expected)
    raise _CellError(IMPORT["not_a_number"], expected)


def parse_year(raw: Raw, low: int | None = None, high: int | None = None) -> int | None:
    """An evaluation year (YEAR_MIN … this year), or a year within [low, high]."""
    low = YEAR_MIN if low is None else low
    high = year_max() if high is None else high
    expected = IMPORT_EXPECTED["year"].format(min=low, max=high)
    try:
        year = parse_count(raw)
    except _CellError as exc:
        raise _CellError(exc.message, expected) from None
    if year is not None and not low <= year <= high:
        raise _CellError(IMPORT["year_range"], expected)
    return year


def parse_target(raw: Raw) -> float | None:
    expected = IMPORT_EXPECTED["target"]
    value = raw.value
    if raw.formula_without_value:
        raise _CellError(IMPORT["formula_no_value"], expected)
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _CellError(IMPORT["not_a_number"], expected)
    if isinstance(value, int | float):
        number = float(value) * (100 if raw.percent else 1)
    else:
        text = str(value).strip().replace(" ", "").removesuffix("%")
        if not _NUMBER_TEXT.match(text):
            raise _CellError(IMPORT["not_a_number"], expected)
        number = float(text.replace(",", "."))
    if not (math.isfinite(number) and 0 <= number <= 100):
        raise _CellError(IMPORT["target_range"], expected)
    return round(number, 4)


def parse_bool(raw: Raw) -> bool:
    expected = IMPORT_EXPECTED["bool"]
    value = raw.value
    if raw.formula_without_value:
        raise _CellError(IMPORT["formula_no_value"], expected)
    if _is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    folded = fold(_show(value))
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise _CellError(IMPORT["unknown_label"], expected)


def parse_text(raw: Raw, kind: str) -> str | None:
    if raw.formula_without_value:
        raise _CellError(IMPORT["formula_no_value"], IMPORT_EXPECTED[kind])
    if _is_blank(raw.value):
        return None
    if isinstance(raw.value, bool):
        raise _CellError(IMPORT["unknown_label"], IMPORT_EXPECTED[kind])
    text = _show(raw.value)
    if len(text) > MAX_TEXT:
        raise _CellError(IMPORT["too_long"].format(limit=MAX_TEXT), IMPORT_EXPECTED[kind])
    return text


def parse_choice(raw: Raw, kind: str) -> str | None:
    lookup, labels = _LOOKUPS[kind]
    text = parse_text(raw, "text")
    if text is None:
        return None
    code = lookup.get(fold(text))
    if code is None:
        raise _CellError(IMPORT["unknown_label"], IMPORT_EXPECTED[kind].format(
            choices="; ".join(labels.values())))
    return code


def parse_level_code(raw: Raw) -> str | None:
    text = parse_text(raw, "text")
    if text is None:
        return None
    code = LEVEL_LOOKUP.get(fold(text))
    if code is None:
        raise _CellError(IMPORT["unknown_label"], IMPORT_EXPECTED["level_any"].format(
            choices="; ".join(f"{c} ({label})" for c, label in LEVEL_LABELS.items())))
    return code


def level_problem(code: str, year: int) -> tuple[str, str] | None:
    """Why an organization's level does not exist in the year's scheme, or None."""
    allowed = scheme_for_year(year).org_levels
    if code in allowed:
        return None
    if code == "TSVM":
        message = IMPORT["level_tsvm_new"]
    elif code == "YK":
        message = IMPORT["level_yk_new"]
    else:
        message = IMPORT["level_new_in_old"]
    return message, IMPORT_EXPECTED["level"].format(
        year=year, choices="; ".join(LEVEL_LABELS[c] for c in allowed))


_PARSERS: dict[str, Callable[[Raw, str], object]] = {
    "code": lambda raw, kind: parse_text(raw, "code"),
    "text": lambda raw, kind: parse_text(raw, "text"),
    "count": lambda raw, kind: parse_count(raw),
    "year": lambda raw, kind: parse_year(raw),
    "span_year": lambda raw, kind: parse_year(raw, SPAN_YEAR_MIN, year_max() + SPAN_YEARS_AHEAD),
    "target": lambda raw, kind: parse_target(raw),
    "bool": lambda raw, kind: parse_bool(raw),
    "level": lambda raw, kind: parse_level_code(raw),
    "org_type": parse_choice,
    "sector": parse_choice,
    "subject": parse_choice,
    "measure": parse_choice,
    "direction": parse_choice,
}


@dataclass
class Row:
    """One parsed row of a sheet: its values by key and where it came from."""

    sheet: SheetData
    number: int
    values: dict[str, Any]
    raw: dict[str, Raw]
    ok: bool = True

    def problem(self, message: str, column: str | None = None, *, expected: str | None = None,
                show_value: bool = True) -> Problem:
        header = self.sheet.headers.get(column, column) if column else None
        value = None
        if column in self.raw and show_value:
            cell = self.raw[column]
            value = (f"{float(cell.value) * 100:g}%" if cell.percent  # type: ignore[arg-type]
                     else _show(cell.value))
        return Problem(message, file=self.sheet.file, sheet=self.sheet.label, row=self.number,
                       column=header, value=value, expected=expected)

    @property
    def where(self) -> str:
        return f"{IMPORT['where_sheet'].format(sheet=self.sheet.label)} " \
               f"{IMPORT['where_row'].format(row=self.number)}"


def _parse_rows(sheet: SheetData, problems: list[Problem]) -> list[Row]:
    parsed: list[Row] = []
    for number, raw in sheet.rows:
        row = Row(sheet, number, {}, raw, ok=sheet.complete)
        for col in SPECS[sheet.key]:
            cell = raw.get(col.key)
            if cell is None:  # column absent
                row.values[col.key] = None
                continue
            try:
                value = _PARSERS[col.kind](cell, col.kind)
            except _CellError as exc:
                problems.append(row.problem(exc.message, col.key, expected=exc.expected))
                row.ok = False
                row.values[col.key] = None
                continue
            if value is None and col.needs_value:
                problems.append(row.problem(IMPORT["blank"], col.key,
                                            expected=IMPORT_EXPECTED.get(col.kind)))
                row.ok = False
            row.values[col.key] = value
        if isinstance(row.values.get("org_code"), str):
            row.values["org_code"] = nfc(row.values["org_code"])
        parsed.append(row)
    return parsed


# --- the batch: what an import would change -------------------------------------------------

@dataclass(frozen=True)
class Change:
    table: str
    key: tuple[Any, ...]
    old: dict[str, Any] | None  # None: the row is new
    new: dict[str, Any]

    def changed_columns(self) -> list[tuple[str, Any, Any]]:
        if self.old is None:
            return []
        return [(c, self.old.get(c), self.new.get(c)) for c in TABLE_COLUMNS[self.table]
                if self.old.get(c) != self.new.get(c)]


@dataclass
class Batch:
    """The checked content of the files and its difference with the database."""

    sources: list[Source]
    changes: list[Change]
    unchanged: Counter[str]
    notes: list[str]

    @property
    def years(self) -> list[int]:
        return sorted({int(c.key[0]) for c in self.changes
                       if c.table in ("org_results", "cell_results")})

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for table in TABLES:
            mine = [c for c in self.changes if c.table == table]
            out[table] = {"added": sum(c.old is None for c in mine),
                          "changed": sum(c.old is not None for c in mine),
                          "unchanged": self.unchanged[table]}
        return out

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary_text(self) -> str:
        return "; ".join(
            IMPORT["diff_summary"].format(table=IMPORT_TABLE_LABELS[t], added=fmt_int(n["added"]),
                                          changed=fmt_int(n["changed"]),
                                          unchanged=fmt_int(n["unchanged"]))
            for t, n in self.counts().items() if any(n.values()))

    def diff_rows(self) -> list[dict[str, str]]:
        """The dry run as rows for a table: kind, table, key, changes (old → new)."""
        rows = []
        for c in self.changes:
            rows.append({
                "kind": "added" if c.old is None else "changed",
                "table": c.table,
                "key": " · ".join(str(k) for k in c.key),
                "change": ", ".join(
                    IMPORT["diff_change"].format(column=col, old=_fmt_value(old),
                                                 new=_fmt_value(new))
                    for col, old, new in c.changed_columns()),
            })
        return rows


def _fmt_value(value: object) -> str:
    if value is None:
        return IMPORT["empty_value"]
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return fmt_int(value)
    return str(value)


def _fetch(conn: duckdb.DuckDBPyConnection, table: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    cur = conn.cursor()
    try:
        columns = TABLE_COLUMNS[table]
        result = cur.execute(f"select {', '.join(columns)} from {table}").fetchall()
    finally:
        cur.close()
    keys = TABLE_KEYS[table]
    out = {}
    for values in result:
        row = dict(zip(columns, values, strict=True))
        out[tuple(row[k] for k in keys)] = row
    return out


def _duplicates(rows: list[Row], key: Callable[[Row], tuple[Any, ...] | None],
                problems: list[Problem]) -> list[Row]:
    """Rows whose key repeats an earlier row are problems; returns the first of each key."""
    first: dict[tuple[Any, ...], Row] = {}
    kept: list[Row] = []
    for row in rows:
        k = key(row)
        if k is None:
            continue
        if k in first:
            other = first[k]
            problems.append(row.problem(IMPORT["duplicate_row"].format(
                key=", ".join(str(v) for v in k), other=other.where), show_value=False))
            row.ok = False
            continue
        first[k] = row
        kept.append(row)
    return kept


def _span(org: dict[str, Any]) -> str:
    start = org.get("active_from")
    end = org.get("active_to")
    return f"{start or '…'}–{end or '…'}"


def _active(org: dict[str, Any], year: int) -> bool:
    return (org.get("active_from") or 0) <= year <= (org.get("active_to") or 9999)


def prepare(db: Database, sources: Sequence[Source]) -> Batch:
    """Check everything and compute the changes; raises ImportRefused with every problem."""
    sheets, problems, notes = read_sources(sources)
    if problems and not sheets:
        raise ImportRefused(problems)
    by_sheet: dict[str, list[Row]] = defaultdict(list)
    for sheet in sheets:
        by_sheet[sheet.key].extend(_parse_rows(sheet, problems))

    conn = db.conn
    db_orgs = _fetch(conn, "organizations")
    db_results = _fetch(conn, "org_results")
    db_cells = _fetch(conn, "cell_results")
    db_targets = _fetch(conn, "targets")

    # The catalogue: the database's, with the file's rows over it.
    org_rows = _duplicates(by_sheet["organizations"],
                           lambda r: (r.values["org_code"],) if r.values["org_code"] else None,
                           problems)
    catalogue: dict[str, dict[str, Any]] = {k[0]: dict(v) for k, v in db_orgs.items()}
    file_orgs: dict[str, Row] = {}
    for row in org_rows:
        v = row.values
        file_orgs[v["org_code"]] = row
        catalogue[v["org_code"]] = {c: (nfc(v[c]) if isinstance(v[c], str) else v[c])
                                    for c in TABLE_COLUMNS["organizations"]}
    # Organizations whose own row has a problem: rows that refer to them are not checked
    # further, which would only repeat that problem in other words.
    broken = {code for code, row in file_orgs.items() if not row.ok}
    _check_catalogue(catalogue, file_orgs, broken, db_orgs, db_results, db_cells, problems)

    result_rows = _duplicates(
        by_sheet["results"],
        lambda r: (r.values["year"], r.values["org_code"])
        if r.values["year"] and r.values["org_code"] else None, problems)
    cell_rows = _duplicates(
        by_sheet["cell_results"],
        lambda r: (r.values["year"], r.values["org_code"])
        if r.values["year"] and r.values["org_code"] else None, problems)
    target_rows = _duplicates(
        by_sheet["targets"],
        lambda r: (r.values["term"], r.values["subject"], r.values["measure"])
        if r.values["term"] and r.values["subject"] and r.values["measure"] else None, problems)

    result_rows = [r for r in result_rows if r.values["org_code"] not in broken]
    cell_rows = [r for r in cell_rows if r.values["org_code"] not in broken
                 and catalogue.get(r.values["org_code"], {}).get("parent_code") not in broken]
    new_cells = _check_cells(cell_rows, catalogue, result_rows, db_results, problems)
    new_results = _check_results(result_rows, catalogue, new_cells, db_cells, db_results,
                                 problems)
    new_targets = _check_targets(target_rows, problems)

    if problems:
        raise ImportRefused(problems)

    changes: list[Change] = []
    unchanged: Counter[str] = Counter()
    for table, new_rows, old_rows in (
        ("organizations", {(k,): v for k, v in catalogue.items() if k in file_orgs}, db_orgs),
        ("org_results", new_results, db_results),
        ("cell_results", new_cells, db_cells),
        ("targets", new_targets, db_targets),
    ):
        for key in sorted(new_rows, key=lambda k: tuple(str(x) for x in k)):
            new = new_rows[key]
            old = old_rows.get(key)
            if old == new:
                unchanged[table] += 1
            else:
                changes.append(Change(table, key, old, new))
    return Batch(list(sources), changes, unchanged, notes)


def _check_catalogue(catalogue: dict[str, dict[str, Any]], file_orgs: dict[str, Row],
                     broken: set[str], db_orgs: dict[tuple[Any, ...], dict[str, Any]],
                     db_results: dict[tuple[Any, ...], dict[str, Any]],
                     db_cells: dict[tuple[Any, ...], dict[str, Any]], problems: list[Problem]
                     ) -> None:
    result_years: dict[str, set[int]] = defaultdict(set)
    cell_years: dict[str, set[int]] = defaultdict(set)
    for year, code in db_results:
        result_years[code].add(year)
    for year, code in db_cells:
        cell_years[code].add(year)
    children: dict[str, list[str]] = defaultdict(list)
    for code, org in catalogue.items():
        if org.get("parent_code"):
            children[org["parent_code"]].append(code)

    for code, row in file_orgs.items():
        if not row.ok:
            continue
        org = catalogue[code]
        kind, parent = org["org_type"], org["parent_code"]
        type_label = ORG_TYPE_LABELS[kind].lower()
        if kind == "subordinate_cell":
            if not parent:
                problems.append(row.problem(IMPORT["parent_missing"], "parent_code"
                                            if "parent_code" in row.raw else "org_type"))
            elif parent not in catalogue:
                problems.append(row.problem(IMPORT["parent_unknown"], "parent_code"))
            elif parent in broken:
                pass
            elif catalogue[parent]["org_type"] != "base_committee":
                problems.append(row.problem(IMPORT["parent_not_committee"].format(
                    parent=parent,
                    type=ORG_TYPE_LABELS[catalogue[parent]["org_type"]].lower()),
                    "parent_code"))
            if result_years.get(code):
                problems.append(row.problem(IMPORT["type_conflicts_results"].format(
                    type=type_label, sheet="results",
                    years=", ".join(map(str, sorted(result_years[code])))), "org_type"))
            before = db_orgs.get((code,))
            if (before and before["parent_code"] and parent != before["parent_code"]
                    and cell_years.get(code)):
                # One parent per organization: moving a rated cell would move its past results
                # to the new committee. A move is a new code with a successor (DOMAIN.md).
                problems.append(row.problem(IMPORT["parent_moved"].format(
                    old=before["parent_code"],
                    years=", ".join(map(str, sorted(cell_years[code])))), "parent_code"))
        else:
            if parent:
                problems.append(row.problem(IMPORT["parent_unexpected"].format(type=type_label),
                                            "parent_code"))
            if cell_years.get(code):
                problems.append(row.problem(IMPORT["type_conflicts_results"].format(
                    type=type_label, sheet="cell_results",
                    years=", ".join(map(str, sorted(cell_years[code])))), "org_type"))
            if kind != "base_committee" and children.get(code):
                problems.append(row.problem(
                    IMPORT["has_cells_not_committee"].format(n=len(children[code])), "org_type"))
        successor = org.get("successor_code")
        if successor and successor not in catalogue:
            problems.append(row.problem(IMPORT["successor_unknown"], "successor_code"))
        start, end = org.get("active_from"), org.get("active_to")
        if start and end and start > end:
            problems.append(row.problem(IMPORT["active_order"].format(start=start, end=end),
                                        "active_to"))


def _check_cells(rows: list[Row], catalogue: dict[str, dict[str, Any]], result_rows: list[Row],
                 db_results: dict[tuple[Any, ...], dict[str, Any]], problems: list[Problem]
                 ) -> dict[tuple[Any, ...], dict[str, Any]]:
    file_result_keys = {(r.values["year"], r.values["org_code"]) for r in result_rows}
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        if not row.ok:
            continue
        year, code, level = row.values["year"], row.values["org_code"], row.values["org_level"]
        org = catalogue.get(code)
        if org is None:
            problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
            continue
        if org["org_type"] != "subordinate_cell":
            problems.append(row.problem(IMPORT["not_subordinate"].format(
                code=code, type=ORG_TYPE_LABELS[org["org_type"]].lower()), "org_code"))
            continue
        if not _active(org, year):
            problems.append(row.problem(IMPORT["org_not_active"].format(
                year=year, span=_span(org)), "year"))
        parent = org["parent_code"]
        if (year, parent) not in file_result_keys and (year, parent) not in db_results:
            problems.append(row.problem(IMPORT["cell_parent_no_result"].format(
                parent=parent, year=year), "org_code"))
        if level is not None:
            why = level_problem(level, year)
            if why:
                problems.append(row.problem(why[0], "org_level", expected=why[1]))
                continue
        out[(year, code)] = {"year": year, "org_code": code,
                             "scheme_code": scheme_for_year(year).code, "org_level": level}
    return out


def _check_results(rows: list[Row], catalogue: dict[str, dict[str, Any]],
                   new_cells: dict[tuple[Any, ...], dict[str, Any]],
                   db_cells: dict[tuple[Any, ...], dict[str, Any]],
                   db_results: dict[tuple[Any, ...], dict[str, Any]], problems: list[Problem]
                   ) -> dict[tuple[Any, ...], dict[str, Any]]:
    # Subordinate cells by (year, committee), the file's over the database's.
    merged_cells = {**db_cells, **new_cells}
    derived: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for (year, code), cell in merged_cells.items():
        parent = catalogue.get(code, {}).get("parent_code")
        if parent is None:
            continue
        counter = derived[(year, parent)]  # present even when no cell was rated
        if cell["org_level"] is not None:
            counter[cell["org_level"]] += 1
    catalogue_cells: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in catalogue.values():
        if entry["org_type"] == "subordinate_cell" and entry.get("parent_code"):
            catalogue_cells[entry["parent_code"]].append(entry)

    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        v = row.values
        year, code = v["year"], v["org_code"]
        if not row.ok and (year is None or code is None):
            continue
        org = catalogue.get(code)
        if org is None:
            problems.append(row.problem(IMPORT["unknown_org"], "org_code"))
            continue
        if org["org_type"] == "subordinate_cell":
            problems.append(row.problem(IMPORT["not_base_org"].format(code=code), "org_code"))
            continue
        if not _active(org, year):
            problems.append(row.problem(IMPORT["org_not_active"].format(
                year=year, span=_span(org)), "year"))
        level = v["org_level"]
        if level is not None and (why := level_problem(level, year)):
            problems.append(row.problem(why[0], "org_level", expected=why[1]))
        if v["clean_strong"]:
            if year < SCHEME_BREAK_YEAR:
                problems.append(row.problem(IMPORT["clean_strong_old"], "clean_strong"))
            elif level is not None and level != "HTXSNV":
                problems.append(row.problem(IMPORT["clean_strong_not_excellent"].format(
                    level=LEVEL_LABELS[level]), "clean_strong"))

        count = {k: int(v[k] or 0) for k in (
            "members_total", *MEMBER_STATUS_COLUMNS, *MEMBER_LEVEL_COLUMNS, *CELL_LEVEL_COLUMNS)}
        evaluated = sum(count[k] for k in MEMBER_LEVEL_COLUMNS)
        if row.ok and v["members_evaluated"] is not None and v["members_evaluated"] != evaluated:
            problems.append(row.problem(IMPORT["members_levels_vs_evaluated"].format(
                levels=" + ".join(fmt_int(count[k]) for k in MEMBER_LEVEL_COLUMNS),
                sum=fmt_int(evaluated), given=fmt_int(v["members_evaluated"])),
                "members_evaluated"))
        parts = evaluated + sum(count[k] for k in MEMBER_STATUS_COLUMNS)
        if row.ok and parts != count["members_total"]:
            problems.append(row.problem(IMPORT["members_parts_vs_total"].format(
                total=fmt_int(count["members_total"]), evaluated=fmt_int(evaluated),
                exempt=fmt_int(count["members_exempt"]),
                suspended=fmt_int(count["members_suspended"]),
                new=fmt_int(count["members_new"]), pending=fmt_int(count["members_pending"]),
                parts=fmt_int(parts)), "members_total"))

        given_cells = {c: count[f"cells_{c}"] for c in LEVEL_CODES}
        cells_given = any(given_cells.values()) or bool(v["cells_rated"])
        rated = sum(given_cells.values())
        allowed = scheme_for_year(year).org_levels
        for c, n in given_cells.items():
            if n and c not in allowed:
                hint = (IMPORT["level_tsvm_new"] if c == "TSVM" else IMPORT["level_yk_new"]
                        if c == "YK" else IMPORT["level_new_in_old"])
                problems.append(row.problem(IMPORT["cells_level_not_in_scheme"].format(
                    year=year, level=c, hint=hint), f"cells_{c}"))
        if row.ok and v["cells_rated"] is not None and v["cells_rated"] != rated:
            problems.append(row.problem(IMPORT["cells_levels_vs_rated"].format(
                sum=fmt_int(rated), given=fmt_int(v["cells_rated"])), "cells_rated"))
        if org["org_type"] == "base_cell" and cells_given:
            problems.append(row.problem(IMPORT["cells_on_base_cell"],
                                        "cells_rated" if v["cells_rated"] else None,
                                        show_value=bool(v["cells_rated"])))
        if (year, code) in derived:
            from_cells = derived[(year, code)]
            cells = {c: int(from_cells[c]) for c in LEVEL_CODES}
            if row.ok and cells_given and cells != given_cells:
                problems.append(row.problem(IMPORT["cells_vs_cell_results"].format(
                    given=_level_counts(given_cells), derived=_level_counts(cells)),
                    "cells_rated" if "cells_rated" in row.raw else None, show_value=False))
        else:
            cells = given_cells
            listed = catalogue_cells.get(code, [])
            active = sum(_active(o, year) for o in listed)
            if row.ok and listed and rated > active:
                problems.append(row.problem(IMPORT["cells_over_catalogue"].format(
                    rated=fmt_int(rated), catalogue=fmt_int(active), year=year),
                    "cells_rated" if "cells_rated" in row.raw else None,
                    show_value="cells_rated" in row.raw))
        out[(year, code)] = _result_row(year, code, level, bool(v["clean_strong"]), count, cells)

    # Committees whose cells the file rates without a results row: recount from the cells.
    for key in {(y, catalogue[c]["parent_code"]) for (y, c) in new_cells}:
        if key in out or key not in db_results:
            continue
        old = db_results[key]
        cells = {c: int(derived[key][c]) for c in LEVEL_CODES}
        new = dict(old)
        new.update({f"cells_{c.lower()}": n for c, n in cells.items()})
        out[key] = new
    return out


def _level_counts(cells: dict[str, int]) -> str:
    return ", ".join(f"{c} {fmt_int(n)}" for c, n in cells.items() if n) or "0"


def _result_row(year: int, code: str, level: str | None, clean_strong: bool,
                count: dict[str, int], cells: dict[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": year, "org_code": code, "scheme_code": scheme_for_year(year).code,
        "org_level": level, "clean_strong": clean_strong,
        "members_total": count["members_total"],
    }
    for k in MEMBER_STATUS_COLUMNS:
        row[k] = count[k]
    for k in MEMBER_LEVEL_COLUMNS:
        row[k.lower()] = count[k]
    for c in LEVEL_CODES:
        row[f"cells_{c.lower()}"] = cells[c]
    return row


def _check_targets(rows: list[Row], problems: list[Problem]
                   ) -> dict[tuple[Any, ...], dict[str, Any]]:
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        if not row.ok:
            continue
        v = row.values
        if v["from_year"] > v["to_year"]:
            problems.append(row.problem(IMPORT["target_order"].format(
                start=v["from_year"], end=v["to_year"]), "to_year"))
            continue
        out[(v["term"], v["subject"], v["measure"])] = {
            c: v[c] for c in TABLE_COLUMNS["targets"]}
    return out


# --- writing --------------------------------------------------------------------------------

def open_for_write(path: str | Path, *, read_only: bool = False) -> Database:
    """The database read-write (or read-only), or DatabaseLocked when another process holds it
    in a way that excludes this access."""
    try:
        return Database(path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(IMPORT["locked"].format(path=path)) from exc
        raise


def _sql_where(keys: Sequence[str]) -> str:
    return " and ".join(f"{k} = ${k}" for k in keys)


def _write_changes(conn: duckdb.DuckDBPyConnection, changes: Sequence[Change]) -> None:
    """Apply the rows in an open transaction. Organizations first: results reference them."""
    for table in TABLES:
        mine = [c for c in changes if c.table == table]
        _put_rows(conn, table, [c.new for c in mine if c.old is not None], exists=True)
        _put_rows(conn, table, [c.new for c in mine if c.old is None], exists=False)


def _put_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]], *,
              exists: bool) -> None:
    """Insert rows, or replace the rows with the same keys (``exists``), in bulk."""
    if not rows:
        return
    import pyarrow as pa

    columns = TABLE_COLUMNS[table]
    keys = TABLE_KEYS[table]
    if exists and table == "organizations":
        # Referenced by results: DuckDB refuses delete-and-insert, so update in place.
        sets = ", ".join(f"{c} = ${c}" for c in columns if c not in keys)
        for row in rows:
            conn.execute(f"update {table} set {sets} where {_sql_where(keys)}", row)
        return
    data = pa.Table.from_pylist([{c: row[c] for c in columns} for row in rows])
    conn.register("import_rows", data)
    try:
        if exists:
            match = " and ".join(f"{table}.{k} = import_rows.{k}" for k in keys)
            conn.execute(f"delete from {table} using import_rows where {match}")
        conn.execute(f"insert into {table} ({', '.join(columns)}) "
                     f"select {', '.join(columns)} from import_rows")
    finally:
        conn.unregister("import_rows")


def _delete_keys(conn: duckdb.DuckDBPyConnection, table: str,
                 keys: Sequence[dict[str, Any]]) -> None:
    if not keys:
        return
    import pyarrow as pa

    conn.register("import_keys", pa.Table.from_pylist(list(keys)))
    try:
        match = " and ".join(f"{table}.{k} = import_keys.{k}" for k in TABLE_KEYS[table])
        conn.execute(f"delete from {table} using import_keys where {match}")
    finally:
        conn.unregister("import_keys")


def _bump_version(conn: duckdb.DuckDBPyConnection) -> None:
    row = conn.execute("select value from meta where key = 'data_version'").fetchone()
    current = int(row[0]) if row and row[0] and str(row[0]).isdigit() else 0
    conn.execute("insert or replace into meta values ('data_version', $v)",
                 {"v": str(current + 1)})


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without passwd entry)
        return "?"


def commit(db: Database, batch: Batch, user: str | None = None) -> int | None:
    """Write the batch in one transaction, logged and undoable; None when nothing changes."""
    if batch.empty:
        return None
    conn = db.conn
    conn.execute("begin transaction")
    try:
        row = conn.execute("select coalesce(max(import_id), 0) + 1 from import_log").fetchone()
        import_id = int(row[0]) if row else 1
        conn.execute(
            "insert into import_log (import_id, file_names, sha256, imported_at, user_name,"
            " counts) values ($id, $names, $sha, current_timestamp, $user, $counts)",
            {"id": import_id, "names": json.dumps([s.name for s in batch.sources],
                                                  ensure_ascii=False),
             "sha": json.dumps([s.sha256 for s in batch.sources]),
             "user": user or default_user(),
             "counts": json.dumps(batch.counts(), ensure_ascii=False)})
        import pyarrow as pa

        log = pa.table({
            "import_id": [import_id] * len(batch.changes),
            "seq": list(range(len(batch.changes))),
            "table_name": [c.table for c in batch.changes],
            "row_key": [json.dumps(list(c.key), ensure_ascii=False) for c in batch.changes],
            "old_row": [None if c.old is None else json.dumps(c.old, ensure_ascii=False)
                        for c in batch.changes],
            "new_row": [json.dumps(c.new, ensure_ascii=False) for c in batch.changes],
        }, schema=pa.schema([("import_id", pa.int32()), ("seq", pa.int32()),
                             ("table_name", pa.string()), ("row_key", pa.string()),
                             ("old_row", pa.string()), ("new_row", pa.string())]))
        conn.register("import_log_rows", log)
        conn.execute("insert into import_changes select * from import_log_rows")
        conn.unregister("import_log_rows")
        _write_changes(conn, batch.changes)
        _bump_version(conn)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    return import_id


@dataclass(frozen=True)
class ImportRecord:
    import_id: int
    file_names: list[str]
    sha256: list[str]
    imported_at: dt.datetime
    user_name: str | None
    counts: dict[str, dict[str, int]]
    undone_at: dt.datetime | None


def history(db: Database) -> list[ImportRecord]:
    """The import log, newest first."""
    cur = db.cursor()
    try:
        rows = cur.execute(
            "select import_id, file_names, sha256, imported_at, user_name, counts, undone_at"
            " from import_log order by import_id desc").fetchall()
    finally:
        cur.close()

    def listed(text: str) -> list[str]:
        try:
            value = json.loads(text)
        except (TypeError, ValueError):
            return [text]
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    return [ImportRecord(int(r[0]), listed(r[1]), listed(r[2]), r[3], r[4],
                         json.loads(r[5]) if r[5] else {}, r[6]) for r in rows]


def last_active_import(db: Database) -> ImportRecord | None:
    return next((r for r in history(db) if r.undone_at is None), None)


class UndoRefused(Exception):
    pass


def undo(db: Database, import_id: int | None = None) -> tuple[ImportRecord, int]:
    """Restore the rows the import replaced and remove those it added.

    Only the most recent import still in force can be undone: an older one may have been
    overwritten by a later import, and restoring it would silently undo that one too.
    Returns the record and the number of rows restored or removed.
    """
    records = history(db)
    last = next((r for r in records if r.undone_at is None), None)
    if last is None:
        raise UndoRefused(IMPORT["undo_none"])
    if import_id is not None and import_id != last.import_id:
        asked = next((r for r in records if r.import_id == import_id), None)
        state = ("undo_state_missing" if asked is None else "undo_state_undone"
                 if asked.undone_at is not None else "undo_state_older")
        raise UndoRefused(IMPORT["undo_not_last"].format(
            last=last.import_id, asked=import_id, state=IMPORT[state]))
    conn = db.conn
    changes = conn.execute(
        "select table_name, row_key, old_row, new_row from import_changes"
        " where import_id = $id order by seq desc", {"id": last.import_id}).fetchall()
    # Results before the organizations they reference; DuckDB checks foreign keys eagerly,
    # so organizations the import added are removed in a second transaction (see below).
    added_orgs: list[dict[str, Any]] = []
    conn.execute("begin transaction")
    try:
        for table in reversed(TABLES):
            mine = [c for c in changes if c[0] == table]
            added = [dict(zip(TABLE_KEYS[table], json.loads(c[1]), strict=True))
                     for c in mine if c[2] is None]
            if table == "organizations":
                added_orgs = added
            else:
                _delete_keys(conn, table, added)
            _put_rows(conn, table, [json.loads(c[2]) for c in mine if c[2] is not None],
                      exists=True)
        conn.execute("update import_log set undone_at = current_timestamp where import_id = $id",
                     {"id": last.import_id})
        _bump_version(conn)
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise
    if added_orgs:
        conn.execute("begin transaction")
        try:
            _delete_keys(conn, "organizations", added_orgs)
            conn.execute("commit")
        except BaseException:
            conn.execute("rollback")
            raise
    return last, len(changes)


# --- rule checks on the imported data -------------------------------------------------------

def findings_after(db: Database, batch: Batch) -> list[Any]:
    """The rule findings of the batch's years as they would be after the import.

    Computed on a copy in memory, so a dry run needs only read access and writes nothing.
    """
    from xeploai.metrics.rules import check_year

    years = batch.years
    if not years:
        return []
    with Database(":memory:", read_only=False) as scratch:
        for table in ("organizations", "org_results", "cell_results", "targets"):
            cur = db.cursor()
            try:
                data = cur.sql(f"select * from {table}").to_arrow_table()
            finally:
                cur.close()
            scratch.conn.register("source_rows", data)
            scratch.conn.execute(f"insert into {table} select * from source_rows")
            scratch.conn.unregister("source_rows")
        for key in ("rule_settings", "superior"):
            value = db.meta(key)
            if value is not None:
                scratch.set_meta(key, value)
        scratch.conn.execute("begin transaction")
        _write_changes(scratch.conn, batch.changes)
        scratch.conn.execute("commit")
        findings = []
        for year in years:
            findings.extend(check_year(scratch, year))
        return findings


__all__ = ["MAX_FILE_BYTES", "Batch", "Change", "DatabaseLocked", "ImportRecord",
           "ImportRefused", "Problem", "Source", "UndoRefused", "commit", "findings_after",
           "fold", "history", "last_active_import", "open_for_write", "prepare",
           "read_sources", "sources_from_paths", "undo"]

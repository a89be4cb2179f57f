"""Workbooks in the import format: the template to fill in, and the export of the current data.

Both are the same workbook — the template is the export of no data — so what the app offers
for download is exactly what the importer reads back. Headers are the Vietnamese template
headers; level, type, sector, subject, measure and direction columns get drop-down lists.

One writer makes them (XlsxWriter in constant memory: each row goes to the file as it is
written, so a sheet of 100.000 rows holds one row, not 100.000 rows of cell objects; openpyxl
took 19 s and 0,8 GB for 100.000 rows of results, this 9 s and 30 MB). A history too large for
one workbook — a sheet over the importer's ``spec.MAX_ROWS`` rows — is exported as several, in a
zip: the catalogue's, then each year's, each sheet within the limit. The importer reads the zip as
it is (``read.unpacked``); a history too large for one import goes in that order, file by file.

Every text cell is written as text: a value beginning with ``=``, ``+``, ``-`` or ``@`` (an
organization named "=HYPERLINK(…)" in an uploaded file, say) never becomes a formula in Excel.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from xeploai.domain.cells import XLSXWRITER_OPTIONS, xlsx_cell, xlsx_formats
from xeploai.domain.levels import LEVEL_CODES, MEMBER_LEVELS
from xeploai.ingest import spec
from xeploai.ingest.spec import SHEET_TABLES, SHEETS, STORED_ROWS, YEARLY_TABLES, stored_params
from xeploai.store.database import Database
from xeploai.texts import (
    DIRECTION_LABELS,
    EVAL_STATUS_LABELS,
    EVENT_LABELS,
    IMPORT,
    IMPORT_EXAMPLES,
    IMPORT_HEADERS,
    IMPORT_SHEET_LABELS,
    ITEM_STATUS_LABELS,
    LEVEL_LABELS,
    MEASURE_LABELS,
    ORG_TYPE_LABELS,
    SECTOR_LABELS,
    SUBJECT_LABELS,
    fmt_int,
)

# Columns with a drop-down list, and the labels it offers.
_CHOICES: dict[str, dict[str, str]] = {
    "org_type": ORG_TYPE_LABELS,
    "event": EVENT_LABELS,
    "sector": SECTOR_LABELS,
    "org_level": LEVEL_LABELS,
    "subject": SUBJECT_LABELS,
    "measure": MEASURE_LABELS,
    "direction": DIRECTION_LABELS,
    "self_level": LEVEL_LABELS,
    "appraised_level": LEVEL_LABELS,
    "status": EVAL_STATUS_LABELS,
    "item_status": ITEM_STATUS_LABELS,
}
_VALIDATED_ROWS = 2000

# The sheets of a year, and the column that says which: a history too large for one workbook is
# exported year by year (each year's files imported together, after the catalogue's). Each
# stored query orders its rows by this column first, so a year's rows come one after another.
YEAR_OF: Mapping[str, str] = {
    "results": "year",
    "cell_results": "year",
    "scores": "year",
    "steps": "year",
    "statuses": "year",
    "remediation": "plan_year",
    "reports": "plan_year",
}
# The sheets of no one year: the organizations, their history and the terms' targets.
CATALOGUE_SHEETS = tuple(sheet for sheet in SHEETS if sheet not in YEAR_OF)

# How fast the export is written (XlsxWriter, a cell at a time in Python; measured at the
# thirty-ninth stop: a city's 141.827 rows in 6–7 s, a national history's 7,4 million in 5
# minutes), for the import page to say how long its download will take to begin.
EXPORT_ROWS_PER_SECOND = 25_000


def sheet_bytes(sheet: str, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A workbook of one import sheet, its columns' keys as headers: what a form enters (a row
    or two, written in a few milliseconds; the whole import workbook takes 28)."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True, **XLSXWRITER_OPTIONS})
    quoted, day = xlsx_formats(book)
    ws = book.add_worksheet(sheet)
    for c, column in enumerate(columns):
        ws.write_string(0, c, column)
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            xlsx_cell(ws, r, c, row.get(column), quoted, day)
    book.close()
    return buffer.getvalue()


class _Book:
    """One import workbook being written, sheet after sheet, row after row."""

    def __init__(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        self.book = Workbook(
            target, {"constant_memory": True, "in_memory": False, **XLSXWRITER_OPTIONS}
        )
        self.quoted, self.day = xlsx_formats(self.book)
        self.header = self.book.add_format(
            {"bold": True, "bg_color": "#FDE9D9", "pattern": 1, "text_wrap": True, "valign": "top"}
        )
        self._guide()
        self.sheets = {key: self._data_sheet(key) for key in SHEETS}
        self.counts = dict.fromkeys(SHEETS, 0)
        self.estimated_bytes = 0  # the data rows' XML, estimated as they are written
        # The hidden lists last, so the data sheets keep the positions users expect.
        self.ranges = self._lists_sheet()

    def _guide(self) -> None:
        guide = self.book.add_worksheet(IMPORT["instructions_sheet"])
        guide.set_column(0, 0, 120)
        wrapped = self.book.add_format({"text_wrap": True, "valign": "top"})
        title = self.book.add_format({"text_wrap": True, "valign": "top", "bold": True})
        title.set_font_size(13)
        for r, line in enumerate(IMPORT["instructions"].split("\n")):
            if line:
                guide.write_string(r, 0, line, title if r == 0 else wrapped)

    def _data_sheet(self, key: str) -> Worksheet:
        ws = self.book.add_worksheet(key)
        for c, (column, label) in enumerate(IMPORT_HEADERS[key].items()):
            ws.write_string(0, c, label, self.header)
            ws.set_column(c, c, max(12, min(40, len(label) + 4)))
            example = IMPORT_EXAMPLES.get(key, {}).get(column)
            if example is not None:
                ws.write_comment(
                    0, c, IMPORT["example"].format(value=example), {"author": IMPORT["title"]}
                )
        ws.freeze_panes(1, 0)
        return ws

    def _lists_sheet(self) -> dict[str, str]:
        """A hidden sheet of the drop-down labels; returns the range formula per column."""
        ws = self.book.add_worksheet(IMPORT["lists_sheet"])
        columns = list(_CHOICES.items())
        for c, (column, _) in enumerate(columns):
            ws.write_string(0, c, column)
        for r in range(1, max(len(labels) for _, labels in columns) + 1):
            for c, (_, labels) in enumerate(columns):
                if r <= len(labels):
                    ws.write_string(r, c, list(labels.values())[r - 1])
        ws.hide()
        sheet = IMPORT["lists_sheet"]
        return {
            column: f"='{sheet}'!${xl_col_to_name(c)}$2:${xl_col_to_name(c)}${len(labels) + 1}"
            for c, (column, labels) in enumerate(columns)
        }

    def write(self, key: str, rows: Iterable[Mapping[str, Any]], budget: int | None = None) -> None:
        """The rows, one after another; with a ``budget``, only while the sheets' XML, estimated,
        is within it (a row not taken stays with the iterator, for the next workbook)."""
        ws, columns = self.sheets[key], list(IMPORT_HEADERS[key])
        r = self.counts[key]
        taken = iter(rows)
        while budget is None or self.estimated_bytes < budget:
            row = next(taken, None)
            if row is None:
                break
            r += 1
            size = _ROW_BYTES
            for c, column in enumerate(columns):
                value = row.get(column)
                if value is not None:
                    xlsx_cell(ws, r, c, value, self.quoted, self.day)
                    size += _CELL_BYTES + (
                        _TEXT_BYTES * len(value) if isinstance(value, str) else 0
                    )
            self.estimated_bytes += size
        self.counts[key] = r

    def close(self) -> None:
        for key, ws in self.sheets.items():
            last = max(_VALIDATED_ROWS, self.counts[key] + 500)
            for c, column in enumerate(IMPORT_HEADERS[key]):
                if column in self.ranges:
                    ws.data_validation(
                        1,
                        c,
                        last - 1,
                        c,
                        {
                            "validate": "list",
                            "source": self.ranges[column],
                            "ignore_blank": True,
                            "show_error": False,
                        },
                    )
        self.book.close()


def write_workbook(
    target: str | os.PathLike[str] | IO[bytes],
    data: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    budget: int | None = None,
) -> None:
    """The import workbook: instructions, then one sheet per import sheet (rows by key, each
    sheet's rows taken one after another as they come; with a ``budget``, see ``_Book.write``),
    then the hidden lists."""
    book = _Book(target)
    for key in SHEETS:
        book.write(key, (data or {}).get(key, ()), budget)
    book.close()


def workbook_bytes(
    data: Mapping[str, Iterable[Mapping[str, Any]]] | None = None, budget: int | None = None
) -> bytes:
    buffer = io.BytesIO()
    write_workbook(buffer, data, budget)
    return buffer.getvalue()


def inflated_bytes(book: bytes) -> int:
    """What the workbook inflates to, as its zip declares (the writer's own file)."""
    with zipfile.ZipFile(io.BytesIO(book)) as archive:
        return sum(info.file_size for info in archive.infolist())


def importable(book: bytes) -> bool:
    """Whether the importer reads the workbook within its limits of a file: its weight, and
    what it inflates to (in all, and to the file's weight)."""
    return len(book) <= spec.MAX_FILE_BYTES and inflated_bytes(book) <= spec.unzipped_limit(
        len(book)
    )


def template_bytes() -> bytes:
    return workbook_bytes()


def _organization(org: dict[str, Any]) -> dict[str, Any]:
    org["org_type"] = ORG_TYPE_LABELS[org["org_type"]]
    org["sector"] = SECTOR_LABELS.get(org["sector"], org["sector"])
    return org


def _event(event: dict[str, Any]) -> dict[str, Any]:
    # a kind is written in words, as the catalogue writes it
    if event["event"] == "changed_kind":
        for column in ("from_value", "to_value"):
            event[column] = ORG_TYPE_LABELS.get(event[column], event[column])
    event["event"] = EVENT_LABELS[event["event"]]
    return event


def _result(r: dict[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "year": r["year"],
        "org_code": r["org_code"],
        "org_level": LEVEL_LABELS[r["org_level"]] if r["org_level"] else None,
        "clean_strong": 1 if r["clean_strong"] else 0,
        "members_total": r["members_total"],
        "members_exempt": r["members_exempt"],
        "members_suspended": r["members_suspended"],
        "members_new": r["members_new"],
        "members_pending": r["members_pending"],
    }
    for code in MEMBER_LEVELS:
        row[f"members_{code}"] = r[f"members_{code.lower()}"]
    row["members_evaluated"] = sum(r[f"members_{c.lower()}"] for c in MEMBER_LEVELS)
    for code in LEVEL_CODES:
        row[f"cells_{code}"] = r[f"cells_{code.lower()}"]
    row["cells_rated"] = sum(r[f"cells_{c.lower()}"] for c in LEVEL_CODES)
    return row


def _cell(c: dict[str, Any]) -> dict[str, Any]:
    return {
        "year": c["year"],
        "org_code": c["org_code"],
        "org_level": LEVEL_LABELS[c["org_level"]] if c["org_level"] else None,
    }


def _score(score: dict[str, Any]) -> dict[str, Any]:
    for column in ("tasks_completed", "disciplined"):
        if score[column] is not None:
            score[column] = 1 if score[column] else 0
    return score


def _target(t: dict[str, Any]) -> dict[str, Any]:
    t["subject"] = SUBJECT_LABELS[t["subject"]]
    t["measure"] = MEASURE_LABELS[t["measure"]]
    t["direction"] = DIRECTION_LABELS[t["direction"]]
    return t


def _step(step: dict[str, Any]) -> dict[str, Any]:
    for column in ("self_level", "appraised_level"):
        if step[column] is not None:
            step[column] = LEVEL_LABELS[step[column]]
    return step


def _status(status: dict[str, Any]) -> dict[str, Any]:
    if status["status"] is not None:
        status["status"] = EVAL_STATUS_LABELS[status["status"]]
    return status


def _report(report: dict[str, Any]) -> dict[str, Any]:
    report["item_status"] = ITEM_STATUS_LABELS[report["item_status"]]
    return report


# Each sheet's stored row as the sheet writes it: codes as the labels a board reads.
_AS_SHEET: Mapping[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "organizations": _organization,
    "lineage": _event,
    "results": _result,
    "cell_results": _cell,
    "scores": _score,
    "targets": _target,
    "steps": _step,
    "statuses": _status,
    "reports": _report,
}


def sheet_rows(
    db: Database, sheet: str, years: Sequence[int] | None = None
) -> Iterator[dict[str, Any]]:
    """The sheet's rows of the stored data, labels in Vietnamese, as they are fetched (of a
    yearly table the ``years``' only)."""
    table = SHEET_TABLES[sheet]
    shape = _AS_SHEET.get(sheet)
    rows = db.stream(STORED_ROWS[table], **stored_params(table, years))
    return rows if shape is None else map(shape, rows)


def export_data(
    db: Database, years: Sequence[int] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every year's data (or the ``years``' results, scores and cells, with the whole tree) as
    rows of the import sheets, labels in Vietnamese."""
    return {sheet: list(sheet_rows(db, sheet, years)) for sheet in SHEETS}


# What a cell adds to a sheet's XML as the writer writes it, about: a number or a day 40 bytes
# (``<c r="T100000" s="1"><v>…</v></c>``), a text 40 and three for each of its characters (a
# letter of Vietnamese is two or three bytes, "&" five); a row 40 more. Measured, the district's
# sheets take 25–70 bytes a cell: the estimate is above them for texts of up to ten letters, and
# what the estimate misses the ``_budget()``'s margin takes.
_CELL_BYTES = 40
_TEXT_BYTES = 3
_ROW_BYTES = 40
# The cells of a sheet counted by the shape before any row is read, at 45 bytes each: a city's
# 141.827 rows so counted are 51 MiB, their one workbook 42 MiB. The district's cells take 25–70
# bytes (the history's the most); the budget's half of the limit is the margin.
_SHAPE_CELL_BYTES = 45


def _budget() -> int:
    """The XML a workbook of the export holds at most, estimated: half what the importer
    inflates (``spec.MAX_UNZIPPED_BYTES``); a real workbook then weighs a tenth of it, far below
    ``spec.MAX_FILE_BYTES``."""
    return spec.MAX_UNZIPPED_BYTES // 2


@dataclass(frozen=True)
class ExportShape:
    """What the data export would hold, counted before it is built: its rows, the sheets over the
    importer's limit of rows, and its XML, estimated."""

    rows: int
    over: tuple[str, ...]  # "sheet “…” has n rows", of each sheet over the limit
    estimated_bytes: int

    @property
    def one_workbook(self) -> bool:
        return not self.over and self.estimated_bytes <= _budget()

    def parts_note(self) -> str:
        reason = (
            IMPORT["export_parts_rows"].format(
                sheets="; ".join(self.over), limit=fmt_int(spec.MAX_ROWS)
            )
            if self.over
            else IMPORT["export_parts_bytes"].format(
                mb=fmt_int(-(-self.estimated_bytes // 2**20)),
                limit=fmt_int(_budget() // 2**20),
            )
        )
        return IMPORT["export_in_parts"].format(reason=reason)

    def written(self, book: bytes) -> ExportShape:
        """The shape with what the one workbook, once written, inflates to in place of the
        estimate (a workbook larger than its rows were counted to hold)."""
        return replace(self, estimated_bytes=inflated_bytes(book))

    def wait_note(self) -> str | None:
        """How long the file takes to be written before its download begins, when that is
        long enough to say (ten seconds or more); else None."""
        seconds = self.rows / EXPORT_ROWS_PER_SECOND
        if seconds < 10:
            return None
        return IMPORT["export_wait"].format(
            rows=fmt_int(self.rows),
            time=IMPORT["export_wait_minutes" if seconds >= 90 else "export_wait_seconds"].format(
                n=fmt_int(round(seconds / 60 if seconds >= 90 else seconds))
            ),
        )


def export_shape(db: Database) -> ExportShape:
    """Each sheet's rows counted before anything is built (2 ms on either demo): a sheet over the
    importer's limit (a national history's cell results are 3,2 million rows), or more than a
    workbook of the export holds, makes the export several workbooks."""
    counts = {r["table_name"]: r["row_count"] for r in db.rows("export_rows_by_table")}
    over = tuple(
        IMPORT["export_too_large_sheet"].format(
            sheet=IMPORT_SHEET_LABELS[sheet], n=fmt_int(counts[table])
        )
        for sheet, table in SHEET_TABLES.items()
        if counts[table] > spec.MAX_ROWS
    )
    estimated = sum(
        counts[table] * (_ROW_BYTES + _SHAPE_CELL_BYTES * len(IMPORT_HEADERS[sheet]))
        for sheet, table in SHEET_TABLES.items()
    )
    return ExportShape(sum(counts[table] for table in SHEET_TABLES.values()), over, estimated)


_END: Any = object()


class _Ahead:
    """A sheet's rows with the next one in view: its rows are taken a year and a file at a time."""

    def __init__(self, rows: Iterable[dict[str, Any]], year_column: str | None) -> None:
        self._rows = iter(rows)
        self.column = year_column
        self.next: Any = next(self._rows, _END)

    @property
    def year(self) -> Any:
        return None if self.next is _END or self.column is None else self.next[self.column]

    def left(self, year: Any) -> bool:
        return self.next is not _END and self.year == year

    def take(self, year: Any, most: int) -> Iterator[dict[str, Any]]:
        while most and self.left(year):
            row, self.next = self.next, next(self._rows, _END)
            most -= 1
            yield row


def export_parts(
    db: Database,
) -> Iterator[tuple[str, dict[str, Iterator[dict[str, Any]]]]]:
    """The export as workbooks each within the importer's limits: the catalogue's first
    (organizations, history, targets), then each year's (its results, cells, scores, steps,
    statuses, plans and their reports); a part too long for one file goes on in the next. Each
    file's rows are fetched while it is written (take each file's sheets before the next).

    A table read year by year (``spec.YEARLY_TABLES``) is asked for one year at a time: DuckDB
    sorts what it hands out, and a national history's 3,2 million cell results sorted at once
    held 240 MiB."""
    catalogue = {sheet: _Ahead(sheet_rows(db, sheet), None) for sheet in CATALOGUE_SHEETS}
    yield from _files(catalogue, None)
    whole = {
        sheet: _Ahead(sheet_rows(db, sheet), YEAR_OF[sheet])
        for sheet in YEAR_OF
        if SHEET_TABLES[sheet] not in YEARLY_TABLES
    }
    for year in (r["year"] for r in db.rows("export_years_by_year")):
        streams = {
            sheet: whole.get(sheet) or _Ahead(sheet_rows(db, sheet, [year]), YEAR_OF[sheet])
            for sheet in YEAR_OF
        }
        yield from _files(streams, year)
    if any(s.next is not _END for s in whole.values()):  # a year the query left out: not lost
        raise RuntimeError("export_years_by_year left out a year of the plans or steps")


def _files(
    streams: Mapping[str, _Ahead], year: int | None
) -> Iterator[tuple[str, dict[str, Iterator[dict[str, Any]]]]]:
    """The files of one part (the catalogue, or a year): as many as its rows need."""
    n = 0
    while n == 0 or any(s.left(year) for s in streams.values()):
        n += 1
        name = (
            IMPORT["export_part_catalogue"].format(n=n)
            if year is None
            else IMPORT["export_part_year"].format(year=year, n=n)
        )
        yield name, {sheet: s.take(year, spec.MAX_ROWS) for sheet, s in streams.items()}


def write_export_zip(db: Database, target: str | os.PathLike[str] | IO[bytes]) -> list[str]:
    """The export as a zip of workbooks (``export_parts``) and the guide to importing them back
    (``DOC_TRUOC.txt``); each workbook is made and stored before the next. Returns the
    workbooks' names."""
    names: list[str] = []
    # the workbooks are zips already: stored as they are
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for name, data in export_parts(db):
            book = workbook_bytes(data, _budget())
            if not importable(book):  # the estimate's margin gone: a defect, not the data's
                raise RuntimeError(f"{name}: over the importer's limits of a file")
            archive.writestr(name, book)
            names.append(name)
        archive.writestr(IMPORT["export_parts_readme_name"], IMPORT["export_parts_readme"])
    return names


def write_export(db: Database, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """The data export as one workbook, each sheet's rows written as they are fetched."""
    write_workbook(target, {sheet: sheet_rows(db, sheet) for sheet in SHEETS})


def write_file(path: str | os.PathLike[str], data: bytes | Callable[[IO[bytes]], object]) -> Path:
    """Write atomically — the bytes, or what ``data`` writes into the file it is given — so that
    a half-written workbook never appears under the name (a failure leaves nothing)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("wb") as out:
            if isinstance(data, bytes):
                out.write(data)
            else:
                data(out)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target

"""Workbooks in the import format: the template to fill in, and the export of the current data.

Both are the same workbook — the template is the export of no data — so what the app offers
for download is exactly what the importer reads back. Headers are the Vietnamese template
headers; level, type, sector, subject, measure and direction columns get drop-down lists.

Every text cell is written as text: a value beginning with ``=``, ``+``, ``-`` or ``@`` (an
organization named "=HYPERLINK(…)" in an uploaded file, say) never becomes a formula in Excel.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xeploai.domain.cells import write_text, write_value
from xeploai.domain.levels import LEVEL_CODES, MEMBER_LEVELS
from xeploai.ingest import spec
from xeploai.ingest.spec import SHEET_TABLES, SHEETS, STORED_ROWS, stored_params
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


def set_text(cell: Cell, text: str) -> None:
    """Write a text that stays a text, whatever it begins with (the one guard, domain.cells)."""
    write_text(cell, text)


def set_value(cell: Cell, value: Any) -> None:
    write_value(cell, value)


def _lists_sheet(wb: Workbook) -> dict[str, str]:
    """A hidden sheet of the drop-down labels; returns the range formula per column."""
    ws = wb.create_sheet(IMPORT["lists_sheet"])
    ranges: dict[str, str] = {}
    for i, (column, labels) in enumerate(_CHOICES.items(), start=1):
        letter = get_column_letter(i)
        set_text(ws.cell(1, i), column)
        for r, label in enumerate(labels.values(), start=2):
            set_text(ws.cell(r, i), label)
        ranges[column] = f"='{IMPORT['lists_sheet']}'!${letter}$2:${letter}${len(labels) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _data_sheet(
    wb: Workbook, key: str, rows: Sequence[dict[str, Any]], ranges: dict[str, str]
) -> Worksheet:
    ws = wb.create_sheet(key)
    headers = IMPORT_HEADERS[key]
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9D9")
    for c, (column, label) in enumerate(headers.items(), start=1):
        cell = ws.cell(1, c)
        set_text(cell, label)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(c)].width = max(12, min(40, len(label) + 4))
        example = IMPORT_EXAMPLES.get(key, {}).get(column)
        if example is not None:
            cell.comment = Comment(IMPORT["example"].format(value=example), IMPORT["title"])
        if column in ranges:
            last = max(_VALIDATED_ROWS, len(rows) + 500)
            validation = DataValidation(
                type="list", formula1=ranges[column], allow_blank=True, showErrorMessage=False
            )
            validation.add(f"{get_column_letter(c)}2:{get_column_letter(c)}{last}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(headers, start=1):
            value = row.get(column)
            if value is not None:
                set_value(ws.cell(r, c), value)
    return ws


def build_workbook(data: Mapping[str, Sequence[dict[str, Any]]] | None = None) -> Workbook:
    """The import workbook: instructions, then one sheet per import sheet (rows by key)."""
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = IMPORT["instructions_sheet"]
    guide.column_dimensions["A"].width = 120
    for r, line in enumerate(IMPORT["instructions"].split("\n"), start=1):
        if not line:
            continue
        cell = guide.cell(r, 1)
        set_text(cell, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(1, 1).font = Font(bold=True, size=13)
    ranges = _lists_sheet(wb)
    for key in SHEETS:
        _data_sheet(wb, key, (data or {}).get(key, ()), ranges)
    # The hidden lists last, so the data sheets keep the positions users expect.
    wb.move_sheet(IMPORT["lists_sheet"], offset=len(SHEETS))
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_bytes() -> bytes:
    return workbook_bytes(build_workbook())


def export_data(
    db: Database, years: Sequence[int] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every year's data (or the ``years``' results, scores and cells, with the whole tree) as
    rows of the import sheets, labels in Vietnamese."""
    orgs = db.rows(STORED_ROWS["organizations"], **stored_params("organizations"))
    for org in orgs:
        org["org_type"] = ORG_TYPE_LABELS[org["org_type"]]
        org["sector"] = SECTOR_LABELS.get(org["sector"], org["sector"])
    events = db.rows(STORED_ROWS["lineage_events"])
    for event in events:
        # a kind is written in words, as the catalogue writes it
        if event["event"] == "changed_kind":
            for column in ("from_value", "to_value"):
                event[column] = ORG_TYPE_LABELS.get(event[column], event[column])
        event["event"] = EVENT_LABELS[event["event"]]
    scores = db.rows(STORED_ROWS["org_scores"], **stored_params("org_scores", years))
    for score in scores:
        for column in ("tasks_completed", "disciplined"):
            if score[column] is not None:
                score[column] = 1 if score[column] else 0
    out_results = []
    for r in db.rows(STORED_ROWS["org_results"], **stored_params("org_results", years)):
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
        out_results.append(row)
    cells = [
        {
            "year": c["year"],
            "org_code": c["org_code"],
            "org_level": LEVEL_LABELS[c["org_level"]] if c["org_level"] else None,
        }
        for c in db.rows(STORED_ROWS["cell_results"], **stored_params("cell_results", years))
    ]
    targets = db.rows(STORED_ROWS["targets"])
    for t in targets:
        t["subject"] = SUBJECT_LABELS[t["subject"]]
        t["measure"] = MEASURE_LABELS[t["measure"]]
        t["direction"] = DIRECTION_LABELS[t["direction"]]
    steps = db.rows(STORED_ROWS["org_steps"])
    for step in steps:
        for column in ("self_level", "appraised_level"):
            if step[column] is not None:
                step[column] = LEVEL_LABELS[step[column]]
    statuses = db.rows(STORED_ROWS["org_statuses"])
    for status in statuses:
        if status["status"] is not None:
            status["status"] = EVAL_STATUS_LABELS[status["status"]]
    reports = db.rows(STORED_ROWS["remediation_reports"])
    for report in reports:
        report["item_status"] = ITEM_STATUS_LABELS[report["item_status"]]
    return {
        "organizations": orgs,
        "lineage": events,
        "results": out_results,
        "cell_results": cells,
        "scores": scores,
        "targets": targets,
        "steps": steps,
        "statuses": statuses,
        "remediation": db.rows(
            STORED_ROWS["remediation_items"], **stored_params("remediation_items")
        ),
        "reports": reports,
    }


def export_bytes(db: Database) -> bytes:
    return workbook_bytes(build_workbook(export_data(db)))


def too_large_to_export(db: Database) -> str | None:
    """Why the data cannot be exported as one workbook, or None: a sheet would hold more rows
    than a sheet the importer reads (``spec.MAX_ROWS``), so the workbook could not be imported
    back; and it is built in memory, a few kilobytes a row (a city's 140.000 rows: 0,5 GB), which
    a national history's 7,4 million rows would take past the server's memory. Counted before
    anything is built."""
    counts = {r["table_name"]: r["row_count"] for r in db.rows("export_rows_by_table")}
    over = [
        IMPORT["export_too_large_sheet"].format(
            sheet=IMPORT_SHEET_LABELS[sheet], n=fmt_int(counts[table])
        )
        for sheet, table in SHEET_TABLES.items()
        if counts[table] > spec.MAX_ROWS
    ]
    if not over:
        return None
    return IMPORT["export_too_large"].format(sheets="; ".join(over), limit=fmt_int(spec.MAX_ROWS))


def write_file(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write atomically: a half-written workbook never appears under the name."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target

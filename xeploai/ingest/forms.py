"""The app's forms are small imports.

What an editor enters in a form (a quarterly report on a remediation plan, the status of an
evaluation) is written as a one-sheet workbook in memory and goes the one way every import
goes (``service.commit``: read → parse → validate → storage): the same checks and Vietnamese
messages, one transaction, a line in the import log with the rows it replaced — so a form entry
is refused whole or written whole, and can be undone like any import. The workbook's name says
what was entered; it is what the log and the undo button show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook

from xeploai.ingest.read import Source
from xeploai.ingest.spec import SPECS
from xeploai.ingest.workbook import set_value, workbook_bytes
from xeploai.texts import FORMS


def sheet_source(name: str, sheet: str, rows: Sequence[Mapping[str, Any]]) -> Source:
    """A workbook named ``name`` with one import sheet (headers: the column keys)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    columns = [c.key for c in SPECS[sheet]]
    ws.append(columns)
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = row.get(column)
            if value is not None:
                set_value(ws.cell(r, c), value)
    return Source(name, workbook_bytes(wb))


def report_source(
    plan_year: int,
    org_code: str,
    year: int,
    quarter: int,
    items: Sequence[Mapping[str, Any]],
    reported_on: dt.date | None,
) -> Source:
    """One organization's report on a quarter of a year: a row per item of its plan
    (``items``: item_no, item_status, done_text, assessment)."""
    rows = [
        {
            "report_year": year,
            "report_quarter": quarter,
            "plan_year": plan_year,
            "org_code": org_code,
            "reported_on": reported_on,
            **item,
        }
        for item in items
    ]
    name = FORMS["report_file"].format(quarter=quarter, year=year, org=org_code)
    return sheet_source(name, "reports", rows)


def status_source(
    year: int,
    org_code: str,
    status: str | None,
    reference: str | None,
    status_date: dt.date | None,
    members_paused: int | None,
    members_absent: int | None,
) -> Source:
    """The status of one organization's evaluation of a year."""
    row = {
        "year": year,
        "org_code": org_code,
        "status": status,
        "reference": reference,
        "status_date": status_date,
        "members_paused": members_paused,
        "members_absent": members_absent,
    }
    return sheet_source(FORMS["status_file"].format(year=year, org=org_code), "statuses", [row])

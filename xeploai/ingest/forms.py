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

from xeploai.ingest.read import Source
from xeploai.ingest.spec import SPECS
from xeploai.ingest.workbook import sheet_bytes
from xeploai.texts import FORMS


def sheet_source(name: str, sheet: str, rows: Sequence[Mapping[str, Any]]) -> Source:
    """A workbook named ``name`` with one import sheet (headers: the column keys)."""
    return Source(name, sheet_bytes(sheet, [c.key for c in SPECS[sheet]], rows))


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

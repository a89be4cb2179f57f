"""Workbooks the tests make: a board's file of many rows, written the way the template is."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def new_cells(path: Path, n: int, kind: str) -> Path:
    """A workbook of ``n`` new cells (XA-M0000, XA-M0001, …) of the kind ``kind`` under the
    committee XA of the small district (tests/files/import/good/small.xlsx)."""
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "organizations"
    sheet.append(["org_code", "org_name", "org_type", "parent_code", "sector"])
    for i in range(n):
        sheet.append([f"XA-M{i:04}", f"Chi bộ mới {i}", kind, "XA", "neighbourhood"])
    wb.save(path)
    return path

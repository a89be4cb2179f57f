"""A table as a file a user downloads: CSV for any program, Excel for the board's staff.

Names come from imported files, so every text cell goes through the formula guard
(``xeploai.domain.cells``): a name beginning with "=" stays a name in both files.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from xeploai.domain.cells import csv_text, write_text, write_value


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    safe = table.rename(columns=lambda c: csv_text(str(c)))
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(csv_text)
    # UTF-8 with a byte-order mark: Excel on Windows then reads the Vietnamese correctly.
    text: str = safe.to_csv(index=False)
    return text.encode("utf-8-sig")


def _cell_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value  # numpy scalars as Python's


def to_xlsx_bytes(table: pd.DataFrame, sheet: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31]
    for j, column in enumerate(table.columns, start=1):
        write_text(ws.cell(1, j), str(column))
    for i, row in enumerate(table.itertuples(index=False, name=None), start=2):
        for j, value in enumerate(row, start=1):
            write_value(ws.cell(i, j), _cell_value(value))
    for j, column in enumerate(table.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in table[column].head(200)])
        ws.column_dimensions[get_column_letter(j)].width = min(60, width + 2)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

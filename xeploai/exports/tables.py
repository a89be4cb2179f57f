"""A table as a file a user downloads: CSV for any program, Excel for the board's staff.

Names come from imported files, so every text cell goes through the formula guard
(``xeploai.domain.cells``): a name beginning with "=" stays a name in both files.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from xlsxwriter import Workbook

from xeploai.domain.cells import XLSXWRITER_OPTIONS, csv_text, xlsx_cell, xlsx_formats
from xeploai.texts import EXPORT, fmt_int

# The rows of a table an Excel file holds at most; its CSV file holds every row. An Excel
# file is written cell by cell in Python: a national decade of Tra cứu (934.558 rows × 24
# columns) took minutes and, through openpyxl, gigabytes (+220 MiB for 50.000 rows), and Excel
# opens at most 1.048.576 rows.
EXCEL_ROWS_MAX = 100_000


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
    """The table as an Excel sheet: headers in the first row (frozen), numbers as numbers, a
    day as a day, every text a text (``domain.cells``: typed a string, and one a spreadsheet
    would run marked with the quote prefix). Streamed row by row (XlsxWriter's constant memory:
    the file, not the cells, is held). A table longer than ``EXCEL_ROWS_MAX`` rows: its first
    rows, and a last line that says so and points to the CSV file."""
    buffer = io.BytesIO()
    book = Workbook(buffer, {"constant_memory": True, "in_memory": False, **XLSXWRITER_OPTIONS})
    quoted, day = xlsx_formats(book)
    ws = book.add_worksheet(sheet[:31])
    shown = table.head(EXCEL_ROWS_MAX)
    for j, column in enumerate(shown.columns):
        width = max([len(str(column))] + [len(str(v)) for v in shown[column].head(200)])
        ws.set_column(j, j, min(60, width + 2))
    ws.freeze_panes(1, 0)

    def put(i: int, j: int, value: Any) -> None:
        xlsx_cell(ws, i, j, value, quoted, day)

    for j, column in enumerate(shown.columns):
        put(0, j, str(column))
    for i, row in enumerate(shown.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(row):
            put(i, j, _cell_value(value))
    if len(table) > EXCEL_ROWS_MAX:
        put(
            len(shown) + 1,
            0,
            EXPORT["excel_cut"].format(shown=fmt_int(len(shown)), rows=fmt_int(len(table))),
        )
    book.close()
    return buffer.getvalue()

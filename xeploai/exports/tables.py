"""A table as a file a user downloads: CSV for any program, Excel for the board's staff."""

from __future__ import annotations

import io

import pandas as pd


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    # UTF-8 with a byte-order mark: Excel on Windows then reads the Vietnamese correctly.
    text: str = table.to_csv(index=False)
    return text.encode("utf-8-sig")


def to_xlsx_bytes(table: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for i, column in enumerate(table.columns, start=1):
            width = max([len(str(column))] + [len(str(v)) for v in table[column].head(200)])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(
                60, width + 2)
        ws.freeze_panes = "A2"
    return buffer.getvalue()

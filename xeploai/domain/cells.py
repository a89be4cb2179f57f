"""Text that stays text in every file the product writes (the guard against formula injection).

An organization's name comes from an imported file, so it may be ``=HYPERLINK("http://…")``:
written into a spreadsheet as it is, Excel or LibreOffice would run it as a formula (leak the
sheet, open a site) in the hands of whoever opens the download. A cell that begins with one
of ``FORMULA_STARTS`` is such a risk; every writer of the product takes its text cells from
here: the Tra cứu downloads (CSV and Excel), the conference table (xlsx), the data export, the
import template and a form's workbook, and the workbooks embedded in the deck's charts (pptx).

- In an Excel file the cell is typed as a string and marked with Excel's quote prefix, so
  it shows exactly the name and stays a text when someone edits the cell.
- In a CSV file there are no types: the value gets a leading apostrophe (the convention
  spreadsheets honour and OWASP recommends), which is the only change a reader sees.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol

# What a spreadsheet may read as the start of a formula: = + - @, and a tab or a carriage
# return in front of one (some programs strip those before looking).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# xlsxwriter (the tables' Excel downloads, python-pptx's chart workbooks, the import format's
# workbooks) turns a string beginning with "=" into a formula unless told not to.
XLSXWRITER_OPTIONS: dict[str, Any] = {"strings_to_formulas": False, "strings_to_urls": False}


class TextCell(Protocol):
    """An openpyxl cell, as far as the guard needs one."""

    value: Any
    data_type: str
    quotePrefix: bool


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(value: Any) -> Any:
    """A value for a CSV cell: a text that a spreadsheet would run gets a leading apostrophe."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def write_text(cell: TextCell, text: str) -> None:
    """Write a text into an openpyxl cell (the conference table's) so that it stays a text,
    whatever it begins with."""
    cell.value = text
    cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
    if formula_like(text):
        cell.quotePrefix = True  # and Excel keeps it a text when the cell is edited


def xlsx_formats(book: Any) -> tuple[Any, Any]:
    """The two formats ``xlsx_cell`` writes with, added to an XlsxWriter workbook: a text marked
    with the quote prefix, and a day (dd/mm/yyyy)."""
    return book.add_format({"quote_prefix": True}), book.add_format({"num_format": "dd/mm/yyyy"})


def xlsx_cell(ws: Any, r: int, c: int, value: Any, quoted: Any, day: Any) -> None:
    """Write a value into an XlsxWriter sheet ``ws``: nothing for None; a text typed a string
    and, when a spreadsheet would run it, with ``quoted`` (a format with the quote prefix); a
    boolean; a day with ``day`` (a format of days); a number; anything else as its text."""
    if value is None:
        return
    if isinstance(value, str):
        ws.write_string(r, c, value, quoted if formula_like(value) else None)
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, value, day)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value) if isinstance(value, Decimal) else value)
    else:
        ws.write_string(r, c, str(value))

"""The statistical table (Excel) per base organization, laid out for printing.

One row per base organization: its own level, its members by status and by level with counts and
shares, the excellent-to-good ratio of the 20% cap, its subordinate cells by level. The totals
row is made of Excel formulas over the rows above, so a clerk who corrects a count sees the
totals follow. Shares of a row are the values computed once in ``figures.pct_series`` (the one
rounding rule), stored as fractions with a percentage format.

Text from the database (an organization's name) is always written as text: a name beginning
with ``=``, ``+``, ``-`` or ``@`` must never become a formula (CSV/formula injection).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xeploai.domain.cells import write_text
from xeploai.domain.levels import MEMBER_LEVELS, scheme_for_year
from xeploai.exports.story import YearData, describe_filters
from xeploai.metrics.frames import records
from xeploai.texts import EXPORT, LEVEL_SHORT, ORG_TYPE_LABELS, sector_label

HEADER_TOP = 5  # first of the three header rows
FIRST_DATA = HEADER_TOP + 3
PCT_FORMAT = "0.00%"
INT_FORMAT = "#,##0"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E8ECF2")
TOTAL_FILL = PatternFill("solid", fgColor="FFF4D6")


@dataclass(frozen=True)
class Column:
    """One column of the table: where its value comes from and how the totals row sums it."""

    key: str
    group: str  # row 1 of the header ("" = none)
    header: str  # row 2
    sub: str  # row 3 ("" = the header spans rows 2–3)
    kind: str  # "text" | "int" | "pct"
    width: float = 9.0
    # For a share: the count column over the base column; the totals row divides their sums.
    ratio_of: tuple[str, str] | None = None


def columns_for(year: int, *, cap_includes_excellent: bool) -> list[Column]:
    m, c = EXPORT["xlsx_members"], EXPORT["xlsx_cells"]
    n, p = EXPORT["xlsx_n"], EXPORT["xlsx_pct"]
    cols = [
        Column("no", "", EXPORT["xlsx_no"], "", "int", 5),
        Column("org_name", "", EXPORT["xlsx_org"], "", "text", 38),
        Column("org_type_label", "", EXPORT["xlsx_type"], "", "text", 13),
        Column("sector_label", "", EXPORT["xlsx_sector"], "", "text", 12),
        Column("org_level_label", "", EXPORT["xlsx_org_level"], "", "text", 10),
        Column("clean_mark", "", EXPORT["xlsx_clean"], "", "text", 6),
        Column("members_total", m, EXPORT["xlsx_total"], "", "int"),
        Column("members_exempt", m, EXPORT["xlsx_exempt"], "", "int"),
        Column(
            "members_exempt_pct",
            m,
            EXPORT["xlsx_exempt_pct"],
            "",
            "pct",
            ratio_of=("members_exempt", "members_total"),
        ),
        Column("members_suspended", m, EXPORT["xlsx_suspended"], "", "int"),
        Column("members_new", m, EXPORT["xlsx_new"], "", "int"),
        Column("members_pending", m, EXPORT["xlsx_pending"], "", "int"),
        Column("members_evaluated", m, EXPORT["xlsx_evaluated"], "", "int"),
    ]
    for code in MEMBER_LEVELS:
        low = code.lower()
        cols.append(Column(f"members_{low}", m, LEVEL_SHORT[code], n, "int"))
        cols.append(
            Column(
                f"members_{low}_pct",
                m,
                LEVEL_SHORT[code],
                p,
                "pct",
                ratio_of=(f"members_{low}", "members_evaluated"),
            )
        )
    cols.append(
        Column(
            "excellent_ratio_pct",
            m,
            EXPORT["xlsx_ratio_with" if cap_includes_excellent else "xlsx_ratio"],
            "",
            "pct",
            11,
            ratio_of=("members_htxsnv", "ratio_base"),
        )
    )
    cols.append(Column("cells_rated", c, EXPORT["xlsx_cells_rated"], "", "int"))
    for code in scheme_for_year(year).org_levels:
        low = code.lower()
        cols.append(Column(f"cells_{low}", c, LEVEL_SHORT[code], n, "int"))
        cols.append(
            Column(
                f"cells_{low}_pct",
                c,
                LEVEL_SHORT[code],
                p,
                "pct",
                ratio_of=(f"cells_{low}", "cells_rated"),
            )
        )
    return cols


def table_frame(data: YearData) -> pd.DataFrame:
    """The rows of the table: one per base organization, labels in Vietnamese."""
    from xeploai.domain.numbers import pct_series

    orgs = data.orgs.reset_index(drop=True).copy()
    orgs["no"] = range(1, len(orgs) + 1)
    orgs["org_type_label"] = orgs["org_type"].map(ORG_TYPE_LABELS)
    orgs["sector_label"] = orgs["sector"].map(lambda s: sector_label(s, data.year))
    orgs["org_level_label"] = orgs["org_level"].map(
        lambda v: LEVEL_SHORT.get(v, v) if isinstance(v, str) else ""
    )
    orgs["clean_mark"] = [
        EXPORT["xlsx_yes"] if (bool(cs) or lvl == "TSVM") else ""
        for cs, lvl in zip(orgs["clean_strong"], orgs["org_level"], strict=True)
    ]
    for code in scheme_for_year(data.year).org_levels:
        low = code.lower()
        orgs[f"cells_{low}_pct"] = pct_series(orgs[f"cells_{low}"], orgs["cells_rated"])
    return orgs


def _write_text(cell: Any, value: str) -> None:
    """A string stays a string, whatever it begins with (the one guard, domain.cells)."""
    write_text(cell, value)


def _write(cell: Any, value: Any, kind: str) -> None:
    if kind == "text":
        _write_text(cell, "" if value is None or pd.isna(value) else str(value))
        return
    if value is None or pd.isna(value):
        cell.value = None
    elif kind == "pct":
        # The share is already rounded (figures.pct_series); /100 only changes the unit, and the
        # round() drops the binary noise of that division (83.33 / 100 = 0.8332999…).
        cell.value = round(float(value) / 100, 6)
        cell.number_format = PCT_FORMAT
    else:
        cell.value = int(value)
        cell.number_format = INT_FORMAT


def _header(ws: Worksheet, cols: Sequence[Column]) -> None:
    top = HEADER_TOP
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for j, col in enumerate(cols, start=1):
        for r in range(top, top + 3):
            cell = ws.cell(r, j)
            cell.fill, cell.border, cell.font, cell.alignment = HEADER_FILL, BORDER, bold, center
        if not col.group:
            _write_text(ws.cell(top, j), col.header)
            ws.merge_cells(start_row=top, start_column=j, end_row=top + 2, end_column=j)
            continue
        if not col.sub:
            _write_text(ws.cell(top + 1, j), col.header)
            ws.merge_cells(start_row=top + 1, start_column=j, end_row=top + 2, end_column=j)
        else:
            _write_text(ws.cell(top + 2, j), col.sub)
    # Merge the runs of equal group names (row 1) and of level names over SL/% (row 2).
    j = 1
    while j <= len(cols):
        col = cols[j - 1]
        k = j
        while k < len(cols) and cols[k].group == col.group:
            k += 1
        if col.group:
            _write_text(ws.cell(top, j), col.group)
            if k > j:
                ws.merge_cells(start_row=top, start_column=j, end_row=top, end_column=k)
        j = k + 1
    for j, col in enumerate(cols, start=1):
        if col.sub and (j == 1 or cols[j - 2].header != col.header or not cols[j - 2].sub):
            _write_text(ws.cell(top + 1, j), col.header)
            if j < len(cols) and cols[j].header == col.header and cols[j].sub:
                ws.merge_cells(start_row=top + 1, start_column=j, end_row=top + 1, end_column=j + 1)


def build_xlsx(data: YearData) -> bytes:
    frame = table_frame(data)
    include = data.settings.excellent_cap_includes_excellent
    cols = columns_for(data.year, cap_includes_excellent=include)
    letter = {c.key: get_column_letter(j) for j, c in enumerate(cols, start=1)}
    wb = Workbook()
    ws = wb.active
    ws.title = EXPORT["xlsx_sheet"].format(year=data.year)

    last_col = get_column_letter(len(cols))
    _write_text(ws["A1"], EXPORT["xlsx_title"].format(year=data.year))
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last_col}1")
    scope = data.superior
    if not data.filters.is_all:
        described = describe_filters(data.filters, data.year)
        scope += " — " + EXPORT["scope_note"].format(scope=described)
    _write_text(ws["A2"], scope)
    ws["A2"].font = Font(bold=True)
    ws.merge_cells(f"A2:{last_col}2")
    _write_text(ws["A3"], EXPORT["xlsx_note"])
    ws["A3"].font = Font(italic=True, size=9)
    ws.merge_cells(f"A3:{last_col}3")
    for cell_ref in ("A1", "A2", "A3"):
        ws[cell_ref].alignment = Alignment(horizontal="center")
    _header(ws, cols)

    for i, row in enumerate(records(frame), start=FIRST_DATA):
        values = row._asdict()
        for j, col in enumerate(cols, start=1):
            cell = ws.cell(i, j)
            _write(cell, values.get(col.key), col.kind)
            cell.border = BORDER
    last = FIRST_DATA + len(frame) - 1
    total_row = last + 1
    _totals(ws, cols, letter, total_row, last, include)

    for j, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.freeze_panes = ws.cell(FIRST_DATA, 3)
    ws.print_title_rows = f"{HEADER_TOP}:{HEADER_TOP + 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P / &N"
    wb.properties.title = EXPORT["xlsx_title"].format(year=data.year)
    wb.properties.creator = data.superior
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _totals(
    ws: Worksheet,
    cols: Sequence[Column],
    letter: dict[str, str],
    row: int,
    last: int,
    include_excellent: bool,
) -> None:
    """Formulas: sums of the counts, and each share as the ratio of two sums."""
    _write_text(ws.cell(row, 2), EXPORT["xlsx_totals"])
    for j, col in enumerate(cols, start=1):
        cell = ws.cell(row, j)
        cell.font = Font(bold=True)
        cell.fill, cell.border = TOTAL_FILL, BORDER
        if col.kind == "int" and col.key != "no":
            cell.value = f"=SUM({letter[col.key]}{FIRST_DATA}:{letter[col.key]}{last})"
            cell.number_format = INT_FORMAT
        elif col.kind == "pct" and col.ratio_of is not None:
            num, base = col.ratio_of
            top = f"{letter[num]}{row}"
            if base == "ratio_base":
                # The cap's denominator: HTTNV, or HTTNV and above when the setting says so.
                bottom = f"{letter['members_httnv']}{row}"
                if include_excellent:
                    bottom = f"({bottom}+{letter['members_htxsnv']}{row})"
            else:
                bottom = f"{letter[base]}{row}"
            cell.value = f'=IF({bottom}=0,"",{top}/{bottom})'
            cell.number_format = PCT_FORMAT

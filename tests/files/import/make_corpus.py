"""Writes the import corpus beside this file: good files, and bad files with one fault each.

Run ``python tests/files/import/make_corpus.py`` after changing it; the files are committed so
the tests read exactly what a user would upload. The bad files are the good small district
with one thing broken, so a test can say which sheet, row and column the message must name.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
import sys
import unicodedata
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from xeploai.texts import IMPORT_HEADERS  # noqa: E402

Sheets = dict[str, list[list[object]]]  # sheet → header row + data rows

ORG_KEYS: list[object] = [
    "org_code",
    "org_name",
    "org_type",
    "parent_code",
    "sector",
    "active_from",
    "active_to",
    "successor_code",
]
RESULT_KEYS: list[object] = [
    "year",
    "org_code",
    "org_level",
    "clean_strong",
    "members_total",
    "members_exempt",
    "members_suspended",
    "members_new",
    "members_pending",
    "members_HTXSNV",
    "members_HTTNV",
    "members_HTNV",
    "members_KHTNV",
    "members_evaluated",
    "cells_rated",
    "cells_TSVM",
    "cells_HTXSNV",
    "cells_HTTNV",
    "cells_HTNV",
    "cells_KHTNV",
    "cells_YK",
]


def small() -> Sheets:
    """A small district over 2019–2020: two committees with cells, two base cells, a target.

    Row numbers below (as Excel counts them, header = 1) are what the bad files break.
    """
    return {
        "organizations": [
            ORG_KEYS,
            ["XA", "Đảng bộ xã An Phú", "base_committee", None, "commune", None, None, None],
            ["XA-AP1", "Chi bộ Ấp 1", "subordinate_cell", "XA", "neighbourhood", None, None, None],
            ["XA-AP2", "Chi bộ Ấp 2", "subordinate_cell", "XA", "neighbourhood", None, None, None],
            ["XA-AP3", "Chi bộ Ấp 3", "subordinate_cell", "XA", "neighbourhood", None, None, None],
            ["XB", "Đảng bộ xã Bình Mỹ", "base_committee", None, "commune", None, None, None],
            [
                "XB-AP1",
                "Chi bộ Ấp Bình Thượng",
                "subordinate_cell",
                "XB",
                "neighbourhood",
                None,
                None,
                None,
            ],
            [
                "XB-AP2",
                "Chi bộ Ấp Bình Hạ",
                "subordinate_cell",
                "XB",
                "neighbourhood",
                2020,
                None,
                None,
            ],
            ["TH", "Chi bộ Trường THPT An Phú", "base_cell", None, "education", None, None, None],
            ["CA", "Chi bộ Công an xã", "base_cell", None, "police", None, None, None],
        ],
        "results": [
            RESULT_KEYS,
            # row 2..5: 2019, cells given as counts
            [2019, "XA", "HTTNV", 0, 120, 10, 1, 2, 1, 15, 80, 10, 1, 106, 3, 0, 0, 3, 0, 0, 0],
            [2019, "XB", "HTTNV", 0, 80, 5, 0, 1, 0, 10, 55, 8, 1, 74, 1, 0, 0, 1, 0, 0, 0],
            [2019, "TH", "HTXSNV", 1, 30, 0, 0, 1, 0, 5, 22, 2, 0, 29, 0, 0, 0, 0, 0, 0, 0],
            [2019, "CA", "HTTNV", 0, 25, 0, 0, 0, 0, 4, 20, 1, 0, 25, 0, 0, 0, 0, 0, 0, 0],
            # row 6..9: 2020, cells from cell_results
            [
                2020,
                "XA",
                "HTTNV",
                0,
                124,
                11,
                0,
                3,
                0,
                16,
                82,
                11,
                1,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                2020,
                "XB",
                "HTNV",
                0,
                82,
                5,
                1,
                0,
                0,
                9,
                58,
                8,
                1,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                2020,
                "TH",
                "HTXSNV",
                0,
                31,
                0,
                0,
                0,
                0,
                5,
                24,
                2,
                0,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
            [
                2020,
                "CA",
                "HTTNV",
                0,
                26,
                0,
                0,
                1,
                0,
                4,
                20,
                1,
                0,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
        "cell_results": [
            ["year", "org_code", "org_level"],
            [2020, "XA-AP1", "HTTNV"],
            [2020, "XA-AP2", "HTTNV"],
            [2020, "XA-AP3", "HTNV"],
            [2020, "XB-AP1", "HTTNV"],
            [2020, "XB-AP2", None],  # founded in 2020: not rated
        ],
        "targets": [
            ["term", "from_year", "to_year", "subject", "measure", "direction", "target", "source"],
            [
                "2020-2025",
                2020,
                2024,
                "members",
                "good_or_better_pct",
                "at_least",
                90,
                "Nghị quyết Đại hội (mẫu thử)",
            ],
        ],
    }


def small_2021_update() -> Sheets:
    """A second file: a new year and one corrected figure of 2020 (for diff and undo)."""
    base = small()
    results = [
        RESULT_KEYS,
        [
            2020,
            "CA",
            "HTTNV",
            0,
            26,
            0,
            0,
            1,
            0,
            5,
            19,
            1,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            2021,
            "CA",
            "HTXSNV",
            1,
            27,
            0,
            0,
            0,
            0,
            5,
            21,
            1,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            2021,
            "TH",
            "HTTNV",
            0,
            32,
            0,
            0,
            0,
            0,
            4,
            26,
            2,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        [
            2021,
            "PTHT",
            "HTTNV",
            0,
            8,
            0,
            0,
            0,
            0,
            1,
            7,
            0,
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    orgs: list[list[object]] = [
        ORG_KEYS,
        base["organizations"][9],  # CA unchanged
        [
            "TH",
            "Chi bộ Trường THPT An Phú (đổi tên)",
            "base_cell",
            None,
            "education",
            None,
            None,
            None,
        ],
        [
            "PTHT",
            "Chi bộ Công ty Phát triển hạ tầng",
            "base_cell",
            None,
            "enterprise",
            2021,
            None,
            None,
        ],
    ]
    return {"organizations": orgs, "results": results}


# --- writers ---------------------------------------------------------------------------------


def write_xlsx(path: Path, sheets: Sheets, *, vietnamese_headers: bool = False) -> None:
    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name
        first = False
        for r, row in enumerate(rows):
            if r == 0 and vietnamese_headers:
                labels = IMPORT_HEADERS.get(name, {})
                row = [labels.get(str(h), h) for h in row]
            ws.append(row)
    wb.save(path)


def csv_text(rows: list[list[object]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def write_csv_folder(
    folder: Path,
    sheets: Sheets,
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    delimiter: str = ",",
    nfd: bool = False,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        text = csv_text(rows, delimiter)
        if nfd:
            text = unicodedata.normalize("NFD", text)
        data = text.encode(encoding) if encoding != "cp1258" else _cp1258(text)
        if bom:
            data = b"\xef\xbb\xbf" + data
        (folder / f"{name}.csv").write_bytes(data)


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps â, ê, ơ … whole and writes the tone mark as a combining character."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(p for p in parts if p in "\u0300\u0301\u0303\u0309\u0323")
            base = "".join(p for p in parts if p not in tones)
            out += (unicodedata.normalize("NFC", base) + tones).encode("cp1258")
    return bytes(out)


# --- the Củ Chi 2017 result (DOMAIN.md, "A published result to check against") ------------


def _split(total: int, weights: list[int]) -> list[int]:
    """Integers proportional to weights adding up to total (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    out = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: -(exact[i] - out[i]))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def cu_chi_2017() -> Sheets:
    """52 base organizations (26 committees, 26 base cells), 50 rated; 431 cells; 8,274 members.

    Labels and headers in Vietnamese, as the board would type them into the template.
    """
    committees = [f"CC{i:02d}" for i in range(1, 27)]
    cells = [f"CB{i:02d}" for i in range(1, 27)]
    codes = committees + cells
    sectors = ["education", "health", "agency", "enterprise", "police", "military", "other"]
    orgs: list[list[object]] = [["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Lĩnh vực"]]
    for i, code in enumerate(committees, start=1):
        orgs.append([code, f"Đảng bộ xã Củ Chi {i}", "Đảng bộ cơ sở", "Xã, thị trấn"])
    labels = {
        "education": "Giáo dục",
        "health": "Y tế",
        "agency": "Cơ quan",
        "enterprise": "Doanh nghiệp",
        "police": "Công an",
        "military": "Quân sự",
        "other": "Khác",
    }
    for i, code in enumerate(cells, start=1):
        orgs.append(
            [code, f"Chi bộ cơ sở Củ Chi {i}", "Chi bộ cơ sở", labels[sectors[i % len(sectors)]]]
        )

    weights = [30 + (i * 7) % 23 for i in range(len(committees))] + [
        6 + (i * 5) % 9 for i in range(len(cells))
    ]
    member_levels = {"HTXSNV": 489, "HTTNV": 5050, "HTNV": 1525, "KHTNV": 68}
    not_evaluated = {"exempt": 1000, "suspended": 12, "new": 110, "pending": 20}
    members = {k: _split(v, weights) for k, v in {**member_levels, **not_evaluated}.items()}
    cell_weights = [8 + (i * 3) % 17 for i in range(len(committees))]
    cell_levels = {"TSVM": 148, "HTTNV": 211, "HTNV": 31, "YK": 41}
    cell_counts = {k: _split(v, cell_weights) for k, v in cell_levels.items()}
    org_levels = (
        ["Trong sạch, vững mạnh"] * 14
        + ["Hoàn thành tốt nhiệm vụ"] * 33
        + ["Hoàn thành nhiệm vụ"] * 2
        + ["Yếu kém"]
        + [None] * 2
    )
    # Spread the levels so committees and cells both get some of each.
    order = [i for pair in zip(range(26), range(26, 52), strict=True) for i in pair]
    level_of = dict(zip(order, org_levels, strict=True))

    header: list[object] = [
        "Năm",
        "Mã tổ chức",
        "Xếp loại tổ chức",
        "Tổng số đảng viên",
        "Miễn công tác và sinh hoạt",
        "Đình chỉ sinh hoạt",
        "Kết nạp chưa đủ 6 tháng",
        "Chưa đánh giá",
        "Đảng viên HTXSNV",
        "Đảng viên HTTNV",
        "Đảng viên HTNV",
        "Đảng viên KHTNV",
        "Chi bộ TSVM",
        "Chi bộ HTTNV",
        "Chi bộ HTNV",
        "Chi bộ yếu kém",
    ]
    results: list[list[object]] = [header]
    for i, code in enumerate(codes):
        levels = [members[k][i] for k in member_levels]
        rest = [members[k][i] for k in not_evaluated]
        cells_row = [cell_counts[k][i] for k in cell_levels] if i < len(committees) else [None] * 4
        results.append(
            [2017, code, level_of[i], sum(levels) + sum(rest), *rest, *levels, *cells_row]
        )
    return {"organizations": orgs, "results": results}


# --- the bad files ----------------------------------------------------------------------------


def _set(sheets: Sheets, sheet: str, row: int, key: str, value: object) -> Sheets:
    """A copy with one cell changed; row as Excel counts it (header = 1)."""
    out = copy.deepcopy(sheets)
    rows = out[sheet]
    rows[row - 1][rows[0].index(key)] = value
    return out


def bad_cases() -> dict[str, Sheets]:
    s = small()
    cases: dict[str, Sheets] = {}
    missing = copy.deepcopy(s)
    i = missing["results"][0].index("members_total")
    missing["results"] = [r[:i] + r[i + 1 :] for r in missing["results"]]
    cases["missing_column"] = missing
    unknown = copy.deepcopy(s)
    unknown["results"][0].append("Ghi chú")
    for r in unknown["results"][1:]:
        r.append("x")
    cases["unknown_column"] = unknown
    cases["unknown_org"] = _set(s, "results", 5, "org_code", "XYZ")
    cases["text_for_number"] = _set(s, "results", 3, "members_exempt", "năm")
    cases["fractional_count"] = _set(s, "results", 4, "members_HTNV", 2.5)
    cases["negative_count"] = _set(s, "results", 2, "members_pending", -1)
    cases["percent_text"] = _set(s, "results", 2, "members_HTXSNV", "12,5%")
    cases["tsvm_in_2020"] = _set(s, "results", 8, "org_level", "Trong sạch, vững mạnh")
    cases["yk_cell_in_2020"] = _set(s, "cell_results", 4, "org_level", "Yếu kém")
    cases["old_level_2017"] = _set(
        _set(s, "results", 5, "year", 2017), "results", 5, "org_level", "HTXSNV"
    )
    dup = copy.deepcopy(s)
    dup["results"].append(list(dup["results"][4]))
    cases["duplicate_row"] = dup
    cases["levels_vs_evaluated"] = _set(s, "results", 2, "members_evaluated", 107)
    cases["parts_vs_total"] = _set(s, "results", 3, "members_total", 81)
    cases["cells_vs_rated"] = _set(s, "results", 2, "cells_rated", 4)
    cases["cells_over_catalogue"] = _set(
        _set(s, "results", 2, "cells_HTTNV", 5), "results", 2, "cells_rated", 5
    )
    cases["parent_not_committee"] = _set(s, "organizations", 7, "parent_code", "TH")
    cases["year_out_of_range"] = _set(s, "cell_results", 2, "year", 1999)
    cases["clean_strong_2019_not_excellent"] = _set(s, "results", 2, "clean_strong", 1)
    cases["cells_on_base_cell"] = _set(s, "results", 5, "cells_HTTNV", 1)
    cases["blank_required"] = _set(s, "organizations", 3, "org_name", None)
    cases["unknown_sector"] = _set(s, "organizations", 9, "sector", "Thể thao")
    # a committee whose type is unreadable, with cells and results that refer to it
    cases["unknown_org_type"] = _set(s, "organizations", 6, "org_type", "Đảng bộ tỉnh")
    # a rated subordinate cell moved to another committee (its past results would move too)
    moved = _set(s, "organizations", 5, "parent_code", "XB")
    cases["cell_moved"] = {"organizations": [moved["organizations"][0], moved["organizations"][4]]}
    cases["many_problems"] = _set(
        _set(_set(s, "results", 3, "members_exempt", "năm"), "results", 8, "org_level", "TSVM"),
        "organizations",
        7,
        "parent_code",
        "TH",
    )
    return cases


def main() -> None:
    good = HERE / "good"
    bad = HERE / "bad"
    for folder in (good, bad):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    write_xlsx(good / "small.xlsx", small())
    write_xlsx(good / "small_vi_headers.xlsx", small(), vietnamese_headers=True)
    write_xlsx(good / "update_2021.xlsx", small_2021_update())
    write_xlsx(good / "cu_chi_2017.xlsx", cu_chi_2017())
    # The same small district as CSV: UTF-8 with BOM, semicolons, decomposed accents, 12.0.
    floats = copy.deepcopy(small())
    for row in floats["results"][1:]:
        row[:] = [float(v) if isinstance(v, int) and i >= 4 else v for i, v in enumerate(row)]
    labelled = copy.deepcopy(floats)
    for row in labelled["organizations"][1:]:
        row[2] = {
            "base_committee": "ĐẢNG BỘ CƠ SỞ",
            "base_cell": "chi bo co so",
            "subordinate_cell": "Chi bộ trực thuộc",
        }[str(row[2])]
    for row in labelled["results"][1:]:
        row[2] = {
            "HTTNV": "hoàn thành tốt nhiệm vụ",
            "HTXSNV": "Hoan thanh xuat sac nhiem vu",
            "HTNV": "HOÀN THÀNH NHIỆM VỤ",
        }[str(row[2])]
    write_csv_folder(good / "csv_bom_nfd", labelled, bom=True, delimiter=";", nfd=True)
    write_csv_folder(good / "csv_utf16", small(), encoding="utf-16", delimiter="\t")

    for name, sheets in bad_cases().items():
        write_xlsx(bad / f"{name}.xlsx", sheets)
    # CSV faults: a legacy encoding, and a results.csv alone whose counts are floats-as-text.
    legacy = bad / "legacy_encoding"
    # cp1258 (Vietnamese Windows "CSV") stores the tone marks as combining characters.
    write_csv_folder(legacy, {"organizations": small()["organizations"]}, encoding="cp1258")
    write_csv_folder(
        bad / "csv_fraction",
        {"results": _set(small(), "results", 3, "members_HTTNV", "55.5")["results"]},
    )
    # Wrong kinds of file: an old .xls (OLE2 header), a CSV renamed .xlsx, an xlsx renamed .csv.
    (bad / "old_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    (bad / "renamed.xlsx").write_text(csv_text(small()["results"]), encoding="utf-8")
    shutil.copy(good / "small.xlsx", bad / "results.csv")
    (bad / "notes.txt").write_text("ghi chú", encoding="utf-8")
    # A formula Excel never computed (written by a program): no stored value to read.
    formula = Workbook()
    ws = formula.active
    assert ws is not None
    ws.title = "results"
    for row in small()["results"]:
        ws.append(row)
    ws["E2"] = "=SUM(F2:M2)"
    formula.save(bad / "formula_without_value.xlsx")
    # Percentages formatted as such in Excel, where counts belong.
    pct = Workbook()
    ws = pct.active
    assert ws is not None
    ws.title = "results"
    for row in small()["results"]:
        ws.append(row)
    ws["J3"] = 0.12
    ws["J3"].number_format = "0%"
    pct.save(bad / "percent_format.xlsx")


if __name__ == "__main__":
    main()

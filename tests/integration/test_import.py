"""Import, undo and export of data (issue 4): what a user uploading a file notices.

The corpus is in tests/files/import (written by make_corpus.py there): good files, and bad files
that are the good small district with one thing broken.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, cast

import duckdb
import openpyxl
import pytest

from tests.workbooks import new_cells
from xeploai import ingest
from xeploai.access.users import AuthStore, auth_path
from xeploai.cli import main
from xeploai.domain.cells import csv_text
from xeploai.domain.numbers import pct
from xeploai.domain.selection import Filters
from xeploai.ingest import read, spec, workbook
from xeploai.metrics.summary import terms_within, year_summary
from xeploai.store.database import Database

CORPUS = Path(__file__).resolve().parents[1] / "files" / "import"
GOOD = CORPUS / "good"
BAD = CORPUS / "bad"
ROOT = Path(__file__).resolve().parents[2]


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table an import may touch, to prove a refused file changed nothing."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        return {
            t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)
            for t in sorted(tables)
        }
    finally:
        con.close()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.duckdb"
    assert main(["init", "--superior", "Đảng bộ huyện Củ Chi", "--db", str(path)]) == 0
    return path


def summary(path: Path, year: int) -> dict[str, Any] | None:
    with Database(path) as db:
        return cast("dict[str, Any] | None", year_summary(db, year))


# --- bad files: refused, named, nothing changed ---------------------------------------------

# file, sheet, row, column (as the file writes it), a words of the message that names the fault
BAD_CASES = [
    # a required column absent from the header row
    ("missing_column.xlsx", "results", 1, None, "Thiếu cột bắt buộc “members_total”"),
    # a column the format does not know (a notes column)
    ("unknown_column.xlsx", "results", 1, "Ghi chú", "Cột không thuộc mẫu nhập"),
    ("unknown_org.xlsx", "results", 5, "org_code", "không có trong danh mục"),
    ("text_for_number.xlsx", "results", 3, "members_exempt", "chữ ở chỗ cần một số"),
    ("fractional_count.xlsx", "results", 4, "members_HTNV", "Số lẻ"),
    ("negative_count.xlsx", "results", 2, "members_pending", "Số âm"),
    ("percent_text.xlsx", "results", 2, "members_HTXSNV", "Tỷ lệ phần trăm"),
    # a number Excel shows as 12%: the stored 0.12 is a share, not a count
    ("percent_format.xlsx", "results", 3, "members_HTXSNV", "Tỷ lệ phần trăm"),
    # TSVM is no level from 2018: the message says to use the clean_strong column
    ("tsvm_in_2020.xlsx", "results", 8, "org_level", "clean_strong"),
    ("yk_cell_in_2020.xlsx", "cell_results", 4, "org_level", "KHTNV"),
    ("old_level_2017.xlsx", "results", 5, "org_level", "27-HD/BTCTW"),
    ("duplicate_row.xlsx", "results", 10, None, "trùng khóa (2019, CA)"),
    ("levels_vs_evaluated.xlsx", "results", 2, "members_evaluated", "khác số được đánh giá 107"),
    ("parts_vs_total.xlsx", "results", 3, "members_total", "Tổng số 81 đảng viên"),
    ("cells_vs_rated.xlsx", "results", 2, "cells_rated", "khác số chi bộ được xếp loại 4"),
    # 5 cells rated, the catalogue holds 3 under that committee
    ("cells_over_catalogue.xlsx", "results", 2, "cells_rated", "danh mục chỉ có 3"),
    ("cells_on_base_cell.xlsx", "results", 5, None, "Chi bộ cơ sở không có chi bộ trực thuộc"),
    # a subordinate cell moved under a base cell
    ("parent_not_committee.xlsx", "organizations", 7, "parent_code", "không phải đảng bộ cơ sở"),
    ("cell_moved.xlsx", "organizations", 2, "parent_code", "đổi cấp trên"),
    ("year_out_of_range.xlsx", "cell_results", 2, "year", "Năm nằm ngoài khoảng"),
    ("clean_strong_2019_not_excellent.xlsx", "results", 2, "clean_strong", "HTXSNV"),
    ("blank_required.xlsx", "organizations", 3, "org_name", "để trống"),
    ("unknown_sector.xlsx", "organizations", 9, "sector", "không thuộc danh mục"),
    ("unknown_org_type.xlsx", "organizations", 6, "org_type", "không thuộc danh mục"),
    # a formula written by a program, never computed: there is no value to read
    ("formula_without_value.xlsx", "results", 2, "members_total", "công thức"),
    # a CSV whose count is "55.5"
    ("csv_fraction", "results", 3, "members_HTTNV", "Số lẻ"),
]

FILE_CASES = [
    ("old_format.xls", "Excel đời cũ (.xls"),
    ("renamed.xlsx", "không phải bảng tính Excel"),  # a CSV renamed .xlsx
    ("results.csv", "không phải văn bản CSV"),  # a workbook renamed .csv
    ("notes.txt", "Chỉ nhận tệp Excel .xlsx, tệp .csv, hoặc tệp nén .zip chứa các tệp ấy"),
    # cp1258 decodes without error into wrong letters: refused, never stored as mojibake
    ("legacy_encoding", "không ở bảng mã UTF-8"),
]


@pytest.mark.parametrize(
    ("name", "sheet", "row", "column", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_file_is_refused_with_where_and_what(
    capsys: pytest.CaptureFixture[str],
    small_db: Path,
    name: str,
    sheet: str,
    row: int,
    column: str | None,
    words: str,
) -> None:
    before = snapshot(small_db)
    code, _, err = run(capsys, "import", BAD / name, "--db", small_db)
    assert code == 1
    where = f"trang tính “{sheet}”, dòng {row}"
    if column:
        where += f", cột “{column}”"
    lines = [line for line in err.splitlines() if where in line and words in line]
    assert lines, err
    assert "Không nhập" in err and "Dữ liệu không thay đổi" in err
    assert snapshot(small_db) == before


@pytest.mark.parametrize(("name", "words"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_wrong_kind_of_file_is_refused(
    capsys: pytest.CaptureFixture[str], small_db: Path, name: str, words: str
) -> None:
    before = snapshot(small_db)
    code, _, err = run(capsys, "import", BAD / name, "--db", small_db)
    assert code == 1
    assert words in err
    assert snapshot(small_db) == before


def test_every_problem_is_reported_at_once(
    capsys: pytest.CaptureFixture[str], small_db: Path
) -> None:
    code, _, err = run(capsys, "import", BAD / "many_problems.xlsx", "--db", small_db)
    assert code == 1
    assert "dòng 3, cột “members_exempt”" in err  # text for a number
    assert "dòng 8, cột “org_level”" in err  # TSVM in 2020
    assert "dòng 7, cột “parent_code”" in err  # cell under a base cell


def test_refused_exit_status_of_the_real_command(small_db: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "xeploai",
            "import",
            str(BAD / "unknown_org.xlsx"),
            "--db",
            str(small_db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "XYZ" in done.stderr


def test_file_over_the_size_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], small_db: Path
) -> None:
    monkeypatch.setattr(spec, "MAX_FILE_BYTES", 1000)
    code, _, err = run(capsys, "import", GOOD / "small.xlsx", "--db", small_db)
    assert code == 1
    assert "vượt giới hạn" in err


# --- a .zip of files ------------------------------------------------------------------------


def zipped(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_is_read_as_the_files_in_it_chosen_together(
    capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path
) -> None:
    # what the files give chosen together, the zip gives: the same changes, one import
    code, alone, _ = run(capsys, "import", GOOD / "update_2021.xlsx", "--db", small_db, "--dry-run")
    assert code == 0 and "Tổ chức: thêm 1, sửa 1" in alone
    archive = zipped(
        tmp_path / "gui_ban.zip",
        {
            "du_lieu/update_2021.xlsx": (GOOD / "update_2021.xlsx").read_bytes(),
            "ghi_chu.docx": b"not read",
            "DOC_TRUOC.txt": b"the export's own guide: passed over in silence",
            "__MACOSX/du_lieu/._update_2021.xlsx": b"a Mac's resource fork",
        },
    )
    code, out, err = run(capsys, "import", archive, "--db", small_db)
    assert code == 0, err
    # the same changes and warnings, written this time
    assert [
        line for line in out.splitlines() if not line.startswith("Đã nhập (lần nhập số 2)")
    ] == [line for line in alone.splitlines() if line != "Chạy thử: chưa ghi gì vào cơ sở dữ liệu."]
    assert len(out.splitlines()) == len(alone.splitlines())
    assert err.strip() == (
        "Bỏ qua “ghi_chu.docx” trong tệp nén “gui_ban.zip”: chỉ nhập các tệp .xlsx và .csv."
    )
    assert summary(small_db, 2021) is not None
    # the import's record names the zip, as the user chose it
    with Database(small_db, read_only=True) as db:
        assert ingest.history(db)[0].file_names == ["gui_ban.zip"]


def test_a_problem_in_a_zip_names_the_file_in_it(
    capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path
) -> None:
    before = snapshot(small_db)
    archive = zipped(
        tmp_path / "tinh.zip",
        {
            "update_2021.xlsx": (GOOD / "update_2021.xlsx").read_bytes(),
            "results.csv": (BAD / "csv_fraction" / "results.csv").read_bytes(),
        },
    )
    code, _, err = run(capsys, "import", archive, "--db", small_db)
    assert code == 1
    assert "Tệp “tinh.zip/results.csv”, trang tính “results”, dòng 3, cột “members_HTTNV”" in err
    assert "Số lẻ" in err and "Không nhập" in err
    assert snapshot(small_db) == before


ZIP_CASES = [
    # name, the zip's members (None: bytes that are no zip), a limit lowered, what is said
    ("truncated", None, None, "Không mở được tệp nén .zip"),
    ("no_files", {"DOC_TRUOC.txt": b"guide", "a/": b""}, None, "không chứa tệp .xlsx hay .csv"),
    ("old_excel", {"cu.xls": b"\xd0\xcf\x11\xe0 old"}, None, "Excel đời cũ (.xls"),
    (
        "file_too_big",
        {"results.csv": b"year,org_code\n" * 500},
        ("MAX_FILE_BYTES", 5000),
        "Tệp “file_too_big.zip/results.csv”: Tệp nặng 0,0 MB, vượt giới hạn 0 MB.",
    ),
    # a few kilobytes that inflate to a megabyte: measured as they inflate, refused as a whole
    (
        "inflating",
        {"results.csv": b"year,org_code\n" + b"2021,CA\n" * 120_000},
        ("MAX_ZIP_BYTES", 100_000),
        "giải nén ra quá lớn",
    ),
    ("too_many", {"a.csv": b"x", "b.csv": b"y"}, ("MAX_ZIP_FILES", 1), "chứa 2 tệp"),
    ("zip_too_big", {"a.csv": b"x" * 3000}, ("MAX_ZIP_BYTES", 1000), "Tệp nén nặng"),
]


@pytest.mark.parametrize(
    ("case", "members", "limit", "words"), ZIP_CASES, ids=[c[0] for c in ZIP_CASES]
)
def test_a_bad_zip_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    small_db: Path,
    tmp_path: Path,
    case: str,
    members: dict[str, bytes] | None,
    limit: tuple[str, int] | None,
    words: str,
) -> None:
    before = snapshot(small_db)
    path = tmp_path / f"{case}.zip"
    if members is None:
        path.write_bytes(zipped(tmp_path / "whole.zip", {"a.csv": b"x" * 100}).read_bytes()[:60])
    else:
        zipped(path, members, zipfile.ZIP_STORED if case == "zip_too_big" else zipfile.ZIP_DEFLATED)
    if limit is not None:
        monkeypatch.setattr(spec, *limit)
    code, _, err = run(capsys, "import", path, "--db", small_db)
    assert code == 1
    assert words in err, err
    assert "Không nhập" in err
    assert snapshot(small_db) == before


def test_a_zip_declaring_less_than_it_holds_is_refused_at_what_it_declared(
    tmp_path: Path,
) -> None:
    # the sizes are checked as the zip declares them, before anything is inflated; a file that
    # holds more than it declares is never inflated past it: the zip is damaged, and said so
    data = b"year,org_code\n" + b"2021,CA\n" * 700
    raw = bytearray(zipped(tmp_path / "lies.zip", {"results.csv": data}).read_bytes())
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.index(header) + offset  # the uncompressed size, in both headers
        assert int.from_bytes(raw[at : at + 4], "little") == len(data)
        raw[at : at + 4] = (10).to_bytes(4, "little")
    files, problems, _ = read.unpacked([ingest.Source("lies.zip", bytes(raw))])
    assert files == []
    assert [(p.file, p.message[:27]) for p in problems] == [
        ("lies.zip", "Không mở được tệp nén .zip ")
    ]
    # an honest one over the limit of a file: refused as it declares, nothing inflated
    honest = zipped(tmp_path / "honest.zip", {"results.csv": data}).read_bytes()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spec, "MAX_FILE_BYTES", 5000)
        files, problems, _ = read.unpacked([ingest.Source("honest.zip", honest)])
    assert files == []
    assert [(p.file, p.message) for p in problems] == [
        ("honest.zip/results.csv", "Tệp nặng 0,0 MB, vượt giới hạn 0 MB.")
    ]


# --- good files -----------------------------------------------------------------------------


def test_small_district_imported(small_db: Path) -> None:
    s = summary(small_db, 2020)
    assert s is not None
    assert s["base_orgs"]["total"] == 4
    assert s["base_orgs"]["levels"] == {"HTXSNV": 1, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
    # cells of 2020 come from cell_results: 4 rated of 5, one founded that year
    assert s["subordinate_cells"]["rated"] == 4
    assert s["subordinate_cells"]["levels"]["HTTNV"] == 3
    assert s["members"]["evaluated"] == 110 + 76 + 31 + 25
    # 2019: cells as counts in the results sheet
    s2019 = summary(small_db, 2019)
    assert s2019 is not None and s2019["subordinate_cells"]["rated"] == 4
    assert s2019["base_orgs"]["clean_strong"] == 1


def test_reimport_changes_nothing(capsys: pytest.CaptureFixture[str], small_db: Path) -> None:
    before = snapshot(small_db)
    code, out, _ = run(capsys, "import", GOOD / "small.xlsx", "--db", small_db)
    assert code == 0
    assert "Không có gì thay đổi" in out
    assert snapshot(small_db) == before


@pytest.mark.parametrize("variant", ["small_vi_headers.xlsx", "csv_bom_nfd", "csv_utf16"])
def test_same_data_in_other_spellings_changes_nothing(
    capsys: pytest.CaptureFixture[str], small_db: Path, variant: str
) -> None:
    """Vietnamese headers; UTF-8 with BOM, semicolons, decomposed (NFD) accents, labels in
    any case with or without accents, counts written 12.0; UTF-16 tab-separated: all the same
    data as small.xlsx, so importing them over it changes nothing."""
    before = snapshot(small_db)
    code, out, err = run(capsys, "import", GOOD / variant, "--db", small_db)
    assert code == 0, err
    assert "Không có gì thay đổi" in out
    assert snapshot(small_db) == before


def test_csv_folder_into_empty_db_stores_nfc(
    capsys: pytest.CaptureFixture[str], empty_db: Path
) -> None:
    code, _, err = run(capsys, "import", GOOD / "csv_bom_nfd", "--db", empty_db)
    assert code == 0, err
    con = duckdb.connect(str(empty_db), read_only=True)
    found = con.execute(
        "select org_name, org_type from organizations where org_code = 'XA'"
    ).fetchone()
    assert found is not None
    name, kind = found
    levels = con.execute("select distinct org_level from org_results order by 1").fetchall()
    con.close()
    assert name == "Đảng bộ xã An Phú" and len(name) == 17  # NFC: one code point per letter
    assert kind == "base_committee"
    assert levels == [("HTNV",), ("HTTNV",), ("HTXSNV",)]


def test_dry_run_shows_changes_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], small_db: Path
) -> None:
    before = snapshot(small_db)
    code, out, _ = run(capsys, "import", GOOD / "update_2021.xlsx", "--dry-run", "--db", small_db)
    assert code == 0
    assert "+ Tổ chức PTHT" in out  # a new organization
    assert "+ Kết quả TCCSĐ 2021 · CA" in out  # a row added
    # a row changed, old → new
    assert "~ Kết quả TCCSĐ 2020 · CA: members_htxsnv 4 → 5, members_httnv 20 → 19" in out
    assert "~ Tổ chức TH: org_name Chi bộ Trường THPT An Phú → " in out
    assert "Chạy thử" in out
    # rule checks of the years touched, as warnings: 5 excellent members for 19 good ones
    assert "Cảnh báo theo quy định" in out
    assert (
        "[2020] [member_excellent_cap] Chi bộ Công an xã: 5 đảng viên hoàn thành xuất sắc "
        "nhiệm vụ, vượt mức tối đa 3"
    ) in out
    assert snapshot(small_db) == before


def test_dry_run_prints_the_first_hundred_changes_and_counts_the_rest(
    capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path
) -> None:
    # 150 new cells: the first hundred in key order, then how many more (a national year's dry
    # run wrote out all its 1,2 million changes to print a hundred)
    path = new_cells(tmp_path / "chi-bo-moi.xlsx", 150, "subordinate_cell")
    code, out, _ = run(capsys, "import", path, "--dry-run", "--db", small_db)
    assert code == 0
    listed = [line for line in out.splitlines() if line.startswith("  + Tổ chức ")]
    assert listed == [f"  + Tổ chức XA-M{n:04}" for n in range(100)]
    assert "  … và 50 thay đổi khác" in out.splitlines()


def test_a_refusal_counts_its_problems_the_vietnamese_way(
    capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path
) -> None:
    path = new_cells(tmp_path / "chi-bo-sai.xlsx", 1005, "chi bộ lạ")
    code, _, err = run(capsys, "import", path, "--db", small_db)
    assert code != 0
    assert err.splitlines()[-1] == "Không nhập: 1.005 lỗi. Dữ liệu không thay đổi."


def test_import_is_logged_and_undo_restores_previous_values(
    capsys: pytest.CaptureFixture[str], small_db: Path
) -> None:
    before = snapshot(small_db)
    version = before["meta"]
    code, out, _ = run(capsys, "import", GOOD / "update_2021.xlsx", "--db", small_db)
    assert code == 0 and "lần nhập số 2" in out
    with Database(small_db) as db:
        record = ingest.history(db)[0]
        assert db.data_version() != dict(version)["data_version"]
    assert record.file_names == ["update_2021.xlsx"]
    assert record.sha256[0] == ingest.Source("x", (GOOD / "update_2021.xlsx").read_bytes()).sha256
    assert record.counts["org_results"] == {"added": 3, "changed": 1, "unchanged": 0}
    assert record.user_name
    audit = AuthStore(auth_path(small_db)).audit_rows(action="import")
    assert '"import_id": 2' in audit[0]["detail"] and '"via": "cli"' in audit[0]["detail"]
    s = summary(small_db, 2020)
    assert s is not None and s["members"]["levels"]["HTXSNV"] == 16 + 9 + 5 + 5

    # an older import cannot be undone while a later one is in force
    code, _, err = run(capsys, "undo", "--import-id", "1", "--db", small_db)
    assert code == 1 and "lần nhập gần nhất" in err

    code, out, _ = run(capsys, "undo", "--db", small_db)
    assert code == 0 and "Đã hoàn tác lần nhập số 2" in out
    after = snapshot(small_db)
    for table in ("organizations", "org_results", "cell_results", "targets"):
        assert after[table] == before[table], table
    assert summary(small_db, 2021) is None
    # the log keeps the import, marked undone
    with Database(small_db) as db:
        assert ingest.history(db)[0].undone_at is not None


def test_undo_with_nothing_to_undo(capsys: pytest.CaptureFixture[str], empty_db: Path) -> None:
    code, _, err = run(capsys, "undo", "--db", empty_db)
    assert code == 1
    assert "Không có lần nhập nào" in err


def test_db_held_by_another_process_gives_a_clear_message(
    capsys: pytest.CaptureFixture[str], small_db: Path
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True);"
            " time.sleep(30)",
            str(small_db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        code, _, err = run(capsys, "import", GOOD / "update_2021.xlsx", "--db", small_db)
    finally:
        holder.kill()
        holder.wait()
    assert code == 1
    assert "đang được một chương trình khác mở" in err


# --- the published result of Củ Chi 2017 ----------------------------------------------------


def test_cu_chi_2017_reproduced(capsys: pytest.CaptureFixture[str], empty_db: Path) -> None:
    code, _, err = run(capsys, "import", GOOD / "cu_chi_2017.xlsx", "--db", empty_db)
    assert code == 0, err
    code, out, _ = run(capsys, "summary", "--year", "2017", "--json", "--db", empty_db)
    assert code == 0
    s = json.loads(out)
    orgs, cells, members = s["base_orgs"], s["subordinate_cells"], s["members"]
    assert (orgs["total"], orgs["rated"]) == (52, 50)
    assert orgs["levels"] == {"TSVM": 14, "HTTNV": 33, "HTNV": 2, "YK": 1}
    assert orgs["clean_strong"] == 14 and orgs["clean_strong_pct"] == 28.0  # published 28%
    assert (cells["total"], cells["rated"]) == (431, 431)
    assert cells["levels"] == {"TSVM": 148, "HTTNV": 211, "HTNV": 31, "YK": 41}
    assert (members["total"], members["evaluated"]) == (8274, 7132)
    assert members["levels"] == {"HTXSNV": 489, "HTTNV": 5050, "HTNV": 1525, "KHTNV": 68}
    # Our rule rounds half away from zero: 6,8564…% → 6,86 (the article truncated to 6,85).
    assert members["excellent_pct"] == 6.86
    assert members["not_completed_pct"] == 0.95
    assert (pct(5050, 7132), pct(1525, 7132)) == (70.81, 21.38)  # published 70,8 and 21,38


# --- export: round trip, formulas never revived ----------------------------------------------


def test_export_then_import_gives_the_same_summary_every_year(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, empty_db: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "data.xlsx"
    code, _, _ = run(capsys, "export", "data", "--out", out_file, "--db", demo_db_path)
    assert code == 0 and out_file.exists()
    code, _, err = run(capsys, "import", out_file, "--db", empty_db)
    assert code == 0, err
    for year in range(2015, 2025):
        # the workbook carries the district's node and its base organizations: counted under it
        original = summary(demo_db_path, year)
        with Database(empty_db) as db:
            copy = year_summary(db, year, Filters(scope="HHM"))
        assert original is not None and copy is not None
        assert copy == original, year


def _stored(path: Path) -> dict[str, list[dict[str, Any]]]:
    with Database(path) as db:
        return {t: db.rows(spec.STORED_ROWS[t], **spec.stored_params(t)) for t in spec.TABLES}


@pytest.mark.parametrize(
    ("limit", "value", "files", "reason"),
    [
        # over 150 rows a sheet: the history's 566 events, 2015's 259 cell results, 2026's 747
        # scores (quarter by quarter)
        (
            "MAX_ROWS",
            150,
            {"danh_muc": 4, 2015: 2, 2025: 2, 2026: 5},
            "trang “Lịch sử tổ chức” có 566 dòng",
        ),
        # a workbook inflating to at most 4 MB: the district's 6.115 rows counted at 2,2 MB, over
        # half of it (one workbook would be 1,9 MB: the count errs on the safe side)
        (
            "MAX_UNZIPPED_BYTES",
            4 * 2**20,
            {"danh_muc": 1, 2015: 1, 2024: 1, 2026: 1},
            "khoảng 3 MB khi giải nén, trong khi một tệp xuất ra giữ dưới 2 MB",
        ),
        # 1 MB: the history's rows, as written (its names and its days), over the half of it
        # that a file holds: they go on in a second file
        (
            "MAX_UNZIPPED_BYTES",
            2**20,
            {"danh_muc": 2, 2015: 1, 2024: 1, 2026: 1},
            "khoảng 3 MB khi giải nén",
        ),
    ],
)
def test_an_export_too_large_for_one_workbook_comes_in_parts_that_import_back(
    capsys: pytest.CaptureFixture[str],
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    files: dict[str | int, int],
    reason: str,
) -> None:
    # Over the importer's limits (a national history's cell results are 3,2 million rows), the
    # export is a zip of workbooks the importer reads, each within its limits: the catalogue's,
    # then each year's. Imported in that order into an empty database, they give every stored
    # row back.
    monkeypatch.setattr(spec, limit, value)
    asked = tmp_path / "data.xlsx"
    code, out, err = run(capsys, "export", "data", "--out", asked, "--db", demo_db_path)
    zipped = tmp_path / "data.zip"
    assert (code, err, asked.exists()) == (0, "", False)
    with zipfile.ZipFile(zipped) as archive:
        names = archive.namelist()
        guide = archive.read("DOC_TRUOC.txt").decode()
        for name in names[:-1]:
            (tmp_path / name).write_bytes(archive.read(name))
    original = _stored(demo_db_path)
    years = sorted({r["year"] for r in original["org_results"]})
    parts: dict[str | int, list[str]] = {}
    for name in names[:-1]:
        stem = name.removesuffix(".xlsx").rsplit("_", 1)[0]
        parts.setdefault("danh_muc" if stem == "danh_muc" else int(stem[4:]), []).append(name)
    assert list(parts) == ["danh_muc", *years]  # the catalogue first, then year after year
    assert {k: len(parts[k]) for k in files} == files
    assert all(
        names
        == [f"{k if k == 'danh_muc' else f'nam_{k}'}_{n}.xlsx" for n in range(1, 1 + len(names))]
        for k, names in parts.items()
    )
    assert out.startswith(f"Đã xuất dữ liệu ra {zipped}: {len(names) - 1} tệp Excel. Dữ liệu quá")
    assert reason in out
    assert "`python -m xeploai import TEN_TEP.zip`" in guide
    assert "danh_muc_*.xlsx" in guide and "nam_<năm>_*.xlsx" in guide
    # imported part by part as the guide says, or the zip itself at once: every row back
    by_parts, whole = tmp_path / "by_parts.duckdb", tmp_path / "whole.duckdb"
    for empty in (by_parts, whole):
        assert run(capsys, "init", "--superior", "Tạm", "--db", empty)[0] == 0
    for key, group in parts.items():
        code, _, err = run(capsys, "import", *(tmp_path / n for n in group), "--db", by_parts)
        assert code == 0, (key, err)
    code, _, err = run(capsys, "import", zipped, "--db", whole)
    assert (code, err) == (0, "")
    for empty in (by_parts, whole):
        copy = _stored(empty)
        # the empty database's own superior ("init") beside the district's tree
        added = [o["org_code"] for o in copy["organizations"] if o not in original["organizations"]]
        assert added == ["CAPTREN"]
        assert {**copy, "organizations": original["organizations"]} == original
        assert len(copy["organizations"]) == len(original["organizations"]) + 1


def test_a_workbook_over_what_its_rows_were_counted_to_hold_is_written_again_in_parts(
    capsys: pytest.CaptureFixture[str],
    demo_db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the shape counts a cell at a byte, so the district seems to fit one workbook of 1 MB; the
    # workbook written is larger, and the importer would refuse it: the command writes the parts
    monkeypatch.setattr(spec, "MAX_UNZIPPED_BYTES", 2**20)
    monkeypatch.setattr(workbook, "_SHAPE_CELL_BYTES", 1)
    with Database(demo_db_path, read_only=True) as db:
        assert workbook.export_shape(db).one_workbook
    asked = tmp_path / "data.xlsx"
    code, out, err = run(capsys, "export", "data", "--out", asked, "--db", demo_db_path)
    assert (code, err, asked.exists()) == (0, "", False)
    with zipfile.ZipFile(tmp_path / "data.zip") as archive:
        books = [archive.read(n) for n in archive.namelist() if n.endswith(".xlsx")]
    assert len(books) > 1 and all(workbook.importable(b) for b in books)
    # the reason is what the workbook written inflated to, not what was counted
    assert out.startswith(
        f"Đã xuất dữ liệu ra {tmp_path / 'data.zip'}: {len(books)} tệp Excel. Dữ liệu quá lớn cho "
        "một tệp Excel nhập lại được (khoảng 2 MB khi giải nén"
    )


def test_an_export_within_the_limits_is_one_workbook(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, tmp_path: Path
) -> None:
    with Database(demo_db_path, read_only=True) as db:
        shape = workbook.export_shape(db)
    assert shape.one_workbook
    out_file = tmp_path / "data.xlsx"
    code, out, _ = run(capsys, "export", "data", "--out", out_file, "--db", demo_db_path)
    assert (code, out.strip()) == (0, f"Đã xuất dữ liệu 12 năm ra {out_file}.")
    assert workbook.importable(out_file.read_bytes())


def test_text_that_looks_like_a_formula_stays_text(
    capsys: pytest.CaptureFixture[str], small_db: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(GOOD / "small.xlsx")
    ws = wb["organizations"]
    ws["B2"].value = '=HYPERLINK("http://x","bấm")'
    ws["B2"].data_type = "s"
    ws["B3"].value = "@SUM(1+1)"
    uploaded = tmp_path / "names.xlsx"
    wb.save(uploaded)
    code, _, err = run(capsys, "import", uploaded, "--db", small_db)
    assert code == 0, err
    exported = tmp_path / "out.xlsx"
    assert run(capsys, "export", "data", "--out", exported, "--db", small_db)[0] == 0
    sheet = openpyxl.load_workbook(exported)["organizations"]
    cells = {
        c.value: c
        for row in sheet.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=@"
    }
    assert set(cells) == {'=HYPERLINK("http://x","bấm")', "@SUM(1+1)"}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells.values())
    assert csv_text("=1+1") == "'=1+1" and csv_text("An Phú") == "An Phú"


def test_template_has_instructions_headers_and_drop_downs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "mau.xlsx"
    assert run(capsys, "template", "--out", out_file)[0] == 0
    wb = openpyxl.load_workbook(out_file)
    assert wb.sheetnames[:7] == [
        "Hướng dẫn",
        "organizations",
        "lineage",
        "results",
        "cell_results",
        "scores",
        "targets",
    ]
    assert "MẪU NHẬP" in str(wb["Hướng dẫn"]["A1"].value)
    orgs = wb["organizations"]
    assert [c.value for c in orgs[1]][:3] == ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức"]
    lists = wb["Danh mục"]
    validated = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in orgs.data_validations.dataValidation
    }
    assert set(validated) == {"C2", "E2"}  # type and sector
    level_ranges = [dv.formula1 for dv in wb["results"].data_validations.dataValidation]
    assert len(level_ranges) == 1
    column = level_ranges[0].split("!")[1].split(":")[0].replace("$", "")[0]
    offered = [lists[f"{column}{r}"].value for r in range(2, 8)]
    assert "Trong sạch, vững mạnh" in offered and "Hoàn thành xuất sắc nhiệm vụ" in offered


def test_committed_template_is_the_generated_one() -> None:
    committed = openpyxl.load_workbook(ROOT / "data" / "template.xlsx")
    fresh = openpyxl.load_workbook(io.BytesIO(workbook.template_bytes()))
    for name in fresh.sheetnames:
        assert [[c.value for c in row] for row in committed[name].iter_rows()] == [
            [c.value for c in row] for row in fresh[name].iter_rows()
        ], name


def test_filled_template_imports(
    capsys: pytest.CaptureFixture[str], empty_db: Path, tmp_path: Path
) -> None:
    """The template filled by hand with labels from its drop-downs is accepted as it is."""
    wb = openpyxl.load_workbook(io.BytesIO(workbook.template_bytes()))
    # founded long ago; a target of a term that ends after this year
    wb["organizations"].append(["CB1", "Chi bộ Trạm Y tế", "Chi bộ cơ sở", None, "Y tế", 1976])
    wb["results"].append(
        [2024, "CB1", "Hoàn thành tốt nhiệm vụ", None, 12.0, 1, None, None, None, 2, 8, 1]
    )
    wb["targets"].append(
        [
            "2025-2030",
            2025,
            2030,
            "Đảng viên",
            "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên",
            "ít nhất",
            "90%",
            "NQ",
        ]
    )
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    code, _, err = run(capsys, "import", path, "--db", empty_db)
    assert code == 0, err
    s = summary(empty_db, 2024)
    assert s is not None and s["members"]["total"] == 12 and s["members"]["evaluated"] == 11
    with Database(empty_db) as db:
        terms = terms_within(db.query("targets_by_term", scope=None), 2026, 2026)
        assert terms["target"].tolist() == [90.0]

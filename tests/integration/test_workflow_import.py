"""The sheets of the evaluation as it is worked (steps, statuses, remediation plans, quarterly
reports) through the one import path, and the app's forms that are small imports: accepted
and undoable, or refused whole with the sheet, row, column and a Vietnamese reason."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xeploai import ingest
from xeploai.cli import main
from xeploai.ingest import forms
from xeploai.ingest.spec import STORED_ROWS, stored_params
from xeploai.store.database import Database
from xeploai.texts import IMPORT_HEADERS

WORKFLOW_TABLES = ("org_steps", "org_statuses", "remediation_items", "remediation_reports")


@pytest.fixture(autouse=True)
def _the_demos_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # the demo stands on 1 December 2026: the fourth quarter has not ended
    monkeypatch.setenv("XEPLOAI_TODAY", "2026-12-01")


def workbook(
    sheets: Mapping[str, Sequence[Mapping[str, Any]]], name: str = "so-lieu.xlsx"
) -> ingest.Source:
    """A workbook as a board fills the template: the Vietnamese headers, labels in words."""
    wb = openpyxl.Workbook()
    first = True
    for key, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = key
        headers = IMPORT_HEADERS[key]
        ws.append(list(headers.values()))
        for row in rows:
            ws.append([row.get(column) for column in headers])
    out = io.BytesIO()
    wb.save(out)
    return ingest.Source(name, out.getvalue())


def stored(db: Database) -> dict[str, list[dict[str, Any]]]:
    return {t: db.rows(STORED_ROWS[t], **stored_params(t)) for t in WORKFLOW_TABLES}


GOOD = {
    # XBD-AP3 is not rated in 2026 yet: it has assessed itself, the board has appraised it
    "steps": [
        {
            "year": 2026,
            "org_code": "XBD-AP3",
            "self_level": "Hoàn thành tốt nhiệm vụ",
            "self_score": "84,5",
            "appraised_level": "HTNV",
            "appraised_score": 68,
        }
    ],
    "statuses": [
        {
            "year": 2026,
            "org_code": "XBD-AP3",
            "status": "Tạm dừng, chờ xem xét kỷ luật",
            "reference": "Tờ trình số 30-TTr/CB",
            "status_date": "20/11/2026",
        }
    ],
    "remediation": [
        {
            "plan_year": 2025,
            "org_code": "XBD-AP1",
            "item_no": 1,
            "shortcoming": "Sinh hoạt chưa đều",
            "remedy": "Sinh hoạt hằng tháng",
            "deadline": "30/09/2026",
        }
    ],
    "reports": [
        {
            "report_year": 2026,
            "report_quarter": 3,
            "plan_year": 2025,
            "org_code": "XBD-AP1",
            "item_no": 1,
            "item_status": "Đã khắc phục",
            "done_text": "Sinh hoạt đủ 3 kỳ",
            "assessment": "Đạt yêu cầu",
            "reported_on": "05/10/2026",
        }
    ],
}


def test_the_four_sheets_are_imported_and_undone(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as db:
        before = stored(db)
        import_id, result = ingest.commit(db, [workbook(GOOD)], "bantochuc")
        assert not result.refused, [p.text() for p in result.problems]
        assert result.batch is not None
        counts = result.batch.counts()
        assert {t: counts[t]["added"] + counts[t]["changed"] for t in WORKFLOW_TABLES} == {
            "org_steps": 1,
            "org_statuses": 1,
            "remediation_items": 1,
            "remediation_reports": 1,
        }
        step = next(
            r
            for r in db.rows(STORED_ROWS["org_steps"])
            if (r["year"], r["org_code"]) == (2026, "XBD-AP3")
        )
        assert (step["self_level"], step["self_score"], step["appraised_level"]) == (
            "HTTNV",
            84.5,
            "HTNV",
        )
        status = next(
            r
            for r in db.rows(STORED_ROWS["org_statuses"])
            if (r["year"], r["org_code"]) == (2026, "XBD-AP3")
        )
        assert status["status"] == "paused_discipline"  # was "not yet evaluated"
        # the same file again changes nothing
        again, result = ingest.commit(db, [workbook(GOOD)], "bantochuc")
        assert again is None and result.batch is not None and result.batch.empty
        record, restored = ingest.undo(db)
        assert record.import_id == import_id and restored == 4
        assert stored(db) == before


# Every problem a board can make on these sheets, in one file: each reported at once.
BAD = {
    "steps": [
        # TSVM is no level of 2025 (a commendation from 2018)
        {"year": 2025, "org_code": "XBD-AP1", "appraised_level": "Trong sạch, vững mạnh"},
        # scores only from the 2025 evaluation (QĐ 366)
        {"year": 2024, "org_code": "XBD", "self_score": 88},
        # a decision of the 2025 review made in 2027
        {"year": 2025, "org_code": "XBD-AP2", "decision_date": "05/01/2027"},
    ],
    "statuses": [
        # rated (HTTNV) in 2025: "paused" is only for the unrated
        {
            "year": 2025,
            "org_code": "XBD-AP1",
            "status": "Tạm dừng, chờ kết luận kiểm tra",
            "reference": "TB 1",
            "status_date": "01/12/2025",
        },
        # rated late: after 31 December, with its day
        {"year": 2025, "org_code": "XBD-AP2", "status": "Xếp loại muộn"},
        # paused: the case and its day
        {"year": 2026, "org_code": "XBD-AP4", "status": "Tạm dừng, chờ xem xét kỷ luật"},
        # more members told apart than the results count not yet evaluated (0)
        {"year": 2025, "org_code": "XBD-TR2", "members_absent": 3},
        # not a status
        {"year": 2026, "org_code": "XBD-AP5", "status": "Đang chờ"},
    ],
    "remediation": [
        # a plan after the 2025 review due in 2025
        {
            "plan_year": 2025,
            "org_code": "XBD-AP1",
            "item_no": 1,
            "shortcoming": "Chưa đều",
            "deadline": "15/12/2025",
        },
    ],
    "reports": [
        # the fourth quarter of 2026 has not ended
        {
            "report_year": 2026,
            "report_quarter": 4,
            "plan_year": 2025,
            "org_code": "XTC-AP2",
            "item_no": 1,
            "item_status": "Đã khắc phục",
        },
        # the plan has items 1–3
        {
            "report_year": 2026,
            "report_quarter": 3,
            "plan_year": 2025,
            "org_code": "XTC-AP2",
            "item_no": 9,
            "item_status": "Đã khắc phục",
        },
        # not one of the statuses of an item
        {
            "report_year": 2026,
            "report_quarter": 3,
            "plan_year": 2025,
            "org_code": "XTC-AP2",
            "item_no": 1,
            "item_status": "xong xuôi",
        },
    ],
}


def test_every_problem_is_refused_at_once_and_nothing_changes(writable_db_path: Path) -> None:
    with Database(writable_db_path, read_only=False) as db:
        before = stored(db)
        import_id, result = ingest.commit(db, [workbook(BAD)], "bantochuc")
        assert import_id is None and result.refused
        where = {(p.sheet, p.row, p.column): p.message for p in result.problems}
        h = IMPORT_HEADERS
        expect = {
            ("steps", 2, h["steps"]["appraised_level"]): "Từ năm 2018 “trong sạch, vững mạnh”",
            ("steps", 3, h["steps"]["self_score"]): "chưa chấm điểm theo Quy định 366",
            ("steps", 4, h["steps"]["decision_date"]): "nằm ngoài thời gian xếp loại năm 2025",
            ("statuses", 2, h["statuses"]["status"]): "chỉ dành cho tổ chức chưa xếp loại",
            ("statuses", 3, h["statuses"]["status_date"]): "xếp loại sau ngày 31/12/2025",
            ("statuses", 4, h["statuses"]["reference"]): "cần ghi văn bản, vụ việc",
            ("statuses", 5, h["statuses"]["members_absent"]): "nhiều hơn số chưa đánh giá (0)",
            ("statuses", 6, h["statuses"]["status"]): "Giá trị không thuộc danh mục",
            ("remediation", 2, h["remediation"]["deadline"]): "không sau năm kiểm điểm 2025",
            ("reports", 2, h["reports"]["report_quarter"]): "Quý 4/2026 chưa kết thúc",
            ("reports", 3, h["reports"]["item_no"]): "Kế hoạch có các mục: 1, 2, 3",
            ("reports", 4, h["reports"]["item_status"]): "Giá trị không thuộc danh mục",
        }
        for key, words in expect.items():
            assert key in where, (key, sorted(where))
            assert words in where[key], (key, where[key])
        assert stored(db) == before
        assert ingest.history(db) == []


def test_the_command_line_refuses_with_the_reason(
    writable_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(workbook({"reports": BAD["reports"][:1]}).data)
    assert main(["import", str(path), "--db", str(writable_db_path)]) == 1
    said = capsys.readouterr()
    assert "Quý 4/2026 chưa kết thúc (đến hết ngày 31/12/2026)" in said.out + said.err


def test_a_form_entry_is_a_small_import(writable_db_path: Path) -> None:
    """The report the page's form makes: written whole, logged under its own name, undone."""
    entry = forms.report_source(
        2025,
        "XTC-AP2",
        2026,
        3,
        [
            {"item_no": n, "item_status": "done", "done_text": "Đã xong", "assessment": "Đạt"}
            for n in (1, 2, 3)
        ],
        None,
    )
    with Database(writable_db_path, read_only=False) as db:
        import_id, result = ingest.commit(db, [entry], "bantochuc")
        assert import_id is not None and not result.refused
        [record] = ingest.history(db)
        assert record.file_names == ["Biểu mẫu báo cáo quý 3-2026 (XTC-AP2).xlsx"]
        assert record.user_name == "bantochuc"
        latest = {
            r["item_no"]: r["item_status"]
            for r in db.rows(STORED_ROWS["remediation_reports"])
            if r["org_code"] == "XTC-AP2" and r["report_quarter"] == 3
        }
        assert latest == {1: "done", 2: "done", 3: "done"}
        # an item the plan does not have: refused, nothing of the entry written
        bad = forms.report_source(
            2025,
            "XTC-AP2",
            2026,
            2,
            [{"item_no": 1, "item_status": "done"}, {"item_no": 4, "item_status": "done"}],
            None,
        )
        before = stored(db)
        again, refused = ingest.commit(db, [bad], "bantochuc")
        assert again is None and [p.column for p in refused.problems] == ["item_no"]
        assert stored(db) == before
        ingest.undo(db, import_id)
        assert not [
            r
            for r in db.rows(STORED_ROWS["remediation_reports"])
            if r["org_code"] == "XTC-AP2" and r["report_quarter"] == 3
        ]


def test_a_status_form_entry(writable_db_path: Path) -> None:
    entry = forms.status_source(
        2026, "XBD-AP4", "paused_inspection", "Thông báo số 16-TB", None, None, None
    )
    with Database(writable_db_path, read_only=False) as db:
        import_id, result = ingest.commit(db, [entry], "bantochuc")
        # paused: the day is asked for
        assert import_id is None and [p.column for p in result.problems] == ["status_date"]


def test_exported_data_carries_the_workflow_back(demo_db_path: Path, tmp_path: Path) -> None:
    """Export, import into an empty database: the same steps, statuses, plans and reports (the
    demo's own rows pass every check of the import)."""
    out = tmp_path / "data.xlsx"
    empty = tmp_path / "empty.duckdb"
    assert main(["export", "data", "--out", str(out), "--db", str(demo_db_path)]) == 0
    assert main(["init", "--superior", "Tạm", "--db", str(empty)]) == 0
    assert main(["import", str(out), "--db", str(empty)]) == 0
    with Database(demo_db_path) as original, Database(empty) as copy:
        assert stored(copy) == stored(original)
        assert all(stored(original)[t] for t in WORKFLOW_TABLES)


def test_the_template_offers_the_four_sheets() -> None:
    from xeploai.ingest import workbook as template
    from xeploai.texts import EVAL_STATUS_LABELS, ITEM_STATUS_LABELS

    wb = openpyxl.load_workbook(io.BytesIO(template.template_bytes()))
    assert wb.sheetnames[7:11] == ["steps", "statuses", "remediation", "reports"]
    assert [c.value for c in wb["reports"][1]][:2] == ["Năm báo cáo", "Quý"]
    lists = wb["Danh mục"]

    def offered(sheet: str) -> list[str]:
        [dv] = wb[sheet].data_validations.dataValidation
        ref = dv.formula1.split("!")[1].replace("$", "")
        return [c.value for row in lists[ref] for c in row if c.value]

    # a board picks a status from the list; anything else is refused on import
    assert offered("statuses") == list(EVAL_STATUS_LABELS.values())
    assert offered("reports") == list(ITEM_STATUS_LABELS.values())
    guide = " ".join(str(r[0].value) for r in wb["Hướng dẫn"].iter_rows())
    for sheet in ("steps", "remediation", "reports"):
        assert f"{sheet} (có thể bỏ trống)" in guide
    assert "Ví dụ: 2026; 2; 2025; XBD-AP1; 1; Đang thực hiện" in guide

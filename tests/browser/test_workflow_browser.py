"""Issue 12, "Done when", in a real browser: an editor records the Q3 2026 report of an
organization with an overdue item; it leaves "overdue" on the page "Khắc phục" and on the
overview, survives a server restart, is in the audit trail and can be undone; bad entries (a
quarter that has not ended, an item the plan does not have, a status not allowed) are refused
with their reason and change nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest

from tests.browser.helpers import (
    LOGIN_FORM,
    choose,
    metric_values,
    start_app,
    stop_app,
    wait_ready,
)
from xeploai.access.users import AuthStore, auth_path
from xeploai.store.database import Database
from xeploai.texts import IMPORT_HEADERS

pytestmark = pytest.mark.browser

ENV = {"XEPLOAI_AUTH": "", "XEPLOAI_TODAY": "2026-12-01"}
ORG = "Chi bộ Ấp 2 – Trung Chánh"
OVERDUE_LINK = f"{ORG}: 1 mục khắc phục quá hạn, từ 30/09/2026"
PLAN = f"{ORG} — sau kiểm điểm năm 2025"


def open_signed_in(page: Any, url: str) -> None:
    """Open the address; sign in as the board's editor when the app asks (the form posts to
    the server, whose answer carries the session cookie)."""
    page.goto(url)
    wait_ready(page)
    form = page.locator(LOGIN_FORM)
    form.or_(page.locator("[data-testid=stMetric]")).first.wait_for(timeout=30_000)
    if form.count():
        page.get_by_label("Tên đăng nhập").fill("bantochuc")
        page.get_by_label("Mật khẩu").fill("demo")
        with page.expect_response(
            lambda r: r.request.method == "POST" and urlsplit(r.url).path == "/dang-nhap"
        ):
            page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    wait_ready(page)


def overdue_count(page: Any) -> str:
    return metric_values(page)["Mục quá hạn"]


def bad_workbook(tmp_path: Path) -> Path:
    """Two rows a board might get wrong: an item the plan does not have, a status not
    allowed."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "reports"
    headers = IMPORT_HEADERS["reports"]
    ws.append(list(headers.values()))
    for item, state in ((9, "Đã khắc phục"), (3, "xong xuôi")):
        row = {
            "report_year": 2026,
            "report_quarter": 3,
            "plan_year": 2025,
            "org_code": "XTC-AP2",
            "item_no": item,
            "item_status": state,
        }
        ws.append([row.get(k) for k in headers])
    path = tmp_path / "bao-cao-quy-3.xlsx"
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_the_third_quarter_report_of_an_overdue_plan(
    page: Any, secured_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "served.duckdb"
    shutil.copy(secured_template, path)
    shutil.copy(auth_path(secured_template), auth_path(path))
    proc, url = start_app(path, ENV)
    try:
        # The overview lists the organization under overdue remediation; its link opens it.
        open_signed_in(page, url + "/?scope=XA_BADIEM")
        assert page.get_by_role("button", name=OVERDUE_LINK).count() == 1
        page.get_by_role("button", name=OVERDUE_LINK).click()
        page.wait_for_url("**/to-chuc*", timeout=30_000)
        wait_ready(page)
        page.get_by_text(
            "Kế hoạch sau kiểm điểm năm 2025: 2/3 mục đã khắc phục, 1 mục quá hạn."
        ).wait_for(timeout=30_000)

        # The board's page: two items overdue in Bà Điểm; the editor records the report.
        page.get_by_role("link", name="Khắc phục hạn chế").click()
        page.wait_for_url("**/khac-phuc*", timeout=30_000)
        page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
        wait_ready(page)
        assert overdue_count(page) == "2"
        choose(page, "Kế hoạch", PLAN)
        choose(page, "Tình trạng mục 3", "Đã khắc phục")
        page.get_by_label("Kết quả thực hiện (mục 3)").fill("Đã kiểm tra 2 chi bộ")
        page.get_by_role("button", name="Ghi báo cáo").click()
        page.get_by_text("Đã ghi (lần nhập số 1)").wait_for(timeout=30_000)
        wait_ready(page)
        assert overdue_count(page) == "1"

        # A quarter that has not ended: refused with its reason, nothing changes.
        choose(page, "Kế hoạch", PLAN)
        choose(page, "Quý báo cáo", "4")
        page.get_by_role("button", name="Ghi báo cáo").click()
        page.get_by_text("Quý 4/2026 chưa kết thúc (đến hết ngày 31/12/2026)").wait_for(
            timeout=30_000
        )
        assert "Chưa ghi: 1 lỗi, dữ liệu không thay đổi." in page.inner_text("body")
        assert overdue_count(page) == "1"

        # The overview no longer lists it as overdue.
        open_signed_in(page, url + "/?scope=XA_BADIEM")
        assert page.get_by_role("button", name=OVERDUE_LINK).count() == 0
    finally:
        stop_app(proc)

    # A new server on the same file: the report is still there.
    proc, url = start_app(path, ENV)
    try:
        open_signed_in(page, url + "/khac-phuc?scope=XA_BADIEM")
        assert overdue_count(page) == "1"
        # in the audit trail, and in the import log that the undo button reads
        audit = AuthStore(auth_path(path)).audit_rows(action="form")
        assert [(r["username"], r["success"]) for r in audit] == [
            ("bantochuc", False),
            ("bantochuc", True),
        ]
        assert "XTC-AP2" in audit[1]["detail"] and "3/2026" in audit[1]["detail"]
        undo = page.get_by_role(
            "button", name="Hoàn tác lần ghi số 1 (Biểu mẫu báo cáo quý 3-2026 (XTC-AP2).xlsx"
        )
        assert undo.count() == 1

        # An item the plan does not have, a status not allowed: the file is refused whole.
        page.get_by_role("link", name="Nhập dữ liệu").click()
        page.wait_for_url("**/nhap-du-lieu*", timeout=30_000)
        wait_ready(page)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
            str(bad_workbook(tmp_path))
        )
        page.get_by_text("Tệp có 2 lỗi, chưa nhập gì").wait_for(timeout=30_000)
        wait_ready(page)
        # (the reasons are in the problems table, drawn on a canvas: their words are checked
        # in tests/integration/test_workflow_import.py)
        assert page.get_by_role("button", name="Ghi vào cơ sở dữ liệu").count() == 0

        # Undone in one click: overdue again, on the page and on the overview.
        open_signed_in(page, url + "/khac-phuc?scope=XA_BADIEM")
        page.get_by_role(
            "button", name="Hoàn tác lần ghi số 1 (Biểu mẫu báo cáo quý 3-2026 (XTC-AP2).xlsx"
        ).click()
        page.get_by_text("Đã hoàn tác lần ghi số 1.").wait_for(timeout=30_000)
        wait_ready(page)
        assert overdue_count(page) == "2"
        open_signed_in(page, url + "/?scope=XA_BADIEM")
        assert page.get_by_role("button", name=OVERDUE_LINK).count() == 1
    finally:
        stop_app(proc)
    with Database(path) as db:
        [record] = db.rows("import_log_by_import")
        assert record["undone_at"] is not None

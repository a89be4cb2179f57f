"""The evaluation as it is worked, as the pages show it (AppTest): what needs attention first on
the overview (each a link to the organization), the page "Quy trình đánh giá", the page
"Khắc phục" with its forms, and an organization's steps and plan. The expected figures are
counted here from the stored rows, not copied from a page."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import (
    APP,
    SignIn,
    chart,
    chart_title,
    metrics,
    open_app,
    open_page,
    page_title,
    table,
    texts,
    widget,
)
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.levels import LEVEL_RANK
from xeploai.domain.selection import Filters
from xeploai.narrative.workflow import attention_heading, attention_line
from xeploai.store.database import Database
from xeploai.texts import fmt_int

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _the_demos_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_TODAY", TODAY.isoformat())


def sql(db: Database, query: str, **params: Any) -> list[tuple[Any, ...]]:
    cur = db.cursor()
    try:
        return cur.execute(query, params).fetchall()
    finally:
        cur.close()


def in_scope(db: Database, scope: str, year: int) -> set[str]:
    return {
        r[0]
        for r in sql(
            db,
            "select org_code from scope_orgs where scope_code = $s and year = $y",
            s=scope,
            y=year,
        )
    }


def overdue_items(db: Database, scope: str, year: int) -> list[str]:
    """The items (by organization) of the scope's year past their deadline whose latest report
    (if any) is not "done": counted from the stored rows."""
    rows = sql(
        db,
        """
        select i.org_code, i.deadline, (
            select r.item_status from remediation_reports r
            where (r.plan_year, r.org_code, r.item_no) = (i.plan_year, i.org_code, i.item_no)
            order by r.report_year desc, r.report_quarter desc limit 1)
        from remediation_items i where i.plan_year <= $y""",
        y=year,
    )
    codes = in_scope(db, scope, year)
    return [
        code
        for code, deadline, state in rows
        if code in codes and deadline < TODAY and state != "done"
    ]


def overdue_orgs(db: Database, scope: str, year: int) -> set[str]:
    return set(overdue_items(db, scope, year))


def link_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button if ": " in b.label]


# --- the overview: what needs attention, first ----------------------------------------------


def test_attention_comes_first_with_every_kind(app_env: Path, db: Database) -> None:
    at = open_app({"scope": "XA_BADIEM"})
    assert not at.exception
    # the list is the first thing under the title and the banners: before any card or chart
    assert at.markdown[0].value == "#### Cần chú ý"
    names = dict(sql(db, "select org_code, org_name from org_years where year = 2026"))
    labels = link_labels(at)
    below = {
        c
        for c, lvl in sql(
            db,
            "select org_code, org_level from org_results"
            " where year = 2026 and org_level is not null",
        )
        if LEVEL_RANK[lvl] >= 3
    } & in_scope(db, "XA_BADIEM", 2026)
    assert below and all(any(lbl.startswith(names[c] + ": ") for lbl in labels) for c in below)
    overdue = overdue_orgs(db, "XA_BADIEM", 2026)
    assert {lbl.split(": ")[0] for lbl in labels if "mục khắc phục quá hạn" in lbl} == {
        names[c] for c in overdue
    }
    paused = {
        c
        for (c,) in sql(
            db,
            "select org_code from org_statuses where year = 2026 and"
            " status in ('paused_inspection', 'paused_discipline',"
            " 'redo')",
        )
    } & in_scope(db, "XA_BADIEM", 2026)
    assert {lbl.split(": ")[0] for lbl in labels if "tạm dừng" in lbl} == {names[c] for c in paused}
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert f"**Khắc phục quá hạn ({len(overdue)})**" in headings


def test_the_overview_lists_the_first_of_each_kind_and_counts_them_all(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    import xeploai.screens.overview as screen
    from xeploai.metrics.attention import attention

    with Database(app_env, read_only=True) as handle:
        whole = attention(handle, 2026, Filters(scope="XA_BADIEM"), TODAY)
    monkeypatch.setattr(screen, "ATTENTION_SHOWN", 1)
    st.cache_data.clear()  # the screen is kept per data and filters: made again, cut
    at = open_app({"scope": "XA_BADIEM"})
    assert not at.exception
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    for kind in whole.kinds:
        assert f"**{attention_heading(kind, whole.count(kind))}**" in headings
    # one link per kind, the first of the whole list
    assert link_labels(at) == [attention_line(whole.of(k)[0]) for k in whole.kinds]
    more = [m.value for m in at.markdown if m.value.startswith("…")] + [c.value for c in at.caption]
    assert any(f"{whole.count(k) - 1}" in " ".join(more) for k in whole.kinds if whole.count(k) > 1)
    summary = f"Năm 2026: {whole.org_count} tổ chức cần chú ý"
    assert any(summary in m.value for m in [*at.markdown, *at.caption]), summary


def test_the_overview_says_why_organizations_and_members_were_not_rated(
    app_env: Path, db: Database
) -> None:
    # counted from the stored rows: every unrated organization of Bà Điểm in 2026 has its
    # status recorded (the year is being worked); members pending have no reason recorded
    at = open_app({"scope": "XA_BADIEM"})
    codes = in_scope(db, "XA_BADIEM", 2026)
    unrated = {
        c: s
        for c, s in sql(
            db,
            """
        select r.org_code, s.status from org_results r
        left join org_statuses s using (year, org_code)
        where r.year = 2026 and r.org_level is null""",
        )
        if c in codes
    }
    by_status = Counter(unrated.values())
    assert set(by_status) == {"not_evaluated", "paused_inspection"}
    said = (
        f"{len(unrated)} tổ chức chưa được xếp loại: chưa đánh giá"
        f" ({by_status['not_evaluated']}); tạm dừng, chờ kết luận kiểm tra"
        f" ({by_status['paused_inspection']})."
    )
    body = " ".join(m.value for m in at.markdown)
    assert said in body
    pending = sum(
        n
        for c, n in sql(db, "select org_code, members_pending from org_results where year = 2026")
        if c in codes
    )
    assert f"{fmt_int(pending)} đảng viên chưa được đánh giá (chưa ghi lý do)." in body


def test_the_city_overview_names_the_members_reasons(app_env: Path, db: Database) -> None:
    at = open_app({"scope": "TPHCM", "year": "2025"})
    body = " ".join(m.value for m in at.markdown)
    codes = in_scope(db, "TPHCM", 2025)
    pending = sum(
        n
        for c, n in sql(db, "select org_code, members_pending from org_results where year = 2025")
        if c in codes
    )
    told = [
        (p, a)
        for c, p, a in sql(
            db,
            "select org_code, members_paused, members_absent from org_statuses where year = 2025",
        )
        if c in codes
    ]
    paused, absent = sum(p for p, _ in told), sum(a for _, a in told)
    assert paused and absent and pending > paused + absent
    # the recorded reasons, and what no row says counted as such — never a guessed reason
    assert (
        f"{fmt_int(pending)} đảng viên chưa được đánh giá: chờ kết luận kiểm tra, kỷ luật"
        f" ({paused}); vắng mặt (ốm đau, đi xa…) ({absent}); chưa ghi lý do"
        f" ({pending - paused - absent})."
    ) in body
    founded = [
        c
        for (c,) in sql(
            db,
            """
        select y.org_code from org_years y left join org_results r using (year, org_code)
        where y.year = 2025 and y.founded > date '2025-06-30' and r.org_level is null
            and y.org_type in ('base_committee', 'base_cell')""",
        )
        if c in codes
    ]
    assert (
        f"{len(founded)} tổ chức chưa được xếp loại: thành lập chưa đủ 6 tháng ({len(founded)})."
    ) in body


def test_a_link_opens_the_organization(app_env: Path, db: Database) -> None:
    at = open_app({"scope": "XA_BADIEM"})
    [overdue] = [b for b in at.button if "Ấp 2 – Trung Chánh" in b.label and "quá hạn" in b.label]
    overdue.click().run()
    assert not at.exception
    assert page_title(at) == "Tổ chức"
    assert at.selectbox(key="f_org_one").value == "XTC-AP2"
    # its page shows its plan: two of three items remedied, one overdue
    assert "Kế hoạch sau kiểm điểm năm 2025: 2/3 mục đã khắc phục, 1 mục quá hạn." in texts(at)
    items = table(at, "Mục", "Hạn chế, khuyết điểm", "Quá hạn (ngày)")
    assert items["Quá hạn (ngày)"].tolist() == [0, 0, (TODAY - dt.date(2026, 9, 30)).days]
    steps = table(at, "Năm", "Tự đánh giá", "Thẩm định, đề xuất", "Quyết định")
    assert list(steps["Năm"]) == ["2025", "2026"]


def test_the_district_in_its_last_year(app_env: Path, db: Database) -> None:
    at = open_app()  # the district, 2024
    assert not at.exception
    khtnv = sql(db, "select count(*) from org_results where year = 2024 and members_khtnv > 0")
    headings = [m.value for m in at.markdown if m.value.startswith("**")]
    assert f"**Có đảng viên không hoàn thành nhiệm vụ ({khtnv[0][0]})**" in headings
    # eight named, the rest counted
    assert f"… và {khtnv[0][0] - 8} tổ chức khác" in [c.value for c in at.caption]


# --- Quy trình đánh giá -----------------------------------------------------------------------


def test_appraisal_counted_from_the_steps(app_env: Path, db: Database) -> None:
    at = open_page(
        "views/appraisal.py", {"scope": "TPHCM", "year": "2025", "from": "2023", "to": "2026"}
    )
    assert not at.exception
    codes = in_scope(db, "TPHCM", 2025)
    steps = [
        (c, s, a)
        for c, s, a in sql(
            db,
            "select org_code, self_level, appraised_level from org_steps where year = 2025"
            " and self_level is not null and appraised_level is not null",
        )
        if c in codes
    ]
    down = sum(LEVEL_RANK[a] > LEVEL_RANK[s] for _, s, a in steps)
    shown = metrics(at)
    assert shown["Tổ chức có đủ tự đánh giá và thẩm định"] == fmt_int(len(steps))
    assert shown["Thẩm định hạ mức"] == fmt_int(down) and down > 0
    # the finding leadership asks for: the schools assess themselves too generously
    assert any("nhiều nhất ở khối giáo dục" in m.value for m in at.markdown)
    changes = table(at, "Tổ chức", "Tự đánh giá", "Thẩm định, đề xuất", "Quyết định")
    assert (changes["Thẩm định"] == "hạ mức").sum() == down
    # each decision by its number and day, as the year's steps hold them
    decisions = {
        f"{no}, ngày {day:%d/%m/%Y}"
        for no, day in sql(
            db,
            "select decision_no, decision_date from org_steps where year = 2025"
            " and decision_no is not null",
        )
    }
    shown_decisions = [d for d in changes["Số, ngày quyết định"] if d]
    assert shown_decisions and set(shown_decisions) <= decisions
    # why the unrated were not rated, and what was dissolved or rated late
    unrated = sql(
        db,
        "select count(*) from org_results r join scope_orgs s using (year,"
        " org_code) where r.year = 2025 and s.scope_code = 'TPHCM'"
        " and r.org_level is null",
    )[0][0]
    assert shown["Chưa xếp loại"] == fmt_int(unrated)
    assert shown["Xếp loại muộn (tháng 1 năm sau)"] == "1"
    assert shown["Giải thể trong năm"] == "4"
    members = table(at, "Lý do", "Số đảng viên")
    pending = dict(zip(members["Lý do"], members["Số đảng viên"], strict=True))
    assert pending["Chưa đánh giá"] == (
        pending["— Chờ kết luận kiểm tra, kỷ luật"]
        + pending["— Vắng mặt (ốm đau, đi xa…)"]
        + pending["— Chưa ghi lý do"]
    )


def test_long_lists_show_their_first_and_the_files_hold_them_all(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national year moves 15.266 organizations by appraisal and leaves 132.331 unrated: each
    list shows its first ``LISTED_ROWS`` (lowered here), says so, and offers files of all."""
    import streamlit as st

    import xeploai.screens.appraisal as screen
    from xeploai.domain.selection import Selection

    query = {"scope": "TPHCM", "year": "2026", "from": "2023", "to": "2026"}
    whole = open_page("views/appraisal.py", query)
    every_change = table(whole, "Tổ chức", "Tự đánh giá", "Thẩm định, đề xuất", "Quyết định")
    every_unrated = table(whole, "Tổ chức", "Lý do", "Văn bản, vụ việc")
    assert len(every_change) > 3 and len(every_unrated) > 3
    # the unrated by reason: each reason's organizations together
    reasons = every_unrated["Lý do"].tolist()
    assert len(set(reasons)) > 2
    assert sum(a != b for a, b in itertools.pairwise(reasons)) == len(set(reasons)) - 1
    assert not whole.get("download_button")  # short lists: whole on the page, no note
    monkeypatch.setattr(screen, "LISTED_ROWS", 3)
    st.cache_data.clear()
    at = open_page("views/appraisal.py", query)
    assert not at.exception
    changes = table(at, "Tổ chức", "Tự đánh giá", "Thẩm định, đề xuất", "Quyết định")
    unrated = table(at, "Tổ chức", "Lý do", "Văn bản, vụ việc")
    pd.testing.assert_frame_equal(changes, every_change.head(3))
    pd.testing.assert_frame_equal(unrated, every_unrated.head(3))
    notes = [i.value for i in at.info]
    for n in (len(every_change), len(every_unrated)):
        assert f"Bảng hiển thị 3 tổ chức đầu tiên trong số {fmt_int(n)}" in " ".join(notes)
    assert len(at.get("download_button")) == 4  # CSV and Excel of each list
    # the files: every row, as the page labels them
    sel = Selection(scope="TPHCM", year=2026, from_year=2023, to_year=2026)
    pd.testing.assert_frame_equal(
        screen.changes_file(db, sel).reset_index(drop=True),
        every_change.reset_index(drop=True),
        check_dtype=False,
    )
    pd.testing.assert_frame_equal(
        screen.unrated_file(db, sel).reset_index(drop=True),
        every_unrated.reset_index(drop=True),
        check_dtype=False,
    )


def test_a_year_without_steps_says_so(app_env: Path) -> None:
    at = open_page("views/appraisal.py", {"year": "2019", "from": "2015", "to": "2019"})
    assert not at.exception
    assert any(
        "Chưa có số liệu tự đánh giá, thẩm định trong giai đoạn 2015–2019" in i.value
        for i in at.info
    )


# --- Khắc phục ----------------------------------------------------------------------------------


def test_the_board_sees_overdue_due_and_reported(app_env: Path, db: Database) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    assert not at.exception
    shown = metrics(at)
    overdue = overdue_orgs(db, "XA_BADIEM", 2026)
    assert shown["Mục quá hạn"] == fmt_int(len(overdue_items(db, "XA_BADIEM", 2026)))
    assert overdue  # the demo has some
    reported = {
        c
        for (c,) in sql(
            db,
            "select distinct org_code from remediation_reports"
            " where report_year = 2026 and report_quarter = 3",
        )
    }
    expected = {
        c
        for (c,) in sql(
            db, "select distinct org_code from remediation_items where plan_year = 2025"
        )
    } & in_scope(db, "XA_BADIEM", 2026)
    assert shown["Đã báo cáo quý 3/2026"] == f"{len(expected & reported)}/{len(expected)}"
    assert shown["Chưa báo cáo"] == fmt_int(len(expected - reported))
    overdue_table = table(at, "Tổ chức", "Quá hạn (ngày)")
    assert set(overdue_table["Tổ chức"]) == set(
        dict(
            sql(
                db,
                "select org_code, org_name from organizations where org_code in $c",
                c=list(overdue),
            )
        ).values()
    )


def remediation_lists(at: AppTest) -> dict[str, pd.DataFrame]:
    """The page's three lists, told apart by their headers: the overdue items (with their
    days late), the items due this quarter, the organizations to report."""
    lists: dict[str, pd.DataFrame] = {}
    for frame in (f.value for f in at.dataframe):
        if "Đã báo cáo" in frame.columns:
            lists.setdefault("reporting", frame)
        elif "Quá hạn (ngày)" in frame.columns:
            lists.setdefault("overdue", frame)
        elif "Thời hạn" in frame.columns:
            lists.setdefault("due", frame)
    return lists


def test_the_remediation_lists_show_their_first_and_the_files_hold_them_all(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nationally 2.472 items are overdue, 10.596 fall due and 16.195 organizations are to
    report: each list shows its first ``LISTED_ROWS`` (lowered here) in its order, says so, and
    offers files of the whole list, as the page labels it."""
    import streamlit as st

    import xeploai.screens.remediation as screen

    query = {"scope": "TPHCM"}
    whole = remediation_lists(open_page("views/remediation.py", query))
    assert set(whole) == {"overdue", "due", "reporting"}
    assert all(len(frame) > 3 for frame in whole.values())
    # the order the cut keeps: the longest overdue first, those who have not reported first
    # (the demo's items due this quarter share one deadline)
    days = whole["overdue"]["Quá hạn (ngày)"].tolist()
    assert days == sorted(days, reverse=True) and len(set(days)) > 1
    reported = whole["reporting"]["Đã báo cáo"].tolist()
    assert reported == sorted(reported, key=lambda r: r == "Có") and len(set(reported)) == 2
    # the items due by their deadline, then by the organization's name
    due = whole["due"]
    keys = list(zip(pd.to_datetime(due["Thời hạn"], dayfirst=True), due["Tổ chức"], strict=True))
    assert keys == sorted(keys) and len(set(due["Tổ chức"])) > 1
    monkeypatch.setattr(screen, "LISTED_ROWS", 3)
    st.cache_data.clear()
    at = open_page("views/remediation.py", query)
    assert not at.exception
    cut = remediation_lists(at)
    notes = " ".join(i.value for i in at.info)
    for which, frame in whole.items():
        pd.testing.assert_frame_equal(cut[which], frame.head(3))
        assert f"Bảng hiển thị 3 dòng đầu tiên trong số {fmt_int(len(frame))}" in notes
        file = screen.list_file(db, "TPHCM", TODAY, which)
        pd.testing.assert_frame_equal(
            file.reset_index(drop=True), frame.reset_index(drop=True), check_dtype=False
        )
    assert len(at.get("download_button")) == 6  # CSV and Excel of each list
    assert {b.proto.label for b in at.get("download_button")} == {"Tải về CSV", "Tải về Excel"}


def test_a_committee_of_many_plans_charts_the_least_remedied(
    app_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ``PROGRESS_SHOWN`` plans (tens of thousands nationally), the chart draws the plans
    least remedied and says so; the table under it keeps every plan."""
    import streamlit as st

    import xeploai.screens.remediation as screen

    whole = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    whole.session_state["data-remediation_progress"] = True  # the data under the chart, opened
    whole.run()
    every = table(whole, "Tổ chức", "Năm kiểm điểm", "Tỷ lệ đã khắc phục (%)")
    drawn = chart(whole, "")
    assert len(drawn["data"][0]["customdata"]) == len(every) > 2  # every plan, a bar each
    monkeypatch.setattr(screen, "PROGRESS_SHOWN", 2)
    st.cache_data.clear()  # the screen is kept per data and filters: made again, cut
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    at.session_state["data-remediation_progress"] = True
    at.run()
    assert not at.exception
    shown = table(at, "Tổ chức", "Năm kiểm điểm", "Tỷ lệ đã khắc phục (%)")
    assert len(shown) == len(every)
    least = shown.assign(pct=shown["Tỷ lệ đã khắc phục (%)"].astype(float)).sort_values(
        ["pct", "Quá hạn", "Tổ chức"], ascending=[True, False, True]
    )
    title = chart_title(at, "")
    assert f"Biểu đồ: 2 kế hoạch khắc phục được ít nhất trong {len(every)}" in title
    bars = chart(at, title)["data"][0]
    assert len(bars["customdata"]) == 2
    # the two least remedied, drawn as the chart orders its bars: the most remedied first
    two = least.head(2).sort_values(["pct", "Tổ chức"], ascending=[False, True])
    assert bars["y"] == [
        ("⚠ " if int(o) > 0 else "") + f"{n} ({y})"
        for n, y, o in zip(two["Tổ chức"], two["Năm kiểm điểm"], two["Quá hạn"], strict=True)
    ]


def test_a_long_chart_data_table_shows_its_first_and_the_files_hold_it_all(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data under a chart, opened, shows its first ``LISTED_ROWS`` rows (lowered here; a
    national committee's progress chart has 18.879 plans), says so, and offers every row in
    CSV and Excel. The screen keeps only the rows shown; the files are made when asked."""
    import streamlit as st

    import ui.render
    from xeploai.domain.workflow import today
    from xeploai.screens import remediation

    query = {"scope": "XA_BADIEM"}
    whole = open_page("views/remediation.py", query)
    whole.session_state["data-remediation_progress"] = True
    whole.run()
    every = table(whole, "Tổ chức", "Năm kiểm điểm", "Tỷ lệ đã khắc phục (%)")
    assert len(every) > 3
    assert not whole.get("download_button")  # a short table: whole, no files
    made = remediation.list_file(db, "XA_BADIEM", today(), "progress")
    pd.testing.assert_frame_equal(made, every)  # what the files hold
    st.cache_data.clear()  # the screen kept with every row
    monkeypatch.setattr(remediation, "LISTED_ROWS", 5)  # what the screen keeps
    monkeypatch.setattr(ui.render, "LISTED_ROWS", 3)  # what the table shows
    kept = remediation.build(db, "XA_BADIEM", today()).progress
    assert kept is not None and kept.data is not None
    assert (len(kept.data), kept.data_rows) == (5, len(every))
    at = open_page("views/remediation.py", query)
    at.session_state["data-remediation_progress"] = True
    at.run()
    assert not at.exception
    shown = table(at, "Tổ chức", "Năm kiểm điểm", "Tỷ lệ đã khắc phục (%)")
    pd.testing.assert_frame_equal(shown, every.head(3))
    notes = " ".join(i.value for i in at.info)
    assert f"Bảng hiển thị 3 dòng đầu tiên trong số {fmt_int(len(every))}" in notes
    # the lists above are cut at 5 too, each with its files; the chart's data has its own
    buttons = [
        b for b in at.get("download_button") if "so-lieu-bieu-do-remediation_progress" in b.proto.id
    ]
    assert [b.proto.label for b in buttons] == ["Tải về CSV", "Tải về Excel"]


@pytest.fixture
def writable(writable_db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XEPLOAI_DB", str(writable_db_path))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    return writable_db_path


def test_an_editor_records_the_third_quarter(writable: Path) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    before = metrics(at)
    plan = widget(at, "selectbox", "Kế hoạch")
    # the plans with an item overdue come first; the quarters offered have all ended
    assert plan.value == (2025, "XBD-AP8") or plan.value == (2025, "XTC-AP2")
    plan.set_value((2025, "XTC-AP2")).run()
    # the last quarter that ended, by default
    assert widget(at, "number_input", "Năm báo cáo").value == 2026
    assert widget(at, "selectbox", "Quý báo cáo").value == 3
    for n in (1, 2, 3):
        widget(at, "selectbox", f"Tình trạng mục {n}").set_value("done")
    widget(at, "text_input", "Kết quả thực hiện (mục 3)").input("Đã kiểm tra 2 chi bộ")
    widget(at, "button", "Ghi báo cáo").click().run()
    assert not at.exception
    assert any(s.value.startswith("Đã ghi (lần nhập số 1)") for s in at.success)
    after = metrics(at)
    assert int(after["Mục quá hạn"]) == int(before["Mục quá hạn"]) - 1
    assert after["Chưa báo cáo"] == fmt_int(int(before["Chưa báo cáo"]) - 1)
    audit = AuthStore(auth_path(writable)).audit_rows(action="form")
    assert audit and audit[0]["success"] and "XTC-AP2" in audit[0]["detail"]
    # as the administrator reads it on the page "Quản trị"
    at.switch_page("views/admin.py").run()
    trail = table(at, "Thao tác", "Chi tiết")
    [entry] = [
        d
        for a, d in zip(trail["Thao tác"], trail["Chi tiết"], strict=True)
        if a == "Ghi biểu mẫu (báo cáo quý, tình trạng)"
    ]
    assert "XTC-AP2" in entry and "3/2026" in entry
    at.switch_page("views/remediation.py").run()
    # undone in one click: overdue again
    [undo] = [b for b in at.button if b.label.startswith("Hoàn tác lần ghi số 1")]
    undo.click().run()
    assert metrics(at)["Mục quá hạn"] == before["Mục quá hạn"]


def test_a_report_on_a_quarter_not_ended_is_refused(writable: Path) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    widget(at, "selectbox", "Kế hoạch").set_value((2025, "XTC-AP2")).run()
    widget(at, "selectbox", "Quý báo cáo").set_value(4).run()
    widget(at, "selectbox", "Tình trạng mục 3").set_value("done")
    widget(at, "button", "Ghi báo cáo").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any(
        e.startswith("Quý: Quý 4/2026 chưa kết thúc (đến hết ngày 31/12/2026)") for e in errors
    ), errors
    with Database(writable) as db:
        assert db.rows("import_log_by_import") == []


def test_a_status_entry_is_refused_with_its_reason(writable: Path) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    widget(at, "selectbox", "Năm đánh giá").set_value(2026).run()
    widget(at, "selectbox", "Tổ chức").set_value("XBD-AP4").run()
    widget(at, "selectbox", "Tình trạng tổ chức").set_value("paused_inspection")
    widget(at, "button", "Ghi tình trạng").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert "Chưa ghi: 2 lỗi, dữ liệu không thay đổi." in errors
    assert any(
        e.startswith(
            "Văn bản, vụ việc (số, ngày): Tình trạng “Tạm dừng, chờ kết luận"
            " kiểm tra” cần ghi văn bản"
        )
        for e in errors
    )
    with Database(writable) as db:
        assert db.rows("import_log_by_import") == []


def test_the_status_form_shows_what_is_stored(app_env: Path, db: Database) -> None:
    """The organization chosen in the status form: its stored status, case and members, read
    from the database, before any change; an organization without one shows none."""
    [(code, status, reference, paused, absent)] = sql(
        db,
        "select org_code, status, reference, members_paused, members_absent from org_statuses"
        " where year = 2026 and status = 'paused_inspection' order by org_code limit 1",
    )
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    widget(at, "selectbox", "Năm đánh giá").set_value(2026).run()
    widget(at, "selectbox", "Tổ chức").set_value(code).run()
    assert not at.exception
    assert widget(at, "selectbox", "Tình trạng tổ chức").value == status
    assert widget(at, "text_input", "Văn bản, vụ việc (số, ngày)").value == reference
    assert any(c.value == "Đang ghi: Tạm dừng, chờ kết luận kiểm tra" for c in at.caption)
    numbers = [n.value for n in at.number_input]
    assert numbers[-2:] == [paused, absent]
    unstated = sorted(
        in_scope(db, "XA_BADIEM", 2026)
        - {c for (c,) in sql(db, "select org_code from org_statuses where year = 2026")}
    )
    widget(at, "selectbox", "Tổ chức").set_value(unstated[0]).run()
    assert widget(at, "selectbox", "Tình trạng tổ chức").value is None
    assert widget(at, "text_input", "Văn bản, vụ việc (số, ngày)").value == ""


def test_a_viewer_has_no_forms(secured_db_path: Path, sign_in_app: SignIn) -> None:
    sign_in_app(AuthStore(auth_path(secured_db_path)), "lanhdao", "demo")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["scope"] = "XA_BADIEM"
    at.run()
    at.switch_page("views/remediation.py").run()
    assert not at.exception
    assert "Mục quá hạn" in metrics(at)
    assert not [b for b in at.button if b.label in ("Ghi báo cáo", "Ghi tình trạng")]


def test_every_status_and_item_state_is_offered(writable: Path) -> None:
    at = open_page("views/remediation.py", {"scope": "XA_BADIEM"})
    states = Counter(widget(at, "selectbox", "Tình trạng mục 1").options)
    assert set(states) == {"Chưa thực hiện", "Đang thực hiện", "Đã khắc phục"}
    statuses = widget(at, "selectbox", "Tình trạng tổ chức").options
    assert "Xếp loại muộn (vẫn tính cho năm đánh giá)" in statuses

"""The deck and the written report of 2025 carry what needs attention and the appraisal finding
(issue 12), the same list and the same words as the overview and the page."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from pptx import Presentation

from xeploai import exports
from xeploai.cli import main
from xeploai.domain.selection import Filters
from xeploai.domain.workflow import HELD_UP_STATUSES
from xeploai.exports.story import load_year
from xeploai.metrics.attention import attention
from xeploai.metrics.workflow import HELD_UP_COLUMNS, held_up, load_statuses, load_steps
from xeploai.store.database import Database

TODAY = dt.date(2026, 12, 1)
BA_DIEM = Filters(scope="XA_BADIEM")


def texts(slide: Any) -> str:
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    parts += [
        cell.text
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    ]
    return " ".join(parts)


@pytest.fixture(scope="module")
def deck(db: Database) -> Any:
    return Presentation(io.BytesIO(exports.build("pptx", db, 2025, BA_DIEM, today=TODAY)))


def test_the_deck_closes_with_what_needs_attention(deck: Any, db: Database) -> None:
    found = attention(db, 2025, BA_DIEM, TODAY)
    last = deck.slides[-1]
    assert last.shapes.title.text.startswith(f"{found.org_count} tổ chức cần chú ý: ")
    shown = texts(last)
    # the first eight of the list on the slide, every one in the speaker notes
    for item in found.items[:8]:
        assert item.org_name in shown
    notes = last.notes_slide.notes_text_frame.text
    assert all(item.org_name in notes for item in found.items)
    assert "Tính đến ngày 01/12/2026" in shown


def test_a_long_list_names_its_first_in_the_notes_and_all_in_the_report(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tens of thousands need attention in a national year: the deck's notes name the first
    ``NOTED`` and count the rest (both limits lowered here); the slide's title and
    table are the whole list's (its first rows); the written report lists every one."""
    from xeploai.exports import story
    from xeploai.narrative.workflow import attention_detail, attention_line

    found = attention(db, 2025, BA_DIEM, TODAY)
    assert max(found.count(k) for k in found.kinds) > 2  # a kind longer than a deck loads
    monkeypatch.setattr(story, "NOTED", 1)
    monkeypatch.setattr(story, "MAX_ROWS_ON_SLIDE", 2)
    deck = Presentation(io.BytesIO(exports.build("pptx", db, 2025, BA_DIEM, today=TODAY)))
    last = deck.slides[-1]
    assert last.shapes.title.text.startswith(f"{found.org_count} tổ chức cần chú ý: ")
    notes = last.notes_slide.notes_text_frame.text
    first = [attention_line(i, attention_detail(i)) + "." for i in found.items[:1]]
    rest = f"… và {len(found.items) - 1} trường hợp khác (xem báo cáo)."
    assert notes == " ".join([*first, rest])
    shown = texts(last)
    assert all(i.org_name in shown for i in found.items[:2])
    assert f"… và {len(found.items) - 2} trường hợp khác" in shown
    report = docx.Document(io.BytesIO(exports.build("docx", db, 2025, BA_DIEM, today=TODAY)))
    [listed] = [
        t
        for t in report.tables
        if t.rows[0].cells[0].text == "Tổ chức cơ sở đảng"
        and t.rows[0].cells[1].text == "Cần chú ý"
    ]
    assert [r.cells[0].text for r in listed.rows[1:]] == [i.org_name for i in found.items]


def test_the_deck_states_the_appraisal_finding(deck: Any, db: Database) -> None:
    # counted here from the year's rows, not through the counts the deck reads
    moves = load_steps(db, 2025, 2025, BA_DIEM)["appraisal"]
    down, compared = int((moves == "down").sum()), int(moves.notna().sum())
    assert 0 < down < compared
    [slide] = [s for s in deck.slides if s.shapes.title.text.startswith("Thẩm định hạ mức")]
    assert slide.shapes.title.text.startswith(f"Thẩm định hạ mức {down}/{compared} tổ chức")
    assert "tự đánh giá cao nhất ở khối giáo dục" in slide.shapes.title.text
    [chart] = [s.chart for s in slide.shapes if s.has_chart]
    assert "Giáo dục" in list(chart.plots[0].categories)


def test_the_report_has_both_sections(db: Database) -> None:
    report = docx.Document(io.BytesIO(exports.build("docx", db, 2025, BA_DIEM, today=TODAY)))
    headings = [
        p.text
        for p in report.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[-2:] == [
        "VIII. Những vấn đề cần chú ý",
        "IX. Tự đánh giá, thẩm định và tình trạng đánh giá",
    ]
    found = attention(db, 2025, BA_DIEM, TODAY)
    [listed] = [
        t
        for t in report.tables
        if t.rows[0].cells[0].text == "Tổ chức cơ sở đảng"
        and t.rows[0].cells[1].text == "Cần chú ý"
    ]
    assert [r.cells[0].text for r in listed.rows[1:]] == [
        i.org_name for k in found.kinds for i in found.of(k)
    ]
    body = " ".join(p.text for p in report.paragraphs)
    assert "Năm 2025, thẩm định hạ mức tự đánh giá của" in body
    assert "nhiều nhất ở khối giáo dục" in body
    # why the unrated were not rated, from the data (the service centre founded on 1 July)
    assert "chưa được xếp loại: thành lập chưa đủ 6 tháng (1)" in body


def test_the_html_file_follows_the_slides(db: Database) -> None:
    page = exports.build("html", db, 2025, BA_DIEM, today=TODAY).decode()
    assert '<section id="attention">' in page and '<section id="appraisal">' in page


def test_a_year_before_the_steps_has_no_appraisal_slide(db: Database) -> None:
    data = load_year(db, 2019, Filters(), TODAY)
    assert not load_steps(db, 2019, 2019)["has_steps"].any()
    assert data is not None and data.appraisal is not None
    assert data.appraisal["rated"].sum() > 0 and (data.appraisal["compared"] == 0).all()
    report = docx.Document(io.BytesIO(exports.build("docx", db, 2019, today=TODAY)))
    headings = [
        p.text
        for p in report.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert headings[-1] == "VIII. Những vấn đề cần chú ý"


def test_the_command_line_exports_a_communes_deck(
    demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XEPLOAI_TODAY", TODAY.isoformat())
    out = tmp_path / "ba-diem-2025.pptx"
    assert (
        main(
            [
                "export",
                "pptx",
                "--year",
                "2025",
                "--scope",
                "XA_BADIEM",
                "--out",
                str(out),
                "--db",
                str(demo_db_path),
            ]
        )
        == 0
    )
    titles = [s.shapes.title.text for s in Presentation(str(out)).slides]
    assert any(t.startswith("Thẩm định hạ mức") for t in titles)
    assert "cần chú ý" in titles[-1]


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_list_cut_for_the_overview_counts_the_whole(db: Database, year: int) -> None:
    """The overview makes only the first items of each kind (tens of thousands nationally);
    its counts are the whole list's, and what it lists is the whole list's beginning."""
    whole = attention(db, year, BA_DIEM, TODAY)
    assert len(whole.kinds) >= 3
    for shown in (1, 2):
        cut = attention(db, year, BA_DIEM, TODAY, shown=shown)
        assert cut.kinds == whole.kinds
        for kind in whole.kinds:
            assert cut.count(kind) == whole.count(kind) == len(whole.of(kind))
            assert cut.of(kind) == whole.of(kind)[:shown]
        assert cut.org_count == whole.org_count == len({i.org_code for i in whole.items})
    assert any(whole.count(k) > 1 for k in whole.kinds)  # the cut left something out
    # read narrow (the overview) or from the year's results (the deck and the report): one list
    from xeploai.metrics.analysis import org_results

    results = org_results(db, year, year, BA_DIEM)
    assert attention(db, year, BA_DIEM, TODAY, results=results) == whole


def test_a_year_without_any_held_up_does_not_ask_for_the_list(db: Database) -> None:
    """The year's held-up organizations are counted with its statuses: a year without any
    (2025 at Bà Điểm) lists none without asking for the list; a year with some (2026) lists
    each of them."""
    db.trace = []
    try:
        db.forget_results()
        before = attention(db, 2025, BA_DIEM, TODAY)
        assert before.count("held_up") == 0 and before.count("overdue") > 0
        assert "held_up_by_org" not in {name for name, _, _ in db.trace}
        db.trace.clear()
        db.forget_results()
        now = attention(db, 2026, BA_DIEM, TODAY)
        assert "held_up_by_org" in {name for name, _, _ in db.trace}
    finally:
        db.trace = None
    listed = load_statuses(db, 2026, 2026, BA_DIEM)
    held = listed[listed["reason"].isin(HELD_UP_STATUSES) & listed["standing"].astype(bool)]
    assert len(held) >= 1
    assert sorted(i.org_code for i in now.of("held_up")) == sorted(held["org_code"].tolist())
    assert now.count("held_up") == len(held)
    # the list a year without any gives, unasked, has the query's columns
    assert list(held_up(db, 2025, HELD_UP_STATUSES, BA_DIEM).columns) == list(HELD_UP_COLUMNS)
    assert list(held_up(db, 2026, HELD_UP_STATUSES, BA_DIEM).columns) == list(HELD_UP_COLUMNS)

"""What the domain review of issue 11 found wrong, each as the user reads it on the demo.

The other findings have their tests beside the code they concern: the sources by year in
test_rules.py, the cells' cap and the planted cases in test_demo_time.py, the 2025 import, the
scope and the like-for-like comparison in test_lineage_import.py, the practice before 2019 and
the rounding in test_cli.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xeploai.cli import main
from xeploai.domain.selection import Selection
from xeploai.screens import overview, targets
from xeploai.store.database import Database
from xeploai.texts import RULE_TEXTS


def test_the_clean_strong_target_across_2018_says_the_measure_changed(db: Database) -> None:
    # wrong before: "6,98% (−68,02 điểm %)" and "chưa đạt 5/5 năm" with no word of the break
    cards = {c.label: c for row in overview.build(db, 2019).cards for c in row}
    clean = cards["TCCSĐ trong sạch, vững mạnh"]
    assert clean.value == "3 (6,98%)"
    assert clean.caption is not None
    assert clean.caption.startswith("Chưa đạt chỉ tiêu ít nhất 75,00% (-68,02 điểm phần trăm)")
    assert "đổi nghĩa từ năm 2018" in clean.caption
    assert "so sánh được: tỷ lệ hoàn thành tốt nhiệm vụ trở lên 90,70%" in clean.caption

    screen = targets.build(db, Selection(year=2019, from_year=2015, to_year=2020))
    titles = [t.title for t in screen.trends]
    clean_title = next(t for t in titles if t.startswith("Tỷ lệ trong sạch, vững mạnh"))
    # the years under the old meaning are tallied; 2018 and 2019 are said apart, not added
    assert "chưa đạt chỉ tiêu ở 3/3 năm" in clean_title
    assert "không tính 2 năm từ 2018" in clean_title
    table = screen.table
    assert table is not None
    clean_rows = table[table["Chỉ tiêu"] == "Tỷ lệ trong sạch, vững mạnh"]
    # years as text, as a board writes them (not "2.018")
    same, changed = "Như khi đặt chỉ tiêu", "Đổi nghĩa từ năm 2018"
    assert dict(zip(clean_rows["Năm"], clean_rows["Thước đo"], strict=True)) == {
        "2015": same,
        "2016": same,
        "2017": same,
        "2018": changed,
        "2019": changed,
    }


def test_the_excellent_members_card_shows_one_measure_and_its_own_gap(db: Database) -> None:
    # wrong before: 11,55% shown with the gap −2,76 of "excellent among good or better"
    cards = {c.label: c for row in overview.build(db, 2019).cards for c in row}
    card = cards["Đảng viên hoàn thành xuất sắc nhiệm vụ"]
    # 734 of 5.963 evaluated members: 12,31%, against its target of 15%
    assert card.value == "12,31%"
    assert card.caption == "Chưa đạt chỉ tiêu ít nhất 15,00% (-2,69 điểm phần trăm)"


def test_a_year_before_the_known_texts_is_refused(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # wrong before: the old scheme applied back to 1900
    for command in ("summary", "check"):
        assert main([command, "--year", "2013", "--db", str(demo_db_path)]) != 0
        err = capsys.readouterr().err
        assert "Năm 2013 nằm ngoài các văn bản hướng dẫn đã biết" in err


def test_the_local_rule_is_about_commendation_not_the_rating() -> None:
    # wrong before: "key officials may not be rated HTXSNV" — the seed forbids the commendation
    title = RULE_TEXTS["key_official_local"]["title"]
    assert "không được biểu dương" in title
    assert "việc xếp loại không bị cấm" in title


def test_a_cap_of_nothing_is_never_broken(db: Database) -> None:
    # wrong before: "vượt mức tối đa 0 (20% của 0 …)" for an organization with no HTTNV; the
    # one macro every cap rule uses (schema v5)
    cursor = db.cursor()

    def breaks(excellent: int, denominator: int) -> bool:
        row = cursor.execute(
            "select breaks_excellent_cap(?, 0.2, ?)", [excellent, denominator]
        ).fetchone()
        assert row is not None
        return bool(row[0])

    assert not breaks(3, 0)
    assert breaks(3, 10)  # ⌊0,2 × 10⌋ = 2
    assert not breaks(2, 10)

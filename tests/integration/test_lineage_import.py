"""The July 2025 reorganization imported into the 2024 district, and bad lineages refused.

The workbook is written here from a few rows, in the import format's English keys: the new
commune committee xã Bà Điểm under the city, the old commune committee XBD dissolved on 1 July
2025, its hamlet cells moved to the new commune and turned into base cells on that day, with
their 2025 results. Then three lineages that cannot be: a cycle, a merge into an organization
that did not exist that day, an event before the organization was founded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xeploai.cli import main
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import previous_like_for_like, year_summary
from xeploai.store.database import Database

DAY = dt.date(2025, 7, 1)
HAMLETS = ("XBD-AP1", "XBD-AP2", "XBD-AP3")  # the three that report 2025 in this workbook
# every cell of XBD: each moves to the new commune as a base cell (none may stay under a
# committee that no longer exists)
CELLS = (
    *(f"XBD-AP{i}" for i in range(1, 10)),
    "XBD-CA",
    "XBD-CQ",
    "XBD-DT",
    "XBD-QS",
    *(f"XBD-TR{i}" for i in range(1, 9)),
    "XBD-YT",
)

ORG_COLUMNS = (
    "org_code",
    "org_name",
    "org_type",
    "parent_code",
    "sector",
    "founded",
    "ended",
    "active_from",
)
EVENT_COLUMNS = (
    "event_date",
    "event",
    "org_code",
    "related_code",
    "from_value",
    "to_value",
    "decision",
)
RESULT_COLUMNS = (
    "year",
    "org_code",
    "org_level",
    "members_total",
    "members_exempt",
    "members_HTXSNV",
    "members_HTTNV",
    "members_HTNV",
    "members_KHTNV",
)

# a rename of the new commune dated before it was founded (1 July 2025)
EARLY_RENAME = (
    "01/01/2025",
    "Đổi tên",
    "XA_BADIEM",
    None,
    "Đảng ủy xã Bà Điểm (dự kiến)",
    "Đảng ủy xã Bà Điểm",
    None,
)


def workbook(path: Path, sheets: dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]) -> Path:
    wb = openpyxl.Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, (columns, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(list(columns))
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def reorganization() -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    orgs = [
        ("TPHCM", "Đảng bộ Thành phố Hồ Chí Minh", "city_committee", None, None, None, None, None),
        ("XA_BADIEM", "Đảng ủy xã Bà Điểm", "commune_committee", "TPHCM", None, DAY, None, None),
        # a row of the catalogue is the organization as it is now, whole: Ấp Tiền Lân 2 keeps
        # the year it was founded
        *(
            (
                code,
                f"Chi bộ {code}",
                "base_cell",
                "XA_BADIEM",
                "neighbourhood",
                None,
                None,
                2020 if code == "XBD-AP9" else None,
            )
            for code in CELLS
        ),
    ]
    events: list[tuple[str, str, str, str | None, str | None, str | None, str]] = [
        ("01/07/2025", "Giải thể", "XBD", None, None, None, "Quyết định số 1/QĐ-TU")
    ]
    for code in CELLS:
        events.append(
            (
                "01/07/2025",
                "Chuyển nơi trực thuộc",
                code,
                None,
                "XBD",
                "XA_BADIEM",
                "Quyết định số 2/QĐ-ĐU",
            )
        )
        events.append(
            (
                "01/07/2025",
                "Đổi loại hình",
                code,
                None,
                "Chi bộ trực thuộc",
                "Chi bộ cơ sở",
                "Quyết định số 2/QĐ-ĐU",
            )
        )
    results = [(2025, code, "HTTNV", 40 + i, 4, 5, 27 + i, 3, 1) for i, code in enumerate(HAMLETS)]
    return {
        "organizations": (ORG_COLUMNS, orgs),
        "lineage": (EVENT_COLUMNS, events),
        "results": (RESULT_COLUMNS, results),
    }


@pytest.fixture
def district(district_2024: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.duckdb"
    shutil.copy(district_2024, path)
    return path


def test_the_reorganization_is_accepted_and_counted_under_the_new_commune(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    assert main(["import", str(upload), "--db", str(district)]) == 0, capsys.readouterr().err
    with Database(district) as db:
        summary = year_summary(db, 2025, Filters(scope="XA_BADIEM"))
        assert summary is not None
        # the 22 cells of XBD are base cells of the commune; 3 reported: 40 + 41 + 42 members,
        # each rated HTTNV; the others are counted, unrated
        assert (summary["base_orgs"]["total"], summary["base_orgs"]["cells"]) == (22, 22)
        assert summary["base_orgs"]["rated"] == 3
        assert summary["members"]["total"] == 123
        assert summary["scope"] == {"code": "XA_BADIEM", "name": "Đảng ủy xã Bà Điểm"}
        assert summary["regime"]["scored"] and "366-QĐ/TW" in summary["regime"]["texts"][0]
        # the district still directs its other base organizations in 2025 (this workbook
        # dissolves only XBD): they are counted, as organizations standing that year, unrated
        # for want of results — not the one row reported
        district_2025, district_2024 = year_summary(db, 2025), year_summary(db, 2024)
        assert district_2025 is not None and district_2024 is not None
        assert district_2025["base_orgs"]["total"] == district_2024["base_orgs"]["total"] - 1
        assert district_2025["base_orgs"]["rated"] == 0
        # a hamlet's history: a subordinate cell of XBD through 2024, a base cell since
        rows = db.conn.execute(
            "select year, org_type, parent_code from org_years where org_code = 'XBD-AP1'"
            " order by year"
        ).fetchall()
        assert rows[0] == (2015, "subordinate_cell", "XBD")
        assert rows[-2:] == [(2024, "subordinate_cell", "XBD"), (2025, "base_cell", "XA_BADIEM")]
        # 2019 is untouched
        before = year_summary(db, 2019)
        assert before is not None and before["base_orgs"]["total"] == 43
        assert before["subordinate_cells"]["total"] == 257
    assert main(["summary", "--year", "2025", "--scope", "XBD", "--db", str(district)]) == 1
    assert "Đảng ủy xã Bà Điểm (XA_BADIEM)" in capsys.readouterr().err


def test_the_reorganization_can_be_undone(district: Path, tmp_path: Path) -> None:
    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    events = "select * from lineage_events order by all"
    with Database(district) as db:
        before = [year_summary(db, y) for y in (2019, 2024)]
        events_before = db.conn.execute(events).fetchall()
    assert main(["import", str(upload), "--db", str(district)]) == 0
    assert main(["undo", "--db", str(district)]) == 0
    with Database(district) as db:
        assert [year_summary(db, y) for y in (2019, 2024)] == before
        assert db.conn.execute(events).fetchall() == events_before
        assert db.conn.execute(
            "select org_type, parent_code from organizations where org_code = 'XBD-AP1'"
        ).fetchall() == [("subordinate_cell", "XBD")]


def _refused(
    district: Path, sheets: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    upload = workbook(tmp_path / "xau.xlsx", sheets)
    with Database(district) as db:
        before = db.data_version()
    assert main(["import", str(upload), "--db", str(district)]) == 1
    with Database(district) as db:
        assert db.data_version() == before  # nothing written
    return capsys.readouterr().err


def test_a_cycle_is_refused_with_the_row(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    _columns, orgs = sheets["organizations"]
    # the city under the new commune, which is under the city
    orgs[0] = (
        "TPHCM",
        "Đảng bộ Thành phố Hồ Chí Minh",
        "city_committee",
        "XA_BADIEM",
        None,
        None,
        None,
        None,
    )
    err = _refused(district, sheets, tmp_path, capsys)
    assert "trang tính “organizations”, dòng 2" in err
    assert "Vòng lặp" in err and "TPHCM → XA_BADIEM → TPHCM" in err


def test_a_cycle_from_the_first_day_is_said_without_a_day(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # two committees of the catalogue, each under the other, neither with a founding day
    orgs: list[tuple[Any, ...]] = [
        ("VONG_A", "Đảng ủy A", "commune_committee", "VONG_B", None, None, None, None),
        ("VONG_B", "Đảng ủy B", "commune_committee", "VONG_A", None, None, None, None),
    ]
    err = _refused(district, {"organizations": (ORG_COLUMNS, orgs)}, tmp_path, capsys)
    # said once on each row, by the catalogue's check (the tree's fault would repeat it)
    lines = [line for line in err.splitlines() if "Vòng lặp" in line]
    assert len(lines) == 2, err
    assert (
        "dòng 2, cột “parent_code”: Vòng lặp: tổ chức nằm dưới chính nó qua các cấp trên "
        "(VONG_A → VONG_B → VONG_A)" in lines[0]
    )
    # a cycle that the catalogue no longer makes: A stood under B from its first day until it
    # moved to the city on 01/01/2020, and B stands under A
    orgs = [
        ("TPHCM", "Đảng bộ Thành phố Hồ Chí Minh", "city_committee", None, None, None, None, None),
        ("VONG_A", "Đảng bộ A", "district_committee", "TPHCM", None, None, None, None),
        ("VONG_B", "Đảng bộ B", "district_committee", "VONG_A", None, None, None, None),
    ]
    events = [("01/01/2020", "Chuyển nơi trực thuộc", "VONG_A", None, "VONG_B", "TPHCM", None)]
    sheets = {"organizations": (ORG_COLUMNS, orgs), "lineage": (EVENT_COLUMNS, events)}
    err = _refused(district, sheets, tmp_path, capsys)
    assert (
        "trang tính “organizations”, dòng 3, cột “parent_code”: Vòng lặp: ngay từ đầu, tổ chức "
        "nằm dưới chính nó qua các cấp trên." in err
    ), err
    assert "ngày ," not in err


def test_an_event_naming_a_new_organization_whose_row_is_broken_is_not_faulted_again(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the new commune's row has a kind no one knows: that row is the one problem; the cells'
    # moves into it are not said again as moves to a parent that does not exist
    sheets = reorganization()
    _columns, orgs = sheets["organizations"]
    orgs[1] = (*orgs[1][:2], "xã kiểu mới", *orgs[1][3:])
    err = _refused(district, sheets, tmp_path, capsys)
    problems = [line for line in err.splitlines() if line.startswith("Tệp")]
    assert (
        len(problems) == 1 and "trang tính “organizations”, dòng 3, cột “org_type”" in problems[0]
    ), err


def test_a_merge_into_an_organization_not_yet_founded_is_refused(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    _columns, events = sheets["lineage"]
    # XBD merged into the new commune a month before the commune was founded
    events[0] = ("01/06/2025", "Sáp nhập vào", "XBD", "XA_BADIEM", None, None, None)
    err = _refused(district, sheets, tmp_path, capsys)
    assert "trang tính “lineage”, dòng 2" in err
    assert "“XA_BADIEM” không tồn tại vào ngày 01/06/2025" in err


def test_an_event_before_the_founding_is_refused(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    _columns, events = sheets["lineage"]
    events.append(EARLY_RENAME)
    err = _refused(district, sheets, tmp_path, capsys)
    assert f"trang tính “lineage”, dòng {len(events) + 1}" in err
    assert "trước ngày thành lập của tổ chức (01/07/2025)" in err


def test_a_move_of_a_rated_cell_without_its_event_is_refused(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    sheets.pop("lineage")
    err = _refused(district, sheets, tmp_path, capsys)
    assert "Chuyển nơi trực thuộc" in err and "Đổi loại hình" in err


def test_each_change_of_a_rated_cell_needs_its_own_event(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    _columns, events = sheets["lineage"]
    # XBD-AP1's move is recorded, its change of kind is not; XBD-AP2's change of kind is
    # recorded into another kind than the catalogue gives it; another cell's events stand
    events[:] = [
        e
        for e in events
        if not (e[2] == "XBD-AP1" and e[1] == "Đổi loại hình")
        and not (e[2] == "XBD-AP2" and e[1] == "Đổi loại hình")
    ]
    events.append(
        ("01/07/2025", "Đổi loại hình", "XBD-AP2", None, "Chi bộ trực thuộc", "Đảng bộ cơ sở", None)
    )
    err = _refused(district, sheets, tmp_path, capsys)
    row_of = {org[0]: i for i, org in enumerate(sheets["organizations"][1], start=2)}
    kind_changed = "đổi loại hình mà không ghi sự kiện"
    moved = "đổi cấp trên mà không ghi sự kiện"
    lines = err.splitlines()
    for code in ("XBD-AP1", "XBD-AP2"):
        mine = [line for line in lines if f"“organizations”, dòng {row_of[code]}," in line]
        assert any(kind_changed in line for line in mine), (code, mine)
        assert not any(moved in line for line in mine), (code, mine)
    # without its change of kind, XBD-AP1 was a base cell from its first day, under XBD: said
    # without a day (there is none)
    assert any(
        f"“organizations”, dòng {row_of['XBD-AP1']}, cột “parent_code”: Ngay từ đầu, “XBD” "
        "không thể là cấp trên trực tiếp của loại tổ chức này." in line
        for line in lines
    ), err
    assert "ngày ," not in err
    # the cells whose events are whole: nothing said of their rows
    for code in ("XBD-AP3", "XBD-CA"):
        assert not any(f"“organizations”, dòng {row_of[code]}," in line for line in lines), code


def test_a_change_of_parent_recorded_in_the_stored_lineage_needs_no_event_in_the_file(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    assert main(["import", str(upload), "--db", str(district)]) == 0, capsys.readouterr().err
    # a catalogue left behind its lineage (as an older version could store it): XBD-AP1 is
    # stored under XBD again, while its move to XA_BADIEM on 1 July 2025 is recorded
    with Database(district, read_only=False) as db, db.transaction() as conn:
        conn.execute("update organizations set parent_code = 'XBD' where org_code = 'XBD-AP1'")
    orgs = [org for org in reorganization()["organizations"][1] if org[0] == "XBD-AP1"]
    again = workbook(tmp_path / "danh_muc.xlsx", {"organizations": (ORG_COLUMNS, orgs)})
    assert main(["import", str(again), "--db", str(district)]) == 0, capsys.readouterr().err
    # without the recorded move, the same file is refused on the row's parent
    with Database(district, read_only=False) as db, db.transaction() as conn:
        conn.execute("update organizations set parent_code = 'XBD' where org_code = 'XBD-AP1'")
        conn.execute("delete from lineage_events where org_code = 'XBD-AP1' and event = 'moved'")
    err = _refused(district, {"organizations": (ORG_COLUMNS, orgs)}, tmp_path, capsys)
    assert "dòng 2, cột “parent_code”: Tổ chức đã có kết quả khi còn trực thuộc “XBD”" in err


def test_a_lineage_alone_is_checked_on_the_tree_it_would_leave(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the catalogue as stored (the file holds none): the tree is still the one the file's
    # events would make, not the stored one
    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    assert main(["import", str(upload), "--db", str(district)]) == 0, capsys.readouterr().err
    # with the year's results again (the tree read for them is the one the events make)
    sheets = {"lineage": (EVENT_COLUMNS, [EARLY_RENAME]), "results": reorganization()["results"]}
    err = _refused(district, sheets, tmp_path, capsys)
    assert "trang tính “lineage”, dòng 2" in err
    assert "trước ngày thành lập của tổ chức (01/07/2025)" in err


def test_results_follow_the_kind_of_their_year(
    district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheets = reorganization()
    _columns, results = sheets["results"]
    # a result of 2024 for a hamlet that was still a subordinate cell of XBD that year
    results.append((2024, "XBD-AP1", "HTTNV", 40, 4, 5, 27, 3, 1))
    err = _refused(district, sheets, tmp_path, capsys)
    assert "Năm 2024, “XBD-AP1” là chi bộ trực thuộc, không phải tổ chức cơ sở đảng" in err


def test_the_year_before_is_compared_like_for_like(district: Path, tmp_path: Path) -> None:
    # wrong before: "previous year" compared the new commune's organizations with the
    # district's, 44 with 1, as if it were a change
    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    assert main(["import", str(upload), "--db", str(district)]) == 0
    with Database(district) as db:
        previous, change = previous_like_for_like(db, 2025, Filters(scope="XA_BADIEM"))
        xbd = db.conn.execute(
            "select members_total from org_results where year = 2024 and org_code = 'XBD'"
        ).fetchall()[0][0]
        assert change is not None and previous is not None
        # the 22 base cells of 2025 continue one base committee of 2024: XBD, whose cells they
        # were; the members are compared with XBD's
        assert (change.now, change.before_units, change.became_base) == (22, 1, 1)
        assert previous["members"]["total"] == xbd
        assert previous["base_orgs"]["total"] == 1
        # the district, whose set did not change but for XBD, compares with 2024 as it was
        same, none = previous_like_for_like(db, 2024, Filters())
        assert none is None and same is not None and same["year"] == 2023


def test_the_organization_page_shows_a_hamlets_history_back_to_2015(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    upload = workbook(tmp_path / "sap_nhap_2025.xlsx", reorganization())
    assert main(["import", str(upload), "--db", str(district)]) == 0
    monkeypatch.setenv("XEPLOAI_DB", str(district))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60)
    at.run()
    # the organization page's own link (the overview keeps only its own parameters)
    at.query_params["scope"] = "XA_BADIEM"
    at.query_params["org"] = "XBD-AP1"
    at.switch_page("views/organization.py").run()
    assert not at.exception
    assert "Lịch sử tổ chức" in [s.value for s in at.subheader]
    history = next(d.value for d in at.dataframe if "Cấp trên trực tiếp" in d.value.columns)
    rows = list(zip(history["Năm"], history["Loại"], history["Cấp trên trực tiếp"], strict=True))
    assert rows[0] == ("2015", "Chi bộ trực thuộc", "Đảng bộ xã Bà Điểm")
    assert rows[-1] == ("2025", "Chi bộ cơ sở", "Đảng ủy xã Bà Điểm")
    events = next(d.value for d in at.dataframe if "Sự kiện" in d.value.columns)
    assert set(events["Sự kiện"]) == {"Đổi loại hình", "Chuyển nơi trực thuộc"}

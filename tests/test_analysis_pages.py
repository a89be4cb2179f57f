"""The analysis pages headless (AppTest): every page, every demo year, a grid of filters; the
charts' data against ``year_summary``; the shared filters in the URL and from page to page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from xeploai.domain.numbers import pct
from xeploai.domain.selection import Filters
from xeploai.metrics.yearly import year_summary
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS, fmt_int, fmt_pct

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["views/trends.py", "views/targets.py", "views/exemptions.py",
         "views/organization.py", "views/explorer.py"]
YEARS = range(2015, 2025)


def open_page(page: str, query: dict[str, str | list[str]] | None = None) -> AppTest:
    """A new session opened on a link: app.py runs first (login, navigation, reading the link),
    then the page. (AppTest.switch_page before a first run would run the page file alone.)"""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page)
    return at.run()


def charts(at: AppTest) -> list[dict[str, Any]]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart(at: AppTest, title_start: str) -> dict[str, Any]:
    found = [c for c in charts(at) if c["layout"]["title"]["text"].startswith(title_start)]
    assert found, f"no chart titled {title_start!r}: {[titles(at)]}"
    return found[0]


def titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"] for c in charts(at)]


def trace(fig: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in fig["data"] if t.get("name") == name)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "info", "warning", "success", "caption")
             for e in at.get(kind)]
    parts += [e.value for e in at.sidebar.warning]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("year", YEARS)
def test_every_page_every_year(app_env: Path, page: str, year: int) -> None:
    at = open_page(page, {"year": str(year), "from": str(year), "to": str(year), "org": "XBD"})
    assert not at.exception
    assert not at.sidebar.warning  # a good link gives no notice
    if page != "views/explorer.py":
        assert charts(at), "the page draws its charts"
    for title in titles(at):
        assert title.strip() and "Biểu đồ" not in title


GRID: list[dict[str, str | list[str]]] = [
    {},
    {"sector": "commune"},
    {"sector": ["education", "health"], "type": "base_cell"},
    {"type": "base_committee", "from": "2016", "to": "2019", "year": "2017"},
    {"org": ["XBD", "NHC"]},
    {"org": "TTGDTX", "year": "2016"},  # an organization that ended in 2017
    {"org": "PTHT", "year": "2019"},    # founded in 2021: no results in 2019
    {"from": "2018", "to": "2018", "year": "2015"},
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("query", GRID, ids=lambda q: json.dumps(q, ensure_ascii=False))
def test_every_page_under_a_grid_of_filters(app_env: Path, page: str,
                                            query: dict[str, str | list[str]]) -> None:
    at = open_page(page, query)
    assert not at.exception
    assert not at.sidebar.warning


@pytest.mark.parametrize("page", [p for p in PAGES if p != "views/organization.py"])
def test_a_filter_that_matches_nothing_says_so(app_env: Path, page: str) -> None:
    # the police have a base committee, not a base cell
    at = open_page(page, {"sector": "police", "type": "base_cell"})
    assert not at.exception
    assert not charts(at)
    assert any("Không có tổ chức cơ sở đảng nào khớp bộ lọc" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
def test_a_bad_link_is_ignored_with_a_notice(app_env: Path, page: str) -> None:
    at = open_page(page, {"year": "abc", "sector": ["commune", "space"], "colour": "red"})
    assert not at.exception
    notices = " ".join(w.value for w in at.sidebar.warning)
    assert "year=abc" in notices and "colour=red" in notices
    if page not in ("views/organization.py",):
        assert "sector=space" in notices
    # the good part of the link still applies
    if page in ("views/trends.py", "views/targets.py", "views/exemptions.py",
                "views/explorer.py"):
        assert at.multiselect(key="f_sector").value == ["commune"]


def test_trends_charts_show_the_summarys_figures(app_env: Path, db: Database) -> None:
    at = open_page("views/trends.py")
    s = year_summary(db, 2019, with_findings=False)
    assert s is not None
    members = chart(at, "Đảng viên: tỷ lệ hoàn thành tốt trở lên")
    evaluated = s["members"]["evaluated"]
    for code, n in s["members"]["levels"].items():
        t = next(t for t in members["data"] if t["customdata"] and t["name"].startswith(
            {"HTXSNV": "Hoàn thành xuất sắc", "HTTNV": "Hoàn thành tốt",
             "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành"}[code]))
        i = t["x"].index(2019)
        assert t["y"][i] == pct(n, evaluated)
        assert t["customdata"][i] == fmt_int(n)
    good = chart(at, "Đảng viên hoàn thành tốt trở lên")
    i = trace(good, "Đảng viên")["x"].index(2019)
    assert trace(good, "Đảng viên")["y"][i] == s["members"]["good_or_better_pct"]
    assert trace(good, "Tổ chức cơ sở đảng")["y"][i] == s["base_orgs"]["good_or_better_pct"]
    # the break is marked and explained on the chart
    assert any("2018" in a["text"] for a in good["layout"]["annotations"])


def test_trends_say_how_far_apart_the_sectors_are(app_env: Path, db: Database) -> None:
    at = open_page("views/trends.py")
    fig = chart(at, "Đảng viên hoàn thành tốt trở lên theo khối:")
    assert "nới rộng từ 10,53 điểm % (2015) lên 12,08 điểm % (2024)" in fig["layout"]["title"][
        "text"]
    health = trace(fig, "Y tế")
    s = year_summary(db, 2024, Filters(sectors=("health",)), with_findings=False)
    assert s is not None
    assert health["y"][health["x"].index(2024)] == s["members"]["good_or_better_pct"]


def test_trends_by_sector_for_one_sector_equals_the_filtered_summary(
        app_env: Path, db: Database) -> None:
    at = open_page("views/trends.py", {"from": "2015", "to": "2019"})
    fig = chart(at, "Năm 2019, đảng viên hoàn thành tốt trở lên theo khối")
    bars = fig["data"][0]
    s = year_summary(db, 2019, Filters(sectors=("education",)), with_findings=False)
    assert s is not None
    i = bars["customdata"].index("education")
    assert bars["x"][i] == s["members"]["good_or_better_pct"]


def test_targets_page_matches_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/targets.py", {"year": "2019"})
    s = year_summary(db, 2019, with_findings=False)
    assert s is not None
    table = at.dataframe[0].value
    rows = table[table["Năm"] == "2019"]
    assert len(rows) == len(s["targets"])
    assert sorted(rows["Thực hiện (%)"].astype(float)) == sorted(t["actual"] for t in s["targets"])
    missed = [t for t in s["targets"] if t["met"] is False]
    assert f"đạt {len(s['targets']) - len(missed)}/{len(s['targets'])} chỉ tiêu" in texts(at)
    # the first target analysed is a missed member target: excellent members, 15%
    values = {m.label: m.value for m in at.metric}
    assert values["Thực hiện"] == fmt_pct(s["members"]["excellent_pct"])
    assert values["Cần thay đổi"] == "161"
    assert "cần thêm 161 đảng viên hoàn thành xuất sắc nhiệm vụ" in texts(at)
    fig = chart(at, "Năm 2019, đảng viên hoàn thành xuất sắc nhiệm vụ:")
    assert sum(fig["data"][0]["x"]) < 0  # the ranked organizations pull below the target


def test_choosing_another_target_reranks(app_env: Path) -> None:
    at = open_page("views/targets.py", {"year": "2019"})
    box = at.selectbox(key="gap_target")
    clean = next(i for i in box.options if "trong sạch" in i)
    box.select(clean).run()
    assert not at.exception
    assert "cần thêm 30 tổ chức trong sạch, vững mạnh" in texts(at)


def test_exemptions_page_matches_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/exemptions.py", {"year": "2019"})
    s = year_summary(db, 2019, with_findings=False)
    assert s is not None
    values = {m.label: m.value for m in at.metric}
    assert values["Miễn sinh hoạt (2019)"] == "580"
    assert values["Tỷ lệ miễn (2019)"] == fmt_pct(s["members"]["exempt_pct_of_total"])
    assert values["Được đánh giá (2019)"] == fmt_int(s["members"]["evaluated"])
    trend = chart(at, "Đảng viên miễn sinh hoạt tăng")
    bars = trend["data"][0]
    assert bars["y"][bars["x"].index(2019)] == 580
    effect = chart(at, "Năm 2019, nếu tính cả đảng viên miễn sinh hoạt")
    official = effect["data"][0]
    assert official["y"][official["x"].index(2019)] == s["members"]["good_or_better_pct"]


def test_organization_page_matches_its_filtered_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/organization.py", {"org": "XBD", "year": "2019"})
    s = year_summary(db, 2019, Filters(orgs=("XBD",)), with_findings=False)
    assert s is not None
    fig = chart(at, "Năm 2019:")
    for t in fig["data"]:
        code = {"Hoàn thành xuất sắc nhiệm vụ": "HTXSNV", "Hoàn thành tốt nhiệm vụ": "HTTNV",
                "Hoàn thành nhiệm vụ": "HTNV", "Không hoàn thành nhiệm vụ": "KHTNV"}[t["name"]]
        assert t["y"][t["x"].index(2019)] == s["members"]["levels"][code]
    assert "Năm 2019: " in texts(at) and "chi bộ trực thuộc hoàn thành tốt trở lên" in texts(at)
    assert at.query_params["org"] in (["XBD"], "XBD")


def test_organization_page_without_an_organization_asks_for_one(app_env: Path) -> None:
    at = open_page("views/organization.py")
    assert not at.exception and not charts(at)
    assert any(ANALYSIS["org_pick_prompt"] in i.value for i in at.info)
    at.selectbox(key="f_org_one").select("NHC").run()
    assert charts(at) and at.query_params["org"] in (["NHC"], "NHC")
    assert any("Chi bộ cơ sở không có chi bộ trực thuộc" in i.value for i in at.info)


def test_organization_page_tells_the_life_span_and_successor(app_env: Path) -> None:
    at = open_page("views/organization.py", {"org": "TTGDTX", "year": "2016"})
    caption = " ".join(c.value for c in at.caption)
    assert "Hoạt động đến năm 2017" in caption
    assert "Được tiếp nối bởi: Chi bộ Trung tâm GDNN – GDTX huyện" in caption


def test_a_year_without_the_organization_says_so(app_env: Path) -> None:
    at = open_page("views/organization.py", {"org": "PTHT", "year": "2019"})  # founded 2021
    assert not at.exception
    assert any("không có kết quả năm 2019 (có số liệu các năm 2021–2024)" in i.value
               for i in at.info)


def test_organization_page_shows_its_findings(app_env: Path, db: Database) -> None:
    from xeploai.metrics.rules import check_year

    finding = next(f for y in YEARS for f in check_year(db, y) if f.org_code)
    at = open_page("views/organization.py", {"org": finding.org_code})
    shown = [t for t in at.dataframe if "Nội dung" in t.value.columns]
    assert shown and finding.message in list(shown[0].value["Nội dung"])


def test_explorer_totals_equal_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/explorer.py", {"from": "2019", "to": "2019"})
    s = year_summary(db, 2019, with_findings=False)
    assert s is not None
    table = at.dataframe[0].value
    assert len(table) == s["base_orgs"]["total"]
    totals = at.dataframe[1].value.iloc[0]
    assert totals["Tổng số đảng viên"] == s["members"]["total"]
    assert totals["Được đánh giá"] == s["members"]["evaluated"]
    assert totals["HTT trở lên (%)"] == s["members"]["good_or_better_pct"]
    assert totals["Tỷ lệ miễn (%)"] == s["members"]["exempt_pct_of_total"]


def test_explorer_threshold_keeps_only_the_rows_below(app_env: Path) -> None:
    at = open_page("views/explorer.py")
    everything = len(at.dataframe[0].value)
    at.toggle(key="x_use_threshold").set_value(True).run()
    at.number_input(key="x_value").set_value(90.0).run()
    table = at.dataframe[0].value
    assert 0 < len(table) < everything
    assert (table["HTT trở lên (%)"].astype(float) < 90.0).all()
    at.number_input(key="x_value").set_value(0.0).run()  # nobody is below 0%
    assert any("Không có dòng nào" in i.value for i in at.info)
    assert not at.get("download_button")


def test_explorer_offers_csv_and_excel(app_env: Path) -> None:
    at = open_page("views/explorer.py", {"org": "XBD"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [ANALYSIS["download_csv"], ANALYSIS["download_xlsx"]]


def test_changing_a_filter_updates_the_link(app_env: Path) -> None:
    at = open_page("views/trends.py")
    # the page's years always (a link must not drift to next year's data), nothing else yet
    assert dict(at.query_params) in ({"from": ["2015"], "to": ["2024"]},
                                     {"from": "2015", "to": "2024"})
    at.multiselect(key="f_sector").select("education").run()
    at.selectbox(key="f_from").select(2018).run()
    assert at.query_params["sector"] in (["education"], "education")
    assert at.query_params["from"] in (["2018"], "2018")
    assert titles(at)[0].startswith("Tổ chức cơ sở đảng: tỷ lệ hoàn thành tốt trở lên")
    assert "(2018)" in titles(at)[0]


def test_filters_persist_from_page_to_page(app_env: Path) -> None:
    at = open_page("views/trends.py", {"sector": "education", "from": "2017"})
    at.switch_page("views/overview.py").run()  # a page without these filters …
    assert at.query_params["sector"] in (["education"], "education")  # … keeps them in its link
    assert "from" not in at.query_params
    at.switch_page("views/explorer.py").run()
    assert not at.exception
    assert at.multiselect(key="f_sector").value == ["education"]
    assert at.query_params["sector"] in (["education"], "education")
    table = at.dataframe[0].value
    assert set(table["Khối"]) == {"Giáo dục"} and set(table["Năm"]) >= {"2017", "2024"}
    assert "2016" not in set(table["Năm"])


@pytest.mark.parametrize("page", PAGES)
def test_a_database_without_results_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            page: str) -> None:
    path = tmp_path / "empty.duckdb"
    Database(path, read_only=False).close()  # the schema, no year of results
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    at = open_page(page, {"year": "2019", "sector": "commune"})
    assert not at.exception
    assert not charts(at)
    assert any("chưa có kết quả năm nào" in w.value for w in at.warning)


def test_the_focus_year_may_lie_outside_the_range(app_env: Path) -> None:
    # the trend covers 2016–2018, the organizations with most exemptions are those of 2023
    at = open_page("views/exemptions.py", {"year": "2023", "from": "2016", "to": "2018"})
    assert not at.exception
    assert any(t.startswith("Năm 2023:") for t in titles(at))
    at = open_page("views/targets.py", {"year": "2023", "from": "2016", "to": "2018"})
    assert not at.exception
    assert any(t.startswith("Năm 2023, đảng viên") for t in titles(at))


def test_a_scoped_secretary_sees_only_their_organization_on_every_page(
        demo_db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        sign_in_app: Any) -> None:
    import shutil

    from xeploai.access.users import AuthStore, auth_path

    path = tmp_path / "secured.duckdb"
    shutil.copy(demo_db_path, path)
    store = AuthStore(auth_path(path))
    store.add_user("bithu.xbd", "mat-khau-xbd", "viewer", ["XBD"])
    monkeypatch.setenv("XEPLOAI_DB", str(path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    sign_in_app(store, "bithu.xbd", "mat-khau-xbd")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["org"] = "XTC"  # another commune's committee, asked for by a link
    at.run()

    at.switch_page("views/explorer.py").run()
    assert not at.exception
    assert set(at.dataframe[0].value["Mã"]) == {"XBD"}
    assert at.multiselect(key="f_org").options == ["Đảng bộ xã Bà Điểm"]
    assert any("org=XTC" in w.value for w in at.sidebar.warning)
    at.switch_page("views/trends.py").run()
    by_sector = chart(at, "Năm 2024, đảng viên hoàn thành tốt trở lên ở")
    assert by_sector["data"][0]["customdata"] == ["commune"]
    at.switch_page("views/exemptions.py").run()
    assert chart(at, "Năm 2024:")["data"][0]["customdata"] == ["XBD"]
    at.switch_page("views/targets.py").run()
    assert chart(at, "Năm 2024,")["data"][0]["customdata"] == ["XBD"]
    at.switch_page("views/organization.py").run()
    assert at.selectbox(key="f_org_one").options == ["Đảng bộ xã Bà Điểm"]


def test_a_large_table_is_cut_and_left_to_the_browser_to_format(app_env: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import ui
    from xeploai.screens import analysis as analysis_views

    monkeypatch.setattr(ui, "STYLED_ROWS", 10)
    monkeypatch.setattr(analysis_views, "EXPLORER_SHOWN_ROWS", 400)
    at = open_page("views/explorer.py")
    assert not at.exception
    table = at.dataframe[0]
    assert len(table.value) == 400  # the first 400 of the demo's 437 organization-years …
    assert any("400 dòng đầu tiên" in i.value and "437 dòng" in i.value for i in at.info)
    assert at.dataframe[1].value.iloc[0]["Tổng số đảng viên"] > table.value[
        "Tổng số đảng viên"].sum()  # … while the totals count all of them
    assert "localized" in table.proto.columns  # the column config, as JSON


@pytest.mark.parametrize("page", [*PAGES, "views/overview.py"])
def test_a_page_file_run_without_the_app_shows_nothing(
        demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    # Defence in depth: a page file drawn without app.py (hence without login) must refuse.
    monkeypatch.setenv("XEPLOAI_DB", str(demo_db_path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    at = AppTest.from_file(str(Path(APP).parent / page), default_timeout=60).run()
    assert not at.exception
    assert not charts(at) and not at.dataframe and not at.metric
    assert at.error  # the page says it is closed

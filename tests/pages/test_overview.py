"""Each page runs headless (AppTest): no exception, the key figures shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from xeploai.metrics.yearly import year_summary
from xeploai.store.database import Database
from xeploai.texts import fmt_int, fmt_pct

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("year", range(2015, 2025))
def test_overview_every_year(app_env: Path, db: Database, year: int) -> None:
    at = run_app({"year": str(year)})
    assert not at.exception
    s = year_summary(db, year)
    assert s is not None
    shown = metrics(at)
    assert shown["Tổ chức cơ sở đảng"] == fmt_int(s["base_orgs"]["total"])
    assert shown["Đảng viên"] == fmt_int(s["members"]["total"])
    assert shown["TCCSĐ hoàn thành tốt nhiệm vụ trở lên"] == fmt_pct(
        s["base_orgs"]["good_or_better_pct"])
    assert shown["Đảng viên được miễn sinh hoạt"] == fmt_int(s["members"]["exempt"])


def test_overview_2019_tells_the_year(app_env: Path) -> None:
    at = run_app({"year": "2019"})
    text = " ".join(m.value for m in at.markdown)
    assert "43 tổ chức cơ sở đảng (18 đảng bộ cơ sở, 25 chi bộ cơ sở)" in text
    assert "257 chi bộ trực thuộc" in text and "6.659 đảng viên" in text
    assert "580 đảng viên được miễn" in text
    assert "Chưa đạt 2/6 chỉ tiêu" in text
    captions = [c.value for c in at.caption]
    assert "Chưa đạt chỉ tiêu ít nhất 15,00% (-2,69 điểm %)" in captions
    assert any("Dữ liệu minh họa" in i.value for i in at.info)


def test_overview_chart_data_is_the_summary(app_env: Path, db: Database) -> None:
    at = run_app({"year": "2019"})
    s = year_summary(db, 2019)
    assert s is not None
    levels = at.get("plotly_chart")[0].proto.spec
    import json

    spec = json.loads(levels)
    bars = {t["name"]: t for t in spec["data"]}
    # the members' bar: share of HTXSNV among the evaluated, as the summary says
    hx = bars["Hoàn thành xuất sắc nhiệm vụ"]
    members_index = hx["y"].index("Đảng viên")
    assert hx["x"][members_index] == s["members"]["excellent_pct"]
    assert "2019" in spec["layout"]["title"]["text"]
    trend = json.loads(at.get("plotly_chart")[1].proto.spec)
    members = next(t for t in trend["data"] if t["name"] == "Đảng viên")
    assert members["y"][members["x"].index(2019)] == s["members"]["good_or_better_pct"]
    # the scheme break is drawn and explained
    assert any("2018" in a["text"] for a in trend["layout"]["annotations"])


def test_changing_the_year_changes_the_figures(app_env: Path) -> None:
    at = run_app({"year": "2019"})
    assert metrics(at)["Đảng viên"] == "6.659"
    at.sidebar.selectbox[0].select(2017).run()
    assert metrics(at)["Đảng viên"] != "6.659"
    assert at.query_params["year"] == ["2017"] or at.query_params["year"] == "2017"


@pytest.mark.parametrize("bad", ["abc", "1999", "2019; drop table x", ""])
def test_a_bad_year_in_the_url_is_ignored_with_a_notice(app_env: Path, bad: str) -> None:
    at = run_app({"year": bad})
    assert not at.exception
    assert metrics(at)["Đảng viên"] == "7.352"  # the latest year instead
    assert any("không hợp lệ" in w.value for w in at.sidebar.warning)


def test_missing_database_says_how_to_make_one(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_DB", str(tmp_path / "none.duckdb"))
    at = run_app()
    assert not at.exception
    assert any("make run" in e.value for e in at.error)

"""The overview (Tổng quan) headless: the year's figures in cards, sentences and charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from tests.pages.helpers import (
    charts,
    metrics,
    open_app,
    page_title,
    titled_charts,
    trace,
    value_at,
    widget,
)
from xeploai.charts.spark import sparkline_svg
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_summary
from xeploai.store.database import Database
from xeploai.texts import UI, fmt_int, fmt_pct, fmt_pp

# The cards of one year per kind of year (the page draws every year with the same code): the
# first (no year before it for the changes), the last of the old scheme, the first of the 2018
# scheme (changes across the break), the demo's contractual 2019, the latest.
SAMPLE_YEARS = [2015, 2017, 2018, 2019, 2024]


def summary(db: Database, year: int) -> dict[str, Any]:
    s = year_summary(db, year)
    assert s is not None
    return cast(dict[str, Any], s)


def summary_of(db: Database, year: int, scope: str) -> dict[str, Any]:
    s = year_summary(db, year, Filters(scope=scope))
    assert s is not None
    return cast(dict[str, Any], s)


@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_overview_cards_show_the_years_figures(app_env: Path, db: Database, year: int) -> None:
    at = open_app({"year": str(year)})
    assert not at.exception
    s = summary(db, year)
    assert page_title(at) == f"{UI['page_overview']} — Đảng bộ huyện Hóc Môn"
    shown = metrics(at)
    assert shown["Tổ chức cơ sở đảng"] == fmt_int(s["base_orgs"]["total"])
    assert shown["Đảng viên"] == fmt_int(s["members"]["total"])
    assert shown["TCCSĐ hoàn thành tốt nhiệm vụ trở lên"] == fmt_pct(
        s["base_orgs"]["good_or_better_pct"]
    )
    assert shown["Đảng viên được miễn sinh hoạt"] == fmt_int(s["members"]["exempt"])
    # the year's levels; the members' bar as the summary says
    (title, levels), _ = titled_charts(at)
    assert str(year) in title
    excellent = trace(levels, "Hoàn thành xuất sắc nhiệm vụ")
    assert value_at(excellent, "Đảng viên", axis="y") == s["members"]["excellent_pct"]


def test_each_card_draws_its_trend_up_to_the_year(app_env: Path, db: Database) -> None:
    """The members card's small line: the members of every year up to the chosen one, as
    ``charts.spark`` draws them; every card with a history has its line."""
    at = open_app({"year": "2019"})
    lines = [m.value for m in at.markdown if "xl-spark" in m.value]
    assert len(lines) == len(at.metric) == 8
    years = [int(y) for y in db.query("years_by_data")["year"] if int(y) <= 2019]
    members = [float(summary(db, y)["members"]["total"]) for y in years]
    label = UI["card_trend"].format(label="Đảng viên")
    assert sparkline_svg(members, label) in lines


def test_overview_2019_tells_the_year(app_env: Path, db: Database) -> None:
    at = open_app({"year": "2019"})
    text = " ".join(m.value for m in at.markdown)
    # the demo's contract: 43 base organizations (18 + 25), 257 cells, 6.659 members, 580 exempt
    assert "43 tổ chức cơ sở đảng (18 đảng bộ cơ sở, 25 chi bộ cơ sở)" in text
    assert "257 chi bộ trực thuộc" in text and "6.659 đảng viên" in text
    assert "580 đảng viên được miễn" in text
    s = summary(db, 2019)
    missed = [t for t in s["targets"] if not t["met"]]
    assert f"Chưa đạt {len(missed)}/{len(s['targets'])} chỉ tiêu" in text
    assert (len(missed), len(s["targets"])) == (2, 6)  # the demo's contract
    excellent = next(t for t in s["targets"] if t["measure"] == "excellent_pct")
    captions = [c.value for c in at.caption]
    assert (
        f"Chưa đạt chỉ tiêu ít nhất {fmt_pct(excellent['target'])} "
        f"({fmt_pp(s['members']['excellent_pct'] - excellent['target'])})"
    ) in captions
    assert any("Dữ liệu minh họa" in i.value for i in at.info)


def test_overview_chart_data_is_the_summary(app_env: Path, db: Database) -> None:
    at = open_app({"year": "2019"})
    s = summary(db, 2019)
    (title, levels), _ = titled_charts(at)
    # the members' bar: share of HTXSNV among the evaluated, as the summary says
    excellent = trace(levels, "Hoàn thành xuất sắc nhiệm vụ")
    assert value_at(excellent, "Đảng viên", axis="y") == s["members"]["excellent_pct"]
    assert "2019" in title
    trend = charts(at)[1]
    assert value_at(trace(trend, "Đảng viên"), 2019) == s["members"]["good_or_better_pct"]
    # the scheme break is drawn and explained
    assert any("2018" in a["text"] for a in trend["layout"]["annotations"])


def test_changing_the_year_changes_the_figures(app_env: Path, db: Database) -> None:
    at = open_app({"year": "2019"})
    assert metrics(at)["Đảng viên"] == "6.659"
    widget(at, "selectbox", UI["year"]).select(2017).run()
    assert metrics(at)["Đảng viên"] == fmt_int(summary(db, 2017)["members"]["total"]) != "6.659"
    assert at.query_params["year"] in (["2017"], "2017")


# Two kinds of bad year: not a number, and a number without data. Other malformed values
# (an injection, an empty value, full-width digits, a decimal) are parsed by the same function,
# tested case by case in tests/unit/test_viewstate.py.
@pytest.mark.parametrize("bad", ["abc", "1999"])
def test_a_bad_year_in_the_url_is_ignored_with_a_notice(
    app_env: Path, db: Database, bad: str
) -> None:
    at = open_app({"year": bad})
    assert not at.exception
    # the latest year of the committee instead: 2024, the district's last (since July 2025 its
    # base organizations belong to the four communes that replaced it)
    assert metrics(at)["Tổ chức cơ sở đảng"] == fmt_int(summary(db, 2024)["base_orgs"]["total"])
    assert any("không hợp lệ" in w.value for w in at.sidebar.warning)


def test_a_commune_opens_on_its_own_latest_year(app_env: Path, db: Database) -> None:
    # the scope's years, not the database's: a commune founded in July 2025 opens on 2026, the
    # district (the database's own committee) on 2024
    at = open_app({"scope": "XA_BADIEM"})
    assert not at.exception
    s = summary_of(db, 2026, "XA_BADIEM")
    assert metrics(at)["Tổ chức cơ sở đảng"] == fmt_int(s["base_orgs"]["total"]) == "48"
    assert at.sidebar.selectbox(key="f_year").value == 2026
    assert at.sidebar.selectbox(key="f_year").options == ["2026", "2025"]


def test_missing_database_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XEPLOAI_DB", str(tmp_path / "none.duckdb"))
    at = open_app()
    assert not at.exception
    assert any("make run" in e.value for e in at.error)


def test_overview_of_the_fixture_counted_by_hand(fixture_env: Path) -> None:
    at = open_app({"year": "2019"})
    assert not at.exception
    assert page_title(at) == f"{UI['page_overview']} — Đảng ủy xã An Bình (dữ liệu kiểm thử)"
    shown = metrics(at)
    # tests/fixtures/02_org_results.sql, 2019: DAB, CBT, CBY, CBC; members 65 + 16 + 12 + 8;
    # 3 of 4 organizations HTTNV, CBY HTNV; exempt 7 + 2 + 1 + 0
    assert shown["Tổ chức cơ sở đảng"] == "4"
    assert shown["Đảng viên"] == "101"
    assert shown["TCCSĐ hoàn thành tốt nhiệm vụ trở lên"] == "75,00%"
    assert shown["Đảng viên được miễn sinh hoạt"] == "10"
    assert not any("Dữ liệu minh họa" in i.value for i in at.info)  # not the demo
    # the trend: members good or better 67/74, 77/85, 80/88, 79/88
    trend = charts(at)[1]
    assert trace(trend, "Đảng viên")["y"] == [90.54, 90.59, 90.91, 89.77]


def test_scope_picker_names_every_committee_with_its_years(app_env: Path, db: Database) -> None:
    """The committee picker lists every committee that directed base organizations, in the
    catalogue's order, each named with the first and the last year it did; choosing one counts
    its organizations."""
    known = db.query("committees_by_code")
    assert len(known) > 1  # the demo's reorganization: the district's and the communes'
    at = open_app()
    picker = widget(at, "selectbox", UI["scope"])
    assert picker.options == [
        UI["scope_label"].format(name=r.scope_name, first=r.first_year, last=r.last_year)
        for r in known.itertuples()
    ]
    commune = known.iloc[-1]
    picker.set_value(str(commune.scope_code)).run()
    assert not at.exception
    assert widget(at, "selectbox", UI["scope"]).value == commune.scope_code
    assert at.query_params.get("scope") in (commune.scope_code, [commune.scope_code])


def test_the_committees_are_made_once_per_data_and_handed_out_as_they_are(
    writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the sidebar knows of the committees (6.099 nationally) is made once per data
    version and handed to every caller as it is, not a copy unpickled at each call; it cannot
    be changed by a caller; a write makes it again."""
    from ui.data import forget_shared
    from ui.selection import _facts
    from xeploai.store.database import writing

    monkeypatch.setenv("XEPLOAI_DB", str(writable_db_path))
    monkeypatch.setenv("XEPLOAI_AUTH", "off")
    forget_shared()
    first = _facts()
    assert _facts() is first and len(first.codes) > 1
    with pytest.raises(TypeError):
        first.labels[first.codes[0]] = "<a href='x'>"  # type: ignore[index]
    with writing(writable_db_path) as handle:  # a write moves the data version on
        handle.set_meta("data_version", str(int(handle.data_version()) + 1))
    after = _facts()
    assert after is not first and after == first  # made again: the same committees
    assert _facts() is after
    forget_shared()
    assert _facts() is not after

"""The analysis pages headless (AppTest): what each page shows for sampled years and filters,
the charts' data against ``year_summary``, the shared filters in the URL and from page to page.

Expected figures come from the demo database through the core (``year_summary``,
``targets_vs_actual``, the queries), computed in the test, or from the demo's contractual 2019.
Widgets are found by their visible labels (tests/pages/helpers.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.helpers import (
    APP,
    SignIn,
    chart,
    chart_title,
    charts,
    link,
    metrics,
    open_page,
    page_title,
    table,
    texts,
    titles,
    trace,
    value_at,
    widget,
)
from ui.selection import W_SUBJECT
from xeploai.access.users import AuthStore, auth_path
from xeploai.domain.numbers import pct, round2
from xeploai.domain.orgs import SECTORS
from xeploai.domain.selection import ALL, Filters, Selection
from xeploai.metrics import analysis as a
from xeploai.metrics.summary import targets_vs_actual, year_summary
from xeploai.metrics.yearly import load_yearly
from xeploai.screens import trends
from xeploai.store.database import Database
from xeploai.texts import ANALYSIS, SUBJECT_LABELS, UI, fmt_int, fmt_num, fmt_pct

PAGES = [
    "views/trends.py",
    "views/targets.py",
    "views/exemptions.py",
    "views/organization.py",
    "views/explorer.py",
]
TITLES = {
    "views/trends.py": ANALYSIS["page_trends"],
    "views/targets.py": ANALYSIS["page_targets"],
    "views/exemptions.py": ANALYSIS["page_exemptions"],
    "views/organization.py": ANALYSIS["page_organization"],
    "views/explorer.py": ANALYSIS["page_explorer"],
}
YEARS = range(2015, 2025)

# Every page once per kind of year rather than once per year (the pages draw every year with
# the same code): the first year (no year before it to compare with), the last year of the old
# scheme, the first of the 2018 scheme (the break), the latest (the 2023 scheme's).
SAMPLE_YEARS = [2015, 2017, 2018, 2024]


def summary(db: Database, year: int, filters: Filters = ALL) -> dict[str, Any]:
    s = year_summary(db, year, filters, with_findings=False)
    assert s is not None
    return cast(dict[str, Any], s)


# --- every page, sampled years: the figure the user reads, for one organization -------------

XBD = Filters(orgs=("XBD",))


def shows_trends(at: AppTest, db: Database, year: int) -> None:
    s = summary(db, year, XBD)
    # the levels of the tab shown (the first: the base organizations'); another subject's
    # chart is drawn only when its tab is chosen
    orgs = chart_title(at, f"Tổ chức cơ sở đảng năm {year}:")
    assert fmt_pct(s["base_orgs"]["good_or_better_pct"]) in orgs
    assert not [t for t in titles(at) if t.startswith(f"Đảng viên năm {year}:")]
    at.session_state[W_SUBJECT] = SUBJECT_LABELS["members"]  # the members' tab chosen
    at.run()
    assert not at.exception
    members = chart_title(at, f"Đảng viên năm {year}:")
    assert fmt_pct(s["members"]["good_or_better_pct"]) in members
    assert not [t for t in titles(at) if t.startswith(f"Tổ chức cơ sở đảng năm {year}:")]
    good = chart(at, "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên")
    assert value_at(trace(good, "Đảng viên"), year) == s["members"]["good_or_better_pct"]


def shows_targets(at: AppTest, db: Database, year: int) -> None:
    expected = targets_vs_actual(db, load_yearly(db, year, year, XBD), year, year)
    shown = table(at, "Năm", "Thực hiện (%)")
    shown = shown[shown["Năm"] == str(year)]
    assert sorted(shown["Thực hiện (%)"].astype(float)) == sorted(expected["actual"])
    assert ANALYSIS["filtered_note"] in texts(at)  # a filtered view does not claim the targets


def shows_exemptions(at: AppTest, db: Database, year: int) -> None:
    s = summary(db, year, XBD)
    shown = metrics(at)
    assert shown[f"Miễn sinh hoạt ({year})"] == fmt_int(s["members"]["exempt"])
    assert shown[f"Được đánh giá ({year})"] == fmt_int(s["members"]["evaluated"])


def shows_organization(at: AppTest, db: Database, year: int) -> None:
    s = summary(db, year, XBD)
    members = chart_title(at, f"Năm {year}:")
    assert fmt_pct(s["members"]["good_or_better_pct"]) in members
    assert widget(at, "selectbox", ANALYSIS["org_pick"]).value == "XBD"


def shows_explorer(at: AppTest, db: Database, year: int) -> None:
    s = summary(db, year, XBD)
    rows = table(at, "Năm", "Mã", "Tổng số đảng viên")
    assert list(zip(rows["Năm"], rows["Mã"], strict=True)) == [(str(year), "XBD")]
    assert rows["Tổng số đảng viên"].iloc[0] == s["members"]["total"]


SHOWS: dict[str, Callable[[AppTest, Database, int], None]] = {
    "views/trends.py": shows_trends,
    "views/targets.py": shows_targets,
    "views/exemptions.py": shows_exemptions,
    "views/organization.py": shows_organization,
    "views/explorer.py": shows_explorer,
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("year", SAMPLE_YEARS)
def test_every_page_in_each_kind_of_year(app_env: Path, db: Database, page: str, year: int) -> None:
    at = open_page(page, {"year": str(year), "from": str(year), "to": str(year), "org": "XBD"})
    assert not at.exception
    assert not at.sidebar.warning  # a good link gives no notice
    assert page_title(at) == TITLES[page]
    if page != "views/explorer.py":
        assert charts(at), "the page draws its charts"
    for title in titles(at):
        assert title.strip() and "Biểu đồ" not in title  # every chart's title states a finding
    SHOWS[page](at, db, year)


# --- links with filters -----------------------------------------------------------------------

# A link's filters, each opened on the explorer (whose table lists exactly the organization-years
# the filters select, checked against the query) and on one other page, so that each page meets
# a couple of them: the filters are read by the same shared code on every page, while what a
# page does with an odd selection (an organization that ended, or did not exist yet) is its own.
GRID: list[tuple[dict[str, str | list[str]], str]] = [
    ({}, "views/trends.py"),
    ({"sector": "commune"}, "views/targets.py"),
    ({"sector": ["education", "health"], "type": "base_cell"}, "views/exemptions.py"),
    ({"type": "base_committee", "from": "2016", "to": "2019", "year": "2017"}, "views/trends.py"),
    ({"org": ["XBD", "NHC"]}, "views/organization.py"),
    ({"org": "TTGDTX", "year": "2016"}, "views/exemptions.py"),  # ended in 2017
    ({"org": "PTHT", "year": "2019"}, "views/targets.py"),  # founded in 2021: nothing in 2019
    ({"from": "2018", "to": "2018", "year": "2015"}, "views/organization.py"),
]


def as_list(value: str | list[str] | None) -> list[str] | None:
    return None if value is None else [value] if isinstance(value, str) else value


@pytest.mark.parametrize(
    ("query", "other"), GRID, ids=[json.dumps(q, ensure_ascii=False) for q, _ in GRID]
)
def test_a_link_with_filters_opens_the_filtered_view(
    app_env: Path, db: Database, query: dict[str, Any], other: str
) -> None:
    sectors, types, orgs = (as_list(query.get(k)) for k in ("sector", "type", "org"))
    first, last = int(query.get("from", 2015)), int(query.get("to", 2024))
    expected = db.query(
        "results_by_org_year",
        scope=None,
        from_year=first,
        to_year=last,
        sectors=sectors,
        org_types=types,
        orgs=orgs,
    )
    at = open_page("views/explorer.py", query)
    assert not at.exception and not at.sidebar.warning
    # the sidebar shows the link's filters …
    assert widget(at, "multiselect", ANALYSIS["sector"]).value == (sectors or [])
    assert widget(at, "multiselect", ANALYSIS["org_type"]).value == (types or [])
    assert widget(at, "multiselect", ANALYSIS["orgs"]).value == (orgs or [])
    # … and the table lists the organization-years they select
    rows = table(at, "Năm", "Mã")
    assert sorted(zip(rows["Năm"], rows["Mã"], strict=True)) == sorted(
        zip(expected["year"].astype(str), expected["org_code"], strict=True)
    )

    at = open_page(other, query)
    assert not at.exception and not at.sidebar.warning
    assert page_title(at) == TITLES[other]
    if other == "views/organization.py":  # picks one organization: the link's first
        assert widget(at, "selectbox", ANALYSIS["org_pick"]).value == (orgs[0] if orgs else None)
    else:
        assert widget(at, "multiselect", ANALYSIS["sector"]).value == (sectors or [])
        assert widget(at, "multiselect", ANALYSIS["orgs"]).value == (orgs or [])


@pytest.mark.parametrize("page", [p for p in PAGES if p != "views/organization.py"])
def test_a_filter_that_matches_nothing_says_so(app_env: Path, page: str) -> None:
    # the police have a base committee, not a base cell
    at = open_page(page, {"sector": "police", "type": "base_cell"})
    assert not at.exception
    assert not charts(at)
    assert any("Không có tổ chức cơ sở đảng nào khớp bộ lọc" in i.value for i in at.info)


def test_a_links_codes_are_looked_up_in_any_case(app_env: Path) -> None:
    # a link typed by hand: the codes it names in lower case, as a comma list, one unknown;
    # the page looks the named codes up (not the whole catalogue) and keeps the known ones
    at = open_page("views/explorer.py", {"org": "xbd, nhc,NOPE"})
    assert not at.exception
    assert widget(at, "multiselect", ANALYSIS["orgs"]).value == ["XBD", "NHC"]
    notices = [w.value for w in at.sidebar.warning]
    assert len(notices) == 1 and "org=NOPE" in notices[0]


@pytest.mark.parametrize("page", PAGES)
def test_a_bad_link_is_ignored_with_a_notice(app_env: Path, page: str) -> None:
    at = open_page(page, {"year": "abc", "sector": ["commune", "space"], "colour": "red"})
    assert not at.exception
    notices = " ".join(w.value for w in at.sidebar.warning)
    assert "colour=red" in notices
    # a page that shows one year says its bad year; one of a range leaves "year" out quietly
    assert ("year=abc" in notices) == (page not in ("views/trends.py", "views/explorer.py"))
    if page not in ("views/organization.py",):
        assert "sector=space" in notices
    # the good part of the link still applies
    if page != "views/organization.py":
        assert widget(at, "multiselect", ANALYSIS["sector"]).value == ["commune"]


# --- what each page says, against the core -----------------------------------------------------


def test_trends_charts_show_the_summarys_figures(app_env: Path, db: Database) -> None:
    at = open_page("views/trends.py", {"subject": "members"})  # a link to the members' tab
    s = summary(db, 2019)
    members = chart(at, "Đảng viên: tỷ lệ hoàn thành tốt trở lên")
    evaluated = s["members"]["evaluated"]
    for code, n in s["members"]["levels"].items():
        t = next(
            t
            for t in members["data"]
            if t["customdata"]
            and t["name"].startswith(
                {
                    "HTXSNV": "Hoàn thành xuất sắc",
                    "HTTNV": "Hoàn thành tốt",
                    "HTNV": "Hoàn thành nhiệm vụ",
                    "KHTNV": "Không hoàn thành",
                }[code]
            )
        )
        i = t["x"].index(2019)
        assert t["y"][i] == pct(n, evaluated)
        assert t["customdata"][i] == fmt_int(n)
    good = chart(at, "Đảng viên hoàn thành tốt trở lên")
    assert value_at(trace(good, "Đảng viên"), 2019) == s["members"]["good_or_better_pct"]
    assert value_at(trace(good, "Tổ chức cơ sở đảng"), 2019) == s["base_orgs"]["good_or_better_pct"]
    # the break is marked and explained on the chart
    assert any("2018" in n["text"] for n in good["layout"]["annotations"])


def test_only_the_open_tabs_levels_are_made(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the tab shown draws its chart, and only its chart is made: the other subjects'
    levels are made when their tab is chosen (a third of the cost of the first chart each)."""
    made: list[str] = []
    original = trends.distribution

    def counted(db: Database, sel: Selection, subject: str) -> Any:
        made.append(subject)
        return original(db, sel, subject)

    monkeypatch.setattr(trends, "distribution", counted)
    at = open_page("views/trends.py")
    assert made == ["base_orgs"]
    at.session_state[W_SUBJECT] = SUBJECT_LABELS["members"]  # the members' tab chosen
    at.run()
    assert not at.exception
    assert made == ["base_orgs", "members"]
    assert open_page("views/trends.py", {"subject": "subordinate_cells"})
    assert made == ["base_orgs", "members", "subordinate_cells"]


def test_a_charts_data_is_drawn_when_its_section_is_opened(app_env: Path, db: Database) -> None:
    """Every chart offers its data as a table under it ("Số liệu của biểu đồ"); the tables are
    drawn only when their section is opened (a closed one costs the page nothing), and the
    table opened is the data of its chart."""
    at = open_page("views/trends.py")
    sections = [e for e in at.expander if e.label == UI["chart_data"]]
    assert len(sections) >= 5  # one under each chart
    closed = len(at.dataframe)
    good = chart(at, "Đảng viên hoàn thành tốt trở lên")
    at.session_state["data-good"] = True  # the user opens the one under that chart
    at.run()
    assert not at.exception
    assert len(at.dataframe) == closed + 1
    rows = table(at, "Năm", "Đảng viên (%)", "Tổ chức cơ sở đảng (%)")
    drawn = trace(good, "Đảng viên")
    assert list(rows["Năm"]) == [str(x) for x in drawn["x"]]
    assert list(rows["Đảng viên (%)"]) == list(drawn["y"])
    s = summary(db, 2019)
    row = rows[rows["Năm"] == "2019"].iloc[0]
    assert row["Tổ chức cơ sở đảng (%)"] == s["base_orgs"]["good_or_better_pct"]
    # it stays open while the page is changed (a shorter span chosen), and closes
    widget(at, "selectbox", ANALYSIS["from"]).select(2020).run()
    assert table(at, "Năm", "Đảng viên (%)")["Năm"].iloc[0] == "2020"
    assert len(at.dataframe) == closed + 1
    at.session_state["data-good"] = False
    at.run()
    assert len(at.dataframe) == closed


def test_trends_say_how_far_apart_the_sectors_are(app_env: Path, db: Database) -> None:
    by_sector = [load_yearly(db, 2015, 2024, Filters(sectors=(sector,))) for sector in SECTORS]

    def spread(year: int) -> float:
        # the best sector's members' good-or-better share minus the worst's that year
        shares = [
            share
            for figs in by_sector
            if (share := figs.measure(year, "members", "good_or_better_pct")) is not None
        ]
        return round2(max(shares) - min(shares))

    at = open_page("views/trends.py")
    fig = chart(at, "Đảng viên hoàn thành tốt trở lên theo khối:")
    first, last = spread(2015), spread(2024)
    assert first < last  # the demo's sectors drift apart
    assert (
        f"nới rộng từ {fmt_num(first)} điểm phần trăm (2015) lên {fmt_num(last)} "
        "điểm phần trăm (2024)" in chart_title(at, "Đảng viên hoàn thành tốt trở lên theo khối:")
    )
    health = summary(db, 2024, Filters(sectors=("health",)))
    assert value_at(trace(fig, "Y tế"), 2024) == health["members"]["good_or_better_pct"]


def test_trends_by_sector_for_one_sector_equals_the_filtered_summary(
    app_env: Path, db: Database
) -> None:
    at = open_page("views/trends.py", {"from": "2015", "to": "2019"})
    fig = chart(at, "Năm 2019, đảng viên hoàn thành tốt trở lên theo khối")
    bars = fig["data"][0]
    s = summary(db, 2019, Filters(sectors=("education",)))
    i = bars["customdata"].index("education")
    assert bars["x"][i] == s["members"]["good_or_better_pct"]


def test_targets_page_matches_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/targets.py", {"year": "2019"})
    s = summary(db, 2019)
    table_ = table(at, "Năm", "Thực hiện (%)")
    rows = table_[table_["Năm"] == "2019"]
    assert len(rows) == len(s["targets"])
    assert sorted(rows["Thực hiện (%)"].astype(float)) == sorted(t["actual"] for t in s["targets"])
    missed = [t for t in s["targets"] if t["met"] is False]
    assert f"đạt {len(s['targets']) - len(missed)}/{len(s['targets'])} chỉ tiêu" in texts(at)
    # the first target analysed is a missed member target: excellent members, 15%
    m = s["members"]
    needed = a.what_it_takes(m["levels"]["HTXSNV"], m["evaluated"], "at_least", 15.0)
    assert needed == 161  # 734 of 5.963 (12,31%); 15% needs 895: tests/queries/test_analysis.py
    shown = metrics(at)
    assert shown["Thực hiện"] == fmt_pct(m["excellent_pct"])
    assert shown["Cần thay đổi"] == fmt_int(needed)
    assert f"cần thêm {needed} đảng viên hoàn thành xuất sắc nhiệm vụ" in texts(at)
    fig = chart(at, "Năm 2019, đảng viên hoàn thành xuất sắc nhiệm vụ:")
    assert sum(fig["data"][0]["x"]) < 0  # the ranked organizations pull below the target


def test_choosing_another_target_reranks(app_env: Path, db: Database) -> None:
    at = open_page("views/targets.py", {"year": "2019"})
    box = widget(at, "selectbox", ANALYSIS["gap_pick"])
    clean = next(i for i in box.options if "trong sạch" in i)
    box.select(clean).run()
    assert not at.exception
    o = summary(db, 2019)["base_orgs"]
    # 3 of 43 clean and strong; 75% of 43 is 32,25, so 33: 30 more
    needed = a.what_it_takes(o["clean_strong"], o["rated"], "at_least", 75.0)
    assert (o["clean_strong"], o["rated"], needed) == (3, 43, 30)
    assert f"cần thêm {needed} tổ chức trong sạch, vững mạnh" in texts(at)


def test_the_gap_charts_data_keeps_its_first_rows_and_the_files_hold_them_all(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen keeps the first organizations of the ranking (a national year ranks 128.441:
    16 MB a visit to copy out of the cache); the table shows its first, says how many there
    are, and the files are the whole ranking, made when asked for (``targets.gap_table``)."""
    import streamlit as st

    import ui.render
    from xeploai.domain.selection import Selection
    from xeploai.screens import targets as screen

    columns = ("Tổ chức", "Số ở mức", "Số được tính", "Đóng góp (điểm phần trăm)")
    whole = open_page("views/targets.py", {"year": "2019"})
    whole.session_state["data-contrib"] = True
    whole.run()
    every = table(whole, *columns)
    assert len(every) > 5
    assert not whole.get("download_button")  # every row shown: no files
    year = Selection(year=2019, from_year=2019, to_year=2019)
    made = screen.gap_table(db, year, screen.build(db, year).default)  # the target analysed
    pd.testing.assert_frame_equal(made, every)

    st.cache_data.clear()  # the screens kept with every row
    monkeypatch.setattr(screen, "LISTED_ROWS", 5)  # the screen keeps the chart's 15 still
    monkeypatch.setattr(ui.render, "LISTED_ROWS", 3)  # what the table shows
    at = open_page("views/targets.py", {"year": "2019"})
    at.session_state["data-contrib"] = True
    at.run()
    assert not at.exception
    pd.testing.assert_frame_equal(table(at, *columns), every.head(3))
    notes = " ".join(i.value for i in at.info)
    assert f"Bảng hiển thị 3 dòng đầu tiên trong số {fmt_int(len(every))}" in notes
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Tải về CSV", "Tải về Excel"]
    assert all("so-lieu-bieu-do-contrib" in b.proto.id for b in buttons)
    # the chart and its title read the kept rows: the same as from every row
    assert chart(at, "Năm 2019, đảng viên hoàn thành xuất sắc nhiệm vụ:") == chart(
        whole, "Năm 2019, đảng viên hoàn thành xuất sắc nhiệm vụ:"
    )


def test_exemptions_page_matches_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/exemptions.py", {"year": "2019"})
    s = summary(db, 2019)
    values = metrics(at)
    assert values["Miễn sinh hoạt (2019)"] == "580"  # the demo's contract
    assert values["Tỷ lệ miễn (2019)"] == fmt_pct(s["members"]["exempt_pct_of_total"])
    assert values["Được đánh giá (2019)"] == fmt_int(s["members"]["evaluated"])
    trend = chart(at, "Đảng viên miễn sinh hoạt tăng")
    assert value_at(trend["data"][0], 2019) == 580
    effect = chart(at, "Năm 2019, nếu tính cả đảng viên miễn sinh hoạt")
    assert value_at(effect["data"][0], 2019) == s["members"]["good_or_better_pct"]
    # the organizations × years matrix, drawn when its section is opened
    assert [e.label for e in at.expander].count(ANALYSIS["exempt_by_org_year"]) == 1
    closed = len(at.dataframe)
    at.session_state["exempt-matrix"] = True
    at.run()
    counts = at.dataframe[closed].value  # the counts' tab first, then the shares'
    assert len(at.dataframe) == closed + 2
    assert counts["2019"].sum() == 580


def test_organization_page_matches_its_filtered_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/organization.py", {"org": "XBD", "year": "2019"})
    s = summary(db, 2019, XBD)
    fig = chart(at, "Năm 2019:")
    for t in fig["data"]:
        code = {
            "Hoàn thành xuất sắc nhiệm vụ": "HTXSNV",
            "Hoàn thành tốt nhiệm vụ": "HTTNV",
            "Hoàn thành nhiệm vụ": "HTNV",
            "Không hoàn thành nhiệm vụ": "KHTNV",
        }[t["name"]]
        assert value_at(t, 2019) == s["members"]["levels"][code]
    assert "Năm 2019: " in texts(at) and "chi bộ trực thuộc hoàn thành tốt trở lên" in texts(at)
    assert link(at)["org"] == ["XBD"]


def test_organization_page_lists_its_cells_levels_each_year(app_env: Path, db: Database) -> None:
    """A base committee's subordinate cells (straight under it or under a partial committee of
    it), each on its row by name, with the level stored for each year it was rated."""
    from xeploai.texts import LEVEL_SHORT

    at = open_page("views/organization.py", {"org": "XBD", "from": "2015", "to": "2024"})
    with db.reader() as cur:
        stored = cur.execute(
            """select r.year, c.org_code, c.org_name, r.org_level
               from cell_results as r
               join org_years as c on c.org_code = r.org_code and c.year = r.year
               left join org_years as p on p.org_code = c.parent_code and p.year = c.year
               where c.org_type = 'subordinate_cell' and r.year between 2015 and 2024
                   and r.org_level is not null
                   and (c.parent_code = 'XBD'
                        or (p.org_type = 'partial_committee' and p.parent_code = 'XBD'))"""
        ).fetchall()
    assert len({code for _, code, _, _ in stored}) > 1  # several cells: an order to keep
    years = sorted({year for year, *_ in stored})
    cells = table(at, ANALYSIS["cell"])
    assert list(cells.columns) == [ANALYSIS["cell"], *(str(y) for y in years)]
    by_cell: dict[tuple[str, str], dict[int, str]] = {(n, c): {} for _, c, n, _ in stored}
    for year, code, name, level in stored:
        by_cell[(name, code)][year] = LEVEL_SHORT[level]
    want = [
        [name, *(levels.get(y, "") for y in years)] for (name, _), levels in sorted(by_cell.items())
    ]
    assert cells.values.tolist() == want


def test_organization_page_without_an_organization_asks_for_one(app_env: Path) -> None:
    at = open_page("views/organization.py")
    assert not at.exception and not charts(at)
    assert any(ANALYSIS["org_pick_prompt"] in i.value for i in at.info)
    widget(at, "selectbox", ANALYSIS["org_pick"]).select("NHC").run()
    assert charts(at) and link(at)["org"] == ["NHC"]
    assert any("Chi bộ cơ sở không có chi bộ trực thuộc" in i.value for i in at.info)


def test_organization_page_tells_the_life_span_and_successor(app_env: Path) -> None:
    at = open_page("views/organization.py", {"org": "TTGDTX", "year": "2016"})
    caption = " ".join(c.value for c in at.caption)
    assert "Hoạt động đến năm 2017" in caption
    assert "Tổ chức kế thừa: Chi bộ Trung tâm GDNN – GDTX huyện" in caption


def test_organization_page_names_who_merged_into_it(app_env: Path) -> None:
    # GDNN was founded in 2018 from two centres merged into it, then moved to the city in 2025
    at = open_page("views/organization.py", {"org": "GDNN"})
    events = table(at, ANALYSIS["h_event"], ANALYSIS["h_related"])
    gdnn = "Chi bộ Trung tâm GDNN – GDTX huyện"
    assert list(events[ANALYSIS["h_org_name"]]) == [
        gdnn,
        "Chi bộ Trung tâm Dạy nghề huyện",
        "Chi bộ Trung tâm Giáo dục thường xuyên huyện",
        gdnn,
    ]
    assert list(events[ANALYSIS["h_related"]]) == ["", gdnn, gdnn, ""]


def test_a_year_without_the_organization_says_so(app_env: Path) -> None:
    at = open_page("views/organization.py", {"org": "PTHT", "year": "2019"})  # founded 2021
    assert not at.exception
    assert any(
        "không có kết quả năm 2019 (có số liệu các năm 2021–2024)" in i.value for i in at.info
    )


def test_organization_page_shows_its_findings(app_env: Path, db: Database) -> None:
    from xeploai.metrics.rules import check_year

    finding = next(f for y in YEARS for f in check_year(db, y) if f.org_code)
    at = open_page("views/organization.py", {"org": finding.org_code})
    assert finding.message in list(table(at, "Nội dung")["Nội dung"])


def test_explorer_totals_equal_the_summary(app_env: Path, db: Database) -> None:
    at = open_page("views/explorer.py", {"from": "2019", "to": "2019"})
    s = summary(db, 2019)
    assert len(at.dataframe[0].value) == s["base_orgs"]["total"]
    totals = at.dataframe[1].value.iloc[0]
    assert totals["Tổng số đảng viên"] == s["members"]["total"]
    assert totals["Được đánh giá"] == s["members"]["evaluated"]
    assert totals["HTT trở lên (%)"] == s["members"]["good_or_better_pct"]
    assert totals["Tỷ lệ miễn (%)"] == s["members"]["exempt_pct_of_total"]


def test_explorer_threshold_keeps_only_the_rows_below(app_env: Path) -> None:
    at = open_page("views/explorer.py")
    everything = len(at.dataframe[0].value)
    widget(at, "toggle", ANALYSIS["explorer_threshold"]).set_value(True).run()
    widget(at, "number_input", ANALYSIS["explorer_value"]).set_value(90.0).run()
    rows = at.dataframe[0].value
    assert 0 < len(rows) < everything
    assert (rows["HTT trở lên (%)"].astype(float) < 90.0).all()
    widget(at, "number_input", ANALYSIS["explorer_value"]).set_value(0.0).run()
    assert any("Không có dòng nào" in i.value for i in at.info)  # nobody is below 0%
    assert not at.get("download_button")


def test_explorer_offers_csv_and_excel(app_env: Path) -> None:
    at = open_page("views/explorer.py", {"org": "XBD"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [ANALYSIS["download_csv"], ANALYSIS["download_xlsx"]]
    # a press does not run the page again (which could drop the file's id: ui.render.download)
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))


def test_changing_a_filter_updates_the_link(app_env: Path) -> None:
    at = open_page("views/trends.py")
    # the page's years always (a link must not drift to next year's data), nothing else yet
    # the district's years: it gave way to the communes in July 2025
    assert link(at) == {"from": ["2015"], "to": ["2024"]}
    widget(at, "multiselect", ANALYSIS["sector"]).select("education").run()
    widget(at, "selectbox", ANALYSIS["from"]).select(2018).run()
    assert link(at)["sector"] == ["education"] and link(at)["from"] == ["2018"]
    assert titles(at)[0].startswith("Tổ chức cơ sở đảng: tỷ lệ hoàn thành tốt trở lên")
    assert "(2018)" in titles(at)[0]


def test_filters_persist_from_page_to_page(app_env: Path) -> None:
    at = open_page("views/trends.py", {"sector": "education", "from": "2017"})
    at.switch_page("views/overview.py").run()  # a page without these filters …
    assert "sector" not in link(at) and "from" not in link(at)  # … leaves them out of its link
    assert not any("Đang lọc" in m.value for m in at.markdown)  # and does not say it filters
    at.switch_page("views/explorer.py").run()
    assert not at.exception
    assert widget(at, "multiselect", ANALYSIS["sector"]).value == ["education"]
    assert link(at)["sector"] == ["education"]
    rows = at.dataframe[0].value
    assert set(rows["Khối"]) == {"Giáo dục"} and set(rows["Năm"]) >= {"2017", "2024"}
    assert "2016" not in set(rows["Năm"])


@pytest.fixture(scope="module")
def empty_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    Database(path, read_only=False).close()  # the schema, no year of results
    return path


@pytest.mark.parametrize("page", PAGES)
def test_a_database_without_results_says_so(
    empty_db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    monkeypatch.setenv("XEPLOAI_DB", str(empty_db_path))
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
    secured_db_path: Path, sign_in_app: SignIn
) -> None:
    # bithu.xbd may see Bà Điểm (XBD) only
    sign_in_app(AuthStore(auth_path(secured_db_path)), "bithu.xbd", "mat-khau-xbd")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["org"] = "XTC"  # another commune's committee, asked for by a link
    # Bà Điểm's committee stood until July 2025: its last year
    at.query_params["year"] = at.query_params["to"] = "2024"
    at.run()

    at.switch_page("views/explorer.py").run()
    assert not at.exception
    assert set(at.dataframe[0].value["Mã"]) == {"XBD"}
    assert widget(at, "multiselect", ANALYSIS["orgs"]).options == ["Đảng bộ xã Bà Điểm"]
    at.query_params["org"] = "XTC"  # the explorer's link asks for it (the overview has no org)
    at.run()
    assert set(at.dataframe[0].value["Mã"]) == {"XBD"}
    assert any("org=XTC" in w.value for w in at.sidebar.warning)
    at.switch_page("views/trends.py").run()
    by_sector = chart(at, "Năm 2024, đảng viên hoàn thành tốt trở lên ở")
    assert by_sector["data"][0]["customdata"] == ["commune"]
    at.switch_page("views/exemptions.py").run()
    assert chart(at, "Năm 2024:")["data"][0]["customdata"] == ["XBD"]
    at.switch_page("views/targets.py").run()
    assert chart(at, "Năm 2024,")["data"][0]["customdata"] == ["XBD"]
    at.switch_page("views/organization.py").run()
    assert widget(at, "selectbox", ANALYSIS["org_pick"]).options == ["Đảng bộ xã Bà Điểm"]


def test_a_large_table_is_cut_and_left_to_the_browser_to_format(
    app_env: Path, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    import ui.render
    from xeploai.screens import explorer

    monkeypatch.setattr(ui.render, "STYLED_ROWS", 10)
    monkeypatch.setattr(explorer, "EXPLORER_SHOWN_ROWS", 400)
    st.cache_data.clear()  # a screen built before the patch must not answer
    every = len(a.org_results(db, 2015, 2024, ALL))  # every organization-year of the demo
    assert every > 400
    at = open_page("views/explorer.py")
    assert not at.exception
    shown = at.dataframe[0]
    assert len(shown.value) == 400  # the first 400 …
    assert any(
        "400 dòng đầu tiên" in i.value and f"{fmt_int(every)} dòng" in i.value for i in at.info
    )
    assert (
        at.dataframe[1].value.iloc[0]["Tổng số đảng viên"] > shown.value["Tổng số đảng viên"].sum()
    )  # … while the totals count all of them
    assert "localized" in shown.proto.columns  # the column config, as JSON


@pytest.mark.parametrize("page", [*PAGES, "views/overview.py"])
def test_a_page_file_run_without_the_app_shows_nothing(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    # Defence in depth: a page file drawn without app.py (hence without login) must refuse.
    monkeypatch.setenv("XEPLOAI_DB", str(demo_db_path))
    monkeypatch.delenv("XEPLOAI_AUTH", raising=False)
    at = AppTest.from_file(str(Path(APP).parent / page), default_timeout=60).run()
    assert not at.exception
    assert not charts(at) and not at.dataframe and not at.metric
    assert at.error  # the page says it is closed


def test_organization_history_shows_the_score_from_2025(app_env: Path) -> None:
    # a school cell of the old Xuân Thới Thượng, a base cell of xã Bà Điểm from July 2025,
    # scored 67,5 for 2025 (rated HTTNV: the planted score_band case) and 84,5 for 2026
    at = open_page("views/organization.py", {"scope": "XA_BADIEM", "org": "XXTT-TR6"})
    assert not at.exception
    history = next(d.value for d in at.dataframe if "Cấp trên trực tiếp" in d.value.columns)
    scores = dict(zip(history["Năm"], history["Điểm (Quy định 366)"], strict=True))
    assert (scores["2024"], scores["2025"], scores["2026"]) == ("", "67,5", "84,5")


# --- issue 13: links that carry the whole view ---------------------------------------------------


def test_tra_cuu_keeps_its_levels_and_threshold_in_the_link(app_env: Path, db: Database) -> None:
    at = open_page("views/explorer.py", {"from": "2019", "to": "2019"})
    all_rows = len(table(at, "Năm", "Mã")["Mã"])
    widget(at, "multiselect", ANALYSIS["explorer_levels"]).select("HTTNV").run()
    widget(at, "toggle", ANALYSIS["explorer_threshold"]).set_value(True).run()
    widget(at, "selectbox", ANALYSIS["explorer_measure"]).select("exempt_pct").run()
    widget(at, "selectbox", ANALYSIS["explorer_op"]).select("at_least").run()
    widget(at, "number_input", ANALYSIS["explorer_value"]).set_value(10.0).run()
    shared = link(at)
    assert shared["level"] == ["HTTNV"] and shared["threshold"] == ["exempt_pct:at_least:10"]
    rows = table(at, "Năm", "Mã")["Mã"]
    assert 0 < len(rows) < all_rows
    # what the sender sees under the title …
    chips = [b.label for b in at.button if b.key and b.key.startswith("chip-")]
    assert "Hoàn thành tốt nhiệm vụ" in chips
    assert any(c.endswith("≥ 10%") for c in chips)
    # … the colleague who opens the link sees too: the same rows, the same conditions
    again = open_page("views/explorer.py", shared)
    assert not again.sidebar.warning
    assert list(table(again, "Năm", "Mã")["Mã"]) == list(rows)
    assert widget(again, "toggle", ANALYSIS["explorer_threshold"]).value is True
    assert widget(again, "number_input", ANALYSIS["explorer_value"]).value == 10.0


def test_an_active_filter_is_said_under_the_title_and_removed_by_its_cross(app_env: Path) -> None:
    at = open_page("views/exemptions.py", {"year": "2019", "sector": ["education", "commune"]})
    said = [m.value for m in at.markdown if "Đang lọc" in m.value]
    assert said == [f"**{ANALYSIS['filtering']}**"]
    chips = {b.label: b for b in at.button if b.key and b.key.startswith("chip-")}
    assert {"Giáo dục", ANALYSIS["clear_all"]} <= set(chips)
    chips["Giáo dục"].click().run()
    assert link(at)["sector"] == ["commune"]
    assert widget(at, "multiselect", ANALYSIS["sector"]).value == ["commune"]
    at = open_page("views/exemptions.py", {"year": "2019"})
    assert not [m for m in at.markdown if "Đang lọc" in m.value]  # nothing filtered, nothing said


@pytest.mark.parametrize("page", PAGES)
def test_every_page_offers_to_copy_its_link(app_env: Path, page: str) -> None:
    at = open_page(page, {"year": "2019"})
    buttons = [
        e for e in at.sidebar.children.values() if getattr(e, "type", "") == "bidi_component"
    ]
    assert buttons, "no copy button"
    assert "Sao chép liên kết" in buttons[0].proto.html_content


def test_the_explorer_says_what_a_total_of_several_years_sums(app_env: Path) -> None:
    at = open_page("views/explorer.py", {"from": "2015", "to": "2024"})
    notes = " ".join(c.value for c in at.caption) + " ".join(i.value for i in at.info)
    assert "Cộng 10 năm (2015–2024)" in notes
    assert "không phải số người" in notes


def test_group_rankings_show_sizes_and_do_not_lead_with_a_tiny_group(
    app_env: Path, db: Database
) -> None:
    at = open_page("views/trends.py", {"from": "2015", "to": "2024"})
    title = chart_title(at, "Năm 2024, đảng viên hoàn thành tốt trở lên theo khối:")
    fig = chart(at, "Năm 2024, đảng viên hoàn thành tốt trở lên theo khối:")
    bars = fig["data"][0]
    by = a.by_group(a.group_counts(db, 2024, 2024, ALL), "sector")
    small = by[by["members_evaluated"] < a.MIN_COMPARED_MEMBERS]
    # every bar names its group's size
    assert all("TCCS" in name and "đv" in name for name in bars["y"])
    for row in by.itertuples():
        shown = next(
            n for n, c in zip(bars["y"], bars["customdata"], strict=True) if c == row.group
        )
        assert f"({fmt_int(row.orgs)} TCCS, {fmt_int(row.members_evaluated)} đv" in shown
    # the small groups come last (the bottom of the chart: first in plotly's order) and the
    # title's best and worst are groups large enough to compare
    assert set(bars["customdata"][: len(small)]) == set(small["group"])
    big = by[by["members_evaluated"] >= a.MIN_COMPARED_MEMBERS].sort_values(
        "members_good_pct", ascending=False
    )
    assert fmt_pct(float(big.iloc[0]["members_good_pct"])) in title
    assert not small.empty  # the demo has such a group ("Khác"): the case is really met
    assert all(
        f"({fmt_pct(float(v))})" not in title
        for v in small["members_good_pct"]
        if v not in set(big["members_good_pct"])
    )


def test_a_table_of_text_alone_needs_no_styler(app_env: Path) -> None:
    """The Styler writes numbers the Vietnamese way and a missing value as "no data"; a table
    of text with every cell written, and small integers, is sent without it (a second saved on
    a national list; 0,15–0,25 s on each of Khắc phục's lists of 1.000 items)."""
    import pandas as pd

    from ui.render import _formatted

    at = open_page(
        "views/appraisal.py", {"scope": "TPHCM", "year": "2026", "from": "2023", "to": "2026"}
    )
    assert not at.exception
    by_first = {d.value.columns[0]: d for d in at.dataframe}
    changes, members = by_first["Tổ chức"], by_first["Lý do"]
    assert not _formatted(changes.value) and len(changes.value) > 0
    assert _formatted(members.value)
    assert _formatted(pd.DataFrame({"Tổ chức": ["A", None]}))  # "—" for the missing name
    # an integer below 1.000 reads the same in any locale (an item's number, days late); a
    # thousand needs the separator, a share its decimal comma, a missing number "no data"
    assert not _formatted(pd.DataFrame({"Tổ chức": ["A", "B"], "Mục": [1, 999]}))
    assert not _formatted(pd.DataFrame({"Quá hạn (ngày)": [-999, 0]}))
    assert _formatted(pd.DataFrame({"Đảng viên": [1, 6659]}))
    assert _formatted(pd.DataFrame({"Đảng viên": [-1000, 5]}))
    assert _formatted(pd.DataFrame({"Tỷ lệ (%)": [87.5, 90.0]}))
    assert _formatted(pd.DataFrame({"Đảng viên": pd.array([1, None], dtype="Int64")}))

"""The evaluation as it is worked (issue 12) on the fixture, counted by hand from
tests/fixtures/05_workflow.sql; the QĐ 366 rule (2025 →) on the demo's planted case."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from xeploai.domain.numbers import pct_series, rounding
from xeploai.domain.selection import Filters
from xeploai.metrics.remediation import (
    item_states,
    load_items,
    load_reports,
    load_states,
    reporting,
    status,
)
from xeploai.metrics.rules import check_year
from xeploai.metrics.summary import year_summary
from xeploai.metrics.workflow import (
    _appraisal_counts,
    appraisal_by_sector,
    appraisal_by_year,
    appraisal_by_year_sector,
    generous_sector,
    load_appraisal_changes,
    load_appraisal_counts,
    load_status_counts,
    load_statuses,
    load_steps,
    missing_steps,
)
from xeploai.screens.appraisal import sector_years_table
from xeploai.store import tree
from xeploai.store.database import Database
from xeploai.texts import sector_label

# --- the three steps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (1, 2, "down"),  # self-assessed excellent, appraised good: appraisal moved it down
        (2, 1, "up"),
        (2, 2, "same"),
        (None, 2, None),  # a step not recorded: no move to speak of
        (3, None, None),
    ],
)
def test_how_a_later_step_moved_the_level(
    fixture_db_path: Path, before: int | None, after: int | None, expected: str | None
) -> None:
    with duckdb.connect(str(fixture_db_path), read_only=True) as conn:
        [(move,)] = conn.execute(
            "select level_change($before::integer, $after::integer)",
            {"before": before, "after": after},
        ).fetchall()
    assert move == expected


def test_appraisal_moves_counted_by_hand(fixture_db: Database) -> None:
    counts = load_appraisal_counts(fixture_db, 2018, 2019)
    # 2019: DAB and CBY down, CBC up (and decided below the proposal), CBT the same;
    # 2018: DAB has only the decision's number: not compared
    by_year = appraisal_by_year(counts)
    assert by_year[["year", "compared", "down", "up", "decision_differs"]].values.tolist() == [
        [2019, 4, 2, 1, 1]
    ]
    assert by_year["down_pct"].tolist() == [50.0]
    changed = load_appraisal_changes(fixture_db, 2019)
    assert sorted(
        zip(changed["org_code"], changed["appraisal"], changed["decision"], strict=True)
    ) == [("CBC", "up", "down"), ("CBY", "down", "same"), ("DAB", "down", "same")]
    # 2018: four organizations rated, none with both steps recorded
    assert missing_steps(counts, 2018) == 4 and missing_steps(counts, 2019) == 0


_COUNTED = ["rated", "compared", "down", "up", "decision_differs", "missing_steps"]


def _counted_by_hand(rows: pd.DataFrame) -> list[dict[str, object]]:
    moved = rows["appraisal"].notna()
    out = (
        rows.assign(
            rated=rows["org_level"].notna(),
            compared=moved,
            down=rows["appraisal"] == "down",
            up=rows["appraisal"] == "up",
            decision_differs=moved & rows["decision"].isin(["down", "up"]),
            missing_steps=rows["org_level"].notna()
            & (rows["self_level"].isna() | rows["appraised_level"].isna()),
        )
        .groupby(["year", "sector"], as_index=False)[_COUNTED]
        .sum()
        .astype({c: "int64" for c in ["year", *_COUNTED]})
    )
    return list(out.to_dict("records"))


def _changed_by_hand(rows: pd.DataFrame, year: int) -> list[str]:
    changed = rows[
        (rows["year"] == year)
        & (rows["appraisal"].isin(["down", "up"]) | rows["decision"].isin(["down", "up"]))
    ]
    ordered = changed.sort_values(
        ["appraisal", "sector", "org_name", "org_code"], na_position="last", kind="stable"
    )
    return [str(c) for c in ordered["org_code"].tolist()]


@pytest.fixture(scope="module")
def edge_db(fixture_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The fixture with two steps of 2018 half recorded: CBT's appraisal (HTXSNV, which the
    decision, HTTNV, moved down) without its own assessment, CBY's assessment alone."""
    path = tmp_path_factory.mktemp("edge") / "edge.duckdb"
    shutil.copy(fixture_db_path, path)
    conn = duckdb.connect(str(path))
    conn.execute(
        "insert into org_steps (year, org_code, self_level, appraised_level) values "
        "(2018, 'CBT', null, 'HTXSNV'), (2018, 'CBY', 'HTXSNV', null)"
    )
    conn.close()
    with Database(path, read_only=True) as db:
        yield db


@pytest.mark.parametrize(
    ("which", "first", "last", "filters"),
    [
        ("edge", 2016, 2019, Filters()),
        ("fixture", 2016, 2019, Filters()),
        ("fixture", 2016, 2019, Filters(sectors=("health", "commune"))),
        ("fixture", 2016, 2019, Filters(orgs=("CBC",))),
        ("demo", 2023, 2026, Filters()),
        ("demo", 2023, 2026, Filters(scope="XA_BADIEM")),
        ("demo", 2023, 2026, Filters(sectors=("education",), scope="XA_BADIEM")),
    ],
)
def test_the_counts_and_the_changes_are_the_rows_counted(
    request: pytest.FixtureRequest, which: str, first: int, last: int, filters: Filters
) -> None:
    """The appraisal page reads the counts and the list of changes; the organization's page
    and these lines read the rows: the same moves, whatever the scope and the filters."""
    db: Database = request.getfixturevalue({"demo": "db"}.get(which, f"{which}_db"))
    rows = load_steps(db, first, last, filters)
    counts = load_appraisal_counts(db, first, last, filters)
    assert counts["compared"].sum() > 0  # something to compare
    assert list(
        counts.astype({c: "int64" for c in ["year", *_COUNTED]}).to_dict("records")
    ) == _counted_by_hand(rows)
    for year in range(first, last + 1):
        changed = load_appraisal_changes(db, year, filters)
        assert changed["org_code"].tolist() == _changed_by_hand(rows, year)
        assert changed.columns.tolist() == rows.columns.tolist()


def test_the_sector_finding_needs_enough_organizations(fixture_db: Database) -> None:
    by_sector = appraisal_by_sector(load_appraisal_counts(fixture_db, 2019, 2019), 2019)
    # one organization per sector: commune 1/1 and health 1/1 moved down, 100% each
    assert dict(zip(by_sector["sector"], by_sector["down_pct"], strict=True)) == {
        "commune": 100.0,
        "health": 100.0,
        "education": 0.0,
        "police": 0.0,
    }
    # a sector of one is no finding, however high its share
    assert generous_sector(by_sector, 50.0) is None


@pytest.mark.parametrize("sectors", [None, ("education",)])
def test_the_sectors_table_has_each_year_s_sectors_as_the_year_alone_gives_them(
    db: Database, sectors: tuple[str, ...] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The appraisal page's table of the share moved down per sector and year, made from one
    grouping of every year, is the table made a year at a time (``appraisal_by_sector`` of each
    year, the sectors of too few organizations left blank: here one more than the fewest a
    sector had, so that the edge is in the data)."""
    counts = load_appraisal_counts(db, 2015, 2026, Filters(sectors=sectors))
    compared = sorted(set(counts.loc[counts["compared"] > 0, "compared"].tolist()))
    # the sector compared least is left out, by one organization (one sector alone: kept)
    fewest = compared[0] + 1 if sectors is None else compared[0]
    monkeypatch.setattr("xeploai.screens.appraisal.APPRAISAL_MIN_ORGS", fewest)
    columns = {}
    for year in sorted(set(counts["year"].tolist())):
        part = appraisal_by_sector(counts, year)
        part = part[part["compared"] >= fewest]
        if not part.empty:
            columns[str(year)] = part.set_index("sector")["down_pct"]
    assert len(columns) >= 2  # years enough to tell an order of years from another
    wide = pd.DataFrame(columns)
    wide.index = [sector_label(str(s), 2026) for s in wide.index]
    want = (
        wide.rename_axis("Khối")
        .reset_index()
        .sort_values(wide.columns[-1], ascending=False)
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(sector_years_table(counts, 2026), want)
    every = appraisal_by_year_sector(counts)
    for year in columns:
        one = every[every["year"] == int(year)].drop(columns="year").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, appraisal_by_sector(counts, int(year)))


def test_steps_follow_the_filters(fixture_db: Database) -> None:
    steps = load_steps(fixture_db, 2019, 2019, Filters(sectors=("health",)))
    assert steps["org_code"].tolist() == ["CBY"]
    assert (steps["self_rank"].tolist(), steps["appraised_rank"].tolist()) == ([2], [3])
    assert (steps["appraisal"].tolist(), steps["decision"].tolist()) == (["down"], ["same"])


# --- the unrated --------------------------------------------------------------------------------


def test_a_recorded_status_is_the_reason(fixture_db: Database) -> None:
    s = year_summary(fixture_db, 2017)
    assert s is not None
    # CBC, founded 2017, not rated: the status recorded says why (its founding year alone would
    # not: 1 January is more than 6 months before 31 December)
    assert s["base_orgs"]["unrated"]["founded_recently"] == 1
    assert s["base_orgs"]["unrated"]["not_stated"] == 0
    statuses = load_statuses(fixture_db, 2017, 2017)
    assert statuses[["org_code", "reason", "reference"]].values.tolist() == [
        ["CBC", "founded_recently", "Quyết định thành lập số 12-QĐ/ĐU"]
    ]


@pytest.mark.parametrize(
    ("which", "first", "last", "filters"),
    [
        ("fixture", 2016, 2019, Filters()),
        ("demo", 2015, 2026, Filters()),
        ("demo", 2024, 2026, Filters(scope="XA_BADIEM")),
        ("demo", 2015, 2026, Filters(sectors=("commune", "education"))),
    ],
)
def test_the_status_counts_are_the_rows_counted(
    request: pytest.FixtureRequest, which: str, first: int, last: int, filters: Filters
) -> None:
    """The year's summary reads the counts; the appraisal page's list the rows."""
    db: Database = request.getfixturevalue({"demo": "db"}.get(which, f"{which}_db"))
    rows = load_statuses(db, first, last, filters)
    counts = load_status_counts(db, first, last, filters)
    assert len(rows) > 0
    by_hand = (
        rows.assign(orgs=1, reason=rows["reason"].astype(object).where(rows["reason"].notna()))
        .groupby(["year", "standing", "reason"], as_index=False, dropna=False)[
            ["orgs", "members_paused", "members_absent"]
        ]
        .sum()
    )

    def keyed(frame: pd.DataFrame) -> set[tuple[object, ...]]:
        return {
            (int(y), bool(st), r if isinstance(r, str) else None, int(o), int(p), int(a))
            for y, st, r, o, p, a in frame[
                ["year", "standing", "reason", "orgs", "members_paused", "members_absent"]
            ].itertuples(index=False)
        }

    assert keyed(counts) == keyed(by_hand)
    assert counts["orgs"].sum() == len(rows)


def test_members_not_yet_evaluated_by_reason(fixture_db: Database) -> None:
    # 2019: pending DAB 1 (absent), CBT 0, CBY 0, CBC 0; 2016: DAB 1 (paused)
    for year, expected in (
        (2019, {"paused": 0, "absent": 1, "not_stated": 0}),
        (2016, {"paused": 1, "absent": 0, "not_stated": 0}),
        (2018, {"paused": 0, "absent": 0, "not_stated": 0}),
    ):
        s = year_summary(fixture_db, year)
        assert s is not None and s["members"]["pending_reasons"] == expected, year


def test_without_a_status_the_founding_day_or_nothing(
    fixture_db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "days.duckdb"
    shutil.copy(fixture_db_path, path)
    conn = duckdb.connect(str(path))
    conn.execute("delete from org_statuses")
    tree.rebuild(conn)  # as every write does: the stored counts of the statuses follow
    conn.close()
    with Database(path) as db:
        s = year_summary(db, 2017)
        assert s is not None
        # CBC founded "in 2017" (1 January): more than 6 months — no reason stated
        assert s["base_orgs"]["unrated"]["not_stated"] == 1
    conn = duckdb.connect(str(path))
    conn.execute("update organizations set founded = date '2017-09-01' where org_code = 'CBC'")
    tree.rebuild(conn)  # as every write does: the derived life spans follow
    conn.close()
    with Database(path) as db:
        s = year_summary(db, 2017)
        assert s is not None and s["base_orgs"]["unrated"]["founded_recently"] == 1


# --- remediation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "overdue", "due", "expected", "reported", "late"),
    [
        # 5 October 2020: Q3 ended, its report due 10 October and not in; item 2 due 31 December
        (dt.date(2020, 10, 5), 0, 1, 1, 0, 0),
        # 20 July 2020: Q2's report came in on 15 July, after its due day (10 July); item 1 was due
        # 30 June and remedied; item 2 not due this quarter
        (dt.date(2020, 7, 20), 0, 0, 1, 1, 1),
        # 5 January 2021: item 2 is overdue (due 31 December, in progress)
        (dt.date(2021, 1, 5), 1, 0, 1, 0, 0),
    ],
)
def test_remediation_on_a_day(
    fixture_db: Database,
    day: dt.date,
    overdue: int,
    due: int,
    expected: int,
    reported: int,
    late: int,
) -> None:
    items = load_items(fixture_db, None)
    states = item_states(items, day)
    # the latest report of each item: item 1 remedied (Q2), item 2 in progress (Q2)
    assert states[["item_no", "state"]].values.tolist() == [[1, "done"], [2, "in_progress"]]
    s = status(states, reporting(fixture_db, None, None, day), day)
    assert (s.overdue_items, s.due_items, s.expected, s.reported, s.late) == (
        overdue,
        due,
        expected,
        reported,
        late,
    )


def test_an_items_state_on_a_day_follows_its_definition() -> None:
    """Each item against the module's definition written out per item: overdue when the
    deadline has passed and it is not remedied; due this quarter when the deadline falls in the
    current quarter, today or later, and it is open; the days late counted from the deadline.
    Days on every edge: no deadline, the deadline today, earlier in the quarter, the quarter's
    last day, the next quarter, remedied."""
    from xeploai.domain.workflow import Quarter

    day = dt.date(2026, 11, 20)
    deadlines = [
        None,
        dt.date(2026, 11, 20),  # today: due, not yet overdue
        dt.date(2026, 10, 1),  # earlier this quarter: overdue, not due
        dt.date(2026, 12, 31),  # the quarter's last day
        dt.date(2027, 1, 1),  # the next quarter
        dt.date(2025, 6, 30),
        dt.date(2026, 11, 19),
    ]
    statuses = [None, "in_progress", None, "not_started", None, "done", "done"]
    items = pd.DataFrame(
        {
            "item_no": range(1, 15),
            "deadline": pd.to_datetime(pd.Series(deadlines * 2)),
            "last_status": pd.Series(statuses + list(reversed(statuses)), dtype="str"),
        }
    )
    states = item_states(items, day)
    current = Quarter.of(day)
    for row, d in zip(states.itertuples(), deadlines * 2, strict=True):
        done = row.last_status == "done"
        assert row.state == (row.last_status if isinstance(row.last_status, str) else "not_started")
        assert row.done == done
        assert row.overdue == (d is not None and d < day and not done)
        assert row.due_now == (d is not None and current.contains(d) and d >= day and not done)
        assert row.days_late == ((day - d).days if d is not None and row.overdue else 0)
    assert states["overdue"].sum() == 4 and states["due_now"].sum() == 3  # counted by hand


def test_a_report_is_late_after_its_due_day_only(fixture_db_path: Path, tmp_path: Path) -> None:
    """Four plans of 2019; their reports on the third quarter of 2020 came in on the due day
    (on time), the day after (late), without a day (not late: its item remedied the quarter
    before, so it was not expected to report, and did), or not at all."""
    from xeploai.domain.workflow import Quarter

    path = tmp_path / "late.duckdb"
    shutil.copy(fixture_db_path, path)
    con = duckdb.connect(str(path))
    orgs = [
        code
        for (code,) in con.execute(
            "select org_code from scope_orgs where year = 2019"
            " and scope_code = (select value from meta where key = 'superior_code')"
            " order by org_code"
        ).fetchall()
    ]
    assert len(orgs) == 4
    orgs.sort(key=lambda code: code == "CBY")  # the fixture's own plan, open, last
    due = Quarter(2020, 3).due
    for org, came in zip(orgs, [due, due + dt.timedelta(days=1), None, "none"], strict=True):
        con.execute(
            "insert into remediation_items values (2019, ?, 9, 'Chậm sinh hoạt', null, null)",
            [org],
        )
        if came != "none":
            con.execute(
                "insert into remediation_reports values"
                " (2019, ?, 9, 2020, 3, 'in_progress', null, null, ?)",
                [org, came],
            )
    con.execute(
        "insert into remediation_reports values (2019, ?, 9, 2020, 2, 'done', null, null, ?)",
        [orgs[2], dt.date(2020, 7, 1)],
    )
    # and a second item of the late one, reported on the due day: its rows came in by the last
    con.execute(
        "insert into remediation_items values (2019, ?, 10, 'Chậm nộp đảng phí', null, null)",
        [orgs[1]],
    )
    con.execute(
        "insert into remediation_reports values"
        " (2019, ?, 10, 2020, 3, 'in_progress', null, null, ?)",
        [orgs[1], due],
    )
    con.close()
    with Database(path) as db:
        out = reporting(db, None, tuple(orgs), dt.date(2020, 11, 2)).set_index("org_code")
    a, b, c, d = orgs
    assert out["expected"].to_dict() == {a: True, b: True, c: False, d: True}
    assert out["reported"].to_dict() == {a: True, b: True, c: True, d: False}
    assert out["late"].to_dict() == {a: False, b: True, c: False, d: False}
    assert pd.Timestamp(out.loc[b, "reported_on"]).date() == due + dt.timedelta(days=1)
    assert out.index.tolist()[0] == d  # who has not reported, first


def _reporting_in_pandas(items: pd.DataFrame, reports: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Who was to report and who did, as the page counted it in pandas until the fifteenth
    stop (over every item and report of the committee): the rule written out apart from
    ``remediation_reporting_by_org``."""
    from xeploai.domain.workflow import DONE, last_ended_quarter

    quarter = last_ended_quarter(day)
    keys = ["plan_year", "org_code", "item_no"]
    if items.empty:
        return pd.DataFrame(columns=["org_code", "expected", "reported", "reported_on"])
    key = reports["report_year"] * 10 + reports["report_quarter"]
    before = reports[key < quarter.year * 10 + quarter.quarter]
    last = before.sort_values(["report_year", "report_quarter"]).groupby(keys).tail(1)
    merged = items[keys].merge(last[[*keys, "item_status"]], on=keys, how="left")
    merged = merged[merged["plan_year"] < quarter.year]
    expected = set(merged.loc[merged["item_status"] != DONE, "org_code"])
    this = reports[
        (reports["report_year"] == quarter.year) & (reports["report_quarter"] == quarter.quarter)
    ]
    came = this.groupby("org_code")["reported_on"].max()
    codes = sorted(expected | set(came.index))
    return pd.DataFrame(
        {
            "org_code": codes,
            "expected": [c in expected for c in codes],
            "reported": [c in came.index for c in codes],
            "reported_on": [came.get(c) for c in codes],
        }
    )


def test_who_reports_is_the_rule_counted_over_every_item_and_report(db: Database) -> None:
    """``remediation_reporting_by_org`` against the rule counted in pandas over every item and
    report, for every committee of the demo and a choice of its organizations, on a day of each
    quarter of 2025 and 2026."""
    committees = db.query("committees_by_year", from_year=0, to_year=9999)["scope_code"]
    days = [dt.date(y, m, 20) for y in (2025, 2026) for m in (1, 4, 7, 10)]
    seen = {"expected": 0, "reported": 0, "both": 0}
    for scope in dict.fromkeys([None, *committees]):
        every = load_items(db, scope)
        some = tuple(sorted(set(every["org_code"]))[::3]) or ("NOWHERE",)
        for orgs in (None, some):
            items, reports = load_items(db, scope, orgs), load_reports(db, scope, orgs)
            for day in days:
                got = reporting(db, scope, orgs, day)
                want = _reporting_in_pandas(items, reports, day)
                # those who have not reported first, then by name
                ordered = got.sort_values(["reported", "org_name", "org_code"], kind="stable")
                assert got["org_code"].tolist() == ordered["org_code"].tolist()
                mine = got.set_index("org_code")[["expected", "reported"]].sort_index()
                theirs = want.set_index("org_code")[["expected", "reported"]].sort_index()
                pd.testing.assert_frame_equal(
                    mine, theirs, check_dtype=False, check_index_type=False
                )
                came = pd.to_datetime(got.set_index("org_code")["reported_on"]).sort_index()
                pd.testing.assert_series_equal(
                    came,
                    pd.to_datetime(want.set_index("org_code")["reported_on"]).sort_index(),
                    check_dtype=False,
                    check_names=False,
                    check_index_type=False,
                )
                seen["expected"] += int(got["expected"].sum())
                seen["reported"] += int(got["reported"].sum())
                seen["both"] += int((got["expected"] & got["reported"]).sum())
    assert all(n > 0 for n in seen.values()), seen
    assert seen["expected"] > seen["both"]  # some expected that did not report


def test_days_are_written_as_forms_write_them() -> None:
    from xeploai.screens.common import day_text, day_texts

    values = pd.Series(
        pd.to_datetime(["2025-12-31", None, "2026-01-05", "2025-12-31", None]), dtype="object"
    )
    assert day_texts(values) == ["31/12/2025", "", "05/01/2026", "31/12/2025", ""]
    assert day_texts(values) == [day_text(v) for v in values]
    assert day_texts(pd.Series([], dtype="datetime64[us]")) == []


def test_remediation_follows_the_scope_and_the_organizations(fixture_db: Database) -> None:
    assert load_items(fixture_db, None, ("CBT",)).empty
    assert load_items(fixture_db, "NOWHERE").empty
    assert len(load_reports(fixture_db, None, ("CBY",))) == 4


# --- QĐ 366: excellent only with the previous review's shortcomings remedied -----------------


def test_the_planted_case_is_found_with_its_source(db: Database) -> None:
    found = [
        f for f in check_year(db, 2026, scope="XA_BADIEM") if f.rule == "remediation_excellent"
    ]
    assert [f.org_code for f in found] == ["XBD-AP8"]
    assert "chưa khắc phục" in found[0].message and "năm 2025" in found[0].message
    assert (
        found[0].source == "Quy định 366-QĐ/TW ngày 30/8/2025, Điều 11 (chưa đối chiếu được "
        "toàn văn)"
    )
    # not a rule of the years before QĐ 366
    assert not [
        f
        for year in range(2019, 2025)
        for f in check_year(db, year)
        if f.rule == "remediation_excellent"
    ]


def test_remedied_in_time_is_no_finding(demo_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "remedied.duckdb"
    shutil.copy(demo_db_path, path)
    conn = duckdb.connect(str(path))
    # the open item reported remedied in the third quarter of 2026
    conn.execute("""update remediation_reports set item_status = 'done'
                    where org_code = 'XBD-AP8' and report_year = 2026 and report_quarter = 3""")
    conn.close()
    with Database(path) as db:
        assert "remediation_excellent" not in {
            f.rule for f in check_year(db, 2026, scope="XA_BADIEM")
        }
    # a report after the year does not count for it: remedied only in 2027 is too late
    conn = duckdb.connect(str(path))
    conn.execute("""update remediation_reports set report_year = 2027
                    where org_code = 'XBD-AP8' and report_year = 2026 and report_quarter = 3""")
    conn.close()
    with Database(path) as db:
        assert "remediation_excellent" in {f.rule for f in check_year(db, 2026, scope="XA_BADIEM")}


def test_the_items_read_narrow_are_the_items_read_whole(writable_db_path: Path) -> None:
    """The list of what needs attention reads the items narrow (``load_states``): the same
    items as the remediation page's wide read, with the same deadline and latest status, so
    both reckon the same overdue items; for every committee of the demo and a choice of
    organizations. The demo's items, and beside them an item never reported and one without a
    deadline."""
    con = duckdb.connect(str(writable_db_path))
    con.execute(
        """insert into remediation_items
           select plan_year, org_code, item_no + 10, shortcoming, remedy,
                  case when item_no = 1 then null else deadline end
           from remediation_items"""
    )
    # an organization that left a committee: its plan after it left is not that committee's
    [(moved, left, last)] = con.execute(
        """select org_code, scope_code, max(year) from scope_orgs group by all
           having max(year) < (select max(year) from scope_orgs)
           order by org_code, scope_code limit 1"""
    ).fetchall()
    con.execute(
        "insert into remediation_items values (?, ?, 1, 'Chậm sinh hoạt', null, ?)",
        [last + 1, moved, dt.date(last + 1, 6, 30)],
    )
    # and one the database's own superior no longer directed (dissolved): the last years it
    # directed each are stored (own_directed), a named committee's are read from scope_orgs
    [(own, gone, own_last)] = con.execute(
        """select s.scope_code, s.org_code, max(s.year) from scope_orgs as s, meta as m
           where m.key = 'superior_code' and s.scope_code = m.value group by all
           having max(s.year) < (select max(year) from scope_orgs)
           order by s.org_code limit 1"""
    ).fetchall()
    for plan_year, item_no in ((own_last, 98), (own_last + 1, 99)):
        con.execute(
            "insert into remediation_items values (?, ?, ?, 'Chậm sinh hoạt', null, ?)",
            [plan_year, gone, item_no, dt.date(plan_year, 6, 30)],
        )
    con.close()
    keys = ["plan_year", "org_code", "item_no"]
    day = dt.date(2026, 12, 3)
    with Database(writable_db_path, read_only=True) as db:
        committees = db.query("committees_by_year", from_year=0, to_year=9999)["scope_code"]
        compared = 0
        for scope in dict.fromkeys([None, *committees]):
            wide = load_items(db, scope)
            some = tuple(sorted(set(wide["org_code"]))[::2]) or ("NOWHERE",)
            for orgs in (None, some):
                whole = load_items(db, scope, orgs)
                narrow = load_states(db, scope, orgs)
                expected = whole[[*keys, "deadline", "last_status"]].sort_values(keys)
                pd.testing.assert_frame_equal(
                    narrow.reset_index(drop=True), expected.reset_index(drop=True)
                )
                assert item_states(narrow, day)["overdue"].sum() == (
                    item_states(whole, day)["overdue"].sum()
                )
                compared += len(narrow)
        states = item_states(load_states(db, None), day)
        after = load_states(db, left)
        assert (last + 1, moved, 1) not in set(
            zip(after["plan_year"], after["org_code"], after["item_no"], strict=True)
        )
        # the own superior's plans, from its stored years, are those its code names
        named = load_items(db, own)
        pd.testing.assert_frame_equal(load_items(db, None), named)
        plans = set(zip(named["plan_year"], named["org_code"], named["item_no"], strict=True))
        assert (own_last, gone, 98) in plans and (own_last + 1, gone, 99) not in plans
    # overdue, remedied, never reported and without a deadline, all among them
    assert states["overdue"].any() and states["done"].any()
    assert states["last_status"].isna().any() and states["deadline"].isna().any()
    assert compared > 2 * len(states)


@pytest.mark.parametrize("by", [["year"], ["year", "sector"], ["sector"]])
def test_the_moves_are_summed_per_key_as_pandas_groups_them(by: list[str]) -> None:
    """Rows without an organization compared are left out, and so is a row whose key is
    missing (pandas' group-by drops it); the keys keep their types, in order."""
    counts = pd.DataFrame(
        {
            "year": pd.array([2025, 2024, 2025, 2024, 2025, 2024, 2023], dtype="int32"),
            "sector": pd.array(
                ["xa", "phuong", "xa", None, "phuong", "phuong", "xa"], dtype="string[pyarrow]"
            ),
            "rated": [9, 8, 7, 6, 5, 4, 3],
            "compared": [4, 3, 2, 5, 0, 1, 0],
            "down": [2, 1, 1, 3, 0, 1, 0],
            "up": [0, 1, 0, 1, 0, 0, 0],
            "decision_differs": [1, 0, 0, 2, 0, 0, 0],
            "missing_steps": [0] * 7,
        }
    )
    moves = ["compared", "down", "up", "decision_differs"]
    grouped = counts[counts["compared"] > 0].groupby(by, as_index=False)[moves].sum()
    grouped[moves] = grouped[moves].astype("int64")
    with rounding("half_up"):
        grouped["down_pct"] = pct_series(grouped["down"], grouped["compared"])
        got = _appraisal_counts(counts, by)
    pd.testing.assert_frame_equal(got, grouped[[*by, *moves, "down_pct"]])
    assert _appraisal_counts(counts[counts["compared"] == 0], by).empty

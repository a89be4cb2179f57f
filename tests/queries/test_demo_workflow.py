"""The demo's evaluation as it was worked, 2023–2026 (issue 12): the three steps with a few
downgrades at appraisal (schools the most), the paused evaluations, the remediation plans of
the weak organizations of 2024 and 2025 with their quarterly reports through Q3 2026."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from xeploai.domain.levels import LEVEL_RANK
from xeploai.domain.selection import Selection
from xeploai.domain.workflow import RATED_LATE
from xeploai.metrics.summary import year_summary
from xeploai.metrics.workflow import load_statuses
from xeploai.store import tree
from xeploai.store.database import Database
from xeploai.texts import fmt_int


def sql(db: Database, query: str) -> list[tuple[Any, ...]]:
    cur = db.cursor()
    try:
        return cur.execute(query).fetchall()
    finally:
        cur.close()


def test_every_rated_organization_has_its_three_steps(db: Database) -> None:
    missing = sql(
        db,
        """
        select r.year, r.org_code from org_results r
        left join org_steps s using (year, org_code)
        where r.year >= 2023 and r.org_level is not null
            and (s.self_level is null or s.appraised_level is null or s.decision_no is null)""",
    )
    assert missing == []
    # before QĐ 124, none recorded
    assert sql(db, "select count(*) from org_steps where year < 2023") == [(0,)]


def test_a_few_downgrades_a_year_the_schools_most(db: Database) -> None:
    rows = sql(
        db,
        """select s.year, o.sector, s.self_level, s.appraised_level
                      from org_steps s join organizations o using (org_code)
                      where s.self_level is not null and s.appraised_level is not null""",
    )
    by_year: dict[int, list[bool]] = {}
    by_school: dict[bool, list[bool]] = {True: [], False: []}
    for year, sector, own, board in rows:
        down = LEVEL_RANK[board] > LEVEL_RANK[own]
        by_year.setdefault(year, []).append(down)
        by_school[sector == "education"].append(down)
    # every year some (the district's 44 organizations: one or a few), a tenth at most overall
    assert all(any(moves) for moves in by_year.values())
    every = [m for moves in by_year.values() for m in moves]
    assert 0.03 <= sum(every) / len(every) <= 0.12
    share = {k: sum(v) / len(v) for k, v in by_school.items()}
    assert share[True] > 2 * share[False]


def test_2026_is_being_worked(db: Database) -> None:
    # the unrated: some assessed themselves, some appraised too, none decided
    [(assessed, appraised, decided)] = sql(
        db,
        """
        select count(s.self_level), count(s.appraised_level), count(s.decision_no)
        from org_results r join org_steps s using (year, org_code)
        where r.year = 2026 and r.org_level is null""",
    )
    assert assessed > appraised > 0 and decided == 0
    held = sql(
        db,
        """select status, count(*), count(reference), count(status_date)
                      from org_statuses where year = 2026 and status <> 'not_evaluated'
                      group by status order by status""",
    )
    assert held == [
        ("paused_discipline", 1, 1, 1),
        ("paused_inspection", 2, 2, 2),
        ("redo", 1, 1, 1),
    ]
    [(unrated, told)] = sql(
        db,
        """
        select count(*), count(s.status) from org_results r
        left join org_statuses s using (year, org_code)
        where r.year = 2026 and r.org_level is null""",
    )
    assert unrated == told


def test_one_paused_evaluation_was_rated_in_january(db: Database) -> None:
    rows = sql(
        db,
        """
        select r.org_level, s.status_date, t.decision_date, s.reference
        from org_statuses s join org_results r using (year, org_code)
        join org_steps t using (year, org_code)
        where s.status = 'rated_late'""",
    )
    [(level, rated_on, decided_on, reference)] = rows
    assert level is not None and rated_on == decided_on
    assert (rated_on.year, rated_on.month) == (2026, 1) and "Kết luận" in reference


def test_the_weak_organizations_have_plans_reported_through_q3_2026(db: Database) -> None:
    weak = {
        (y, c)
        for y, c in sql(
            db,
            """
        select r.year, r.org_code from org_results r
        where r.year in (2024, 2025) and r.org_level in ('HTNV', 'KHTNV')
            and exists (select 1 from org_results n
                        where n.year = r.year + 1 and n.org_code = r.org_code)""",
        )
    }
    plans = {
        (y, c): n
        for y, c, n in sql(
            db,
            """
        select plan_year, org_code, count(*) from remediation_items group by all""",
        )
    }
    assert weak and weak <= set(plans)
    assert all(1 <= n <= 3 for n in plans.values())
    assert len(set(plans) - weak) == 1  # the one the board chose: rated good, with shortcomings
    [(last,)] = sql(db, "select max(report_year * 10 + report_quarter) from remediation_reports")
    assert last == 20263
    # some late, some not reported on Q3, some items overdue on 1 December 2026
    late = sql(
        db,
        """select count(*) from remediation_reports
                      where reported_on > make_date(report_year, report_quarter * 3, 1)
                          + interval 1 month + interval 9 day""",
    )
    assert late[0][0] > 0
    silent = sql(
        db,
        """
        select distinct org_code from remediation_reports r where report_year = 2026
            and report_quarter = 2 and not exists (
                select 1 from remediation_reports q where q.org_code = r.org_code
                    and q.report_year = 2026 and q.report_quarter = 3)
            and item_status <> 'done' order by 1""",
    )
    assert silent == [("XNB-AP5",), ("XTC-AP2",)]


# 98: past the 97 organizations of the first reason (not evaluated) in the city's 2026
@pytest.mark.parametrize("listed", [3, 98, 300])
def test_the_appraisal_page_lists_the_unrated_it_reads_narrow(
    db: Database, monkeypatch: pytest.MonkeyPatch, listed: int
) -> None:
    """The appraisal page reads of a year's statuses only what it lists (the first unrated by
    reason and name, how many; those rated late; those dissolved): the same parts as taken from
    every status of the year, for every committee of the demo and years before, across and
    after the reorganization (2026: being classified)."""
    import xeploai.screens.appraisal as screen

    monkeypatch.setattr(screen, "LISTED_ROWS", listed)
    checked = {"cut": 0, "late": 0, "gone": 0}
    scopes = [None, *db.rows("committees_by_code")]
    for scope in [s if s is None else s["scope_code"] for s in scopes]:
        for year in (2019, 2024, 2025, 2026):
            sel = Selection(scope=scope, year=year, from_year=year, to_year=year)
            summary = year_summary(db, year, sel.filters(), with_findings=False)
            if summary is None:
                continue
            got = screen._unrated(screen._listed(db, sel, listed), year, summary)
            statuses = load_statuses(db, year, year, sel.filters())
            unrated = statuses[statuses["standing"] & statuses["reason"].notna()].sort_values(
                ["reason", "org_name", "org_code"]
            )
            late = statuses[statuses["status"] == RATED_LATE]
            gone = statuses[~statuses["standing"].astype(bool)]
            if unrated.empty:
                assert got["unrated"] is None
            else:
                pd.testing.assert_frame_equal(
                    got["unrated"], screen.unrated_table(unrated.head(listed))
                )
            cut = got["unrated_cut"]
            assert (cut is not None) == (len(unrated) > listed)
            if cut is not None:
                assert fmt_int(len(unrated)) in cut.text
            assert got["unrated_cards"][1].value == fmt_int(len(late))
            notes = " ".join(got["unrated_notes"])
            for name in [*late["org_name"], *gone["org_name"]]:
                assert name in notes
            assert ("; ".join(gone["org_name"]) in notes) or gone.empty
            checked["cut"] += cut is not None
            checked["late"] += len(late)
            checked["gone"] += len(gone)
    assert checked["late"] > 0 and checked["gone"] > 0
    assert (checked["cut"] > 0) == (listed < 300)


# The appraisal counts as they were counted before they were stored: over every row of the
# steps (the macro ``filtered_steps``), per year and sector.
_COUNTED_FROM_STEPS = """
select
    year,
    sector,
    count(org_level) as rated,
    count(appraisal) as compared,
    count(*) filter (where appraisal = 'down') as down,
    count(*) filter (where appraisal = 'up') as up,
    count(*) filter (where appraisal is not null and decision in ('down', 'up'))
        as decision_differs,
    count(*) filter (
        where org_level is not null and (self_level is null or appraised_level is null)
    ) as missing_steps
from filtered_steps($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
group by year, sector
order by year, sector
"""


def _counted_from_steps(db: Database, asked: dict[str, Any]) -> list[dict[str, Any]]:
    cur = db.cursor()
    try:
        found = cur.execute(_COUNTED_FROM_STEPS, asked)
        names = [c[0] for c in found.description]
        return [dict(zip(names, row, strict=True)) for row in found.fetchall()]
    finally:
        cur.close()


def test_the_appraisal_counts_read_from_the_stored_sums_count_every_step(db: Database) -> None:
    """The appraisal page's counts per year and sector, read from the committee's stored sums
    (or, for organizations named one by one and for "any committee", summed from the steps),
    are those of every step's row: for every committee, with each kind of filter and range."""
    codes = [r["org_code"] for r in db.rows("base_orgs_by_code", scope=None, names=None, orgs=None)]
    checked = 0
    for scope in [None, "*", *(r["scope_code"] for r in db.rows("committees_by_code"))]:
        for filters in (
            {"sectors": None, "org_types": None, "orgs": None},
            {"sectors": ["education", "commune"], "org_types": None, "orgs": None},
            {"sectors": None, "org_types": ["base_committee"], "orgs": None},
            {"sectors": None, "org_types": None, "orgs": codes[::3]},
        ):
            for first, last in ((2015, 2026), (2024, 2024)):
                asked = {"scope": scope, "from_year": first, "to_year": last, **filters}
                got = db.rows("appraisal_counts_by_year_sector", **asked)
                assert got == _counted_from_steps(db, asked), asked
                checked += sum(row["compared"] for row in got)
    assert checked > 1000


# The statuses' counts as they were counted before they were stored: every status row's.
_COUNTED_FROM_STATUSES = """
select
    year,
    standing,
    reason,
    count(*) as orgs,
    sum(members_paused)::bigint as members_paused,
    sum(members_absent)::bigint as members_absent
from filtered_statuses($scope, $from_year, $to_year, $sectors, $org_types, $orgs)
group by year, standing, reason
order by year, standing desc, reason nulls first
"""


def test_the_status_counts_read_from_the_stored_sums_count_every_status(db: Database) -> None:
    """The year's unrated counts per year, standing and reason, read from the committee's
    stored sums (or, for organizations named one by one and for "any committee", counted from
    the rows), are those of every status row: for every committee, with each kind of filter
    and range, the organizations dissolved during the year among them."""
    codes = [r["org_code"] for r in db.rows("base_orgs_by_code", scope=None, names=None, orgs=None)]
    dissolved = [
        c
        for (c,) in db.conn.execute(
            "select org_code from org_statuses where status = 'dissolved'"
        ).fetchall()
    ]
    counted = {"orgs": 0, "dissolved": 0, "paused": 0}
    for scope in [None, "*", *(r["scope_code"] for r in db.rows("committees_by_code"))]:
        for filters in (
            {"sectors": None, "org_types": None, "orgs": None},
            {"sectors": ["education", "commune"], "org_types": None, "orgs": None},
            {"sectors": None, "org_types": ["base_committee"], "orgs": None},
            {"sectors": None, "org_types": None, "orgs": [*codes[::3], *dissolved[:2]]},
        ):
            for first, last in ((2015, 2026), (2025, 2025), (2026, 2026)):
                asked = {"scope": scope, "from_year": first, "to_year": last, **filters}
                got = db.rows("status_counts_by_year_reason", **asked)
                cur = db.cursor()
                try:
                    found = cur.execute(_COUNTED_FROM_STATUSES, asked)
                    names = [c[0] for c in found.description]
                    want = [dict(zip(names, row, strict=True)) for row in found.fetchall()]
                finally:
                    cur.close()
                assert got == want, asked
                counted["orgs"] += sum(row["orgs"] for row in got)
                counted["dissolved"] += sum(row["orgs"] for row in got if not row["standing"])
                counted["paused"] += sum(row["members_paused"] for row in got)
    assert counted["orgs"] > 1000 and counted["dissolved"] > 10 and counted["paused"] > 10


def test_any_committee_s_statuses_hold_the_dissolved(db: Database) -> None:
    """Under "any committee" (organizations named one by one, whatever committee directed
    them) an organization dissolved during the year is among the statuses, as under its own
    committee: until version 15 it was left out there."""
    dissolved = [
        c
        for (c,) in db.conn.execute(
            "select org_code from org_statuses where status = 'dissolved' and year = 2025"
        ).fetchall()
    ]
    assert dissolved
    asked = {"from_year": 2025, "to_year": 2025, "sectors": None, "org_types": None}
    anywhere = db.rows("status_counts_by_year_reason", scope="*", orgs=dissolved, **asked)
    assert [(r["standing"], r["reason"], r["orgs"]) for r in anywhere] == [
        (False, "dissolved", len(dissolved))
    ]


def test_the_stored_appraisal_counts_tell_a_missing_step_apart(writable_db_path: Path) -> None:
    """A step missing on either side: an organization with its appraisal but no own assessment
    (the decision still moved from the appraisal: not counted as a decision that differs,
    since nothing was compared), one with its own assessment but no appraisal; as a write of
    steps stores them."""
    with duckdb.connect(str(writable_db_path)) as conn:
        rows = conn.execute(
            """select s.org_code, s.self_level, s.appraised_level, f.org_level
               from org_steps as s
               join base_org_facts as f on f.year = s.year and f.org_code = s.org_code
               where s.year = 2025 and s.self_level is not null
                   and s.appraised_level is not null and f.org_level is not null
               order by s.org_code"""
        ).fetchall()
        moved = next(r for r in rows if r[2] != r[3])  # the decision moved from the appraisal
        plain = next(r for r in rows if r[0] != moved[0])
        conn.execute(
            "update org_steps set self_level = null where year = 2025 and org_code = ?",
            [moved[0]],
        )
        conn.execute(
            "update org_steps set appraised_level = null where year = 2025 and org_code = ?",
            [plain[0]],
        )
        tree.extend(conn, [2025])  # as a write of the year's steps does
    with Database(writable_db_path) as db:
        for scope in ("TPHCM", "*"):  # the city directs every organization of 2025
            asked = {
                "scope": scope,
                "from_year": 2025,
                "to_year": 2025,
                "sectors": None,
                "org_types": None,
                "orgs": None,
            }
            got = db.rows("appraisal_counts_by_year_sector", **asked)
            assert got == _counted_from_steps(db, asked)
            assert sum(r["missing_steps"] for r in got) >= 2

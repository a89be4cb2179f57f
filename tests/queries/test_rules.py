"""The rule queries and ``check_year`` on the fixture database, against findings counted by hand.

Each planted violation is described in tests/fixtures/02_org_results.sql; the parameter tables
move each threshold across the fixture's rows to show which side of it "more than" falls on.
"""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path
from typing import Any

import duckdb
import pytest

from xeploai.domain.levels import LEVEL_RANK, SCORE_BAND_FLOORS, level_from_score
from xeploai.metrics.rules import RULES, Rule, RuleSettings, check_year, check_years
from xeploai.store import tree
from xeploai.store.database import Database
from xeploai.texts import RULE_TEXTS


def rows(db: Database, name: str, columns: tuple[str, ...], **params: Any) -> list[tuple[Any, ...]]:
    """The query's rows of one ``year`` (the years from_year–to_year of the query), every
    organization's."""
    params.setdefault("scopes", None)  # the database's own superior: the fixture's commune
    year = params.pop("year")
    params |= {"from_year": year, "to_year": year}
    if name != "org_excellent_cap_by_group":  # a group's cap names no organization
        params.setdefault("orgs", None)
    frame = db.query(name, **params)
    return [
        tuple(v.item() if hasattr(v, "item") else v for v in r)
        for r in frame[list(columns)].itertuples(index=False)
    ]


# --- member_excellent_cap_by_org: HTXSNV members at most ratio × HTTNV ------------------------

CAP = ("org_code", "excellent", "denominator", "cap")


@pytest.mark.parametrize(
    ("year", "ratio", "include_excellent", "expected"),
    [
        # the planted case: CBT 3 HTXSNV for 10 HTTNV, cap ⌊0,2 × 10⌋ = 2; DAB 8 ≤ ⌊8,6⌋,
        # CBY 1 ≤ ⌊1,4⌋, CBC 1 ≤ ⌊1,2⌋
        (2019, 0.2, False, [("CBT", 3, 10, 2)]),
        # counting HTXSNV in the base: CBT ⌊0,2 × 13⌋ = 2 still, the finding stays
        (2019, 0.2, True, [("CBT", 3, 13, 2)]),
        # 30%: ⌊0,3 × 10⌋ = 3 (3,0000000000000004 in floating point) and 3 is not more than 3
        (2019, 0.3, False, []),
        # 10%: everyone over: DAB 8 > ⌊4,3⌋, CBT 3 > 1, CBY 1 > ⌊0,7⌋, CBC 1 > ⌊0,6⌋
        (
            2019,
            0.1,
            False,
            [("CBC", 1, 6, 0), ("CBT", 3, 10, 1), ("CBY", 1, 7, 0), ("DAB", 8, 43, 4)],
        ),
        # 2018 sits exactly on the cap: DAB 9 = ⌊0,2 × 45⌋, CBT 2 = ⌊0,2 × 10⌋
        (2018, 0.2, False, []),
    ],
)
def test_member_excellent_cap(
    fixture_db: Database,
    year: int,
    ratio: float,
    include_excellent: bool,
    expected: list[tuple[Any, ...]],
) -> None:
    assert (
        rows(
            fixture_db,
            "member_excellent_cap_by_org",
            CAP,
            year=year,
            ratio=ratio,
            include_excellent=include_excellent,
        )
        == expected
    )


# --- org_excellent_cap_by_group: organizations HTXSNV at most ratio × HTTNV in the group ------

GROUP = ("role_group", "excellent", "good", "cap")


@pytest.mark.parametrize(
    ("year", "group_by", "expected"),
    [
        # 2018: CBC HTXSNV for CBT and CBY HTTNV; DAB (the only committee) HTXSNV with no committee
        # HTTNV is not judged: 20% of nobody is no cap (the wrong "20% of 0" warning)
        (2018, "org_type", [("base_cell", 1, 2, 0)]),
        # by sector: commune (DAB) and police (CBC) each one HTXSNV for none HTTNV: not judged
        (2018, "sector", []),
        # 2019: nobody HTXSNV
        (2019, "org_type", []),
        # a grouping outside the allow-list falls back to the type, never into the SQL text
        (2018, "org_name; drop table org_results", [("base_cell", 1, 2, 0)]),
    ],
)
def test_org_excellent_cap(
    fixture_db: Database, year: int, group_by: str, expected: list[tuple[Any, ...]]
) -> None:
    assert (
        rows(
            fixture_db,
            "org_excellent_cap_by_group",
            GROUP,
            year=year,
            ratio=0.2,
            include_excellent=False,
            group_by=group_by,
            group_sectors=["commune"],
            group_names=["localities"],
        )
        == expected
    )


# --- excellent_prerequisite_by_org: an HTXSNV organization whose own units all completed -----

PREREQ = ("org_code", "org_type", "rated", "not_completed", "good")


@pytest.mark.parametrize(
    ("year", "good_share", "expected"),
    [
        # CBC HTXSNV with 1 member KHTNV (5 of 7 good); DAB HTXSNV with 3 of 3 cells good passes
        (2018, 0.8, [("CBC", "base_cell", 7, 1, 5)]),
        # the share cannot rescue a member who did not complete: CBC stays at any share
        (2018, 0.0, [("CBC", "base_cell", 7, 1, 5)]),
        # DAB's cells: 3 good of 3 is 100%, so only a share above 1 catches it
        (2018, 1.01, [("CBC", "base_cell", 7, 1, 5), ("DAB", "base_committee", 3, 0, 3)]),
        # no organization HTXSNV in 2019
        (2019, 0.8, []),
    ],
)
def test_excellent_prerequisite(
    fixture_db: Database, year: int, good_share: float, expected: list[tuple[Any, ...]]
) -> None:
    assert (
        rows(fixture_db, "excellent_prerequisite_by_org", PREREQ, year=year, good_share=good_share)
        == expected
    )


# --- old_scheme_forced_weak_by_org: too many weak units, yet not rated weak ----------------

WEAK = ("org_code", "org_type", "org_level", "rated", "weak")


@pytest.mark.parametrize(
    ("year", "cells_fraction", "members_fraction", "expected"),
    [
        # DAB 2016: 1 of its 2 rated cells YK (DAB-3 unrated), more than a third; rated HTTNV
        (2016, 1 / 3, 1 / 2, [("DAB", "base_committee", "HTTNV", 2, 1)]),
        # "more than half": 1 of 2 is not more than half
        (2016, 1 / 2, 1 / 2, []),
        # a base cell counts members KHTNV: none in 2016's base cells, so even 0 catches nobody …
        (2016, 1 / 3, 0.0, [("DAB", "base_committee", "HTTNV", 2, 1)]),
        # … while in 2017 nobody is weak at all: cells TSVM/HTTNV, no member KHTNV; CBC unrated
        (2017, 0.0, 0.0, []),
    ],
)
def test_old_scheme_forced_weak(
    fixture_db: Database,
    year: int,
    cells_fraction: float,
    members_fraction: float,
    expected: list[tuple[Any, ...]],
) -> None:
    assert (
        rows(
            fixture_db,
            "old_scheme_forced_weak_by_org",
            WEAK,
            year=year,
            cells_fraction=cells_fraction,
            members_fraction=members_fraction,
        )
        == expected
    )


# --- member_count_mismatch_by_org: total = evaluated + exempt + suspended + new + pending -----


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2016, []),
        # CBY 2017: total 11, parts 10 + 0 + 0 + 0 + 0
        (2017, [("CBY", 11, 10)]),
        (2018, []),
        (2019, []),
    ],
)
def test_member_count_mismatch(
    fixture_db: Database, year: int, expected: list[tuple[Any, ...]]
) -> None:
    assert (
        rows(
            fixture_db,
            "member_count_mismatch_by_org",
            ("org_code", "members_total", "parts"),
            year=year,
        )
        == expected
    )


# --- check_year: the rules that apply to the year, with their messages ----------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # the old scheme: the forced weak level and the arithmetic apply, the caps do not
        (2016, [("old_scheme_forced_weak", "DAB")]),
        (2017, [("member_count_mismatch", "CBY")]),
        # 2018 ran under Hướng dẫn 16-HD/BTCTW: the group cap and the prerequisite hold from
        # 21-HD (2019); the fixture's 2018 cases of them are not findings of 2018
        (2018, []),
        (2019, [("member_excellent_cap", "CBT")]),
        # a year without data has no findings, not an error
        (2030, []),
    ],
)
def test_check_year_finds_the_planted_violations(
    fixture_db: Database, year: int, expected: list[tuple[str, str | None]]
) -> None:
    assert [(f.rule, f.org_code) for f in check_year(fixture_db, year)] == expected


def test_findings_say_what_and_how_much_in_vietnamese(fixture_db: Database) -> None:
    (cap,) = check_year(fixture_db, 2019)
    assert cap.message == (
        "Chi bộ Trường THCS An Bình: 3 đảng viên hoàn thành xuất sắc nhiệm "
        "vụ, vượt mức tối đa 2 (20% của 10 đảng viên hoàn thành tốt nhiệm vụ)."
    )
    (weak,) = check_year(fixture_db, 2016)
    assert weak.message.startswith("Đảng bộ xã An Bình: 1 trong 2 chi bộ trực thuộc")
    (mismatch,) = check_year(fixture_db, 2017)
    assert "tổng số 11 đảng viên" in mismatch.message and "được 10" in mismatch.message
    # every finding names the text in force that year
    assert cap.source == "Hướng dẫn 21-HD/BTCTW ngày 18/10/2019, Mục II 2.3"
    assert weak.source == "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014"


def test_a_rule_holds_for_its_years_and_cites_the_text_in_force() -> None:
    # wrong before: 21-HD/BTCTW (18/10/2019) cited for 2018, QĐ 124 (2023) for 2019–2022,
    # and the old scheme's rules applied back to 1900
    cap = next(r for r in RULES if r.code == "member_excellent_cap")
    group = next(r for r in RULES if r.code == "org_excellent_cap")
    old = next(r for r in RULES if r.code == "old_scheme_forced_weak")

    def cited(rule: Rule, year: int) -> str:
        source = rule.source_for(year)
        assert source is not None, (rule.code, year)
        return source.cited

    assert "16-HD" in cited(cap, 2018) and "chưa đối chiếu" in cited(cap, 2018)
    assert "21-HD" in cited(cap, 2019) and "21-HD" in cited(cap, 2022)
    assert "124-QĐ" in cited(cap, 2023) and "366-QĐ" in cited(cap, 2026)
    assert group.source_for(2018) is None and "21-HD" in cited(group, 2020)
    assert "124-QĐ/TW ngày 04/10/2023, Điều 12" in cited(group, 2024)
    assert old.validity == (2014, 2017) and not old.applies(2013) and not old.applies(2018)
    assert cap.validity == (2018, None)


def test_settings_change_what_is_found(fixture_db: Database) -> None:
    # 30% lets CBT's 3 of 10 pass
    loose = RuleSettings(excellent_cap_ratio=0.3, org_cap_group_by="sector")
    assert check_year(fixture_db, 2019, loose) == []
    with pytest.raises(ValueError, match="org_cap_group_by"):
        check_year(fixture_db, 2019, RuleSettings(org_cap_group_by="org_name"))


# Settings far from the defaults, each in a rule's title.
OTHER_SETTINGS = RuleSettings(
    excellent_cap_ratio=0.25,
    excellent_cap_includes_excellent=True,
    org_cap_group_by="sector",
    prerequisite_good_share=0.9,
    score_exceeded_share=40.0,
    old_weak_cells_fraction=0.25,
    old_weak_members_fraction=0.6,
)


def test_a_rule_title_states_the_thresholds_the_check_uses() -> None:
    by_code = {r.code: r for r in RULES}

    def title(code: str, settings: RuleSettings) -> str:
        return by_code[code].title(settings)

    # the defaults: the regulations' own words
    defaults = RuleSettings()
    assert title("member_excellent_cap", defaults) == (
        "Đảng viên HTXSNV không quá 20% số HTTNV trong mỗi tổ chức cơ sở đảng"
    )
    assert title("org_excellent_cap", defaults).endswith(
        "không quá 20% số HTTNV trong từng nhóm có vai trò tương đồng"
    )
    assert "≥ 80% tốt trở lên" in title("excellent_prerequisite", defaults)
    assert "từ 90 điểm" in title("score_excellent", defaults)
    assert "(≥ 30% vượt yêu cầu)" in title("score_excellent", defaults)
    assert "quá 1/3 chi bộ yếu kém (hoặc quá 1/2 đảng viên" in title(
        "old_scheme_forced_weak", defaults
    )
    # other settings: the title follows them (it said 20% whatever the cap was)
    s = OTHER_SETTINGS
    assert title("member_excellent_cap", s) == (
        "Đảng viên HTXSNV không quá 25% số HTTNV trở lên trong mỗi tổ chức cơ sở đảng"
    )
    assert title("cell_excellent_cap", s).startswith(
        "Chi bộ trực thuộc HTXSNV không quá 25% số HTTNV trở lên"
    )
    assert title("org_excellent_cap", s).endswith("25% số HTTNV trở lên trong từng khu vực")
    assert "≥ 90% tốt trở lên" in title("excellent_prerequisite", s)
    assert "(≥ 40% vượt yêu cầu)" in title("score_excellent", s)
    # the floor is the bands' (SCORE_BANDS), not a setting
    assert f"từ {SCORE_BAND_FLOORS[0]:g} điểm" in title("score_excellent", s)
    assert "quá 1/4 chi bộ yếu kém (hoặc quá 3/5 đảng viên" in title("old_scheme_forced_weak", s)


# The settings no title states, and why.
NOT_IN_TITLES = {
    "role_groups": "the groups are the findings' own words (Nhóm …), not the title's",
    "practice_excludes_suspended_and_new": "it decides whether the rule runs at all",
}


@pytest.mark.parametrize(
    "field", [f.name for f in fields(RuleSettings) if f.name not in NOT_IN_TITLES]
)
def test_every_threshold_setting_shows_in_a_title(field: str) -> None:
    """A setting the check reads changes a title, or is named in NOT_IN_TITLES with the reason
    it does not: a new threshold written as a literal in its title fails this."""
    assert set(NOT_IN_TITLES) <= {f.name for f in fields(RuleSettings)}
    changed = RuleSettings(**{field: getattr(OTHER_SETTINGS, field)})
    assert [r.title(changed) for r in RULES] != [r.title(RuleSettings()) for r in RULES]


def test_a_finding_carries_the_title_of_its_settings(fixture_db: Database) -> None:
    # 10%: CBT's 3 HTXSNV of 10 HTTNV pass no more (cap 1)
    (cap,) = [
        f
        for f in check_year(fixture_db, 2019, RuleSettings(excellent_cap_ratio=0.1))
        if f.rule == "member_excellent_cap" and f.org_code == "CBT"
    ]
    assert cap.title == "Đảng viên HTXSNV không quá 10% số HTTNV trong mỗi tổ chức cơ sở đảng"
    assert "(10% của 10 đảng viên hoàn thành tốt nhiệm vụ)" in cap.message
    assert cap.as_dict()["title"] == cap.title


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # the fixture's suspended (su) and newly admitted (ne) members, read as not evaluated
        (2016, ["CBY", "DAB"]),
        (2017, ["DAB"]),
        (2018, ["DAB"]),
        # from 2019 the text (21-HD Mục II 1.2, 6) leaves them out whatever the practice was
        (2019, []),
    ],
)
def test_practice_before_2019_is_a_setting(
    fixture_db: Database, year: int, expected: list[str]
) -> None:
    # by default the practice before 2019 is taken to be the text's: no finding
    assert "evaluated_by_practice" not in {f.rule for f in check_year(fixture_db, year)}
    evaluated = RuleSettings(practice_excludes_suspended_and_new=False)
    found = [
        f for f in check_year(fixture_db, year, evaluated) if f.rule == "evaluated_by_practice"
    ]
    assert [f.org_code for f in found] == expected
    for f in found:
        assert f.source == "Thực tiễn của địa phương trước Hướng dẫn 21-HD/BTCTW (cài đặt)"
        assert f"năm {year}" in f.message and "vẫn được đánh giá" in f.message


def test_settings_stored_in_the_database_are_used(fixture_db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "settings.duckdb"
    shutil.copy(fixture_db_path, path)
    conn = duckdb.connect(str(path))
    # an unknown key is ignored: a file written by a newer version still opens
    conn.execute("""insert into meta values ('rule_settings',
                    '{"excellent_cap_ratio": 0.3, "no_such_setting": 1}')""")
    conn.close()
    with Database(path) as handle:
        assert RuleSettings.from_db(handle).excellent_cap_ratio == 0.3
        assert check_year(handle, 2019) == []


def test_every_checkable_rule_has_a_query_and_a_planted_case() -> None:
    # a new checkable rule should get a planted violation in the fixture (a row above) or, for
    # the rules of the years after the fixture's (2025 →), in the demo (tests/queries/test_demo)
    in_fixture = {
        "old_scheme_forced_weak",
        "member_count_mismatch",
        "org_excellent_cap",
        "excellent_prerequisite",
        "member_excellent_cap",
        "evaluated_by_practice",
    }
    in_demo = {"cell_excellent_cap", "score_band", "score_excellent", "remediation_excellent"}
    assert {r.code for r in RULES if r.checkable} == in_fixture | in_demo


def test_rules_are_checked_under_a_committee_not_any(fixture_db: Database) -> None:
    # "any committee" names organizations one by one across a reorganization: a cap holds
    # among a committee's organizations, so asking it of "any" is an error, not silence
    with pytest.raises(ValueError, match="under a committee"):
        check_year(fixture_db, 2019, scope="*")


def test_the_score_rules_find_what_the_bands_say(writable_db_path: Path) -> None:
    """QĐ 366 on the demo's 2025 scores (the city's), some moved onto the edges of the bands:
    the rule checks flag exactly the organizations a reckoning by ``level_from_score`` flags
    (the query lists only those above their band or rated HTXSNV), and the trends page's
    bands count the same scores, a row without a score left out."""
    con = duckdb.connect(str(writable_db_path))
    rated = con.execute(
        """select f.org_code, f.org_level from base_org_facts as f
           join org_scores as s on s.year = f.year and s.org_code = f.org_code and s.quarter = 0
           join scope_orgs as c on c.year = f.year and c.org_code = f.org_code
           where f.year = 2025 and c.scope_code = 'TPHCM' and f.org_level is not null
           order by f.org_code"""
    ).fetchall()
    edges = {"HTXSNV": (89.99, 90.0), "HTTNV": (69.99, 70.0), "HTNV": (49.99, 50.0)}
    where = "where year = 2025 and quarter = 0 and org_code = ?"
    for i, (code, level) in enumerate(rated[:60]):
        if level in edges:
            con.execute(f"update org_scores set score = ? {where}", [edges[level][i % 2], code])
    # rated HTXSNV with the score of the band and another condition unmet, or without a score
    excellent = [code for code, level in rated[60:] if level == "HTXSNV"]
    con.execute(f"update org_scores set score = 95, disciplined = true {where}", excellent[:1])
    con.execute(
        f"update org_scores set score = 92, tasks_completed = false {where}", excellent[1:2]
    )
    con.execute(f"delete from org_scores {where}", excellent[2:3])
    # a row of tasks without a score
    blank = next(code for code, level in rated[60:] if level != "HTXSNV")
    con.execute(f"update org_scores set score = null {where}", [blank])
    tree.extend(con, [2025])  # as a write of the year's scores does: their sums made again
    every = con.execute(  # rated or not: the trends page's bands count every score
        """select f.org_rank, s.score from base_org_facts as f
           join org_scores as s on s.year = f.year and s.org_code = f.org_code and s.quarter = 0
           join scope_orgs as c on c.year = f.year and c.org_code = f.org_code
           where f.year = 2025 and c.scope_code = 'TPHCM' and s.score is not null"""
    ).fetchall()
    scored = con.execute(
        """select f.org_code, f.org_level, s.score, s.tasks_completed, s.tasks_exceeded_pct,
                  s.disciplined
           from base_org_facts as f
           left join org_scores as s
               on s.year = f.year and s.org_code = f.org_code and s.quarter = 0
           join scope_orgs as c on c.year = f.year and c.org_code = f.org_code
           where f.year = 2025 and c.scope_code = 'TPHCM' and f.org_level is not null"""
    ).fetchall()
    con.close()
    settings = RuleSettings()
    above = {
        code
        for code, level, score, *_ in scored
        if score is not None and LEVEL_RANK[level] < LEVEL_RANK[level_from_score(score)]
    }
    unmet = {
        code
        for code, level, score, done, exceeded, disciplined in scored
        if level == "HTXSNV"
        and (
            score is None
            or score < 90
            or done is False
            or (exceeded is not None and exceeded < settings.score_exceeded_share)
            or disciplined is True
        )
    }
    with Database(writable_db_path) as db:
        found = check_year(db, 2025, settings, scope="TPHCM")
        bands = db.query(
            "score_bands_by_year",
            scope="TPHCM",
            from_year=2025,
            to_year=2025,
            sectors=None,
            org_types=None,
            orgs=None,
            band_floors=list(SCORE_BAND_FLOORS),
        )
    expected: dict[int, list[int]] = {}
    for rank, score in every:
        band = LEVEL_RANK[level_from_score(score)]
        counts = expected.setdefault(band, [0, 0])
        counts[0] += 1
        counts[1] += rank is not None and rank < band
    assert {int(r.band): [int(r.n), int(r.above_band)] for r in bands.itertuples()} == expected
    assert bands["n"].sum() == len(every) and len(expected) >= 3
    assert {f.org_code for f in found if f.rule == "score_band"} == above
    assert {f.org_code for f in found if f.rule == "score_excellent"} == unmet
    # the edges moved: each band broken by a hundredth, and kept at its floor
    assert len(above) >= 10 and len(unmet) >= 5
    assert set(excellent[:3]) <= unmet - above
    assert len(scored) > 2 * len(above | unmet)
    # each condition unmet in its words, the score as the board wrote it (89,99 is not 90,0)
    texts = RULE_TEXTS["score_excellent"]
    said = {f.org_code: f.message for f in found if f.rule == "score_excellent"}
    worded = {
        excellent[0]: texts["disciplined"],
        excellent[1]: texts["tasks"],
        excellent[2]: texts["no_score"],
    }
    for code, words in worded.items():
        assert words in said[code]
        assert texts["score_low"].split("{")[0] not in said[code]
    low = next(c for i, (c, level) in enumerate(rated[:60]) if level == "HTXSNV" and i % 2 == 0)
    assert "chỉ đạt 89,99 điểm (cần từ 90)" in said[low]
    assert "với 89,99 điểm" in next(
        f.message for f in found if f.rule == "score_band" and f.org_code == low
    )


def test_the_trends_bands_read_from_the_stored_sums_count_every_score(
    demo_db_path: Path,
) -> None:
    """The bands of the trends page, read from the scores' stored sums by whole point (or, for
    organizations named one by one and for "any committee", summed from the scores), are what
    a count of every scored organization-year by ``level_from_score`` gives: for every
    committee of the demo's scored years, with each kind of filter."""
    with duckdb.connect(str(demo_db_path), read_only=True) as con:
        rows = con.execute(
            """select c.scope_code, f.year, f.sector, f.org_type, f.org_code, f.org_rank,
                      s.score
               from base_org_facts as f
               join org_scores as s
                   on s.year = f.year and s.org_code = f.org_code and s.quarter = 0
               join scope_orgs as c on c.year = f.year and c.org_code = f.org_code
               where s.score is not null"""
        ).fetchall()
        [(own,)] = con.execute("select value from meta where key = 'superior_code'").fetchall()
    codes = sorted({r[4] for r in rows})
    half = tuple(codes[::2])
    filters: list[dict[str, Any]] = [
        {"sectors": None, "org_types": None, "orgs": None},
        {"sectors": ["commune", "education"], "org_types": None, "orgs": None},
        {"sectors": None, "org_types": ["base_cell"], "orgs": None},
        {"sectors": None, "org_types": None, "orgs": list(half)},
    ]
    checked = 0
    with Database(demo_db_path) as db:
        for scope in [None, "*", *sorted({r[0] for r in rows})]:
            for f in filters:
                chosen = {
                    (year, code): (rank, score)
                    for scope_code, year, sector, kind, code, rank, score in rows
                    if (scope == "*" or scope_code == (scope or own))
                    and (f["sectors"] is None or sector in f["sectors"])
                    and (f["org_types"] is None or kind in f["org_types"])
                    and (f["orgs"] is None or code in f["orgs"])
                }
                expected: dict[tuple[int, int], list[Any]] = {}
                for (year, _), (rank, score) in chosen.items():
                    band = LEVEL_RANK[level_from_score(score)]
                    counts = expected.setdefault((year, band), [0, 0, 0, 0, 0.0])
                    counts[0] += 1
                    counts[1] += rank == band
                    counts[2] += rank is not None and rank < band
                    counts[3] += rank is not None and rank > band
                    counts[4] += score
                bands = db.query(
                    "score_bands_by_year",
                    scope=scope,
                    from_year=2015,
                    to_year=2026,
                    band_floors=list(SCORE_BAND_FLOORS),
                    **f,
                )
                got = {
                    (int(r.year), int(r.band)): [
                        int(r.n),
                        int(r.same_level),
                        int(r.above_band),
                        int(r.below_band),
                    ]
                    for r in bands.itertuples()
                }
                assert got == {k: v[:4] for k, v in expected.items()}, (scope, f)
                for r in bands.itertuples():
                    n, total = expected[(int(r.year), int(r.band))][0::4]
                    assert abs(r.mean_score - total / n) <= 0.005 + 1e-9
                checked += len(got)
    assert checked > 100


# Thresholds that every year of the demo breaks somewhere: each rule finds something to compare.
STRICT = RuleSettings(
    excellent_cap_ratio=0.02,
    excellent_cap_includes_excellent=True,
    prerequisite_good_share=0.99,
    score_exceeded_share=99.0,
    old_weak_cells_fraction=0.01,
    old_weak_members_fraction=0.01,
    practice_excludes_suspended_and_new=False,
)


def test_a_span_of_years_finds_what_each_year_finds(demo_db_path: Path, tmp_path: Path) -> None:
    """The rules read over a span of years (one query a rule: the organization page's
    findings of every year) find, year by year and in the order of the rules, what each year
    checked alone finds, each citing its year's text; for some organizations, the findings
    that name them (a group's cap names none). Beside the demo's plans, an organization rated
    HTXSNV in 2025 has an item open in its plan of that year: a finding of 2026 at most, never
    of 2025 (the plan of the year before is the one that counts)."""
    path = tmp_path / "span.duckdb"
    shutil.copy(demo_db_path, path)
    with duckdb.connect(str(path)) as con:
        [(code,)] = con.execute(
            """select org_code from base_org_facts
               where year = 2025 and org_level = 'HTXSNV'
               order by org_code limit 1"""
        ).fetchall()
        con.execute("insert into remediation_items values (2025, ?, 1, 'Chậm', null, null)", [code])
    with Database(path) as db:
        years = sorted(int(y) for y in db.query("years_by_data")["year"])
        scopes = [None, *sorted(str(c) for c in db.query("committees_by_code")["scope_code"])]
        found_rules: set[str] = set()
        for scope in scopes:
            each = [f for y in years for f in check_year(db, y, STRICT, scope)]
            assert check_years(db, years[0], years[-1], STRICT, scope) == each
            middle = [f for f in each if 2017 <= f.year <= 2025]
            assert check_years(db, 2017, 2025, STRICT, scope) == middle
            found_rules |= {f.rule for f in each}
            named: dict[str, int] = {}
            for f in each:
                if f.org_code is not None:
                    named[f.org_code] = named.get(f.org_code, 0) + 1
            most = sorted(named, key=lambda c: (-named[c], c))[:3]
            for code in [*most, "NO-SUCH-ORG"]:
                assert check_years(db, years[0], years[-1], STRICT, scope, orgs=[code]) == [
                    f for f in each if f.org_code == code
                ]
            assert check_years(db, years[0], years[-1], STRICT, scope, orgs=most) == [
                f for f in each if f.org_code in most
            ]
    # both schemes' rules, the years of QĐ 366 and of the practice before 2019
    assert {
        "member_excellent_cap",
        "org_excellent_cap",
        "cell_excellent_cap",
        "excellent_prerequisite",
        "old_scheme_forced_weak",
        "evaluated_by_practice",
        "score_excellent",
        "remediation_excellent",
    } <= found_rules

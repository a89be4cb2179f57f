"""The main queries on the fixture database, against figures counted by hand.

The rows are in tests/fixtures/*.sql; each expected value says in a comment where it comes from
(columns there: tot ex su ne pe = members total, exempt, suspended, new, pending; xs tt ht kh =
members HTXSNV, HTTNV, HTNV, KHTNV). Organizations: DAB (base committee, commune; cells DAB-1..3),
CBT (base cell, education), CBY (base cell, health), CBC (base cell, police, from 2017).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from xeploai.metrics.summary import terms_within
from xeploai.metrics.yearly import levels_part, totals_part
from xeploai.store.database import Database

ALL_ORGS: dict[str, Any] = {"scope": None, "sectors": None, "org_types": None, "orgs": None}


def rows(frame: pd.DataFrame, *columns: str) -> list[tuple[Any, ...]]:
    """The frame's rows as plain tuples: numpy integers as ints, a missing value as None."""
    return [
        tuple(None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in r)
        for r in frame[list(columns)].itertuples(index=False)
    ]


def years(
    db: Database, name: str, first: int = 2016, last: int = 2019, **filters: Any
) -> pd.DataFrame:
    return db.query(name, from_year=first, to_year=last, **{**ALL_ORGS, **filters})


def totals(
    db: Database, part: str, first: int = 2016, last: int = 2019, **filters: Any
) -> pd.DataFrame:
    """One part ("orgs", "members", "cells") of year_totals_by_year, as the pages read it."""
    return totals_part(years(db, "year_totals_by_year", first, last, **filters), part)


# --- year_totals_by_year: the organizations ----------------------------------------------------


def test_org_counts_by_year(fixture_db: Database) -> None:
    frame = totals(fixture_db, "orgs")
    assert rows(frame, "year", "total", "committees", "cells", "rated", "clean_strong") == [
        # 2016: DAB, CBT, CBY (CBC founded 2017); all rated; clean and strong = CBT's TSVM
        (2016, 3, 1, 2, 3, 1),
        # 2017: CBC joins unrated (level null); clean and strong = DAB's TSVM
        (2017, 4, 1, 3, 3, 1),
        # 2018: the new scheme; TSVM is DAB's commendation (clean_strong true), not a level
        (2018, 4, 1, 3, 4, 1),
        # 2019: nobody commended
        (2019, 4, 1, 3, 4, 0),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # one sector: only CBT is education
        ({"sectors": ["education"]}, [(2016, 1), (2017, 1), (2018, 1), (2019, 1)]),
        # two sectors: CBY (health) every year, CBC (police) from 2017
        ({"sectors": ["health", "police"]}, [(2016, 1), (2017, 2), (2018, 2), (2019, 2)]),
        # a type: three base cells from 2017 (CBT, CBY, CBC), two before
        ({"org_types": ["base_cell"]}, [(2016, 2), (2017, 3), (2018, 3), (2019, 3)]),
        # an organization by code, founded in 2017: no row for 2016, not a zero row
        ({"orgs": ["CBC"]}, [(2017, 1), (2018, 1), (2019, 1)]),
        # filters combine with "and": the police have no base committee
        ({"sectors": ["police"], "org_types": ["base_committee"]}, []),
        # an empty list matches nothing (null means all)
        ({"orgs": []}, []),
    ],
)
def test_org_counts_follow_the_filters(
    fixture_db: Database, filters: dict[str, Any], expected: list[tuple[int, int]]
) -> None:
    assert rows(totals(fixture_db, "orgs", **filters), "year", "total") == expected


def test_a_range_of_years_is_inclusive(fixture_db: Database) -> None:
    frame = totals(fixture_db, "orgs", 2017, 2018)
    assert list(frame["year"]) == [2017, 2018]
    assert totals(fixture_db, "orgs", 2020, 2024).empty


# --- year_totals_by_year: the members ---------------------------------------------------------


def test_members_by_year(fixture_db: Database) -> None:
    frame = totals(fixture_db, "members")
    assert rows(frame, "year", "total", "exempt", "suspended", "new", "pending", "evaluated") == [
        # 2016: total 60+14+10; exempt 5+1+0; suspended CBY 1; new DAB 2; pending DAB 1;
        # evaluated (8+40+3+1) + (2+10+1) + (1+6+2) = 52 + 13 + 9
        (2016, 84, 6, 1, 2, 1, 74),
        # 2017: 62+15+11+6; exempt 6+1; new DAB 1; evaluated 55+14+10+6. CBY's total (11) is
        # one more than its parts (10): the query sums what is stored, it does not repair it
        (2017, 94, 7, 0, 1, 0, 85),
        # 2018: 64+15+11+7; exempt 6+2; suspended DAB 1; evaluated 57+13+11+7
        (2018, 97, 8, 1, 0, 0, 88),
        # 2019: 65+16+12+8; exempt 7+2+1; new DAB 2; pending DAB 1; evaluated 55+14+11+8
        (2019, 101, 10, 0, 2, 1, 88),
    ]


def test_members_of_one_organization(fixture_db: Database) -> None:
    # CBT 2019: 16 in total, 2 exempt, 3 + 10 + 1 evaluated
    frame = totals(fixture_db, "members", 2019, 2019, orgs=["CBT"])
    assert rows(frame, "total", "exempt", "evaluated") == [(16, 2, 14)]


# --- year_totals_by_year: the subordinate cells -----------------------------------------------


def test_subordinate_cells_by_year(fixture_db: Database) -> None:
    frame = totals(fixture_db, "cells")
    assert rows(frame, "year", "total", "rated") == [
        # DAB-3 founded in 2016 exists (the catalogue) but was not rated that year
        (2016, 3, 2),
        (2017, 3, 3),
        (2018, 3, 3),
        (2019, 3, 3),
    ]


def test_base_cells_have_no_subordinate_cells(fixture_db: Database) -> None:
    frame = totals(fixture_db, "cells", org_types=["base_cell"])
    assert rows(frame, "year", "total", "rated") == [
        (2016, 0, 0),
        (2017, 0, 0),
        (2018, 0, 0),
        (2019, 0, 0),
    ]


# --- year_totals_by_year: the levels (long, every level of the year's scheme) ------------------


def level_rows(db: Database, first: int = 2016, last: int = 2019, **filters: Any) -> pd.DataFrame:
    """year_totals_by_year's levels, long, as the pages read them (``levels_part``)."""
    return levels_part(years(db, "year_totals_by_year", first, last, **filters))


def levels(frame: pd.DataFrame, year: int, subject: str) -> dict[str, int]:
    part = frame[(frame["year"] == year) & (frame["subject"] == subject)]
    return dict(zip(part["level_code"], (int(n) for n in part["n"]), strict=True))


def test_levels_follow_the_scheme_of_each_year(fixture_db: Database) -> None:
    frame = level_rows(fixture_db)
    # old scheme (HD27_2014): organizations and cells TSVM / HTTNV / HTNV / YK
    assert levels(frame, 2016, "base_orgs") == {"TSVM": 1, "HTTNV": 1, "HTNV": 1, "YK": 0}
    # 2016 cells: DAB-1 YK, DAB-2 HTTNV, DAB-3 not rated
    assert levels(frame, 2016, "subordinate_cells") == {"TSVM": 0, "HTTNV": 1, "HTNV": 0, "YK": 1}
    # members are rated on the four "hoàn thành" levels in both schemes: 8+2+1, 40+10+6, 3+1+2, 1
    assert levels(frame, 2016, "members") == {"HTXSNV": 11, "HTTNV": 56, "HTNV": 6, "KHTNV": 1}
    # 2017: DAB TSVM, CBT and CBY HTTNV; CBC not rated is no level at all
    assert levels(frame, 2017, "base_orgs") == {"TSVM": 1, "HTTNV": 2, "HTNV": 0, "YK": 0}
    assert levels(frame, 2017, "subordinate_cells") == {"TSVM": 1, "HTTNV": 2, "HTNV": 0, "YK": 0}
    # new scheme: DAB and CBC HTXSNV, CBT and CBY HTTNV
    assert levels(frame, 2018, "base_orgs") == {"HTXSNV": 2, "HTTNV": 2, "HTNV": 0, "KHTNV": 0}
    assert levels(frame, 2018, "subordinate_cells") == {
        "HTXSNV": 1,
        "HTTNV": 2,
        "HTNV": 0,
        "KHTNV": 0,
    }
    # 2019 members: 8+3+1+1, 43+10+7+6, 4+1+2+1, 0+0+1+0
    assert levels(frame, 2019, "members") == {"HTXSNV": 13, "HTTNV": 66, "HTNV": 8, "KHTNV": 1}
    assert levels(frame, 2019, "base_orgs") == {"HTXSNV": 0, "HTTNV": 3, "HTNV": 1, "KHTNV": 0}
    assert levels(frame, 2019, "subordinate_cells") == {
        "HTXSNV": 0,
        "HTTNV": 1,
        "HTNV": 1,
        "KHTNV": 1,
    }


def test_levels_carry_scheme_and_rank_in_order(fixture_db: Database) -> None:
    frame = level_rows(fixture_db)
    assert dict(zip(frame["year"], frame["scheme_code"], strict=False)) == {
        2016: "HD27_2014",
        2017: "HD27_2014",
        2018: "QD132_2018",
        2019: "QD132_2018",
    }
    # rows ordered by year, subject, rank; TSVM and HTXSNV share rank 1, YK and KHTNV rank 4
    old = frame[(frame["year"] == 2017) & (frame["subject"] == "base_orgs")]
    assert rows(old, "level_code", "level_rank") == [
        ("TSVM", 1),
        ("HTTNV", 2),
        ("HTNV", 3),
        ("YK", 4),
    ]
    assert list(frame[frame["year"] == 2019]["subject"].drop_duplicates()) == [
        "base_orgs",
        "members",
        "subordinate_cells",
    ]


def test_levels_are_zero_filled(fixture_db: Database) -> None:
    # one organization still lists every level of its year's scheme, zeros included:
    # CBT 2019 is HTTNV; its members 3 / 10 / 1 / 0; a base cell has no cells
    frame = level_rows(fixture_db, 2019, 2019, orgs=["CBT"])
    assert levels(frame, 2019, "base_orgs") == {"HTXSNV": 0, "HTTNV": 1, "HTNV": 0, "KHTNV": 0}
    assert levels(frame, 2019, "members") == {"HTXSNV": 3, "HTTNV": 10, "HTNV": 1, "KHTNV": 0}
    assert levels(frame, 2019, "subordinate_cells") == {
        "HTXSNV": 0,
        "HTTNV": 0,
        "HTNV": 0,
        "KHTNV": 0,
    }


def test_a_year_without_results_has_no_levels(fixture_db: Database) -> None:
    # CBC has no 2016 row: no year, hence no zero-filled levels either
    assert level_rows(fixture_db, 2016, 2016, orgs=["CBC"]).empty


# --- results_by_org_year and results_by_org -------------------------------------------------


def test_results_by_org_year(fixture_db: Database) -> None:
    frame = years(fixture_db, "results_by_org_year").set_index(["org_code", "year"])
    # 3 organizations in 2016, 4 in each later year
    assert len(frame) == 3 + 4 + 4 + 4
    # ordered by year, then kind, sector and name (the order of the statistical table)
    assert list(frame.index[:4]) == [("CBT", 2016), ("CBY", 2016), ("DAB", 2016), ("CBT", 2017)]
    dab17 = frame.loc[("DAB", 2017)]
    # TSVM was the level until 2017: it is "clean and strong" without the commendation flag
    assert (dab17["org_level"], dab17["org_rank"], bool(dab17["clean_strong"])) == ("TSVM", 1, True)
    # cells 2017: TSVM 1, HTTNV 2 → rated 3, excellent (TSVM + HTXSNV) 1, good 3, not done 0
    assert (
        dab17["cells_rated"],
        dab17["cells_excellent"],
        dab17["cells_good"],
        dab17["cells_not_completed"],
    ) == (3, 1, 3, 0)
    cbt19 = frame.loc[("CBT", 2019)]
    # members 3 / 10 / 1 / 0: evaluated 14, excellent 3, good 3 + 10, not completed 0
    assert (
        cbt19["members_evaluated"],
        cbt19["members_excellent"],
        cbt19["members_good"],
        cbt19["members_not_completed"],
    ) == (14, 3, 13, 0)
    assert (cbt19["sector"], cbt19["org_type"], cbt19["scheme_code"]) == (
        "education",
        "base_cell",
        "QD132_2018",
    )
    # 2018: DAB commended, CBC HTXSNV without the commendation
    assert bool(frame.loc[("DAB", 2018), "clean_strong"])
    assert not bool(frame.loc[("CBC", 2018), "clean_strong"])
    # an unrated organization has neither level nor rank, and is not "clean and strong" (the
    # SQL gives null here, null level or false flag; readers treat it as false)
    cbc17 = frame.loc[("CBC", 2017)]
    assert pd.isna(cbc17["org_level"]) and pd.isna(cbc17["org_rank"])
    assert pd.isna(cbc17["clean_strong"]) or not bool(cbc17["clean_strong"])
    # 2019 DAB cells HTTNV / HTNV / KHTNV
    dab19 = frame.loc[("DAB", 2019)]
    assert (dab19["cells_rated"], dab19["cells_good"], dab19["cells_not_completed"]) == (3, 1, 1)


def test_results_by_org_one_year(fixture_db: Database) -> None:
    frame = fixture_db.query("results_by_org_year", from_year=2019, to_year=2019, **ALL_ORGS)
    # ordered by type, sector, name: the base cells (education, health, police), then DAB
    assert list(frame["org_code"]) == ["CBT", "CBY", "CBC", "DAB"]
    dab = frame[frame["org_code"] == "DAB"].iloc[0]
    assert (
        dab["members_total"],
        dab["members_evaluated"],
        dab["cells_rated"],
        dab["cells_httnv"],
        dab["cells_htnv"],
        dab["cells_khtnv"],
    ) == (65, 55, 3, 1, 1, 1)
    assert fixture_db.query(
        "results_by_org_year",
        from_year=2016,
        to_year=2016,
        scope=None,
        sectors=None,
        org_types=["base_cell"],
        orgs=None,
    )["org_code"].tolist() == ["CBT", "CBY"]


# --- targets_by_term ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # the fixture's years: the two targets of 2015–2020, ordered by subject, measure
        (
            2016,
            2019,
            [
                ("2015-2020", "base_orgs", "clean_strong_pct", 25.0),
                ("2015-2020", "members", "good_or_better_pct", 90.0),
            ],
        ),
        # 2020 belongs to both terms (a term's last year is the next one's first)
        (
            2020,
            2020,
            [
                ("2015-2020", "base_orgs", "clean_strong_pct", 25.0),
                ("2015-2020", "members", "good_or_better_pct", 90.0),
                ("2020-2025", "members", "excellent_pct", 15.0),
            ],
        ),
        # a range that only touches the next term
        (2021, 2030, [("2020-2025", "members", "excellent_pct", 15.0)]),
        # before every term
        (2000, 2014, []),
    ],
)
def test_targets_by_term(
    fixture_db: Database, first: int, last: int, expected: list[tuple[str, str, str, float]]
) -> None:
    every = fixture_db.query("targets_by_term", scope=None)
    assert len(every) == 3  # every term's
    frame = terms_within(every, first, last)
    assert rows(frame, "term", "subject", "measure", "target") == expected
    assert set(frame["direction"]) <= {"at_least"}


# --- the catalogue, the years, the cells of one committee -----------------------------------


def test_years_by_data(fixture_db: Database) -> None:
    frame = fixture_db.query("years_by_data")
    assert list(frame.columns) == ["year"]
    assert frame["year"].tolist() == [2016, 2017, 2018, 2019]


def test_the_catalogue_lists_base_organizations_only(fixture_db: Database) -> None:
    codes = fixture_db.query(
        "base_org_codes_by_org", scope=None, sectors=None, org_types=None, orgs=None
    )
    assert rows(codes, "org_code", "org_type", "sector") == [
        ("CBC", "base_cell", "police"),
        ("CBT", "base_cell", "education"),
        ("CBY", "base_cell", "health"),
        ("DAB", "base_committee", "commune"),
    ]
    named = fixture_db.query("base_orgs_by_code", scope=None, names=None, orgs=None)
    # ordered by name: "Chi bộ Công an…", "Chi bộ Trường…", "Chi bộ Trạm…", "Đảng bộ…"
    assert list(named["org_code"]) == ["CBC", "CBT", "CBY", "DAB"]
    assert named.set_index("org_code").loc["CBC", "active_from"] == 2017


# DAB's cells and their levels in 2016–2017, as the fixture writes them.
DAB_CELLS = [
    (2016, "DAB-1", "YK"),
    (2016, "DAB-2", "HTTNV"),
    (2016, "DAB-3", None),
    (2017, "DAB-1", "HTTNV"),
    (2017, "DAB-2", "TSVM"),
    (2017, "DAB-3", "HTTNV"),
]


def test_cell_levels_of_one_committee(fixture_db: Database) -> None:
    frame = fixture_db.query("cell_levels_by_org_year", org="DAB", from_year=2016, to_year=2017)
    assert rows(frame, "year", "cell_code", "org_level") == DAB_CELLS
    ranks = frame.set_index(["year", "cell_code"])["level_rank"]
    assert ranks[(2016, "DAB-1")] == 4 and pd.isna(ranks[(2016, "DAB-3")])
    assert fixture_db.query(
        "cell_levels_by_org_year", org="CBT", from_year=2016, to_year=2019
    ).empty  # a base cell has no cells


def test_cell_levels_count_the_cells_of_its_partial_committees(
    fixture_db_path: Path, tmp_path: Path
) -> None:
    """A large base committee directs some cells through a partial committee: in 2017 DAB-2
    stands under DAB's partial committee DAB-P, and is still one of DAB's cells; not of the
    partial committee of another committee."""
    path = tmp_path / "partial.duckdb"
    shutil.copy(fixture_db_path, path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            """insert into org_years (year, org_code, org_type, parent_code, org_name)
               values (2017, 'DAB-P', 'partial_committee', 'DAB', 'Đảng bộ bộ phận'),
                      (2017, 'XYZ-P', 'partial_committee', 'XYZ', 'Đảng bộ bộ phận khác')"""
        )
        con.execute(
            "update org_years set parent_code = 'DAB-P' where year = 2017 and org_code = 'DAB-2'"
        )
        con.execute(
            "update org_years set parent_code = 'XYZ-P' where year = 2017 and org_code = 'DAB-3'"
        )
    with Database(path) as db:
        frame = db.query("cell_levels_by_org_year", org="DAB", from_year=2016, to_year=2017)
    # DAB-3, under the other committee's partial committee in 2017, is not DAB's that year
    assert rows(frame, "year", "cell_code", "org_level") == DAB_CELLS[:-1]


def test_the_fixtures_cell_counts_match_its_cell_results(fixture_db: Database) -> None:
    # 02_org_results.sql writes DAB's cells by level by hand; they must agree with
    # 03_cell_results.sql, as the importer and the demo derive them
    cur = fixture_db.cursor()
    mismatches = cur.execute("""
        with counted as (
            select c.year, o.parent_code as org_code,
                count(*) filter (where c.org_level = 'TSVM') as tsvm,
                count(*) filter (where c.org_level = 'HTXSNV') as htxsnv,
                count(*) filter (where c.org_level = 'HTTNV') as httnv,
                count(*) filter (where c.org_level = 'HTNV') as htnv,
                count(*) filter (where c.org_level = 'KHTNV') as khtnv,
                count(*) filter (where c.org_level = 'YK') as yk
            from cell_results c join organizations o on o.org_code = c.org_code
            group by all
        )
        select r.year, r.org_code from org_results r join counted k using (year, org_code)
        where (r.cells_tsvm, r.cells_htxsnv, r.cells_httnv, r.cells_htnv, r.cells_khtnv,
               r.cells_yk) <> (k.tsvm, k.htxsnv, k.httnv, k.htnv, k.khtnv, k.yk)
    """).fetchall()
    cur.close()
    assert mismatches == []

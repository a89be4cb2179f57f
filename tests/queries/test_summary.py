"""`summary`: the year's figures, as the reference article gives them for 2019."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import read_by
from xeploai.domain.numbers import pct
from xeploai.domain.selection import Filters
from xeploai.metrics.summary import year_findings, year_summary
from xeploai.store.database import Database


def test_2019_matches_the_reference_article(db: Database) -> None:
    s = year_summary(db, 2019)
    assert s is not None
    assert s["superior"] == "Đảng bộ huyện Hóc Môn"
    o, c, m = s["base_orgs"], s["subordinate_cells"], s["members"]
    assert (o["total"], o["committees"], o["cells"]) == (43, 18, 25)
    assert c["total"] == 257
    assert (m["total"], m["exempt"]) == (6659, 580)
    assert m["exempt_pct_of_total"] == 8.71


def test_2019_misses_exactly_the_two_targets_of_the_article(db: Database) -> None:
    s = year_summary(db, 2019)
    assert s is not None
    missed = {(t["subject"], t["measure"]) for t in s["targets"] if not t["met"]}
    assert missed == {("base_orgs", "clean_strong_pct"), ("members", "excellent_pct")}
    assert len(s["targets"]) > len(missed)


def test_counts_add_up_every_year(db: Database) -> None:
    for year in range(2015, 2025):
        s = year_summary(db, year, with_findings=False)
        assert s is not None
        o, c, m = s["base_orgs"], s["subordinate_cells"], s["members"]
        assert sum(o["levels"].values()) == o["rated"] <= o["total"]
        assert o["committees"] + o["cells"] == o["total"]
        assert sum(c["levels"].values()) == c["rated"] <= c["total"]
        assert sum(m["levels"].values()) == m["evaluated"]
        parts = m["evaluated"] + m["exempt"] + m["suspended"] + m["new"] + m["pending"]
        assert parts == m["total"]


def test_percentages_are_over_those_rated_and_the_exempt_share_over_all(db: Database) -> None:
    s = year_summary(db, 2019)
    assert s is not None
    m, o = s["members"], s["base_orgs"]
    good = m["levels"]["HTXSNV"] + m["levels"]["HTTNV"]
    assert m["good_or_better_pct"] == pct(good, m["evaluated"])
    assert m["excellent_pct"] == pct(m["levels"]["HTXSNV"], m["evaluated"])
    assert m["exempt_pct_of_total"] == pct(m["exempt"], m["total"])
    assert o["clean_strong_pct"] == pct(o["clean_strong"], o["rated"])


def test_levels_follow_the_scheme_of_the_year(db: Database) -> None:
    old, new = year_summary(db, 2017), year_summary(db, 2018)
    assert old is not None and new is not None
    assert list(old["base_orgs"]["levels"]) == ["TSVM", "HTTNV", "HTNV", "YK"]
    assert list(new["base_orgs"]["levels"]) == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
    # before the break TSVM is the level; clean_strong counts it
    assert old["base_orgs"]["clean_strong"] == old["base_orgs"]["levels"]["TSVM"]


def test_a_year_without_data_is_none(db: Database) -> None:
    assert year_summary(db, 2030) is None


def test_filters_narrow_the_figures(db: Database) -> None:
    communes = year_summary(db, 2019, Filters(sectors=("commune",)))
    assert communes is not None
    assert communes["base_orgs"]["total"] == 12
    assert communes["base_orgs"]["committees"] == 12
    # targets are the whole committee's; a filtered view does not claim to meet them
    assert communes["targets"] == []
    nothing = year_summary(db, 2019, Filters(orgs=("NO-SUCH-ORG",)))
    assert nothing is None


def test_findings_include_the_planted_2019_cap_violation(db: Database) -> None:
    s = year_summary(db, 2019)
    assert s is not None
    rules = [f["rule"] for f in s["findings"]]
    assert rules == ["member_excellent_cap"]
    assert "vượt mức tối đa" in s["findings"][0]["message"]


def test_filtered_findings_keep_only_the_filtered_organizations(db: Database) -> None:
    # 2016: the planted forced-weak case is a commune committee (Trung Chánh)
    communes = year_summary(db, 2016, Filters(sectors=("commune",)))
    schools = year_summary(db, 2016, Filters(sectors=("education",)))
    assert communes is not None and schools is not None
    assert [f["rule"] for f in communes["findings"]] == ["old_scheme_forced_weak"]
    assert schools["findings"] == []
    committees = year_summary(db, 2020, Filters(org_types=("base_committee",)))
    assert committees is not None
    # the planted prerequisite case
    assert [(f["rule"], f["org_code"]) for f in committees["findings"]] == [
        ("excellent_prerequisite", "XTTT")
    ]


def test_a_committee_is_named_in_the_years_it_directed_base_organizations_alone(
    db: Database,
) -> None:
    """``scope_name`` reads every year's name of the committee at once and gives the year's:
    the district of Hóc Môn until 2024, then none (its communes from 2025, none before)."""
    from xeploai.metrics.catalogue import committees, scope_name

    known = committees(db).set_index("scope_code")
    for code in ("HHM", "XA_BADIEM"):
        first, last = int(known.at[code, "first_year"]), int(known.at[code, "last_year"])
        assert first < last
        for year in (first - 1, first, last, last + 1):
            expected = known.at[code, "scope_name"] if first <= year <= last else None
            assert scope_name(db, code, year) == expected, (code, year)


def test_a_summary_counts_its_own_year_s_statuses_and_names_its_year_s_committee(
    db: Database,
) -> None:
    """The summary reads the status counts of every year at once (year_status_counts) and the
    committee's name by its code (committee_name_by_year): each year's unrated, dissolved and
    pending are those of that year alone, and the name is the one that year's committees give,
    none when the committee did not direct base organizations that year."""
    from xeploai.metrics.catalogue import scopes_in_year
    from xeploai.metrics.workflow import (
        dissolved_count,
        load_status_counts,
        pending_reasons,
        unrated_counts,
    )

    years = [int(y) for y in db.query("years_by_data")["year"]]
    scopes = sorted(set(db.query("committees_by_year", from_year=0, to_year=9999)["scope_code"]))
    named = 0
    unrated_years: set[int] = set()
    for scope in [None, *scopes]:
        filters = Filters(scope=scope)
        for year in years:
            s = year_summary(db, year, filters, with_findings=False)
            committees = scopes_in_year(db, year)
            code = scope or db.meta("superior_code")
            listed = committees[committees["scope_code"] == code]
            if s is None:
                continue
            assert s["superior"] == (listed["scope_name"].iloc[0] if len(listed) else "")
            named += len(listed)
            alone = load_status_counts(db, year, year, filters)
            assert s["base_orgs"]["unrated"] == unrated_counts(alone, year)
            if any(s["base_orgs"]["unrated"].values()):
                unrated_years.add(year)
            assert s["base_orgs"]["dissolved_unrated"] == dissolved_count(alone, year)
            assert s["members"]["pending_reasons"] == pending_reasons(
                alone, year, s["members"]["pending"]
            )
    assert named
    assert len(unrated_years) > 1  # the other years' statuses were there to be left out


@pytest.mark.parametrize("kept", [True, False], ids=["kept", "checked"])
def test_organizations_named_are_checked_alone_and_found_as_the_committee_finds_them(
    demo_db_path: Path, unkept_demo_path: Path, kept: bool
) -> None:
    """A viewer's organizations, or a link's: the year's rules are checked for them alone
    (nationally the committee's check scans the year's 256.308 organizations), or their
    findings alone read of those the last write kept, and find what the whole committee's
    check finds about them."""
    with Database(demo_db_path if kept else unkept_demo_path, read_only=True) as db:
        _named_alone(db, kept)


def _named_alone(db: Database, kept: bool) -> None:
    from xeploai.metrics.rules import check_year

    every = Filters()
    codes = [str(c) for c in db.query("base_org_codes_by_org", **every.params())["org_code"]]
    found = 0
    for year in range(2015, 2027):
        whole = check_year(db, year)
        named = {f.org_code for f in whole if f.org_code is not None}
        for orgs in (tuple(codes[::3]), tuple(sorted(named | {codes[0]}))):
            db.forget_results()
            db.trace = []
            try:
                s = year_summary(db, year, Filters(orgs=orgs))
                # the rules' queries, which read the committees by ``$scopes``, or the kept
                ran = [
                    p
                    for name, p, _ in db.trace
                    if ("scopes" in p) != kept and (name == "kept_findings_by_position") == kept
                ]
            finally:
                db.trace = None
            if s is None:
                continue
            assert s["findings"] == [f.as_dict() for f in whole if f.org_code in orgs]
            found += len(s["findings"])
            assert ran and all(p["orgs"] == list(orgs) for p in ran)
    assert found >= 3  # the planted cases of the demo's years


def test_a_summary_given_its_findings_lists_them_and_checks_no_rule(db: Database) -> None:
    """``found``: the findings a caller had checked meanwhile (the deck's ``load_year``) are the
    summary's, asked once; the summary then reads none of the rules' queries, and the rest of
    it is the same."""
    viewed = Filters(orgs=("AGRI", "GDNN", "XBD"))
    own = year_findings(db, 2022, viewed)
    assert [f["org_code"] for f in own] == ["GDNN"]
    asked: list[int] = []

    def found() -> list[Any]:
        asked.append(1)
        return own

    given, read = read_by(db, lambda: year_summary(db, 2022, viewed, found=found))
    assert asked == [1] and given is not None and given["findings"] is own
    rules = set(read_by(db, lambda: year_findings(db, 2022, viewed))[1])
    assert rules and not rules & set(read)
    assert given == year_summary(db, 2022, viewed)
    # a summary without findings does not ask for them
    none = year_summary(db, 2022, viewed, with_findings=False, found=found)
    assert none is not None and none["findings"] == [] and asked == [1]


def test_a_filtered_view_without_findings_reads_no_list_of_its_organizations(
    db: Database,
) -> None:
    """The findings of a filtered view are those about its own organizations: its list of
    codes is read only when there are findings to keep or drop."""
    # 2016: the commune committee's finding, kept by the communes' view, dropped by the schools'
    communes, read = read_by(db, lambda: year_findings(db, 2016, Filters(sectors=("commune",))))
    assert [f["rule"] for f in communes] == ["old_scheme_forced_weak"]
    assert "base_org_codes_by_org" in read
    schools, read = read_by(db, lambda: year_findings(db, 2016, Filters(sectors=("education",))))
    assert schools == [] and "base_org_codes_by_org" in read
    # 2024: no finding at all
    nothing, read = read_by(db, lambda: year_findings(db, 2024, Filters(sectors=("commune",))))
    assert nothing == [] and "base_org_codes_by_org" not in read

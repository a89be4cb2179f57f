"""The analysis core on the demo database: gaps to targets, changes, exemptions, the explorer.

The same functions on hand-made frames: tests/unit/test_analysis.py."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pandas as pd
import pytest

from xeploai.domain.measures import Threshold
from xeploai.domain.numbers import round_exact
from xeploai.domain.selection import ALL, Filters
from xeploai.metrics import analysis as a
from xeploai.metrics.summary import targets_vs_actual, year_summary
from xeploai.metrics.yearly import load_yearly
from xeploai.store.database import Database


def test_the_totals_behind_every_target_are_the_summarys(db: Database) -> None:
    results = a.org_results(db, 2015, 2024, ALL)
    figs = load_yearly(db, 2015, 2024)
    for t in targets_vs_actual(db, figs, 2015, 2024).itertuples():
        summary, contrib = a.gap_contributions(
            results, t.year, t.subject, t.measure, t.direction, t.target
        )
        assert summary.actual == t.actual and summary.met == t.met
        # each contribution is kept at 2 decimals, the actual too: a rounding error apiece
        assert abs(contrib["contribution_pp"].sum() - (summary.actual - t.target)) <= 0.005 * (
            len(contrib) + 1
        )


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    """The frame's values row by row, a missing value as None whatever the column's type."""
    return [
        tuple(None if v is None or (isinstance(v, float) and pd.isna(v)) else v for v in row)
        for row in frame.itertuples(index=False)
    ]


@pytest.mark.parametrize("scope", [None, "XA_BADIEM"])
def test_a_years_targets_are_the_ranges_rows_of_that_year(db: Database, scope: str | None) -> None:
    """The targets page judges the focus year from the rows of the range it shows (one call):
    each year's rows are those ``targets_vs_actual`` gives for that year alone, in order, across
    the breaks of 2018, 2023 and 2025 (rows not comparable among them)."""
    years = [int(y) for y in db.query("years_by_data")["year"]]
    first, last = years[0], years[-1]
    filters = Filters(scope=scope)
    tva = targets_vs_actual(db, load_yearly(db, first, last, filters), first, last)
    assert tva["year"].nunique() > 1 and (scope is not None or not tva["comparable"].all())
    for year in years:
        alone = targets_vs_actual(db, load_yearly(db, year, year, filters), year, year)
        assert list(alone.columns) == list(tva.columns)
        assert _rows(tva[tva["year"] == year]) == _rows(alone)


@pytest.mark.parametrize("filters", [ALL, Filters(scope="XA_BADIEM"), Filters(scope="*")])
def test_the_gap_read_narrow_is_the_gap_of_the_results(db: Database, filters: Filters) -> None:
    """The targets page reads only the counts a share is taken of (load_unit_counts, unordered):
    the same gap and the same ranking as from the year's whole results, for every subject and
    measure a target may name."""
    from xeploai.domain.measures import UNIT_COLUMNS

    for year in (2019, 2024, 2025, 2026):
        wide = a.org_results(db, year, year, filters)
        if wide.empty:
            continue
        narrow = a.load_unit_counts(db, year, filters)
        # the same rows, in no order: the ranking's ties fall as the results read all the same
        assert sorted(narrow["org_code"]) == sorted(wide["org_code"])
        for subject in UNIT_COLUMNS:
            for measure in ("good_or_better_pct", "excellent_pct", "not_completed_pct"):
                for direction, target in (("at_least", 90.0), ("below", 3.0)):
                    got = a.gap_contributions(narrow, year, subject, measure, direction, target)
                    want = a.gap_contributions(wide, year, subject, measure, direction, target)
                    assert got[0] == want[0]
                    pd.testing.assert_frame_equal(got[1], want[1])
        assert set(UNIT_COLUMNS["base_orgs"].values()) <= set(narrow.columns)


@pytest.mark.parametrize("limit", [1, 2, 7, 40])
def test_the_first_rows_of_the_gap_are_the_rankings_head(db: Database, limit: int) -> None:
    """The targets page keeps the first rows of the ranking (``limit``): the same rows in the
    same order as the whole ranking's head, ties included, and the same summary — the whole
    year's, with how many organizations pull as hard as the first."""
    from xeploai.domain.measures import UNIT_COLUMNS

    checked = tied = 0
    for year in (2019, 2024, 2025):
        counts = a.load_unit_counts(db, year, ALL)
        for subject in UNIT_COLUMNS:
            for measure in ("good_or_better_pct", "excellent_pct", "not_completed_pct"):
                for direction, target in (("at_least", 90.0), ("below", 3.0)):
                    args = (counts, year, subject, measure, direction, target)
                    whole_summary, whole = a.gap_contributions(*args)
                    summary, first = a.gap_contributions(*args, limit=limit)
                    assert summary == whole_summary
                    pd.testing.assert_frame_equal(first, whole.head(limit))
                    assert summary.ranked == len(whole)
                    pull = whole["pull_pp"]
                    hardest = (pull == pull.iloc[0]).sum() if len(whole) and pull.iloc[0] < 0 else 0
                    assert summary.hardest_pulling == hardest
                    checked += 1
                    tied += summary.hardest_pulling > limit
    # the demo's organizations tie: some rankings' hardest pullers outnumber the rows kept
    assert checked == 3 * len(UNIT_COLUMNS) * 6 and (limit == 40 or tied > 0)


def test_2019_members_excellent_target_needs_161_more(db: Database) -> None:
    # 734 of 5.963 evaluated (12,31%); 15% needs 895 (15,01%): 161 more
    results = a.org_results(db, 2019, 2019, ALL)
    summary, _ = a.gap_contributions(results, 2019, "members", "excellent_pct", "at_least", 15.0)
    assert (summary.part, summary.whole, summary.units_needed) == (734, 5963, 161)


def test_year_over_year_skips_only_the_measures_the_break_made_incomparable(db: Database) -> None:
    yoy = a.year_over_year(load_yearly(db, 2015, 2024).measures).set_index(["subject", "year"])
    # good-or-better compares across the break: 95,45% → 90,48%
    assert yoy.loc[("base_orgs", 2018), "good_or_better_change"] == -4.97
    # the top level does not: TSVM (70,45%) is not HTXSNV (11,90%)
    assert pd.isna(yoy.loc[("base_orgs", 2018), "excellent_change"])
    assert not pd.isna(yoy.loc[("members", 2018), "excellent_change"])
    assert pd.isna(yoy.loc[("members", 2015), "good_or_better_change"])  # no year before


def test_by_sector_adds_up_to_the_total(db: Database) -> None:
    groups = a.by_group(a.org_results(db, 2019, 2019, ALL), "sector")
    s = year_summary(db, 2019, with_findings=False)
    assert s is not None
    assert groups["members_evaluated"].sum() == s["members"]["evaluated"]
    assert groups["orgs"].sum() == s["base_orgs"]["total"]
    with pytest.raises(ValueError):
        a.by_group(groups, "org_name; drop table x")


def test_exemptions_and_their_effect_on_the_denominator(db: Database) -> None:
    figs = load_yearly(db, 2019, 2019)
    trend = a.exemption_trend(figs.members)
    assert trend.loc[0, "exempt"] == 580 and trend.loc[0, "exempt_pct"] == 8.71
    effect = a.denominator_effect(figs).iloc[0]
    # 5.488 good of 5.963 evaluated = 92,03%; of 5.963 + 580 = 83,88%
    assert (effect["good_pct"], effect["good_pct_with_exempt"]) == (92.03, 83.88)
    assert effect["effect_pp"] == 8.15
    by_org = a.exemptions_by_org(a.org_results(db, 2019, 2019, ALL))
    assert by_org["exempt"].sum() == 580
    top = a.most_exempt(by_org, 2019, n=3)
    assert len(top) == 3 and list(top["exempt"]) == sorted(top["exempt"], reverse=True)


@pytest.mark.parametrize(
    "filters",
    [ALL, Filters(scope="XA_BADIEM"), Filters(sectors=("education",)), Filters(scope="*")],
)
def test_the_exemptions_read_narrow_are_the_results(db: Database, filters: Filters) -> None:
    """The exemptions page reads member_statuses_by_org_year: the same organizations, counts
    and shares as from results_by_org_year, every year."""
    narrow = a.load_exemptions(db, 2015, 2026, filters)
    wide = a.exemptions_by_org(a.org_results(db, 2015, 2026, filters))
    assert len(narrow) > 0 and (filters != ALL or narrow["exempt"].sum() > 0)

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.sort_values(["year", "org_code"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(keyed(narrow), keyed(wide), check_dtype=False)


# The peers an organization page's averages are taken over: the own superior's organizations
# (their sums stored), some sectors and kinds of them, a commune, any committee, some named.
PEERS = [
    ALL,
    Filters(sectors=("commune", "education"), org_types=("base_committee",)),
    Filters(scope="XA_BADIEM"),
    Filters(scope="*"),
    Filters(orgs=("XBD", "XDT", "XBD-AP8")),
]


def comparison(db: Database, code: str, first: int, last: int, peers: Filters) -> pd.DataFrame:
    """The organization page's comparison: its rows, and the sums of its peers."""
    history = a.org_history(a.org_results(db, first, last, replace(peers, orgs=(code,))), code)
    if history.empty:
        return a.org_comparison(history, pd.DataFrame())
    sector = str(history["sector"].iloc[0])
    return a.org_comparison(history, a.org_peer_sums(db, first, last, peers, sector))


def test_the_comparison_of_one_organization(db: Database) -> None:
    results = a.org_results(db, 2019, 2019, ALL)
    comp = comparison(db, "XBD", 2019, 2019, ALL).set_index("measure")
    s = year_summary(db, 2019, Filters(orgs=("XBD",)), with_findings=False)
    assert s is not None
    assert comp.loc["members_good_pct", "org"] == s["members"]["good_or_better_pct"]
    assert comp.loc["exempt_pct", "org"] == s["members"]["exempt_pct_of_total"]
    shares = a.with_shares(results)
    communes = shares[shares["sector"] == "commune"]["members_good_pct"].astype(float)
    assert abs(comp.loc["members_good_pct", "sector_avg"] - communes.mean()) < 0.01
    assert comparison(db, "NOPE", 2019, 2019, ALL).empty


@pytest.mark.parametrize("peers", PEERS)
def test_the_average_organization_is_each_organization_s_share_averaged(
    db: Database, peers: Filters
) -> None:
    """The averages the organization page sets beside an organization, summed by the database
    by whole, are the mean of each peer's own exact share, year by year, overall and in the
    organization's sector (of its first year), each peer counted once."""
    results = a.org_results(db, 2015, 2026, peers)
    codes = sorted(set(results["org_code"]))
    checked = 0
    for code in codes[:: max(1, len(codes) // 12)]:
        mine = results[results["org_code"] == code].sort_values("year")
        sector = mine["sector"].iloc[0]
        comp = comparison(db, code, 2015, 2026, peers)
        assert list(comp["year"].drop_duplicates()) == mine["year"].tolist()
        for row in comp.itertuples():
            part, whole = a._SHARE_PARTS[row.measure]
            year = results[results["year"] == row.year]
            for among, average in (
                (year, row.all_avg),
                (year[year["sector"] == sector], row.sector_avg),
            ):
                shares = [
                    Fraction(int(p), int(w))
                    for p, w in zip(among[part], among[whole], strict=True)
                    if int(w)
                ]
                expected = (
                    round_exact(100 * sum(shares, Fraction(0)) / len(shares)) if shares else None
                )
                got = None if pd.isna(average) else average
                assert got == expected, (code, row.year, row.measure)
                checked += 1
    assert checked >= 100


@pytest.mark.parametrize("peers", PEERS)
def test_the_sums_the_averages_are_taken_from_count_each_organization_once(
    db: Database, peers: Filters
) -> None:
    """What the averages are taken from (stored for the own superior, summed for a committee or
    organizations named): each year and kind of whole, as many organizations and as many
    members as the peers' own rows hold, in all and in the sector, each organization once."""
    results = a.org_results(db, 2015, 2026, peers)
    sums = a.org_peer_sums(db, 2015, 2026, peers, "commune")
    assert not results.empty
    for whole_of in ("members_evaluated", "members_total"):
        rows = results[results[whole_of] > 0]
        mine = sums[sums["whole_of"] == whole_of].groupby("year").sum(numeric_only=True)
        expected = rows.groupby("year").agg(
            orgs=("org_code", "size"), members_good=("members_good", "sum")
        )
        assert mine["orgs"].tolist() == expected["orgs"].tolist(), whole_of
        assert mine["members_good"].tolist() == expected["members_good"].tolist(), whole_of
        assert mine.index.tolist() == expected.index.tolist()
        communes = rows[rows["sector"] == "commune"].groupby("year").size()
        assert mine["sector_orgs"].loc[communes.index].tolist() == communes.tolist()
        assert int(mine["sector_orgs"].sum()) == int(communes.sum())


def test_explorer_threshold_levels_and_totals(db: Database) -> None:
    results = a.org_results(db, 2015, 2024, Filters(sectors=("commune",)))
    below = a.explore(results, threshold=Threshold("members_good_pct", "below", 93.0))
    assert len(below) > 0 and (below["members_good_pct"] < 93.0).all()
    at_least = a.explore(results, threshold=Threshold("members_good_pct", "at_least", 93.0))
    assert len(below) + len(at_least) == len(results)  # every row has members evaluated
    totals = a.explorer_totals(below)
    good = int(below["members_htxsnv"].sum() + below["members_httnv"].sum())
    assert totals["members_good_pct"] == round(100 * good / totals["members_evaluated"], 2)
    assert totals["members_good_pct"] < 93.0
    excellent = a.explore(
        a.explorer_rows(db, 2015, 2024, Filters(sectors=("commune",)), ["HTXSNV", "TSVM"])
    )
    assert set(excellent["org_level"]) <= {"HTXSNV", "TSVM"} and len(excellent) > 0
    with pytest.raises(ValueError):
        Threshold("members_total; drop", "below", 1.0)


def test_the_exemption_matrix_ranks_organizations_not_names(db: Database) -> None:
    """Each row one organization (by code), ranked by its exempted members over the years,
    its figure each year; counted here in SQL from the stored results."""
    from xeploai.screens.exemptions import exempt_matrices

    by_org = a.load_exemptions(db, 2015, 2026, Filters(scope="*"))
    cur = db.cursor()
    try:
        ranked = cur.execute(
            "select org_code, sum(members_exempt) as n,"
            " arg_max(org_name, year) as name from base_org_years"
            " group by org_code order by n desc, name, org_code limit 12"
        ).fetchall()
        cells = {
            (c, y): int(n)
            for c, y, n in cur.execute(
                "select org_code, year, members_exempt from base_org_years"
            ).fetchall()
        }
    finally:
        cur.close()
    ranked_view = a.load_exempt_ranked(db, 2015, 2026, Filters(scope="*"), 12)
    [matrix] = exempt_matrices(by_org, ranked_view, ("exempt",))
    names = [name for _, _, name in ranked]
    assert [str(v).split(" (")[0] for v in matrix.iloc[:, 0]] == names
    for row, (code, _, _) in zip(matrix.itertuples(index=False), ranked, strict=True):
        for column, value in zip(matrix.columns[1:], row[1:], strict=True):
            want = cells.get((code, int(column)))
            assert (pd.isna(value) and want is None) or value == want


def _ranked_from_every_row(by_org: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ranking reckoned in pandas from every organization-year: the exempted summed per
    organization, its name in its last year, the most first, then by name and code."""
    last = by_org.sort_values("year").groupby("org_code", sort=False).tail(1)
    summed = by_org.groupby("org_code", as_index=False)["exempt"].sum()
    out = summed.merge(last[["org_code", "org_name"]], on="org_code")
    out = out.sort_values(["exempt", "org_name", "org_code"], ascending=[False, True, True])
    return out.head(limit)[["org_code", "org_name", "exempt"]].reset_index(drop=True)


@pytest.mark.parametrize(
    ("years", "filters"),
    [
        ((2015, 2026), ALL),
        ((2015, 2026), Filters(scope="*")),
        ((2019, 2024), Filters(scope="HHM")),
        ((2025, 2026), Filters(scope="XA_BADIEM")),
        ((2025, 2026), Filters(scope="TPHCM", sectors=("education", "health"))),
        ((2015, 2026), Filters(scope="*", orgs=("XBD", "AGRI", "XBD-AP1", "NOWHERE"))),
    ],
)
@pytest.mark.parametrize("limit", [1, 7, 200])
def test_the_exemption_ranking_is_every_row_s(
    db: Database, years: tuple[int, int], filters: Filters, limit: int
) -> None:
    """exempt_ranked_by_org ranks as a count over every organization-year of the range would:
    the same organizations, sums, last names and order, and how many there are."""
    every = a.load_exemptions(db, *years, filters)
    ranked = a.load_exempt_ranked(db, *years, filters, limit)
    want = _ranked_from_every_row(every, limit)
    assert len(want) > 0 and (limit > 1 or len(want) == 1)
    pd.testing.assert_frame_equal(
        ranked[["org_code", "org_name", "exempt"]], want, check_dtype=False
    )
    assert set(ranked["orgs"]) == {every["org_code"].nunique()}


def test_the_exemptions_page_shows_the_ranked_organizations_years(db: Database) -> None:
    """The page's matrices: the ranked organizations' years, as cut from every row; its note
    counts every organization of the range."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import exemptions

    sel = Selection(scope="*", year=2024, from_year=2015, to_year=2026)
    every = a.load_exemptions(db, 2015, 2026, Filters(scope="*"))
    want = _ranked_from_every_row(every, exemptions.EXEMPT_MATRIX_ROWS)
    screen = exemptions.build(db, sel)
    assert screen.matrix_counts is not None and screen.matrix_shares is not None
    names = [str(v).split(" (")[0] for v in screen.matrix_counts.iloc[:, 0]]
    assert names == want["org_name"].tolist()
    cells = every.set_index(["org_code", "year"])
    for matrix, value in ((screen.matrix_counts, "exempt"), (screen.matrix_shares, "exempt_pct")):
        for row, code in zip(matrix.itertuples(index=False), want["org_code"], strict=True):
            for column, got in zip(matrix.columns[1:], row[1:], strict=True):
                key = (code, int(column))
                assert (pd.isna(got) and key not in cells.index) or got == cells.loc[key, value]
    total = every["org_code"].nunique()
    assert total > exemptions.EXEMPT_MATRIX_ROWS or screen.matrix_note is None
    if total > exemptions.EXEMPT_MATRIX_ROWS:
        assert screen.matrix_note is not None and f"trong {total:,}".replace(",", ".") in (
            screen.matrix_note
        )


@pytest.mark.parametrize("first", [2015, 2023, 2024])
def test_the_exemption_cards_compare_with_the_year_before_whatever_the_range(
    db: Database, first: int
) -> None:
    """The cards' changes are from the year before the one chosen, read apart when the range
    does not hold it (a range of the year alone): the exempted of both years as stored."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import exemptions
    from xeploai.texts import fmt_delta_int

    screen = exemptions.build(db, Selection(year=2024, from_year=first, to_year=2024))
    [exempt] = [c for c in screen.cards if c.label == exemptions.A["card_exempt"].format(year=2024)]
    own = db.meta("superior_code")
    with db.reader() as cur:
        [(now,), (before,)] = (
            cur.execute(
                "select sum(members_exempt) from org_results r join scope_orgs s"
                " using (year, org_code) where r.year = $year and s.scope_code = $own",
                {"year": y, "own": own},
            ).fetchall()[0]
            for y in (2024, 2023)
        )
    assert now != before  # the demo's exempted move: a change of zero would prove nothing
    assert exempt.delta == fmt_delta_int(now - before)


def test_the_most_exempted_table_keeps_its_first_and_says_so(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the chart of the most exempted, the table of the year's organizations: the first
    ``LISTED_ROWS`` (lowered here) of the whole table, and a note saying how many there are."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import exemptions
    from xeploai.screens.blocks import ChartBlock

    sel = Selection(scope="*", year=2024, from_year=2015, to_year=2024)
    whole = exemptions.build(db, sel).top
    assert isinstance(whole, ChartBlock) and whole.data is not None and whole.note is None
    every = whole.data
    monkeypatch.setattr(exemptions, "LISTED_ROWS", 5)
    cut = exemptions.build(db, sel).top
    assert isinstance(cut, ChartBlock) and cut.data is not None
    pd.testing.assert_frame_equal(cut.data, every.head(5))
    assert cut.note is not None and "hiện 5 tổ chức" in cut.note
    assert f"trong số {len(every)}" in cut.note
    # the whole table: the most exempted first, then by name
    exempt = every["Miễn sinh hoạt"].tolist()
    assert exempt == sorted(exempt, reverse=True)


def test_the_most_exempted_read_narrow_are_those_of_the_whole_year(db: Database) -> None:
    """The exemptions page reads only the year's most exempted (load_exempt_top: the first
    ``limit``, ties kept): its chart of the first ten and its list of the first ``limit`` are
    those of every organization of the year, and so is the count its note gives."""
    from xeploai.screens.exemptions import exempt_org_table

    tied = 0
    for filters in (
        ALL,
        Filters(scope="XA_BADIEM"),
        Filters(scope="*"),
        Filters(sectors=("commune",)),
    ):
        for year in (2019, 2024, 2025, 2026):
            every = a.load_exemptions(db, year, year, filters)
            for limit in (1, 3, 10, 40, 1000):
                top, orgs = a.load_exempt_top(db, year, filters, limit)
                assert orgs == len(every)
                # read narrow: those with at least the limit-th most, no more
                floor = every["exempt"].nlargest(limit).min()
                assert len(top) == int((every["exempt"] >= floor).sum())
                pd.testing.assert_frame_equal(
                    exempt_org_table(top, year, limit), exempt_org_table(every, year, limit)
                )
                if limit >= 10:
                    pd.testing.assert_frame_equal(
                        a.most_exempt(top, year), a.most_exempt(every, year)
                    )
                tied += len(top) > min(limit, len(every))
    assert tied  # a tie at the limit was met: more rows read than listed


def test_the_organization_screen_looks_its_organization_up_in_the_committee(db: Database) -> None:
    """The screen finds its organization in the committee's catalogue by its exact code: one of
    another committee (a stale link), or its code in other letters, asks for one instead."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import organization
    from xeploai.texts import ANALYSIS

    whole = Selection(year=2024, from_year=2015, to_year=2026)
    shown = organization.build(db, replace(whole, org="XBD"))
    assert shown.empty is None and shown.caption
    for stale in (replace(whole, org="xbd"), replace(whole, org="XBD", scope="XA_XTSON")):
        screen = organization.build(db, stale)
        assert screen.empty is not None and screen.empty.text == ANALYSIS["org_pick_prompt"]
        assert not screen.caption


def test_the_organization_screen_shows_no_results_of_one_the_user_may_not_see(
    db: Database,
) -> None:
    """A viewer scoped to some organizations (``peers``) gets no figures of another one, and
    its averages are of theirs."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import organization
    from xeploai.texts import ANALYSIS

    whole = Selection(year=2024, from_year=2015, to_year=2026, org="XBD")
    theirs = Filters(orgs=("XDT", "XBD-AP8"))
    named = db.query("base_orgs_by_code", scope=None, names=["xbd"], orgs=None)
    [name] = named["org_name"].tolist()
    hidden = organization.build(db, whole, peers=theirs)
    assert hidden.levels is None and hidden.empty is not None
    assert hidden.empty.text == ANALYSIS["org_no_results"].format(org=name, first=2015, last=2026)
    shown = organization.build(db, whole, peers=Filters(orgs=("XBD", "XDT")))
    assert shown.empty is None and shown.levels is not None


def test_the_trends_group_charts_each_ignore_their_own_filter_and_keep_the_other(
    db: Database,
) -> None:
    """The sector chart of the trends page sets the sector filter, so it ignores it (every
    sector stays clickable) but keeps the kind filter; the kinds' chart the other way round.
    Each chart's data is its grouping of the organizations the other filter keeps."""
    from xeploai.domain.selection import Selection
    from xeploai.screens import trends
    from xeploai.texts import ANALYSIS

    chosen = Selection(year=2024, from_year=2016, to_year=2024)
    communes = replace(chosen, sectors=("commune",))
    committees = replace(chosen, org_types=("base_committee",))
    every, by_commune, by_committee = (trends.build(db, s) for s in (chosen, communes, committees))
    blocks = {
        name: {b.key: b.data for b in screen.groups if b.data is not None}
        for name, screen in (("all", every), ("communes", by_commune), ("committees", by_committee))
    }
    assert set(blocks["all"]) == {"by_sector", "by_org_type"}
    # the chart of the filter set: as without it
    pd.testing.assert_frame_equal(blocks["communes"]["by_sector"], blocks["all"]["by_sector"])
    pd.testing.assert_frame_equal(blocks["committees"]["by_org_type"], blocks["all"]["by_org_type"])

    def total(data: pd.DataFrame, selection: Selection) -> int:
        kept = load_yearly(db, 2024, 2024, selection.filters()).orgs
        orgs = data[ANALYSIS["orgs"]][data[ANALYSIS["h_year"]] == "2024"]
        assert int(orgs.sum()) == int(kept["total"].iloc[0])
        return int(orgs.sum())

    # the other chart: the organizations the filter keeps, by the other grouping
    assert total(blocks["communes"]["by_org_type"], communes) < total(
        blocks["all"]["by_org_type"], chosen
    )
    assert total(blocks["committees"]["by_sector"], committees) < total(
        blocks["all"]["by_sector"], chosen
    )

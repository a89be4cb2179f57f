"""What is kept between pages and changes of year: the figures of every year (a range is cut
from them), the answers of a read-only handle; never past a change of the data, and every
caller gets frames of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from xeploai.domain.selection import ALL, ANY_SCOPE, EVERY_YEAR, Filters, Selection
from xeploai.metrics.rules import check_year
from xeploai.metrics.summary import previous_like_for_like, year_summary
from xeploai.metrics.yearly import (
    _load_yearly,
    as_published,
    counts_part,
    forget_yearly,
    levels_part,
    load_yearly,
)
from xeploai.screens import appraisal, overview
from xeploai.store import database
from xeploai.store.database import Database


@pytest.fixture
def traced(db: Database) -> Iterator[list[tuple[str, object, float]]]:
    forget_yearly()
    db.forget_results()
    db.trace = []
    yield db.trace  # type: ignore[misc]
    db.trace = None
    forget_yearly()
    db.forget_results()


def _yearly_queries(trace: list[tuple[str, object, float]]) -> list[str]:
    return [name for name, _, _ in trace if name != "targets_by_term"]


# the queries of one load: the year's totals, levels and counts, in one
PER_LOAD = ["year_totals_by_year"]


def test_every_range_is_cut_from_one_load_of_every_year(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    first = load_yearly(db, 2015, 2024)
    assert _yearly_queries(traced) == PER_LOAD
    again = load_yearly(db, 2015, 2024)
    pd.testing.assert_frame_equal(first.measures, again.measures)
    # another range of the same filters: cut from the kept figures, no query
    narrow = load_yearly(db, 2019, 2020)
    assert _yearly_queries(traced) == PER_LOAD
    assert narrow.years == [2019, 2020]
    # … and the same as the range queried on its own
    with as_published(db):
        asked = _load_yearly(db, 2019, 2020, narrow.filters)
    for part in ("orgs", "members", "cells", "levels", "measures"):
        pd.testing.assert_frame_equal(getattr(narrow, part), getattr(asked, part))
    # other filters: their own queries
    before = len(_yearly_queries(traced))
    load_yearly(db, 2019, 2020, Filters(sectors=("education",)))
    assert _yearly_queries(traced)[before:] == PER_LOAD


def test_a_committee_s_organizations_named_are_read_for_every_year_at_once(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    """A viewer's organizations, or a link's: their own rows, not the stored sums, whose query
    costs about as much for every year as for one; the pages ask for the year, the year before
    and the years until it, so every year is read once and each range cut from it, as the
    range queried on its own."""
    chosen = Filters(orgs=("AGRI", "BHXH"))
    first = load_yearly(db, 2023, 2024, chosen)
    assert _yearly_queries(traced) == PER_LOAD
    asked = {(p["from_year"], p["to_year"]) for _, p, _ in traced}  # type: ignore[index]
    assert asked == {EVERY_YEAR}
    assert first.years == [2023, 2024]
    for years in ((2023, 2024), (2024, 2024), (2019, 2020), (2015, 2024)):
        cut = load_yearly(db, *years, chosen)
        with as_published(db):
            alone = _load_yearly(db, *years, chosen)
        for part in ("orgs", "members", "cells", "levels", "measures"):
            pd.testing.assert_frame_equal(getattr(cut, part), getattr(alone, part))
    assert first.orgs["total"].tolist() == [2, 2]
    # the ranges were cut from the first load: the only query but those made on their own
    assert _yearly_queries(traced) == PER_LOAD * 5


def test_organizations_named_across_committees_are_read_for_the_years_asked(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    """The like-for-like units of the year before (any committee): a national year's are tens
    of thousands of codes, and every year of them costs as many years as are read (0,45 s
    against 0,1 for one), so only the years asked are read, and kept as such."""
    chosen = Filters(orgs=("AGRI", "BHXH"), scope=ANY_SCOPE)
    first = load_yearly(db, 2023, 2024, chosen)
    assert _yearly_queries(traced) == PER_LOAD
    asked = {(p["from_year"], p["to_year"]) for _, p, _ in traced}  # type: ignore[index]
    assert asked == {(2023, 2024)}
    again = load_yearly(db, 2023, 2024, chosen)  # kept
    assert _yearly_queries(traced) == PER_LOAD
    pd.testing.assert_frame_equal(first.measures, again.measures)
    with as_published(db):
        whole = _load_yearly(db, 2015, 2026, chosen).between(2023, 2024)
    for part in ("orgs", "members", "cells", "levels", "measures"):
        pd.testing.assert_frame_equal(getattr(first, part), getattr(whole, part))
    # another range of the same list: its own queries, its own years
    other = load_yearly(db, 2019, 2020, chosen)
    assert _yearly_queries(traced) == PER_LOAD * 3  # the first, the whole, this one
    assert other.years == [2019, 2020]


def test_a_change_of_the_data_is_never_served_from_the_kept(
    db: Database, traced: list[tuple[str, object, float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_yearly(db, 2015, 2024)
    monkeypatch.setattr(db, "data_version", lambda: "after-an-import")
    db.forget_results()  # a write publishes a new generation: a new handle, nothing kept
    load_yearly(db, 2015, 2024)
    assert _yearly_queries(traced) == PER_LOAD * 2


def test_each_caller_gets_frames_of_its_own(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    mine = load_yearly(db, 2015, 2024)
    total = int(mine.orgs["total"].sum())
    mine.orgs["total"] = 0
    assert int(load_yearly(db, 2015, 2024).orgs["total"].sum()) == total


def test_a_read_only_handle_answers_the_same_query_once(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    first = db.query("committees_by_year", from_year=0, to_year=9999)
    first["scope_name"] = "changed by a caller"
    second = db.query("committees_by_year", from_year=0, to_year=9999)
    assert [name for name, _, _ in traced] == ["committees_by_year"]
    assert "changed by a caller" not in set(second["scope_name"])
    # other parameters are another question
    db.query("committees_by_year", from_year=2019, to_year=2019)
    assert len(traced) == 2


def test_a_large_answer_is_not_kept_and_a_writer_keeps_nothing(
    demo_db_path: Path, writable_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "RESULTS_MAX_BYTES", 4 * 1024)  # a quarter: 1 KiB
    with Database(demo_db_path) as reader:
        reader.trace = []
        for _ in range(2):
            reader.query("committees_by_year", from_year=0, to_year=9999)  # tens of KiB
            reader.query("years_by_data")  # a few hundred bytes
        assert [n for n, _, _ in reader.trace] == [
            "committees_by_year",
            "years_by_data",
            "committees_by_year",
        ]
    with Database(writable_db_path, read_only=False) as writer:
        writer.trace = []
        writer.query("years_by_data")
        writer.query("years_by_data")
        assert len(writer.trace) == 2


def test_the_yearly_parts_are_in_the_order_of_the_years_whatever_the_rows_order(
    db: Database,
) -> None:
    """``counts_part`` and ``levels_part`` make their rows by year, subject (and level) from
    the totals' rows, and ``Yearly.between`` cuts a range as a slice of each part: the order
    is theirs to keep, whatever order the totals come in."""
    with as_published(db):
        totals = db.query("year_totals_by_year", from_year=2015, to_year=2026, **ALL.params())
        backwards = totals.iloc[::-1].reset_index(drop=True)
        for part in (counts_part, levels_part):
            pd.testing.assert_frame_equal(part(backwards), part(totals))
        counts, levels = counts_part(totals), levels_part(totals)
    assert len(counts) == 3 * len(totals) and len(counts) > 3
    by_subject = list(zip(counts["year"], counts["subject"], strict=True))
    assert by_subject == sorted(by_subject)
    by_level = list(zip(levels["year"], levels["subject"], levels["level_rank"], strict=True))
    assert by_level == sorted(by_level)


def test_the_overview_runs_no_rule_check(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    """The overview shows no rule findings (Kiểm tra quy tắc does): its year's summary is made
    without them. Checking the year's rules was a fifth of its cold run."""
    check_year(db, 2019)
    rule_queries = {name for name, _, _ in traced}
    assert rule_queries
    traced.clear()
    db.forget_results()
    overview.build(db, 2019)
    ran = {name for name, _, _ in traced}
    assert "year_totals_by_year" in ran
    assert not ran & rule_queries, ran & rule_queries


def test_the_appraisal_page_and_the_year_before_read_no_targets(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    """Quy trình đánh giá shows no targets, and the year before is compared, its targets never
    shown: neither reads the term's targets. The overview still reads them for its year."""
    with as_published(db):
        assert year_summary(db, 2019)["targets"]  # type: ignore[index]
        assert year_summary(db, 2019, with_targets=False)["targets"] == []  # type: ignore[index]
    traced.clear()
    db.forget_results()
    forget_yearly()
    appraisal.build(db, Selection(year=2019, from_year=2015, to_year=2019))
    assert "year_totals_by_year" in {name for name, _, _ in traced}
    assert "targets_by_term" not in {name for name, _, _ in traced}
    traced.clear()
    db.forget_results()
    forget_yearly()
    with as_published(db):
        before, _ = previous_like_for_like(db, 2020)
    assert before is not None and before["year"] == 2019
    assert "targets_by_term" not in {name for name, _, _ in traced}
    traced.clear()
    db.forget_results()
    forget_yearly()
    overview.build(db, 2020)
    assert [p for name, p, _ in traced if name == "targets_by_term"]

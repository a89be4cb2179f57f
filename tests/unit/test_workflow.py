"""The calendar of quarters, the moves between steps, and the day things are reckoned from."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from xeploai.domain.workflow import Quarter, last_ended_quarter, today


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 1), Quarter(2026, 1)),
        (dt.date(2026, 3, 31), Quarter(2026, 1)),
        (dt.date(2026, 4, 1), Quarter(2026, 2)),
        (dt.date(2026, 12, 1), Quarter(2026, 4)),  # the demo's "today": Q4 has not ended
    ],
)
def test_the_quarter_of_a_day(day: dt.date, expected: Quarter) -> None:
    assert Quarter.of(day) == expected


def test_a_quarter_ends_and_its_report_falls_due() -> None:
    q3 = Quarter(2026, 3)
    assert (q3.start, q3.end, q3.due) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 10),
    )
    # the fourth ends with the year; February of a leap year
    assert Quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    # a quarter is over the day after its end, not on it
    assert not q3.ended(dt.date(2026, 9, 30)) and q3.ended(dt.date(2026, 10, 1))
    assert not Quarter(2026, 4).ended(dt.date(2026, 12, 1))


def test_quarters_follow_each_other_across_years() -> None:
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2026, 2).previous().next() == Quarter(2026, 2)
    assert sorted([Quarter(2026, 1), Quarter(2025, 4), Quarter(2025, 2)])[0] == Quarter(2025, 2)
    assert last_ended_quarter(dt.date(2026, 12, 1)) == Quarter(2026, 3)
    assert last_ended_quarter(dt.date(2027, 1, 15)) == Quarter(2026, 4)


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_there_are_four_quarters(quarter: int) -> None:
    with pytest.raises(ValueError, match="quarter"):
        Quarter(2026, quarter)


def test_today_can_be_fixed_for_a_rehearsal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XEPLOAI_TODAY", "2026-12-01")
    assert today() == dt.date(2026, 12, 1)
    monkeypatch.delenv("XEPLOAI_TODAY")
    assert today() == dt.date.today()
    monkeypatch.setenv("XEPLOAI_TODAY", "1/12/2026")  # a program's setting: wrong is an error
    with pytest.raises(ValueError):
        today()


DAY = dt.date(2026, 12, 1)


def random_items(seed: int = 7, count: int = 60) -> pd.DataFrame:
    """Items of plans as remediation_items_by_item gives them (one name per organization),
    in no order: two review years, a hundred codes, three names shared among them, deadlines
    passed, to come or missing, and every latest status."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        year, code = rng.choice([2024, 2025]), f"O{rng.randint(0, 99):02d}"
        name = rng.choice(["Chi bộ An", "Chi bộ Bình", "Đảng bộ Cần"])
        for no in range(1, rng.randint(1, 3) + 1):
            rows.append(
                {
                    "plan_year": year,
                    "org_code": code,
                    "org_name": name,
                    "item_no": no,
                    "shortcoming": "…",
                    "deadline": rng.choice([dt.date(2026, 3, 31), dt.date(2027, 6, 30), None]),
                    "last_status": rng.choice([None, "in_progress", "not_started", "done"]),
                }
            )
    items = pd.DataFrame(rows).drop_duplicates(["plan_year", "org_code", "item_no"])
    # one organization, one name (as the query names it)
    items["org_name"] = items.groupby("org_code")["org_name"].transform("first")
    return items.reset_index(drop=True)


def no_reports() -> pd.DataFrame:
    """An organization's quarterly reports when it has made none (the stored table's columns)."""
    from xeploai.ingest.spec import TABLE_COLUMNS

    return pd.DataFrame(columns=list(TABLE_COLUMNS["remediation_reports"]))


def test_the_report_form_offers_the_plans_most_wanted_first() -> None:
    """The plans with an item overdue first, then those with an item open; then the latest
    review first, by the organization's name, then its code (names repeat): the order pandas
    gave when it grouped by name (kept here), whatever the order of the rows."""
    from xeploai.metrics.remediation import item_states
    from xeploai.screens.remediation import report_form
    from xeploai.texts import FORMS

    day = DAY
    items = random_items()
    states = item_states(items, day)
    expected = (
        states.groupby(["plan_year", "org_code", "org_name"], as_index=False)
        .agg(overdue=("overdue", "any"), done=("done", "all"))
        .sort_values(
            ["overdue", "done", "plan_year", "org_name"], ascending=[False, True, False, True]
        )
    )
    plans = list(zip(expected["plan_year"], expected["org_code"], strict=True))
    assert len(set(expected["org_name"])) < len(plans)  # names repeat: the code breaks ties
    none = no_reports()
    for seed in range(4):
        shuffled = items.sample(frac=1, random_state=seed).reset_index(drop=True)
        form = report_form(shuffled, lambda org: none, day, None, None)
        assert form is not None
        assert list(form.plans) == plans
        assert form.plan_labels == {
            (y, c): FORMS["plan_option"].format(org=n, year=y)
            for y, c, n in zip(
                expected["plan_year"], expected["org_code"], expected["org_name"], strict=True
            )
        }


def progress_as_pandas_grouped(states: pd.DataFrame) -> pd.DataFrame:
    """The progress of each plan as pandas made it before the forty-fourth stop (grouped on the
    text keys, then sorted): the reference the faster count is held to."""
    from xeploai.domain.numbers import pct_series

    flags = states.assign(
        is_in_progress=states["state"] == "in_progress",
        is_not_started=states["state"] == "not_started",
    )
    out = flags.groupby(["plan_year", "org_code", "org_name"], as_index=False).agg(
        items=("item_no", "size"),
        done=("done", "sum"),
        in_progress=("is_in_progress", "sum"),
        not_started=("is_not_started", "sum"),
        overdue=("overdue", "sum"),
    )
    out["done_pct"] = pct_series(out["done"], out["items"])
    return out.sort_values(
        ["overdue", "done_pct", "org_name"], ascending=[False, True, True]
    ).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_plans_progress_is_counted_as_pandas_grouped_it(seed: int) -> None:
    """Each plan's items, remedied, in progress, not started and overdue, and its share, in the
    page's order (the most overdue, then the least remedied, by name; names repeat), the same
    as pandas' grouping gave, whatever the order of the items; text columns as the query gives
    them (Arrow) or as Python objects."""
    from xeploai.metrics.remediation import item_states, progress

    items = random_items(seed, 200)
    expected = progress_as_pandas_grouped(item_states(items, DAY))
    assert len(set(expected["org_name"])) < len(expected)  # names repeat
    assert expected["overdue"].nunique() > 1 and expected["done_pct"].nunique() > 2
    for order in range(3):
        shuffled = items.sample(frac=1, random_state=order).reset_index(drop=True)
        for text in ("object", "str"):
            typed = shuffled.astype({c: text for c in ("org_code", "org_name", "last_status")})
            got = progress(item_states(typed, DAY))
            pd.testing.assert_frame_equal(
                got.astype({"org_code": object, "org_name": object}),
                expected.astype({"org_code": object, "org_name": object}),
            )


def test_the_plans_are_counted_in_the_order_they_first_come() -> None:
    from xeploai.metrics.remediation import item_states, plans

    items = random_items(5, 80).sample(frac=1, random_state=2).reset_index(drop=True)
    got = plans(item_states(items, DAY))
    first = items.drop_duplicates(["plan_year", "org_code"])
    assert list(zip(got["plan_year"], got["org_code"], strict=True)) == list(
        zip(first["plan_year"], first["org_code"], strict=True)
    )
    assert got["items"].tolist() == [
        int(((items["plan_year"] == y) & (items["org_code"] == c)).sum())
        for y, c in zip(got["plan_year"], got["org_code"], strict=True)
    ]


@pytest.mark.parametrize("seed", [1, 4])
def test_the_status_counts_plans_and_organizations_as_pandas_did(seed: int) -> None:
    """The open plans (an item not remedied) and the organizations with an item overdue,
    counted as pandas' ``drop_duplicates`` and ``nunique`` counted them; the reports' counts
    from the rows given."""
    from xeploai.metrics.remediation import item_states, status

    states = item_states(random_items(seed, 200), DAY)
    reports = pd.DataFrame(
        {"expected": [True, True, False], "reported": [True, False, True], "late": [False] * 3}
    )
    s = status(states, reports, DAY)
    open_items = states[~states["done"]]
    assert s.plans == len(open_items[["plan_year", "org_code"]].drop_duplicates())
    assert s.items_open == len(open_items)
    assert s.overdue_items == int(states["overdue"].sum()) > 0
    assert s.overdue_orgs == states.loc[states["overdue"], "org_code"].nunique()
    # an organization overdue in two plans is counted once
    assert s.overdue_orgs < len(
        states.loc[states["overdue"], ["plan_year", "org_code"]].drop_duplicates()
    )
    assert (s.expected, s.reported, s.missing) == (2, 2, 1)


def test_the_report_form_keeps_the_plan_asked_for_and_else_the_first() -> None:
    """A committee of more plans than the form lists: a plan asked for that is not among those
    listed stays, first; a plan that is not the committee's gives way to the first listed; words
    that find nothing leave the plan asked for alone, or else the first plan of all."""
    from xeploai.screens.remediation import ReportForm, report_form

    items = random_items(3, 120)
    none = no_reports()

    def form(
        plan: tuple[int, str] | None, words: str = "", found: frozenset[str] = frozenset()
    ) -> ReportForm:
        made = report_form(
            items, lambda org: none, DAY, plan, None, limit=5, words=words, found=found
        )
        assert made is not None
        return made

    whole = report_form(items, lambda org: none, DAY, None, None)
    assert whole is not None and not whole.search
    every = list(whole.plans)
    first = form(None)
    assert first.search and list(first.plans) == every[:5] and first.plan == every[0]
    late = every[-1]
    asked = form(late)
    assert list(asked.plans) == [late, *every[:5]] and asked.plan == late
    assert asked.plan_labels[late] == whole.plan_labels[late]
    stranger = form((2024, "NOT-HERE"))
    assert list(stranger.plans) == every[:5] and stranger.plan == every[0]
    code = every[7][1]
    found = form(None, "x", frozenset({code}))
    assert list(found.plans) == [p for p in every if p[1] == code][:5]
    nothing = form(None, "x", frozenset())
    assert list(nothing.plans) == [every[0]] and nothing.search_note
    kept = form(late, "x", frozenset())
    assert list(kept.plans) == [late] and kept.plan == late

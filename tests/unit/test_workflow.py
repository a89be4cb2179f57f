"""The calendar of quarters, the moves between steps, and the day things are reckoned from."""

from __future__ import annotations

import datetime as dt

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


def test_the_report_form_offers_the_plans_most_wanted_first() -> None:
    """The plans with an item overdue first, then those with an item open; then the latest
    review first, by the organization's name, then its code (names repeat): the order pandas
    gave when it grouped by name (kept here), whatever the order of the rows."""
    import random

    import pandas as pd

    from xeploai.metrics.remediation import item_states
    from xeploai.screens.remediation import report_form
    from xeploai.texts import FORMS

    rng = random.Random(7)
    day = dt.date(2026, 12, 1)
    rows = []
    for _ in range(60):
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
                    "last_status": rng.choice([None, "in_progress", "done"]),
                }
            )
    items = pd.DataFrame(rows).drop_duplicates(["plan_year", "org_code", "item_no"])
    # one organization, one name (as the query names it)
    items["org_name"] = items.groupby("org_code")["org_name"].transform("first")
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
    reported = ["plan_year", "org_code", "item_no", "report_year", "report_quarter"]
    none = pd.DataFrame(
        columns=[*reported, "item_status", "done_text", "assessment", "reported_on"]
    )
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

"""The attention list's order: the worst first, then by name and code, a missing value last.
The overview asks only for the first few of each kind; those are picked without sorting the
rest, and must be exactly the beginning of the whole list (which the deck and the report
show)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import numpy as np
import pandas as pd
import pytest

from xeploai.metrics import attention as attention_module
from xeploai.metrics.attention import _Kind, attention
from xeploai.metrics.workflow import HELD_UP_COLUMNS
from xeploai.store.database import AtOnce, Database


class _NoDatabase:
    """What ``attention`` is given where its reads are replaced: calls run one by one."""

    @contextmanager
    def at_once(self) -> Iterator[AtOnce]:
        yield AtOnce(None)


NO_DATABASE = cast("Database", _NoDatabase())


def _frame(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    """Organizations with many ties: few distinct values, names shared by several codes."""
    worst = rng.integers(0, 5, rows).astype("float64")
    worst[rng.random(rows) < 0.1] = np.nan
    return pd.DataFrame(
        {
            "org_code": pd.array([f"C{i:04d}" for i in rng.permutation(rows)], dtype="string"),
            "org_name": pd.array(
                [f"Chi bộ {chr(0x41 + int(k))}" for k in rng.integers(0, 4, rows)],
                dtype="string",
            ),
            "worst": worst,
        }
    )


def _expected(frame: pd.DataFrame, picked: np.ndarray | None) -> list[str]:
    rows = frame if picked is None else frame[picked]
    ordered = rows.sort_values(
        ["worst", "org_name", "org_code"], ascending=[False, True, True], na_position="last"
    )
    return [str(c) for c in ordered["org_code"]]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("rows", [1, 7, 40, 300])
def test_the_first_few_are_the_whole_lists_beginning(seed: int, rows: int) -> None:
    rng = np.random.default_rng(seed)
    frame = _frame(rng, rows)
    picked = rng.random(rows) < 0.6 if seed % 2 else None
    by_column = _Kind("k", frame, dict, picked, "worst")
    beside = _Kind("k", frame, dict, picked, frame["worst"].to_numpy())  # values beside it
    expected = _expected(frame, picked)
    for kind in (by_column, beside):
        assert kind.first(None)["org_code"].tolist() == expected
        for shown in (1, 2, 3, 8, rows + 1):
            assert kind.first(shown)["org_code"].tolist() == expected[:shown], shown


def test_a_nullable_count_is_read_with_its_missing_values_last() -> None:
    frame = pd.DataFrame(
        {
            "org_code": ["A", "B", "C", "D"],
            "org_name": ["Một", "Hai", "Ba", "Bốn"],
            "worst": pd.array([3, None, 4, 3], dtype="Int64"),
        }
    )
    kind = _Kind("k", frame, dict, None, "worst")
    assert kind.first(None)["org_code"].tolist() == ["C", "D", "A", "B"]
    assert kind.first(3)["org_code"].tolist() == ["C", "D", "A"]


def test_each_organization_late_counts_its_items_and_their_oldest_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An organization with remediation overdue is listed once: how many of its items (of
    plans up to the year's review) are late on the day and the oldest of their deadlines, the
    most days late first; an item done, not yet due, of a later plan, or of an organization
    not in the year's view is not counted."""
    day = dt.date(2026, 12, 1)
    results = pd.DataFrame(
        {
            "org_code": ["A", "B", "C"],
            "org_name": ["Chi bộ A", "Chi bộ B", "Chi bộ C"],
            "org_level": ["HTNV"] * 3,
            "org_rank": [2, 2, 2],
            "members_total": [10, 10, 10],
            "members_exempt": [0, 0, 0],
            "members_evaluated": [10, 10, 10],
            "members_good": [10, 10, 10],
            "members_khtnv": [0, 0, 0],
        }
    )
    items = pd.DataFrame(
        {
            "plan_year": [2025, 2025, 2025, 2025, 2026, 2025, 2025],
            "org_code": ["A", "A", "A", "B", "B", "C", "Z"],
            "item_no": [1, 2, 3, 1, 1, 1, 1],
            "deadline": pd.to_datetime(
                [
                    "2026-09-30",  # A: late 62 days
                    "2026-06-30",  # A: late 154 days, the oldest
                    "2026-03-31",  # A: done
                    "2026-08-23",  # B: late 100 days: between A's two
                    "2026-01-31",  # B: a later plan than the year's review
                    "2027-03-31",  # C: not yet due
                    "2026-01-31",  # Z: not in the year's view
                ]
            ),
            "last_status": [None, "in_progress", "done", None, None, None, None],
        }
    )
    monkeypatch.setattr(attention_module, "load_states", lambda db, scope, orgs: items)
    monkeypatch.setattr(
        attention_module,
        "held_up",
        lambda *args: pd.DataFrame(
            {"org_code": [], "org_name": [], "reason": [], "reference": [], "status_date": []}
        ),
    )
    found = attention(NO_DATABASE, 2025, day=day, results=results)
    assert [(i.org_code, i.facts) for i in found.of("overdue")] == [
        ("A", {"overdue": 2, "oldest_deadline": dt.date(2026, 6, 30)}),
        ("B", {"overdue": 1, "oldest_deadline": dt.date(2026, 8, 23)}),
    ]
    assert found.count("overdue") == 2
    assert found.org_count == 2


def test_a_missing_member_count_counts_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """The committee's exemption share is taken over the counts given (a missing count is no
    member), and an organization without a count is never far above it."""
    results = pd.DataFrame(
        {
            "org_code": ["A", "B", "C", "D"],
            "org_name": ["Chi bộ A", "Chi bộ B", "Chi bộ C", "Chi bộ D"],
            "org_level": ["HTNV"] * 4,
            "org_rank": [2, 2, 2, 2],
            "members_total": pd.array([40, None, 20, 40], dtype="Int64"),
            "members_exempt": pd.array([2, None, 9, 1], dtype="Int64"),
            "members_evaluated": [38, 0, 11, 39],
            "members_good": [38, 0, 11, 39],
            "members_khtnv": [0, 0, 0, 0],
        }
    )
    nothing = pd.DataFrame(columns=list(HELD_UP_COLUMNS))  # no organization held up
    monkeypatch.setattr(attention_module, "held_up", lambda *args: nothing)
    monkeypatch.setattr(
        attention_module,
        "load_states",
        lambda db, scope, orgs: pd.DataFrame(
            {
                "plan_year": pd.array([], dtype="int64"),
                "org_code": [],
                "item_no": [],
                "deadline": pd.to_datetime([]),
                "last_status": [],
            }
        ),
    )
    found = attention(NO_DATABASE, 2025, day=dt.date(2026, 12, 1), results=results)
    assert [(i.org_code, i.facts) for i in found.of("exempt_high")] == [
        ("C", {"exempt": 9, "exempt_pct": 45.0, "scope_exempt_pct": 12.0})
    ]

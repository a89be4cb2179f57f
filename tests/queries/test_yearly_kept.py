"""The figures of a range of years are kept between pages and changes of year, never past a
change of the data, and every caller gets frames of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from xeploai.metrics.yearly import forget_yearly, load_yearly
from xeploai.store.database import Database


@pytest.fixture
def traced(db: Database) -> Iterator[list[tuple[str, object, float]]]:
    forget_yearly()
    db.trace = []
    yield db.trace  # type: ignore[misc]
    db.trace = None
    forget_yearly()


def _yearly_queries(trace: list[tuple[str, object, float]]) -> list[str]:
    return [name for name, _, _ in trace if name != "targets_by_term"]


def test_the_same_range_is_queried_once(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    first = load_yearly(db, 2015, 2024)
    asked = len(_yearly_queries(traced))
    assert asked == 5
    again = load_yearly(db, 2015, 2024)
    assert len(_yearly_queries(traced)) == asked
    pd.testing.assert_frame_equal(first.measures, again.measures)
    # another range, other filters: their own queries
    load_yearly(db, 2019, 2024)
    assert len(_yearly_queries(traced)) == 2 * asked


def test_a_change_of_the_data_is_never_served_from_the_kept(
    db: Database, traced: list[tuple[str, object, float]], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_yearly(db, 2015, 2024)
    monkeypatch.setattr(db, "data_version", lambda: "after-an-import")
    load_yearly(db, 2015, 2024)
    assert len(_yearly_queries(traced)) == 10


def test_each_caller_gets_frames_of_its_own(
    db: Database, traced: list[tuple[str, object, float]]
) -> None:
    mine = load_yearly(db, 2015, 2024)
    total = int(mine.orgs["total"].sum())
    mine.orgs["total"] = 0
    assert int(load_yearly(db, 2015, 2024).orgs["total"].sum()) == total

"""The domain: levels, schemes over time, the rounding rule, targets."""

from __future__ import annotations

import pandas as pd
import pytest

from xeploai.domain.levels import (
    LEVEL_RANK,
    SCORE_BAND_FLOORS,
    SCORE_BANDS,
    level_from_score,
    levels_for,
    scheme_for_year,
)
from xeploai.domain.measures import target_met
from xeploai.domain.numbers import ROUNDINGS, Rounding, pct, pct_series, rounding
from xeploai.texts import fmt_int, fmt_pct, fmt_pp, fmt_score


@pytest.mark.parametrize(
    ("year", "subject", "expected"),
    [
        # organizations keep the old words through 2017, members already rated "hoàn thành"
        (2017, "base_orgs", ("TSVM", "HTTNV", "HTNV", "YK")),
        (2017, "members", ("HTXSNV", "HTTNV", "HTNV", "KHTNV")),
        # the break: from 2018 TSVM is a commendation, not a level
        (2018, "base_orgs", ("HTXSNV", "HTTNV", "HTNV", "KHTNV")),
        (2018, "subordinate_cells", ("HTXSNV", "HTTNV", "HTNV", "KHTNV")),
        (2023, "base_orgs", ("HTXSNV", "HTTNV", "HTNV", "KHTNV")),
        (2026, "members", ("HTXSNV", "HTTNV", "HTNV", "KHTNV")),
    ],
)
def test_levels_in_force(year: int, subject: str, expected: tuple[str, ...]) -> None:
    assert levels_for(subject, year) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2014, "HD27_2014"),
        (2017, "HD27_2014"),
        (2018, "QD132_2018"),
        (2022, "QD132_2018"),
        (2023, "QD124_2023"),
        (2024, "QD124_2023"),
        (2025, "QD366_2025"),
        (2030, "QD366_2025"),
    ],
)
def test_scheme_boundaries(year: int, code: str) -> None:
    assert scheme_for_year(year).code == code


def test_ranks_compare_only_good_or_better_across_the_break() -> None:
    # the old top level and the new one are both rank 1 but different levels
    assert LEVEL_RANK["TSVM"] == LEVEL_RANK["HTXSNV"] == 1
    assert LEVEL_RANK["YK"] == LEVEL_RANK["KHTNV"] == 4


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (39, 43, 90.70),  # 90.697… rounds up
        (489, 7132, 6.86),  # 6.8564… (Củ Chi's published 6.85% was truncated)
        (5050, 7132, 70.81),  # published 70.8
        (1525, 7132, 21.38),
        (68, 7132, 0.95),
        (1, 8, 12.5),  # exact
        (1, 16, 6.25),  # exact .25
        (1, 3, 33.33),
        (2, 3, 66.67),
        (7, 8000, 0.09),  # 0.0875 → half away from zero, no binary float drift
        (0, 5, 0.0),
        (5, 5, 100.0),
        (1, 0, None),  # nobody rated: no percentage, not zero
    ],
)
def test_pct_rounding_rule(part: int, whole: int, expected: float | None) -> None:
    assert pct(part, whole) == expected


@pytest.mark.parametrize("mode", ROUNDINGS)
def test_pct_series_agrees_with_pct(mode: Rounding) -> None:
    parts = [39, 489, 7, 0, 1, 3, 2]
    wholes = [43, 7132, 8000, 5, 0, 7, 3]
    index = [10, 3, 7, 1, 0, 5, 2]  # the parts' own index, kept
    with rounding(mode):
        got = pct_series(pd.Series(parts, index=index), pd.Series(wholes, index=index))
        expected = [pct(p, w) for p, w in zip(parts, wholes, strict=True)]
    assert str(got.dtype) == "Float64" and got.index.tolist() == index and got.name is None
    assert got.isna().tolist() == [e is None for e in expected]
    assert got.astype(object).where(got.notna(), None).tolist() == expected


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "HTXSNV"),
        (90, "HTXSNV"),
        (89.99, "HTTNV"),
        (70, "HTTNV"),
        (69.5, "HTNV"),
        (50, "HTNV"),
        (49.9, "KHTNV"),
        (0, "KHTNV"),
    ],
)
def test_level_from_score_2025(score: float, level: str) -> None:
    assert level_from_score(score) == level


def test_a_scores_band_is_the_rank_of_its_level() -> None:
    """The queries of scores reckon a band as 1 + how many floors lie above the score: that is
    the rank of the band's level only while the bands run best first, one rank apart."""
    assert [LEVEL_RANK[level] for _, level in SCORE_BANDS] == [1, 2, 3, 4]
    assert list(SCORE_BAND_FLOORS) == sorted(SCORE_BAND_FLOORS, reverse=True)
    for score in (100, 90, 89.99, 70, 69.5, 50, 49.9, 0):
        above = sum(floor > score for floor in SCORE_BAND_FLOORS)
        assert LEVEL_RANK[level_from_score(score)] == 1 + above


def test_level_from_score_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        level_from_score(101)


@pytest.mark.parametrize(
    ("actual", "direction", "target", "met"),
    [
        (90.0, "at_least", 90.0, True),  # "ít nhất" includes the value
        (89.99, "at_least", 90.0, False),
        (0.4, "below", 0.4, False),  # "dưới 0,4%" is strict
        (0.39, "below", 0.4, True),
        (None, "at_least", 90.0, None),
    ],
)
def test_target_met(actual: float | None, direction: str, target: float, met: bool | None) -> None:
    assert target_met(actual, direction, target) is met


@pytest.mark.parametrize(
    ("func", "value", "text"),
    [
        (fmt_int, 6659, "6.659"),
        (fmt_int, 5_500_000, "5.500.000"),
        (fmt_int, 43, "43"),
        (fmt_pct, 87.5, "87,50%"),
        (fmt_pct, 8.71, "8,71%"),
        (fmt_pct, None, "—"),
        (fmt_pp, 1.5, "+1,50 điểm phần trăm"),
        (fmt_pp, -68.02, "-68,02 điểm phần trăm"),
        (fmt_score, 100.0, "100"),
        (fmt_score, 90.0, "90"),
        (fmt_score, 67.5, "67,5"),
        (fmt_score, 81.25, "81,25"),
        (fmt_score, 0.0, "0"),
    ],
)
def test_vietnamese_number_format(func: object, value: float, text: str) -> None:
    assert func(value) == text  # type: ignore[operator]

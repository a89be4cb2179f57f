"""Classification levels and the schemes that define them, and what compares across schemes.

Every level has a rank 1–4 (1 best). The 2018 scheme replaced "Trong sạch, vững mạnh" as the
top level of organizations by "Hoàn thành xuất sắc nhiệm vụ" (DOMAIN.md); which measures compare
across that break and the later ones is ``domain.regimes``'s to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from xeploai.domain.measures import Subject

# Organizations and members are rated on different lists of levels in the old scheme.
LevelKind = Literal["org", "member"]

LEVEL_CODES = ("TSVM", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "YK")
MEMBER_LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


@dataclass(frozen=True)
class Scheme:
    """A classification scheme: the texts in force and the levels they define."""

    code: str
    name: str
    texts: str
    from_year: int
    to_year: int | None
    org_levels: tuple[str, ...]
    member_levels: tuple[str, ...]

    def levels(self, kind: LevelKind) -> tuple[str, ...]:
        return self.org_levels if kind == "org" else self.member_levels

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)


SCHEMES: tuple[Scheme, ...] = (
    Scheme(
        "HD27_2014",
        "Hướng dẫn 27-HD/BTCTW (2014)",
        "Hướng dẫn 27-HD/BTCTW ngày 25/9/2014",
        2014,
        2017,
        ("TSVM", "HTTNV", "HTNV", "YK"),
        MEMBER_LEVELS,
    ),
    Scheme(
        "QD132_2018",
        "Quy định 132-QĐ/TW (2018)",
        "Quy định 132-QĐ/TW; Hướng dẫn 16-HD/BTCTW (2018), 21-HD/BTCTW (2019)",
        2018,
        2022,
        MEMBER_LEVELS,
        MEMBER_LEVELS,
    ),
    Scheme(
        "QD124_2023",
        "Quy định 124-QĐ/TW (2023)",
        "Quy định 124-QĐ/TW; Hướng dẫn 25-HD/BTCTW",
        2023,
        2024,
        MEMBER_LEVELS,
        MEMBER_LEVELS,
    ),
    Scheme(
        "QD366_2025",
        "Quy định 366-QĐ/TW (2025)",
        "Quy định 366-QĐ/TW; Hướng dẫn 43-HD/BTCTW; chấm điểm trên thang 100",
        2025,
        None,
        MEMBER_LEVELS,
        MEMBER_LEVELS,
    ),
)

# Rank 1 is best. Old TSVM and new HTXSNV share rank 1, yet they are not comparable (DOMAIN.md):
# only "good or better" (rank ≤ 2) and "not completed / weak" (rank 4) compare across the break.
LEVEL_RANK: dict[str, int] = {"TSVM": 1, "HTXSNV": 1, "HTTNV": 2, "HTNV": 3, "KHTNV": 4, "YK": 4}
# Below "good": rank 3 (completed its tasks) and worse. What needs attention lists them; the deck
# and the report name them.
BELOW_GOOD_RANK = 3


@lru_cache(maxsize=256)
def scheme_for_year(year: int) -> Scheme:
    """The scheme of the year (asked per row of an import: 1,8 million times for a national
    year's files, hence kept)."""
    for scheme in SCHEMES:
        if scheme.covers(year):
            return scheme
    raise ValueError(f"no scheme covers {year}")


def scheme_by_code(code: str) -> Scheme:
    for scheme in SCHEMES:
        if scheme.code == code:
            return scheme
    raise KeyError(f"no scheme {code!r}")


def level_kind(subject: Subject) -> LevelKind:
    return "member" if subject == "members" else "org"


def levels_for(subject: Subject, year: int) -> tuple[str, ...]:
    return scheme_for_year(year).levels(level_kind(subject))


# Quy định 366-QĐ/TW (2025 →): the bands of a score out of 100, best first, each the lowest
# score of its level (≥ 90 HTXSNV, 70–< 90 HTTNV, 50–< 70 HTNV, < 50 KHTNV). The one home of
# the bands: ``level_from_score`` reads them, and so do the queries of scores, which are given
# ``SCORE_BAND_FLOORS`` as ``$band_floors`` (a score's band is 1 + how many of the floors lie
# above it: the rank of its level).
SCORE_BANDS: tuple[tuple[float, str], ...] = (
    (90, "HTXSNV"),
    (70, "HTTNV"),
    (50, "HTNV"),
    (0, "KHTNV"),
)
SCORE_BAND_FLOORS: tuple[float, ...] = tuple(floor for floor, _ in SCORE_BANDS[:-1])
# The trends page counts the bands from the scores' stored sums by whole point
# (``scope_year_scores``): a whole-point floor is what lets the whole point tell a band.
if any(floor != int(floor) for floor in SCORE_BAND_FLOORS):
    raise ValueError("a score band's floor must be a whole point (scope_year_scores)")


def level_from_score(score: float) -> str:
    """Quy định 366-QĐ/TW (2025 →): the level that a score out of 100 gives."""
    if not 0 <= score <= 100:
        raise ValueError(f"score out of range: {score}")
    return next(level for floor, level in SCORE_BANDS if score >= floor)

"""The domain of yearly quality classification (đánh giá, xếp loại chất lượng).

Glossary (identifiers in English, the Vietnamese term once):

- superior committee: cấp ủy cấp trên trực tiếp (Đảng bộ huyện, Đảng ủy xã …)
- base organization: tổ chức cơ sở đảng (TCCSĐ), of two kinds:
  base committee (đảng bộ cơ sở) and base cell (chi bộ cơ sở)
- subordinate cell: chi bộ trực thuộc đảng ủy cơ sở
- member: đảng viên; exempted: miễn công tác và sinh hoạt đảng; suspended: đình chỉ sinh hoạt;
  new: kết nạp chưa đủ 6 tháng; pending: chưa đánh giá (vắng, chờ kết luận kiểm tra)
- clean and strong: trong sạch, vững mạnh (TSVM) — a level until 2017, a commendation after
- target: chỉ tiêu (of a congress term, nhiệm kỳ)

Rounding rule, stated once for the whole product: a percentage is the exact ratio times 100,
rounded to 2 decimals, half away from zero (87,495… → 87,50; 6,845 → 6,85). It is computed with
integers, so no binary floating point error can move a figure across a rounding boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Subject = Literal["base_orgs", "subordinate_cells", "members"]
SUBJECTS: tuple[Subject, ...] = ("base_orgs", "subordinate_cells", "members")

# Organizations and members are rated on different lists of levels in the old scheme.
LevelKind = Literal["org", "member"]

ORG_TYPES = ("base_committee", "base_cell", "subordinate_cell")
BASE_ORG_TYPES = ("base_committee", "base_cell")
SECTORS = (
    "commune",
    "neighbourhood",
    "education",
    "health",
    "police",
    "military",
    "agency",
    "enterprise",
    "other",
)

LEVEL_CODES = ("TSVM", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "YK")
MEMBER_LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")

# The year the 2018 scheme replaced the old one: trend charts draw the break before it.
SCHEME_BREAK_YEAR = 2018


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
        1900,
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


def scheme_for_year(year: int) -> Scheme:
    for scheme in SCHEMES:
        if scheme.covers(year):
            return scheme
    raise ValueError(f"no scheme covers {year}")


def level_kind(subject: Subject) -> LevelKind:
    return "member" if subject == "members" else "org"


def levels_for(subject: Subject, year: int) -> tuple[str, ...]:
    return scheme_for_year(year).levels(level_kind(subject))


def level_from_score(score: float) -> str:
    """Quy định 366-QĐ/TW (2025 →): the level that a score out of 100 gives."""
    if not 0 <= score <= 100:
        raise ValueError(f"score out of range: {score}")
    if score >= 90:
        return "HTXSNV"
    if score >= 70:
        return "HTTNV"
    if score >= 50:
        return "HTNV"
    return "KHTNV"


def pct(part: int, whole: int) -> float | None:
    """part / whole × 100, rounded to 2 decimals half away from zero; None when whole is 0."""
    if whole == 0:
        return None
    if part < 0 or whole < 0:
        raise ValueError("counts are never negative")
    hundredths = (part * 10000 * 2 + whole) // (2 * whole)
    return hundredths / 100


def round2(value: float) -> float:
    """A difference of two rounded percentages, kept at 2 decimals."""
    return round(value + 0.0, 2)


# Targets (chỉ tiêu): what can be measured of which subject.
Measure = Literal[
    "good_or_better_pct",
    "excellent_pct",
    "clean_strong_pct",
    "not_completed_pct",
    "excellent_of_good_pct",
]
MEASURES: tuple[Measure, ...] = (
    "good_or_better_pct",
    "excellent_pct",
    "clean_strong_pct",
    "not_completed_pct",
    "excellent_of_good_pct",
)
Direction = Literal["at_least", "below"]
DIRECTIONS: tuple[Direction, ...] = ("at_least", "below")


def target_met(actual: float | None, direction: str, target: float) -> bool | None:
    """'at least' includes the target value; 'below' is strict ("dưới 0,4%")."""
    if actual is None:
        return None
    return actual >= target if direction == "at_least" else actual < target

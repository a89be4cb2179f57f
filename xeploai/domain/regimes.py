"""Regimes: which texts govern which evaluation year, and what that changes for the figures.

A regime is a span of evaluation years under the same governing texts (DOMAIN.md, "Regimes").
It says which classification scheme (levels) applies, whether members suspended from party
activities or admitted less than 6 months before are left out of the evaluation, whether
organizations are scored out of 100, and whether the three steps (self-assessment, appraisal,
decision) are in force. Years before 2014 lie outside the known regimes: the product refuses
them rather than map their words silently.

A break is a year from which a measure no longer means what it meant before; a change, a
trend line or a target may only be read across years that no break separates
(``comparable``). Every trend chart draws the breaks that fall in its range.
"""

from __future__ import annotations

from dataclasses import dataclass

from xeploai.texts import GOVERNING_TEXTS

# The first evaluation year of a known regime (Hướng dẫn 27-HD/BTCTW, 25/9/2014).
FIRST_KNOWN_YEAR = 2014


@dataclass(frozen=True)
class Regime:
    code: str
    from_year: int
    to_year: int | None
    texts: tuple[str, ...]  # the governing texts, as cited
    scheme: str  # the code of the classification scheme (``levels.SCHEMES``)
    # Members suspended from party activities and members admitted less than 6 months before:
    # left out of the evaluation by the text (True), or by local practice (None: a setting).
    excludes_suspended_and_new: bool | None
    scored: bool = False  # organizations scored out of 100 (Quy định 366-QĐ/TW)
    three_steps: bool = False  # self-assessment → appraisal → decision (QĐ 124, Điều 11)

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    @property
    def cited(self) -> str:
        return "; ".join(self.texts)


_T = GOVERNING_TEXTS
REGIMES: tuple[Regime, ...] = (
    Regime("HD27_2014", 2014, 2017, (_T["HD27"],), "HD27_2014", excludes_suspended_and_new=None),
    Regime(
        "QD132_HD16_2018",
        2018,
        2018,
        (_T["QD132"], _T["HD16"]),
        "QD132_2018",
        excludes_suspended_and_new=None,
    ),
    Regime(
        "QD132_HD21_2019",
        2019,
        2022,
        (_T["QD132"], _T["HD21"]),
        "QD132_2018",
        excludes_suspended_and_new=True,
    ),
    Regime(
        "QD124_HD25_2023",
        2023,
        2024,
        (_T["QD124"], _T["HD25"]),
        "QD124_2023",
        excludes_suspended_and_new=True,
        three_steps=True,
    ),
    Regime(
        "QD366_HD43_2025",
        2025,
        None,
        (_T["QD366"], _T["HD43"], _T["KL198"]),
        "QD366_2025",
        excludes_suspended_and_new=True,
        scored=True,
        three_steps=True,
    ),
)


# The categories of members who are not evaluated, in the order of the member counts.
ALWAYS_NOT_EVALUATED = ("exempt", "pending")
SUSPENDED_AND_NEW = ("suspended", "new")


def not_evaluated(year: int, practice_excludes: bool = True) -> tuple[str, ...]:
    """The member categories left out of the year's evaluation: the exempted and those not yet
    evaluated always; the suspended and the newly admitted by the text from 2019, before it by
    local practice (``practice_excludes``, a setting)."""
    excludes = regime_for_year(year).excludes_suspended_and_new
    if excludes is None:
        excludes = practice_excludes
    return ("exempt", "suspended", "new", "pending") if excludes else ALWAYS_NOT_EVALUATED


class OutsideKnownRegimes(LookupError):
    """An evaluation year before 2014: its level names are not those of any known scheme."""


def regime_for_year(year: int) -> Regime:
    for regime in REGIMES:
        if regime.covers(year):
            return regime
    raise OutsideKnownRegimes(year)


def is_known(year: int) -> bool:
    return year >= FIRST_KNOWN_YEAR


# --- breaks of comparability -----------------------------------------------------------------

# The measures of organizations whose meaning rests on the top level.
_ORG_TOP = frozenset(
    {
        (subject, measure)
        for subject in ("base_orgs", "subordinate_cells")
        for measure in ("excellent_pct", "clean_strong_pct", "excellent_of_good_pct")
    }
)


@dataclass(frozen=True)
class Break:
    """From ``year`` on, the ``measures`` (subject, measure) mean something else."""

    year: int
    key: str  # the break's label and explanation in ``texts.BREAKS``
    measures: frozenset[tuple[str, str]]
    # What still compares across the break, to show beside a measure that does not.
    instead: str = "good_or_better_pct"


BREAKS: tuple[Break, ...] = (
    # The old top level "trong sạch, vững mạnh" (60–88% of organizations) gave way to
    # "hoàn thành xuất sắc nhiệm vụ", capped near a fifth of the second level; TSVM became a
    # commendation among those. "Good or better" and "not completed / weak" still compare.
    Break(2018, "2018", _ORG_TOP),
    # Quy định 366: the level follows a score out of 100, and the top level asks more (a score
    # of at least 90 and conditions beyond it): the top level of organizations is not the same.
    Break(2025, "2025", _ORG_TOP),
)

# The year the 2018 scheme replaced the old one (the first break; kept for the old texts that
# speak of "the" break).
SCHEME_BREAK_YEAR = BREAKS[0].year


def breaks_between(
    first: int, last: int, subject: str | None = None, measure: str | None = None
) -> tuple[Break, ...]:
    """The breaks that fall after ``first`` and no later than ``last``; with a subject and a
    measure, only those that change it."""
    low, high = min(first, last), max(first, last)
    return tuple(
        b
        for b in BREAKS
        if low < b.year <= high
        and (subject is None or measure is None or (subject, measure) in b.measures)
    )


def comparable(subject: str, measure: str, year_a: int, year_b: int) -> bool:
    """Whether a measure of a subject means the same in both years (a change, a trend line,
    a target set in one year and judged in the other may be drawn between them)."""
    return not breaks_between(year_a, year_b, subject, measure)


def comparable_run(subject: str, measure: str, year: int) -> tuple[int, int | None]:
    """The span of years around ``year`` in which the measure keeps its meaning: from the
    last break at or before it to the year before the next (None: no break after)."""
    starts = [b.year for b in BREAKS if (subject, measure) in b.measures]
    start = max([y for y in starts if y <= year], default=FIRST_KNOWN_YEAR)
    later = [y for y in starts if y > year]
    return start, (min(later) - 1 if later else None)

"""The evaluation as it is worked (DOMAIN.md, "The three steps, the unrated, remediation").

- **Three steps** (QĐ 124-QĐ/TW, Điều 11): the organization's own assessment (tự đánh giá), the
  appraisal and proposal of the superior's organization board (thẩm định, đề xuất), the decision
  of the standing committee (quyết định). The decided level is the result itself
  (``org_results``); the steps before it are kept beside it. Self-assessment and appraisal were
  practised before 2023 too; from 2023 the text requires them (``Regime.three_steps``).
- **Status of the unrated**: why an organization has no level for a year (not yet evaluated,
  paused pending an inspection's conclusion or a disciplinary case, founded less than 6 months
  before, dissolved during the year, evaluation ordered redone), or that it was rated late
  (in January, keeping its year). Members not yet evaluated are told apart the same way: paused
  pending an inspection or a disciplinary case, absent.
- **Remediation**: the shortcomings of a review, the plan's items with deadlines, and the
  quarterly reports of each item (the reference district has base organizations report every
  quarter). A quarter's report is due some days after the quarter ends (*inferred*: a
  setting below); an item is overdue once its deadline has passed and it is not remedied.

Pure: the calendar of quarters, the codes and the thresholds, in one place.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

# --- the status of an organization's evaluation of a year ------------------------------------

# Why an organization has no level (its result's level is blank), in the order a report lists
# them; then the one status of an organization that has a level: rated after the year's end.
UNRATED_STATUSES = (
    "not_evaluated",
    "paused_inspection",
    "paused_discipline",
    "founded_recently",
    "redo",
    "dissolved",
)
RATED_LATE = "rated_late"
STATUSES = (*UNRATED_STATUSES, RATED_LATE)
# Paused: the evaluation waits for a conclusion; the record names the case and its date.
PAUSED_STATUSES = ("paused_inspection", "paused_discipline")
# What the overview asks a leader to look at: evaluations held up (paused, or to be redone).
HELD_UP_STATUSES = (*PAUSED_STATUSES, "redo")
# An unrated organization without a recorded status: founded after 30 June (less than 6 months
# on 31 December, a reason the dates give), else no reason stated.
NOT_STATED = "not_stated"
UNRATED_REASONS = (*UNRATED_STATUSES[:-1], NOT_STATED)  # the dissolved are not counted that year
# Members not yet evaluated ("chưa đánh giá"), by reason; the rest are not stated.
PENDING_REASONS = ("paused", "absent", NOT_STATED)

# --- remediation --------------------------------------------------------------------------

ITEM_STATUSES = ("not_started", "in_progress", "done")
DONE = "done"
# A quarter's report is due this many days after the quarter ends (inferred: the district
# asks for it "early in the following month"; keep it a setting of the deployment).
REPORT_DUE_DAYS = 10

# --- appraisal -----------------------------------------------------------------------------

# A sector's self-assessments are "too generous" only when enough of them were appraised and
# more than one was moved down: a sector of five enterprises with one moved down is not a
# finding, nor is a sector of two schools.
APPRAISAL_MIN_ORGS = 5
APPRAISAL_MIN_DOWN = 2

# --- what needs attention -----------------------------------------------------------------

ATTENTION_KINDS = ("below_good", "members_not_completed", "exempt_high", "overdue", "held_up")
# An organization's share of exempted members "far above" the committee's: at least this many
# times the committee's share, and at least this many members (a cell of 6 with one exempted
# member is not a finding).
EXEMPT_FAR_ABOVE_RATIO = 1.5
EXEMPT_FAR_ABOVE_MIN = 5


def today() -> dt.date:
    """The day deadlines and quarters are reckoned from: the machine's date, or the day in
    ``XEPLOAI_TODAY`` (YYYY-MM-DD) — for a rehearsal or a check that must not move with the
    calendar. A malformed value is a program error, not silently today."""
    fixed = os.environ.get("XEPLOAI_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a year (1–4)."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1–4: {self.quarter}")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def due(self) -> dt.date:
        """The day its report is due."""
        return self.end + dt.timedelta(days=REPORT_DUE_DAYS)

    def next(self) -> Quarter:
        return Quarter(self.year + self.quarter // 4, self.quarter % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.quarter == 1), (self.quarter - 2) % 4 + 1)

    def ended(self, day: dt.date) -> bool:
        """Whether the quarter is over on ``day`` (a report can only be about a past quarter)."""
        return self.end < day

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def last_ended_quarter(day: dt.date) -> Quarter:
    """The quarter whose report is the latest one due on ``day``."""
    return Quarter.of(day).previous()

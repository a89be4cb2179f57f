"""What is measured: the subjects, the measures of a subject's levels, targets and their direction.

A measure is a share ``part / whole`` of one subject's units in one year (``MEASURE_PARTS``):
the one definition that the yearly figures, the per-organization analysis and the exports use.
The counts it divides (``good``, ``excellent`` …) are derived columns of the base view
``base_org_years`` (``store/schema.py``), where the level ranks are resolved once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Subject = Literal["base_orgs", "subordinate_cells", "members"]
SUBJECTS: tuple[Subject, ...] = ("base_orgs", "subordinate_cells", "members")

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


# Each measure as (part, whole): the counts of ``unit_counts`` / ``base_org_years`` it divides.
MEASURE_PARTS: dict[str, tuple[str, str]] = {
    "good_or_better_pct": ("good", "rated"),
    "excellent_pct": ("excellent", "rated"),
    "not_completed_pct": ("not_completed", "rated"),
    "clean_strong_pct": ("clean_strong", "rated"),
    "excellent_of_good_pct": ("excellent", "good"),
}


# Where each subject's counts stand in a row of one base organization's year (the derived
# columns of ``base_org_years``): a base organization is one unit of "base_orgs", rated or not,
# at the level or not; its subordinate cells and its members are counted in it.
UNIT_COLUMNS: dict[str, dict[str, str]] = {
    "base_orgs": {
        "rated": "org_rated",
        "excellent": "org_excellent",
        "good": "org_good",
        "not_completed": "org_not_completed",
        "clean_strong": "org_clean_strong",
    },
    "subordinate_cells": {
        "rated": "cells_rated",
        "excellent": "cells_excellent",
        "good": "cells_good",
        "not_completed": "cells_not_completed",
    },
    "members": {
        "rated": "members_evaluated",
        "excellent": "members_excellent",
        "good": "members_good",
        "not_completed": "members_not_completed",
    },
}


# The explorer's (Tra cứu) ad hoc conditions on an organization's year: a share past a
# threshold, and "not rated" beside the level codes.
THRESHOLD_MEASURES = (
    "members_good_pct",
    "members_excellent_pct",
    "members_not_completed_pct",
    "exempt_pct",
    "cells_good_pct",
)
THRESHOLD_OPS = ("below", "at_least")
NOT_RATED = "not_rated"


@dataclass(frozen=True)
class Threshold:
    """A share (``THRESHOLD_MEASURES``) below, or at least, a value in percent."""

    measure: str
    op: str
    value: float

    def __post_init__(self) -> None:
        if self.measure not in THRESHOLD_MEASURES:
            raise ValueError(f"unknown threshold measure {self.measure!r}")
        if self.op not in THRESHOLD_OPS:
            raise ValueError(f"unknown threshold operator {self.op!r}")
        if not 0 <= self.value <= 100:
            raise ValueError(f"a threshold is a percentage: {self.value!r}")

"""Chart titles that state the finding, for the charts the pages and the slides share."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from xeploai.domain.regimes import breaks_between
from xeploai.metrics.summary import YearSummary
from xeploai.texts import BREAK_TEXTS, OVERVIEW, UI, fmt_pct

# A change smaller than this (in points of %) reads as "unchanged": below the rounding of
# the figures shown.
FLAT = 0.005


def trend_word(change: float, words: dict[str, str]) -> str:
    """The word for a change: ``words`` holds "up", "down" and "flat" in the sentence's own
    register (a title, a report)."""
    return words["up"] if change > FLAT else words["down"] if change < -FLAT else words["flat"]


def levels_title(summary: YearSummary) -> str:
    return OVERVIEW["levels_title"].format(
        year=summary["year"],
        orgs=fmt_pct(summary["base_orgs"]["good_or_better_pct"]),
        members=fmt_pct(summary["members"]["good_or_better_pct"]),
    )


def trend_title(measures: pd.DataFrame) -> str:
    part = measures[measures["subject"] == "members"].sort_values("year")
    part = part[part["good_or_better_pct"].notna()]
    if len(part) < 2:
        return UI["trend_heading"]
    first, last = part.iloc[0], part.iloc[-1]
    change = float(last["good_or_better_pct"]) - float(first["good_or_better_pct"])
    return OVERVIEW["trend_title"].format(
        word=trend_word(change, OVERVIEW),
        first_year=int(first["year"]),
        last_year=int(last["year"]),
        first=fmt_pct(float(first["good_or_better_pct"])),
        last=fmt_pct(float(last["good_or_better_pct"])),
    )


def break_notes(first: int, last: int) -> list[str]:
    """What each break of comparability inside the years means, for the note under a chart."""
    return [BREAK_TEXTS[b.key]["note"] for b in breaks_between(first, last)]


def break_note(years: Sequence[int]) -> str | None:
    """The notes of the breaks inside the years shown, as one paragraph (None: no break)."""
    if not len(years):
        return None
    return " ".join(break_notes(min(years), max(years))) or None

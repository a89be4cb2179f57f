"""Small pieces the screen models share."""

from __future__ import annotations

from typing import Any

import pandas as pd

from xeploai.domain.selection import Selection
from xeploai.narrative.titles import trend_word
from xeploai.screens.blocks import Note
from xeploai.texts import ANALYSIS


def num(value: Any) -> float | None:
    """A cell as a float, or None when it is missing."""
    return None if value is None or pd.isna(value) else float(value)


def word(change: float) -> str:
    """"tăng", "giảm" or "không đổi" in the analysis pages' titles."""
    return trend_word(change, ANALYSIS)


def no_match(sel: Selection) -> Note:
    """The filters match nothing in the years chosen."""
    return Note(ANALYSIS["no_match"].format(first=sel.from_year, last=sel.to_year),
                icon=":material/filter_alt_off:")


def series(measures: pd.DataFrame, subject: str, column: str) -> pd.DataFrame:
    """One subject's years that have a value in ``column``, oldest first."""
    part = measures[measures["subject"] == subject].sort_values("year")
    return part[part[column].notna()]
